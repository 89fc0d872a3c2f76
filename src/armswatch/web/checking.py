"""Checking an article in the browser and the API (issue 5's checker, issue 6's shell).

The checker loads the register's deal index once (about 0.4 s); the server keeps one per database
generation and gives each request a shallow copy reading through the request's own cursor.
"""

from __future__ import annotations

import copy
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from armswatch.errors import UsageError
from armswatch.reconcile.model import CheckedDocument, Document
from armswatch.reconcile.pipeline import Checker
from armswatch.review.links import has_lone_surrogate
from armswatch.web.database import WebDatabase
from armswatch.web.limits import upload_name

UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".md", ".json", ".jsonl")


def checker(web: WebDatabase, con: duckdb.DuckDBPyConnection, release_id: int | None) -> Checker:
    base = web.cached(("checker", release_id), lambda cursor: Checker(cursor, release_id))
    mine = copy.copy(base)
    mine.con = con
    return mine


def text_document(text: str, title: str | None = None, url: str | None = None) -> Document:
    if not text.strip():
        raise UsageError("The text is empty: paste an article or upload a file.", field="text")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Document(id=f"pasted-{digest}", text=text, title=title or None, url=url or None)


def upload_documents(filename: str | None, content: bytes) -> tuple[list[Document], list]:
    """The documents an uploaded file holds, read by the extractor's reader (text, HTML, JSON).
    A JSON document whose text holds a lone surrogate is skipped with ``document-undecodable``."""
    from armswatch.reconcile.extraction import read_documents

    suffix = Path(upload_name(filename, "upload.txt")).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UsageError(f"Cannot check a {suffix or 'suffix-less'} file. Upload one of: "
                         f"{', '.join(UPLOAD_SUFFIXES)}.", field="file", choices=list(UPLOAD_SUFFIXES))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        documents, skipped = read_documents([path])
    return _without_surrogates(documents, skipped)


def _without_surrogates(documents: list[Document], skipped: list) -> tuple[list[Document], list]:
    """JSON can escape a lone surrogate (``"\\ud800"``), which is not text: such a document is
    skipped with a message, the others are checked (issue 14, finding 9)."""
    from armswatch.reconcile.extraction import Skipped

    kept = []
    for document in documents:
        fields = [f for f in ("id", "text", "title", "url", "outlet", "published")
                  if has_lone_surrogate(getattr(document, f))]
        if fields:
            source = document.id.encode("utf-8", "backslashreplace").decode("utf-8")
            skipped.append(Skipped(source, "document-undecodable",
                                   f"its {fields[0]} holds a lone surrogate (an unpaired "
                                   "\\ud800-\\udfff escape), which is not text; fix the "
                                   "escape and upload again"))
        else:
            kept.append(document)
    return kept, skipped


@dataclass(frozen=True)
class Segment:
    text: str
    claim: int | None = None     # index into the document's claims when this is evidence
    verdict: str | None = None


def highlight(checked: CheckedDocument) -> list[Segment]:
    """The document's text cut at each claim's evidence (by its offsets, else found by search);
    overlapping evidence is marked once, at the first claim."""
    text = checked.document.text if checked.document else ""
    spans = []
    for number, item in enumerate(checked.claims):
        evidence = item.claim.evidence
        if evidence is None or not evidence.text:
            continue
        start = evidence.start if evidence.start is not None else text.find(evidence.text)
        end = evidence.end if evidence.end is not None else start + len(evidence.text)
        if 0 <= start < end <= len(text):
            spans.append((start, end, number, item.verdict.verdict))
    segments, at = [], 0
    for start, end, number, verdict in sorted(spans):
        if start < at:
            continue
        segments += [Segment(text[at:start]), Segment(text[start:end], number, verdict)]
        at = end
    return [*segments, Segment(text[at:])]
