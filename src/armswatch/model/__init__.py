"""The domain, written once (issue 16, "one model"; STYLE.md §10): layer 1 of
docs/architecture.md, imported by every layer above.

- ``vocabulary``: the closed vocabularies (deal statuses, transfer statuses, measures, event
  types, verdicts) as ``Literal`` types and tuples of their values;
- ``register``: SIPRI's ``Release``, ``Deal`` and ``Delivery``, and ``DealRef``, a deal as a
  verdict cites it;
- ``claims``: a news ``Document``, the ``Evidence`` a claim rests on, ``TransferClaim``,
  ``StatisticClaim``, ``EventClaim``, and ``ExtractionResult``, one document's claims;
- ``verdicts``: ``Verdict``, ``CheckedClaim``, ``CheckedDocument``.

The sources read deals into these types, the store writes them, the extractor returns claims,
the checker takes them and returns verdicts, review and batch store them; each type reads and
writes its own JSON (``to_dict``, ``record``, ``from_dict``). Parties are ``parties.Party`` (the
party table, also layer 1), armament categories ``sources.categories.CATEGORIES``.
"""

from armswatch.model.claims import (Claim, Document, DocumentProblem, EventClaim, Evidence,
                                    ExtractionResult, StatisticClaim, TransferClaim,
                                    claims_from_json)
from armswatch.model.register import REGISTER_FORMATS, Deal, DealRef, Delivery, Release
from armswatch.model.verdicts import CheckedClaim, CheckedDocument, Verdict
from armswatch.model.vocabulary import (CLAIM_KINDS, DEAL_STATUSES, EVENT_TYPES, MEASURES,
                                        TRANSFER_STATUSES, TRANSFER_VERDICTS, VERDICTS, ClaimKind,
                                        DealStatus, EventType, EventVerdict, Measure,
                                        StatisticVerdict, TransferStatus, TransferVerdict,
                                        VerdictName)

__all__ = [
    "CLAIM_KINDS", "DEAL_STATUSES", "EVENT_TYPES", "MEASURES", "REGISTER_FORMATS",
    "TRANSFER_STATUSES", "TRANSFER_VERDICTS", "VERDICTS", "CheckedClaim", "CheckedDocument",
    "Claim", "ClaimKind", "Deal", "DealRef", "DealStatus", "Delivery", "Document",
    "DocumentProblem", "EventClaim", "EventType", "EventVerdict", "Evidence", "ExtractionResult",
    "Measure", "Release", "StatisticClaim", "StatisticVerdict", "TransferClaim", "TransferStatus",
    "TransferVerdict", "Verdict", "VerdictName", "claims_from_json"]
