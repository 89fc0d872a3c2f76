"""Reading bytes as SIPRI text: encoding, sniffing of non-exports, legend lines and cells."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from armswatch.errors import UnreadableFile
from armswatch.report import Report
from armswatch.sources.model import SourceFile

MAX_FILE_BYTES = 512 * 1024 * 1024
# The longest real row of the 2025 register is about 1,200 characters; a line 20 times longer is
# not a SIPRI row (often a minified HTML page or a binary blob).
MAX_LINE_CHARS = 32_000

_BINARY_MAGIC = {b"\x1f\x8b": "gzip", b"PK\x03\x04": "zip", b"BZh": "bzip2", b"\xfd7zXZ": "xz",
                 b"%PDF": "PDF"}
# C0 controls other than tab/newline/CR, and C1 controls, never occur in SIPRI's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Byte-order marks of encodings SIPRI never exports: named in the problem so the fix is plain.
_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
               (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)"))
_GENERATED = re.compile(r"Data generated:\s*(.+?)\s*$", re.M)


# Bounds on the numbers a register may hold (issue 14, finding 5). The largest figures in SIPRI's
# own files (the March 2025 register and its re-saved copy, the 2026 China export, the API sample,
# the 2026 per-year file): TIV per unit 1,250; TIV of one deal (for the total order or delivered)
# 10,117.5; TIV of one deal in one year 2,150.86; 50,000 units ordered or delivered. The bounds
# leave room for SIPRI's revisions (8 to 20 times those) and refuse typos and overflows; every
# count also fits the database's INTEGER columns (up to 2,147,483,647).
MAX_TIV_PER_UNIT = 10_000.0
MAX_TIV_OF_DEAL = 100_000.0  # a deal's total order or delivered TIV, and one year of it
MAX_COUNT = 1_000_000


class OutOfRange(ValueError):
    """A number that parses but a register cannot hold (nan, inf, negative, past its bound)."""


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise UnreadableFile(f"No such file: {path}. Check the path.", path=str(path))
    if not path.is_file():
        raise UnreadableFile(f"{path} is not a file. Give the path of a SIPRI export.", path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MiB; "
                             "no SIPRI export is that big.", path=str(path))
    return path.read_bytes()


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def begin(path: Path, raw: bytes | None, fmt: str) -> tuple[SourceFile, str | None]:
    """What every reader starts with: an empty result to fill, and the decoded text (None when
    the bytes are not text; the result's report then says why)."""
    raw = read_bytes(path) if raw is None else raw
    result = SourceFile(fmt, path.name, sha256(raw), Report(source=path.name, format=fmt))
    return result, decode(raw, result.report)


@dataclass(frozen=True)
class Body:
    """A CSV export from its header line on: the whole decoded text, where the header starts in
    it, and the header's 0-based line number (so problems name the file's own lines)."""

    text: str
    start: int
    header_at: int

    def lines(self, report: Report) -> Iterator[str]:
        """The lines from the header on, with their endings, for csv.reader; see ``lines``."""
        return lines(self.text, report, self.header_at, self.start)


def read_export(path: Path, raw: bytes | None, fmt: str, is_header,
                header: str) -> tuple[SourceFile, Body | None]:
    """Start a CSV export's reader: decode, then find the ``header`` line under the legend.

    Returns the result to fill and the body from the header on, or None when the file is not text
    or has no such header (the report then says which).
    """
    result, text = begin(path, raw, fmt)
    if text is None:
        return result, None
    found = split_legend(result, text, is_header)
    if found is None:
        result.report.add("not-a-sipri-export", f"No {header} in the first 50 lines.", line=1,
                          value=text[:200].splitlines()[0][:80] if text.strip() else "")
    return result, found


def split_legend(result: SourceFile, text: str, is_header) -> Body | None:
    """Fill the result's legend fields (scope, "Data generated") and return the body from the
    header line on; None when no header is in the first 50 lines."""
    head = text[:MAX_LINE_CHARS * 50].splitlines(keepends=True)[:50]
    header_at = next((i for i, line in enumerate(head) if is_header(line)), None)
    if header_at is None:
        return None
    result.data_generated = data_generated("".join(head[:header_at]))
    result.scope = head[0].strip() if header_at else None
    # The text itself and an offset, not a slice: a refused 100 MB file must not be held twice.
    return Body(text, sum(map(len, head[:header_at])), header_at)


def lines(text: str, report: Report, offset: int = 0, start: int = 0) -> Iterator[str]:
    """The text's lines from character ``start``, with their endings, for csv.reader: without a
    copy of the text (StringIO holds four bytes a character), stopping at a line too long for a
    SIPRI row (reported with its line number; ``offset`` is the 0-based line at ``start``)."""
    number, size = offset, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        number += 1
        if end - start > MAX_LINE_CHARS:
            report.add("line-too-long", f"Line {number} has more than {MAX_LINE_CHARS:,} "
                       "characters.", line=number)
            report.stop(number)
            return
        yield text[start:end]
        start = end


def decode(raw: bytes, report: Report) -> str | None:
    """UTF-8 (with or without BOM) when it decodes, else Latin-1 as SIPRI's classic export.

    Returns None (with a problem in the report) for content that is not text.
    """
    if not raw.strip():
        report.add("file-empty", "The file is empty.")
        return None
    for magic, kind in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            report.add("binary-content", f"The file is {kind} data, not a CSV export.", line=1)
            return None
    encoding = other_encoding(raw)
    if encoding is not None:
        report.add("encoding-unsupported", f"The file is {encoding}; save it as UTF-8.", line=1)
        return None
    nul = raw.find(b"\x00", 0, 65536)
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        report.add("binary-content", f"The file holds a NUL byte on line {line}: binary data, "
                   "not a CSV export.", line=line)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw.startswith(b"\xef\xbb\xbf"):
            at = exc.start + 3  # the decoder counts from after the byte-order mark
            line = raw.count(b"\n", 0, at) + 1
            report.add("undecodable-bytes", f"Byte {raw[at]:#04x} is not UTF-8 "
                       "although the file starts with a UTF-8 byte-order mark.", line=line,
                       value=raw[max(0, at - 20): at + 20].decode("latin-1"))
            return None
        text = raw.decode("latin-1")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        report.add("undecodable-bytes", f"Control character {bad.group()!r} in the text: "
                   "the file is not UTF-8 or Latin-1 text.", line=line)
        return None
    return text


def other_encoding(raw: bytes) -> str | None:
    """The name of a text encoding SIPRI never exports (UTF-16, UTF-32), from its byte-order mark
    or, without one, from the NUL byte beside every ASCII character; else None."""
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom):
            return f"{name}, with a byte-order mark"
    head = raw[:4096]
    if len(head) >= 8:
        for start, name in ((1, "UTF-16 (little-endian)"), (0, "UTF-16 (big-endian)")):
            half = head[start::2]
            if half.count(0) > 0.9 * len(half) and head[1 - start::2].count(0) < 0.1 * len(half):
                return f"{name}, without a byte-order mark"
    return None


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")) or "<html" in head


