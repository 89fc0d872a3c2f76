"""Reading bytes as SIPRI text: encoding, sniffing of non-exports, legend lines and cells."""

from __future__ import annotations

import codecs
import csv
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
# Every byte but the C0 controls of _CONTROL: deleting them leaves only the controls a file holds,
# a scan five times faster than the regex over a 100 MB file (issue 14, finding 8).
_NOT_C0 = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 13) or b == 127))
# Byte-order marks of encodings SIPRI never exports: named in the problem so the fix is plain.
_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
               (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
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


def begin(path: Path, raw: bytes | None, fmt: str) -> tuple[SourceFile, Text | None]:
    """What every reader starts with: an empty result to fill, and the file as text (None when
    the bytes are not text; the result's report then says why)."""
    raw = read_bytes(path) if raw is None else raw
    result = SourceFile(fmt, path.name, sha256(raw), Report(source=path.name, format=fmt))
    return result, decode(raw, result.report)


@dataclass(frozen=True)
class Text:
    """A file's bytes known to be text in ``encoding``, decoded a line at a time as they are read.

    Never the whole file as one string beside its bytes: refusing a 100 MB file then holds it once,
    not twice (issue 14, finding 8). ``start`` skips a UTF-8 byte-order mark.
    """

    raw: bytes
    encoding: str
    start: int = 0

    def head(self, size: int = 65536) -> str:
        """The first ``size`` bytes as text (a character cut at the end is dropped)."""
        return self.raw[self.start:self.start + size].decode(self.encoding, errors="ignore")

    def whole(self) -> str:
        return self.raw[self.start:].decode(self.encoding)

    def lines(self, report: Report, offset: int = 0, start: int | None = None) -> Iterator[str]:
        """The lines from byte ``start``, with their endings, for csv.reader (which takes any
        iterable: StringIO would hold four bytes a character). Stops at a line too long for a
        SIPRI row, reported with its number; ``offset`` is the 0-based line number at ``start``."""
        raw, number = self.raw, offset
        start, size = self.start if start is None else start, len(raw)
        while start < size:
            end = raw.find(b"\n", start)
            end = size if end < 0 else end + 1
            number += 1
            if end - start > MAX_LINE_CHARS:
                report.add("line-too-long", f"Line {number} has more than {MAX_LINE_CHARS:,} "
                           "characters.", line=number)
                report.stop(number)
                return
            yield raw[start:end].decode(self.encoding)
            start = end


@dataclass(frozen=True)
class Body:
    """A CSV export from its header line on: the file's text, the byte where the header starts
    and the header's 0-based line number (so problems name the file's own lines)."""

    text: Text
    start: int
    header_at: int

    def lines(self, report: Report) -> Iterator[str]:
        return self.text.lines(report, self.header_at, self.start)


def csv_rows(reader, offset: int, report: Report) -> Iterator:
    """A csv reader's rows; a quoted cell that never closes (csv's field limit, 131,072
    characters) ends them with a problem and its line, not a crash. ``offset``: the header's
    0-based line, as in Body."""
    try:
        yield from reader
    except csv.Error as exc:
        line = offset + reader.line_num
        report.add("line-too-long", f"A quoted cell runs on to line {line} without closing "
                   f"({exc}).", line=line)
        report.stop(line)


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
        first = text.head(200).strip().splitlines()
        result.report.add("not-a-sipri-export", f"No {header} in the first 50 lines.", line=1,
                          value=first[0][:80] if first else "")
    return result, found


def split_legend(result: SourceFile, text: Text, is_header) -> Body | None:
    """Fill the result's legend fields (scope, "Data generated") and return the body from the
    header line on; None when no header is in the first 50 lines."""
    head: list[str] = []
    for line in text.lines(Report(source=""), 0):  # a long line here is no header: not reported
        head.append(line)
        if is_header(line) or len(head) == 50:
            break
    if not head or not is_header(head[-1]):
        return None
    header_at = len(head) - 1
    result.data_generated = data_generated("".join(head[:header_at]))
    result.scope = head[0].strip() if header_at else None
    start = text.start + sum(len(line.encode(text.encoding)) for line in head[:header_at])
    return Body(text, start, header_at)


def decode(raw: bytes, report: Report) -> Text | None:
    """UTF-8 (with or without BOM) when it decodes, else Latin-1 as SIPRI's classic export.

    Returns None (with a problem in the report) for content that is not text.
    """
    if not raw or raw.isspace():  # not raw.strip(): a copy of a 100 MB file
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
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    text = Text(raw, "utf-8", bom) if raw.isascii() or _is_utf8(raw, bom, report) else None
    if text is None:
        if bom:
            return None
        text = Text(raw, "latin-1")
    bad = _first_control(text)
    if bad is None:
        return text
    line, char = bad
    if text.encoding == "latin-1" and "\x80" <= char <= "\x9f":
        # Windows-1252 puts its curly quotes, dashes and euro sign where Latin-1 has controls.
        report.add("encoding-unsupported", f"The file is Windows-1252 (byte {ord(char):#04x} on "
                   f"line {line} is {char.encode('latin-1').decode('cp1252', 'replace')!r} "
                   "there); save it as UTF-8.", line=line)
    else:
        report.add("undecodable-bytes", f"Control character {char!r} in the text: "
                   "the file is not UTF-8 or Latin-1 text.", line=line)
    return None


def _is_utf8(raw: bytes, bom: int, report: Report) -> bool:
    """Whether the bytes after a BOM decode as UTF-8, checked in 1 MB pieces (no whole copy).
    Bytes that are not UTF-8 after a UTF-8 byte-order mark are a problem (reported here)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    for at in range(bom, len(raw), step):
        try:
            decoder.decode(raw[at:at + step], final=at + step >= len(raw))
        except UnicodeDecodeError:
            if bom:
                where = _undecodable_at(raw, bom)
                report.add("undecodable-bytes", f"Byte {raw[where]:#04x} is not UTF-8 although "
                           "the file starts with a UTF-8 byte-order mark.",
                           line=raw.count(b"\n", 0, where) + 1,
                           value=raw[max(0, where - 20): where + 20].decode("latin-1"))
            return False
    return True


def _undecodable_at(raw: bytes, bom: int) -> int:
    """The offset of the first byte that is not UTF-8 (a whole decode: on the refusal path only)."""
    try:
        raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        return bom + exc.start
    return len(raw)


def _first_control(text: Text) -> tuple[int, str] | None:
    """(line, character) of the first control character SIPRI's text never holds, or None.

    Deleting every other byte finds C0 controls five times faster than a regex over 100 MB; only
    text that is not ASCII can hold C1 controls, and only then is the whole text searched.
    """
    raw = text.raw
    if not raw.translate(None, _NOT_C0) and raw.isascii():
        return None
    whole = text.whole()
    bad = _CONTROL.search(whole)
    return None if bad is None else (whole.count("\n", 0, bad.start()) + 1, bad.group())


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
