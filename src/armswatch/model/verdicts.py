"""What checking a claim against the register gives (issue 5): a verdict that names the deals it
rests on and says why, per claim and per document (issue 16, "one model")."""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.model.claims import Claim, Document
from armswatch.model.register import DealRef
from armswatch.model.vocabulary import ClaimKind, VerdictName


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
        out: dict[str, object] = {"kind": self.kind, **({"claim_id": self.claim_id}
                                                         if self.claim_id else {}),
                                  **self.claim.record()}
        out.update(verdict=self.verdict.verdict, explanation=self.verdict.explanation,
                   deal_ids=self.verdict.deal_ids, claimed=self.verdict.claimed,
                   computed=self.verdict.computed, deals=[d.to_dict() for d in self.verdict.deals],
                   context_deals=[d.to_dict() for d in self.verdict.context])
        return out


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
