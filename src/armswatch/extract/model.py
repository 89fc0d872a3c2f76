"""Typed results of the news extractor, in the public schema of the labelled corpus.

Field names follow ../shared/corpus/README.md and SIPRI's words (supplier, recipient, designation,
category, status); issue 5 (claim checking) reads ``Transfer``, ``Statistic`` and ``Event``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from armswatch.model import EventType, Measure  # noqa: F401  (the vocabularies: armswatch.model)
from armswatch.model import TransferStatus as Status


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Span:
    """A stretch of the document text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Evidence:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Transfer:
    supplier: str | None
    recipient: str | None
    weapon: str | None
    designation: str | None
    category: str
    quantity: int | None
    status: Status
    year: int | None
    evidence: Evidence
    confidence: float
    weapon_generic: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"supplier": self.supplier, "recipient": self.recipient, "weapon": self.weapon,
                "designation": self.designation, "category": self.category,
                "quantity": self.quantity, "status": self.status, "year": self.year,
                "weapon_generic": self.weapon_generic, "evidence": self.evidence.to_dict(),
                "confidence": round(self.confidence, 2)}


@dataclass(frozen=True)
class Statistic:
    subject: str | None
    object: str | None
    measure: Measure
    value: float
    unit: str
    period: tuple[int, int] | None
    evidence: Evidence
    confidence: float
    base_period: tuple[int, int] | None = None
    # the whole a share or rank is of: "world", a region ("Africa") or the party whose imports or
    # exports are the denominator ("16% of Myanmar's imports": "Myanmar"); None for values, changes
    base: str | None = None

    def to_dict(self) -> dict[str, object]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {"subject": self.subject, "object": self.object, "measure": self.measure,
                "value": value, "unit": self.unit,
                "period": list(self.period) if self.period else None,
                "base_period": list(self.base_period) if self.base_period else None,
                "base": self.base,
                "evidence": self.evidence.to_dict(), "confidence": round(self.confidence, 2)}


@dataclass(frozen=True)
class Event:
    type: EventType
    actors: tuple[str, ...]
    date: str | None
    evidence: Evidence
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {"type": self.type, "actors": list(self.actors), "date": self.date,
                "evidence": self.evidence.to_dict(), "confidence": round(self.confidence, 2)}


@dataclass(frozen=True)
class Document:
    """One input document; ``published`` (ISO date, month or year) anchors relative dates."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class DocumentProblem:
    """Why a document was skipped or cut, with a stable kebab-case code (docs/errors.md)."""

    code: str
    message: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "source": self.source}


@dataclass
class ExtractionResult:
    id: str
    transfers: list[Transfer] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    problems: list[DocumentProblem] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "transfers": [t.to_dict() for t in self.transfers],
            "statistics": [s.to_dict() for s in self.statistics],
            "events": [e.to_dict() for e in self.events]}
        if self.problems:
            out["problems"] = [p.to_dict() for p in self.problems]
        return out
