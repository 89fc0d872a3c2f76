"""Claims from the extractor's output (the gold schema of ../shared/corpus/README.md).

``extract`` writes one JSON object per document with ``transfers``, ``statistics`` and ``events``;
evidence is the sentence as a string or ``{text, start, end}``. Unknown keys are ignored, so the
extractor can add fields (``note``, ``confidence``) without breaking the checker.
"""

from __future__ import annotations

from collections.abc import Mapping

from armswatch.errors import UsageError
from armswatch.model import MEASURES, TRANSFER_STATUSES
from armswatch.reconcile.model import (Claim, EventClaim, Evidence, StatisticClaim,
                                       TransferClaim)


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


def transfer(row: Mapping[str, object]) -> TransferClaim:
    status = str(row.get("status") or "")
    if status not in TRANSFER_STATUSES:
        raise UsageError(f"Transfer status {status!r} is not one of: {', '.join(TRANSFER_STATUSES)}.",
                         choices=list(TRANSFER_STATUSES))
    return TransferClaim(
        supplier=_text(row.get("supplier")), recipient=_text(row.get("recipient")),
        weapon=_text(row.get("weapon")), category=_text(row.get("category")),
        quantity=_int(row.get("quantity")), status=status,  # type: ignore[arg-type]
        year=_int(row.get("year")), evidence=Evidence.parse(row.get("evidence")),
        weapon_generic=_text(row.get("weapon_generic")), designation=_text(row.get("designation")),
        confidence=_confidence(row))


def statistic(row: Mapping[str, object]) -> StatisticClaim:
    measure = str(row.get("measure") or "")
    if measure not in MEASURES:
        raise UsageError(f"Statistic measure {measure!r} is not one of: {', '.join(MEASURES)}.",
                         choices=list(MEASURES))
    value = row.get("value")
    return StatisticClaim(
        subject=_text(row.get("subject")), object=_text(row.get("object")),
        measure=measure,  # type: ignore[arg-type]
        value=float(value) if isinstance(value, (int, float)) else None,
        unit=_text(row.get("unit")), period=_period(row.get("period")),
        evidence=Evidence.parse(row.get("evidence")), base_period=_period(row.get("base_period")),
        confidence=_confidence(row), base=_text(row.get("base")))


def event(row: Mapping[str, object]) -> EventClaim:
    actors = row.get("actors") or []
    return EventClaim(type=str(row.get("type") or ""),
                      actors=tuple(str(a) for a in actors) if isinstance(actors, list) else (),
                      date=_text(row.get("date")), evidence=Evidence.parse(row.get("evidence")),
                      confidence=_confidence(row))


def claims(extraction: Mapping[str, object]) -> list[Claim]:
    """Every claim of one document's extraction, transfers first, in the extractor's order."""
    out: list[Claim] = []
    for key, parse in (("transfers", transfer), ("statistics", statistic), ("events", event)):
        rows = extraction.get(key) or []
        if not isinstance(rows, list):
            raise UsageError(f"'{key}' must be a list of claims.")
        out.extend(parse(row) for row in rows)  # type: ignore[operator]
    return out


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
