"""Claims as rows: one row per claim of any kind, in one Arrow schema shared by every shard.

``extract`` writes these columns from the model's claims; ``check`` reads them back into the same
claims (armswatch.model, what the single-document commands check) and adds the verdict columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pyarrow as pa

from armswatch.model import (Claim, Document, EventClaim, ExtractionResult, StatisticClaim,
                             TransferClaim)

_STR, _INT, _FLOAT = pa.string(), pa.int32(), pa.float64()

DOCUMENT_COLUMNS = [("document_id", _STR), ("document_sha256", _STR), ("source", _STR),
                    ("url", _STR), ("title", _STR), ("outlet", _STR), ("published", _STR)]
CLAIM_COLUMNS = [
    ("claim_index", _INT), ("kind", _STR),
    # transfers
    ("supplier", _STR), ("recipient", _STR), ("weapon", _STR), ("weapon_generic", _STR),
    ("designation", _STR), ("category", _STR), ("quantity", pa.int64()), ("status", _STR),
    ("year", _INT),
    # statistics
    ("subject", _STR), ("object", _STR), ("measure", _STR), ("value", _FLOAT), ("unit", _STR),
    ("period_from", _INT), ("period_to", _INT), ("base_from", _INT), ("base_to", _INT),
    ("base", _STR),  # the whole a share or rank is of: "world", a region or a party (issue 15)
    # events
    ("event_type", _STR), ("actors", pa.list_(_STR)), ("event_date", _STR),
    ("evidence_text", _STR), ("evidence_start", _INT), ("evidence_end", _INT),
    ("confidence", _FLOAT)]
VERDICT_COLUMNS = [("claim_id", _STR), ("verdict", _STR), ("explanation", _STR),
                   ("deal_ids", pa.list_(_STR)), ("release_id", _INT)]

CLAIMS_SCHEMA = pa.schema(DOCUMENT_COLUMNS + CLAIM_COLUMNS)
CHECKED_SCHEMA = pa.schema(DOCUMENT_COLUMNS + CLAIM_COLUMNS + VERDICT_COLUMNS)


def claim_rows(document: Document, source: str, result: ExtractionResult) -> Iterator[dict]:
    """The rows of one document's claims: transfers, then statistics, then events (the checker's
    order, so ``claim_index`` is the position the single-document check gives the claim)."""
    base = {"document_id": result.id, "source": source, "url": document.url,
            "title": document.title, "outlet": document.outlet, "published": document.published,
            "document_sha256": hashlib.sha256(document.text.encode("utf-8")).hexdigest()}
    index = 0
    for t in result.transfers:
        yield {**base, "claim_index": index, "kind": "transfer", "supplier": t.supplier,
               "recipient": t.recipient, "weapon": t.weapon, "weapon_generic": t.weapon_generic,
               "designation": t.designation, "category": t.category, "quantity": t.quantity,
               "status": t.status, "year": t.year, **_evidence(t)}
        index += 1
    for s in result.statistics:
        yield {**base, "claim_index": index, "kind": "statistic", "subject": s.subject,
               "object": s.object, "measure": s.measure, "value": s.value, "unit": s.unit,
               "period_from": s.period[0] if s.period else None,
               "period_to": s.period[1] if s.period else None,
               "base_from": s.base_period[0] if s.base_period else None,
               "base_to": s.base_period[1] if s.base_period else None, "base": s.base,
               **_evidence(s)}
        index += 1
    for e in result.events:
        yield {**base, "claim_index": index, "kind": "event", "event_type": e.type,
               "actors": list(e.actors), "event_date": e.date, **_evidence(e)}
        index += 1


def _evidence(claim) -> dict:  # type: ignore[no-untyped-def]
    return {"evidence_text": claim.evidence.text, "evidence_start": claim.evidence.start,
            "evidence_end": claim.evidence.end, "confidence": round(claim.confidence, 2)}


def claims(rows: list[dict]) -> list[Claim]:
    """One document's rows back as the model's claims, in ``claim_index`` order (what the checker
    takes; a name read as missing when empty, as from a claims file)."""
    return [_claim(row) for row in sorted(rows, key=lambda r: r["claim_index"])]


def _claim(row: dict) -> Claim:
    common = {"evidence": {"text": row["evidence_text"], "start": row["evidence_start"],
                           "end": row["evidence_end"]}, "confidence": row["confidence"]}
    if row["kind"] == "transfer":
        return TransferClaim.from_dict({k: row[k] for k in (
            "supplier", "recipient", "weapon", "weapon_generic", "designation", "category",
            "quantity", "status", "year")} | common)
    if row["kind"] == "statistic":
        return StatisticClaim.from_dict({
            "subject": row["subject"], "object": row["object"], "measure": row["measure"],
            "value": row["value"], "unit": row["unit"],
            "period": _pair(row["period_from"], row["period_to"]),
            "base_period": _pair(row["base_from"], row["base_to"]),
            "base": row.get("base")} | common)
    return EventClaim.from_dict({"type": row["event_type"], "actors": row["actors"],
                                 "date": row["event_date"]} | common)


def _pair(first: int | None, last: int | None) -> list[int] | None:
    return [first, last] if first is not None and last is not None else None
