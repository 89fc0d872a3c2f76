"""Typed claims and verdicts (issue 5): what the extractor hands over and what checking returns.

Claims use the extractor's gold schema (see ../shared/corpus/README.md): transfers, statistics and
events, each with its evidence. Verdicts name the register's deals they rest on and say why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import ClassVar

from armswatch.model import (TRANSFER_VERDICTS, VERDICTS, ClaimKind,  # noqa: F401  (re-exported)
                             EventVerdict, Measure, StatisticVerdict, TransferStatus,
                             TransferVerdict, VerdictName)


@dataclass(frozen=True)
class Evidence:
    """The sentence a claim rests on, with its character offsets in the document (if known)."""

    text: str
    start: int | None = None
    end: int | None = None

    @classmethod
    def parse(cls, value: object) -> Evidence | None:
        if value is None:
            return None
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict):
            return cls(str(value.get("text") or ""), value.get("start"), value.get("end"))
        raise TypeError(f"evidence must be a string or {{text, start, end}}, not {value!r}")


@dataclass(frozen=True)
class TransferClaim:
    supplier: str | None
    recipient: str | None
    weapon: str | None                 # the designation as written, None for a generic class
    category: str | None
    quantity: int | None
    status: TransferStatus
    year: int | None
    evidence: Evidence | None = None
    weapon_generic: str | None = None
    designation: str | None = None     # the register's designation, when the extractor knows it
    confidence: float | None = None

    kind: ClassVar[str] = "transfer"

    @property
    def system(self) -> str:
        return self.weapon or self.weapon_generic or "(unnamed system)"


@dataclass(frozen=True)
class StatisticClaim:
    subject: str | None
    object: str | None
    measure: Measure
    value: float | None
    unit: str | None
    period: tuple[int, int] | None
    evidence: Evidence | None = None
    base_period: tuple[int, int] | None = None
    confidence: float | None = None
    # the whole a share or rank is of: "world", a region ("Africa") or the party whose imports or
    # exports are the denominator (../shared/corpus/README.md); None: read from the parties
    base: str | None = None

    kind: ClassVar[str] = "statistic"


@dataclass(frozen=True)
class EventClaim:
    type: str
    actors: tuple[str, ...]
    date: str | None
    evidence: Evidence | None = None
    confidence: float | None = None

    kind: ClassVar[str] = "event"


Claim = TransferClaim | StatisticClaim | EventClaim


@dataclass(frozen=True)
class DealRef:
    """A register deal as a verdict cites it, with why it was picked."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    designation: str
    category: str
    number_ordered: int | None
    number_delivered: int | None
    delivery_years: tuple[int, ...]
    comments: str | None
    why: str = ""

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["delivery_years"] = list(self.delivery_years)
        return data


@dataclass(frozen=True)
class Verdict:
    verdict: VerdictName
    explanation: str
    deals: tuple[DealRef, ...] = ()      # the deals the verdict rests on
    context: tuple[DealRef, ...] = ()    # nearest deals shown for context (they prove nothing)
    claimed: float | None = None
    computed: float | None = None
    tolerance: float | None = None

    @property
    def deal_ids(self) -> list[str]:
        return [d.deal_id for d in self.deals]


@dataclass(frozen=True)
class CheckedClaim:
    claim: Claim
    verdict: Verdict
    claim_id: str = ""

    @property
    def kind(self) -> ClaimKind:
        return self.claim.kind  # type: ignore[return-value]

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape: the claim's fields, then verdict, explanation, deal_ids."""
        fields = asdict(self.claim)
        for key in ("period", "base_period", "actors"):
            if fields.get(key) is not None:
                fields[key] = list(fields[key])
        out: dict[str, object] = {"kind": self.kind, **({"claim_id": self.claim_id}
                                                         if self.claim_id else {}), **fields}
        out.update(verdict=self.verdict.verdict, explanation=self.verdict.explanation,
                   deal_ids=self.verdict.deal_ids, claimed=self.verdict.claimed,
                   computed=self.verdict.computed, deals=[d.to_dict() for d in self.verdict.deals],
                   context_deals=[d.to_dict() for d in self.verdict.context])
        return out


@dataclass(frozen=True)
class Document:
    """A news document as the extractor reads it."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class CheckedDocument:
    id: str
    claims: tuple[CheckedClaim, ...]
    release_id: int
    seconds: float = 0.0
    document: Document | None = None
    skipped: str | None = None   # why a document gave no claims (unreadable, empty)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for checked in self.claims:
            out[checked.verdict.verdict] = out.get(checked.verdict.verdict, 0) + 1
        return out

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "claims": [c.to_dict() for c in self.claims]}

