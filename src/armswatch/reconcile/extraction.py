"""The seam to the news extractor (issue 4): documents in, claims in the gold schema out.

Checking needs only ``extract_document(doc)`` and the extractor's reader of inputs (text, HTML,
JSON Lines, a directory of ``.json`` documents); both are looked up here, once, so the rest of
reconcile never imports the extractor directly.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from armswatch.errors import UnreadableFile, UsageError
from armswatch.reconcile import parse
from armswatch.reconcile.model import Claim, Document


def _extractor():
    try:
        return importlib.import_module("armswatch.extract.pipeline")
    except ImportError as exc:
        raise UsageError("The news extractor (armswatch.extract) is not available in this "
                         "installation; check claims already extracted with --claims FILE.") from exc


def _as_dict(result: object) -> dict[str, object]:
    if isinstance(result, dict):
        return result
    to_dict = getattr(result, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    return {key: [item.to_dict() for item in getattr(result, key, [])]
            for key in ("transfers", "statistics", "events")}


def extract_claims(document: Document, min_confidence: float | None = None) -> list[Claim]:
    """The document's transfer, statistic and event claims, as the extractor finds them (at
    ``min_confidence``; default: the models' thresholds)."""
    from armswatch.extract import model as extract_model

    doc = extract_model.Document(id=document.id, text=document.text, url=document.url,
                                 title=document.title, outlet=document.outlet,
                                 published=document.published)
    return parse.claims(_as_dict(_extractor().extract_document(doc, min_confidence)))


POSSIBLE = 0.05  # the floor below which the extractor returns nothing


def possible_claims(document: Document) -> list[Claim]:
    """Claims the extractor found but kept below its default bar (issue 15): what might have been
    missed, for an analyst to look at; not checked, and marked as such wherever shown."""
    kept = extract_claims(document)
    return [c for c in extract_claims(document, POSSIBLE) if c not in kept]


@dataclass(frozen=True)
class Skipped:
    """A document the reader could not use, and why (its stable code, docs/errors.md)."""

    source: str
    code: str
    message: str


def read_documents(paths: list[Path]) -> tuple[list[Document], list[Skipped]]:
    """Documents from the inputs ``extract`` reads, through the extractor's own reader."""
    _extractor()
    from armswatch.extract.documents import read_path

    documents, skipped = [], []
    for path in paths:
        if not Path(path).exists():  # the same error `extract` gives (issue 17)
            raise UnreadableFile(f"{path} does not exist; give a text, HTML, JSONL or .json file, "
                                 "or a directory")
        for item in read_path(Path(path)):
            if item.problem is not None and item.document is None:
                skipped.append(Skipped(item.source, item.problem.code, item.problem.message))
            if item.document is not None:
                doc = item.document
                documents.append(Document(id=doc.id, text=doc.text, url=doc.url,
                                          outlet=doc.outlet, published=doc.published,
                                          title=doc.title))
    return documents, skipped
