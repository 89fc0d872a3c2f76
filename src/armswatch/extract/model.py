"""The extractor's names for the domain types of ``armswatch.model`` (issue 16, "one model").

The extractor returns the very claims the checker takes, review and batch store: ``Transfer`` is
``armswatch.model.TransferClaim``, ``Statistic`` is ``StatisticClaim``, ``Event`` is
``EventClaim``; ``Document``, ``Evidence``, ``DocumentProblem`` and ``ExtractionResult`` are the
model's. Only ``Span``, a stretch of text inside the extractor, is its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.model import (Document, DocumentProblem, EventType, Evidence,  # noqa: F401
                             ExtractionResult, Measure)
from armswatch.model import EventClaim as Event
from armswatch.model import StatisticClaim as Statistic
from armswatch.model import TransferClaim as Transfer
from armswatch.model import TransferStatus as Status

__all__ = ["Document", "DocumentProblem", "Event", "EventType", "Evidence", "ExtractionResult",
           "Measure", "Span", "Statistic", "Status", "Transfer"]


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Span:
    """A stretch of the document text: ``text[start:end]``."""

    start: int
    end: int
