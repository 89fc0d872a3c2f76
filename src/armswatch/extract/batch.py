"""A batch run: read every document under a path and extract each, counting what was skipped."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from armswatch.errors import UnreadableFile
from armswatch.extract.documents import read_path
from armswatch.extract.model import DocumentProblem, ExtractionResult
from armswatch.extract.pipeline import extract_document


@dataclass
class BatchStats:
    read: int = 0
    extracted: int = 0
    skipped: int = 0
    seconds: float = 0.0
    problems: list[DocumentProblem] = field(default_factory=list)


def extract_path(path: Path, stats: BatchStats,
                 min_confidence: float | None = None) -> Iterator[ExtractionResult]:
    """Results document by document; a bad document adds a problem to ``stats`` and is skipped."""
    if not path.exists():
        raise UnreadableFile(f"{path} does not exist; give a text, HTML, JSONL or .json file, or a directory")
    started = time.perf_counter()
    for item in read_path(path):
        stats.read += 1
        if item.problem is not None:
            stats.problems.append(item.problem)
        if item.document is None:
            stats.skipped += 1
            continue
        result = extract_document(item.document, min_confidence)
        if item.problem is not None:
            result.problems.append(item.problem)
        stats.extracted += 1
        yield result
    stats.seconds = time.perf_counter() - started
