"""Documents and the claims found in them: what the extractor returns, the checker takes, and
review and batch store (issue 16, "one model").

Field names follow the labelled corpus's public schema (../shared/corpus/README.md) and SIPRI's
words. The constructors keep the extractor's field order (its learned models build claims
positionally). Each type reads and writes its own JSON:

- ``to_dict()``: the extractor's shape (``armswatch extract``, training files);
- ``record()``: the fields as a checked claim lists them (``armswatch check``, the review store),
  in the order they had before the one model, so that output is unchanged;
- ``from_dict()``: a claim from either shape, as a user's claims file gives it (``check --claims``):
  names stripped, an empty one read as missing, a status or measure outside the vocabulary refused
  with the choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from armswatch.errors import UsageError
from armswatch.model.vocabulary import (MEASURES, TRANSFER_STATUSES, EventType, Measure,
                                        TransferStatus)


@dataclass(slots=True, unsafe_hash=True)  # fast to create (the extractor makes one a sentence)
class Evidence:
    """The sentence a claim rests on, with its character offsets in the document (if known)."""

    text: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, value: object) -> Evidence | None:
        """The sentence as a string or ``{text, start, end}``; None when not given."""
        if value is None:
            return None
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict):
            return cls(str(value.get("text") or ""), value.get("start"), value.get("end"))
        raise TypeError(f"evidence must be a string or {{text, start, end}}, not {value!r}")


@dataclass(frozen=True)
class Document:
    """One news document; ``published`` (ISO date, month or year) anchors relative dates."""

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


@dataclass(frozen=True)
class TransferClaim:
    """A text says arms went, or will go, from a supplier to a recipient."""

    supplier: str | None
    recipient: str | None
    weapon: str | None                 # the designation as written, None for a generic class
    designation: str | None            # the register's designation, when the extractor knows it
    category: str | None
    quantity: int | None
    status: TransferStatus
    year: int | None
    evidence: Evidence | None
    confidence: float | None
    weapon_generic: str | None = None

    kind: ClassVar[str] = "transfer"

    @property
    def system(self) -> str:
        return self.weapon or self.weapon_generic or "(unnamed system)"

    def to_dict(self) -> dict[str, object]:
        return {"supplier": self.supplier, "recipient": self.recipient, "weapon": self.weapon,
                "designation": self.designation, "category": self.category,
                "quantity": self.quantity, "status": self.status, "year": self.year,
                "weapon_generic": self.weapon_generic, "evidence": _evidence(self.evidence),
                "confidence": _rounded(self.confidence)}

    def record(self) -> dict[str, object]:
        return {"supplier": self.supplier, "recipient": self.recipient, "weapon": self.weapon,
                "category": self.category, "quantity": self.quantity, "status": self.status,
                "year": self.year, "evidence": _evidence(self.evidence),
                "weapon_generic": self.weapon_generic, "designation": self.designation,
                "confidence": self.confidence}

    @classmethod
    def from_dict(cls, row: Mapping[str, object]) -> TransferClaim:
        status = str(row.get("status") or "")
        if status not in TRANSFER_STATUSES:
            raise UsageError(f"Transfer status {status!r} is not one of: "
                             f"{', '.join(TRANSFER_STATUSES)}.", choices=list(TRANSFER_STATUSES))
        return cls(supplier=_text(row.get("supplier")), recipient=_text(row.get("recipient")),
                   weapon=_text(row.get("weapon")), designation=_text(row.get("designation")),
                   category=_text(row.get("category")), quantity=_int(row.get("quantity")),
                   status=status, year=_int(row.get("year")),  # type: ignore[arg-type]
                   evidence=Evidence.from_json(row.get("evidence")),
                   confidence=_confidence(row), weapon_generic=_text(row.get("weapon_generic")))


@dataclass(frozen=True)
class StatisticClaim:
    """A text gives a figure of the arms trade: a share, a value, a rank or a change."""

    subject: str | None
    object: str | None
    measure: Measure
    value: float | None
    unit: str | None
    period: tuple[int, int] | None
    evidence: Evidence | None
    confidence: float | None
    base_period: tuple[int, int] | None = None
    # the whole a share or rank is of: "world", a region ("Africa") or the party whose imports or
    # exports are the denominator ("16% of Myanmar's imports": "Myanmar"); None for values, changes
    base: str | None = None

    kind: ClassVar[str] = "statistic"

    def to_dict(self) -> dict[str, object]:
        value = self.value
        if value is not None and float(value).is_integer():
            value = int(value)
        return {"subject": self.subject, "object": self.object, "measure": self.measure,
                "value": value, "unit": self.unit, "period": _pair(self.period),
                "base_period": _pair(self.base_period), "base": self.base,
                "evidence": _evidence(self.evidence), "confidence": _rounded(self.confidence)}

    def record(self) -> dict[str, object]:
        return {"subject": self.subject, "object": self.object, "measure": self.measure,
                "value": self.value, "unit": self.unit, "period": _pair(self.period),
                "evidence": _evidence(self.evidence), "base_period": _pair(self.base_period),
                "confidence": self.confidence, "base": self.base}

    @classmethod
    def from_dict(cls, row: Mapping[str, object]) -> StatisticClaim:
        measure = str(row.get("measure") or "")
        if measure not in MEASURES:
            raise UsageError(f"Statistic measure {measure!r} is not one of: "
                             f"{', '.join(MEASURES)}.", choices=list(MEASURES))
        value = row.get("value")
        return cls(subject=_text(row.get("subject")), object=_text(row.get("object")),
                   measure=measure,  # type: ignore[arg-type]
                   value=float(value) if isinstance(value, (int, float)) else None,
                   unit=_text(row.get("unit")), period=_period(row.get("period")),
                   evidence=Evidence.from_json(row.get("evidence")), confidence=_confidence(row),
                   base_period=_period(row.get("base_period")), base=_text(row.get("base")))


@dataclass(frozen=True)
class EventClaim:
    """A text tells of cooperation: a visit, a meeting, an agreement, training, an award."""

    type: EventType
    actors: tuple[str, ...]
    date: str | None
    evidence: Evidence | None
    confidence: float | None

    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, object]:
        return {"type": self.type, "actors": list(self.actors), "date": self.date,
                "evidence": _evidence(self.evidence), "confidence": _rounded(self.confidence)}

    def record(self) -> dict[str, object]:
        return {"type": self.type, "actors": list(self.actors), "date": self.date,
                "evidence": _evidence(self.evidence), "confidence": self.confidence}

    @classmethod
    def from_dict(cls, row: Mapping[str, object]) -> EventClaim:
        actors = row.get("actors") or []
        return cls(type=str(row.get("type") or ""),  # type: ignore[arg-type]
                   actors=tuple(str(a) for a in actors) if isinstance(actors, list) else (),
                   date=_text(row.get("date")), evidence=Evidence.from_json(row.get("evidence")),
                   confidence=_confidence(row))


Claim = TransferClaim | StatisticClaim | EventClaim
# each kind's list in an extraction, in the order the checker numbers claims
LISTS: tuple[tuple[str, type[TransferClaim] | type[StatisticClaim] | type[EventClaim]], ...] = (
    ("transfers", TransferClaim), ("statistics", StatisticClaim), ("events", EventClaim))


@dataclass
class ExtractionResult:
    """One document's claims as the extractor found them, and what went wrong reading it."""

    id: str
    transfers: list[TransferClaim] = field(default_factory=list)
    statistics: list[StatisticClaim] = field(default_factory=list)
    events: list[EventClaim] = field(default_factory=list)
    problems: list[DocumentProblem] = field(default_factory=list)

    @property
    def claims(self) -> list[Claim]:
        """Every claim, transfers first, each kind in the extractor's order."""
        return [*self.transfers, *self.statistics, *self.events]

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "transfers": [t.to_dict() for t in self.transfers],
            "statistics": [s.to_dict() for s in self.statistics],
            "events": [e.to_dict() for e in self.events]}
        if self.problems:
            out["problems"] = [p.to_dict() for p in self.problems]
        return out


def claims_from_json(extraction: Mapping[str, object]) -> list[Claim]:
    """Every claim of one document's extraction JSON (``transfers``, ``statistics``, ``events``),
    transfers first, in the file's order; unknown keys are ignored, so the extractor can add
    fields (``note``) without breaking the checker."""
    out: list[Claim] = []
    for key, kind in LISTS:
        rows = extraction.get(key) or []
        if not isinstance(rows, list):
            raise UsageError(f"'{key}' must be a list of claims.")
        out.extend(kind.from_dict(row) for row in rows)
    return out


def _evidence(evidence: Evidence | None) -> dict[str, object] | None:
    return evidence.to_dict() if evidence is not None else None


def _rounded(confidence: float | None) -> float | None:
    """Confidence as published: two places (the calibration is no finer)."""
    return round(confidence, 2) if confidence is not None else None


def _pair(period: tuple[int, int] | None) -> list[int] | None:
    return list(period) if period else None


def _int(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _period(value: object) -> tuple[int, int] | None:
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(_int(v) for v in value):
        return (int(value[0]), int(value[1]))
    return None


def _confidence(row: Mapping[str, object]) -> float | None:
    value = row.get("confidence")
    return float(value) if isinstance(value, (int, float)) else None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