def data_generated(legend: str) -> datetime | None:
    """SIPRI's 'Data generated: 13 Mar 2025 10:02:49 AM' line, as a timestamp."""
    match = _GENERATED.search(legend)
    if not match:
        return None
    for fmt in ("%d %b %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S", "%d %b %Y"):
        try:
            return datetime.strptime(match.group(1), fmt)
        except ValueError:
            continue
    return None


def parse_number(cell: str) -> float | None:
    """A TIV or count cell: '' is unknown (None); SIPRI writes plain decimals."""
    cell = cell.strip()
    if not cell:
        return None
    return float(cell.replace(",", ""))


def parse_tiv(cell: str, bound: float) -> float | None:
    """A TIV cell (millions): '' is unknown (None); ValueError when not a number, OutOfRange when
    not finite, negative or past ``bound`` (MAX_TIV_PER_UNIT or MAX_TIV_OF_DEAL)."""
    value = parse_number(cell)
    if value is not None and not (math.isfinite(value) and 0 <= value <= bound):
        raise OutOfRange(f"{cell.strip()} is outside 0 to {bound:,.0f}")
    return value


def parse_count(cell: str) -> int | None:
    """A number ordered or delivered: '' is unknown (None); ValueError when not a whole number,
    OutOfRange when not finite, negative or over MAX_COUNT."""
    value = parse_number(cell)
    if value is None:
        return None
    if not (math.isfinite(value) and 0 <= value <= MAX_COUNT):
        raise OutOfRange(f"{cell.strip()} is outside 0 to {MAX_COUNT:,}")
    if value != int(value):
        raise ValueError(cell)
    return int(value)


def parse_year(cell: str) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    year = int(cell)
    if not 1900 <= year <= 2100:
        raise ValueError(cell)
    return year
