"""Reading bytes as SIPRI text: encoding, sniffing of non-exports, legend lines and cells."""

from __future__ import annotations

import hashlib
import re
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
_GENERATED = re.compile(r"Data generated:\s*(.+?)\s*$", re.M)


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


def read_export(path: Path, raw: bytes | None, fmt: str, is_header,
                header: str) -> tuple[SourceFile, tuple[str, int] | None]:
    """Start a CSV export's reader: decode, then find the ``header`` line under the legend.

    Returns the result to fill and (text from the header on, header's 0-based line), or None when
    the file is not text or has no such header (the report then says which).
    """
    result, text = begin(path, raw, fmt)
    if text is None:
        return result, None
    found = split_legend(result, text, is_header)
    if found is None:
        result.report.add("not-a-sipri-export", f"No {header} in the first 50 lines.", line=1,
                          value=text.splitlines()[0][:80])
    return result, found


def split_legend(result: SourceFile, text: str, is_header) -> tuple[str, int] | None:
    """Fill the result's legend fields (scope, "Data generated") and return the text from the header
    line on, with the header's 0-based line index; None when no header is in the first 50 lines."""
    lines = text.splitlines(keepends=True)
    header_at = next((i for i, line in enumerate(lines[:50]) if is_header(line)), None)
    if header_at is None:
        return None
    result.data_generated = data_generated("".join(lines[:header_at]))
    result.scope = lines[0].strip() if header_at else None
    return "".join(lines[header_at:]), header_at


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
    if b"\x00" in raw[:65536]:
        report.add("binary-content", "The file holds NUL bytes: binary data, not a CSV export.")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw.startswith(b"\xef\xbb\xbf"):
            line = raw[: exc.start].count(b"\n") + 1
            report.add("undecodable-bytes", f"Byte {raw[exc.start]:#04x} is not UTF-8 "
                       "although the file starts with a UTF-8 byte-order mark.", line=line,
                       value=raw[max(0, exc.start - 20): exc.start + 20].decode("latin-1"))
            return None
        text = raw.decode("latin-1")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        report.add("undecodable-bytes", f"Control character {bad.group()!r} in the text: "
                   "the file is not UTF-8 or Latin-1 text.", line=line)
        return None
    return text


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


def parse_year(cell: str) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    year = int(cell)
    if not 1900 <= year <= 2100:
        raise ValueError(cell)
    return year
