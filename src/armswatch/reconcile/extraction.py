"""Documents in, claims out: the news extractor (issue 4) as checking uses it.

The extractor returns the model's claims (armswatch.model), which the checker takes as they are
(issue 16: before, they went through the extractor's JSON and were parsed back). One step stays
from that round trip, because the checker's output, the review store and the check page's order
read it: a claim's confidence is the one the extractor publishes, to two places.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from armswatch.errors import UnreadableFile
from armswatch.extract.documents import read_path
from armswatch.extract.pipeline import extract_document
from armswatch.model import Claim, Document, ExtractionResult


def published(result: ExtractionResult) -> list[Claim]:
    """The result's claims in the order the checker numbers them (transfers, statistics, events),
    each with its confidence as published (two places)."""
    return [replace(claim, confidence=round(claim.confidence, 2))
            if claim.confidence is not None else claim for claim in result.claims]


def extract_claims(document: Document, min_confidence: float | None = None) -> list[Claim]:
    """The document's transfer, statistic and event claims, as the extractor finds them (at
    ``min_confidence``; default: the models' thresholds)."""
    return published(extract_document(document, min_confidence))


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
    """Documents from the inputs ``extract`` reads, through the extractor's own reader; and the
    inputs it could not use, with why."""
    documents, skipped = [], []
    for path in paths:
        if not Path(path).exists():  # the same error `extract` gives (issue 17)
            raise UnreadableFile(f"{path} does not exist; give a text, HTML, JSONL or .json file, "
                                 "or a directory")
        for item in read_path(Path(path)):
            if item.problem is not None and item.document is None:
                skipped.append(Skipped(item.source, item.problem.code, item.problem.message))
            if item.document is not None:
                documents.append(item.document)
    return documents, skipped
