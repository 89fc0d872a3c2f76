"""Which reader a file needs, from its first lines (not its name)."""

from __future__ import annotations

from pathlib import Path

from armswatch.report import Report
from armswatch.sources import api, classic, deliveries_json
from armswatch.sources import text as sipri_text
from armswatch.sources.model import SourceFile

READERS = {"classic": classic.read, "api": api.read, "deliveries-json": deliveries_json.read}


def sniff(raw: bytes) -> str | None:
    """The format name, or None when the head of the file matches no SIPRI export."""
    head = raw[:65536].removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    if deliveries_json.is_deliveries_json(head):
        return deliveries_json.FORMAT
    for line in head.splitlines()[:50]:
        if classic.is_header(line):
            return classic.FORMAT
        if api.is_header(line):
            return api.FORMAT
    return None


def read_any(path: Path) -> SourceFile:
    """Read a SIPRI export of any known format; the report says what went wrong if anything."""
    raw = sipri_text.read_bytes(path)
    fmt = sniff(raw)
    if fmt is not None:
        return READERS[fmt](path, raw)
    report = Report(source=path.name)
    result = SourceFile("unknown", path.name, sipri_text.sha256(raw), report)
    text = sipri_text.decode(raw, report)  # reports empty, binary or undecodable files
    if text is not None:
        head = text.head()
        kind = "an HTML page" if sipri_text.looks_like_html(head) else "not a SIPRI export"
        first = head.strip().splitlines()[0][:80] if head.strip() else ""
        report.add("not-a-sipri-export", f"The file is {kind}: no SIPRI trade-register header "
                   "in its first 50 lines.", line=1, value=first)
    return result
