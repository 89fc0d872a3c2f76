"""A checked document as Markdown a journalist can paste: each claim, its verdict, the evidence
sentence and the deals, with SIPRI's attribution."""

from __future__ import annotations

from armswatch.model import CheckedClaim, CheckedDocument

LABELS = {"documented": "Documented", "partly_documented": "Partly documented",
          "undocumented": "Not in the register", "not_checkable": "Not checkable",
          "consistent": "Consistent", "inconsistent": "Inconsistent", "listed": "Event"}


def value_text(value: float, unit: str | None) -> str:
    """A figure as people write it: 'US$807 million', '60%', '2.5 times' (never '8.07e+08')."""
    if unit == "USD":
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= size:
                return f"US${value / size:,.4g} {word}"
        return f"US${value:,.0f}"
    if unit == "%":
        return f"{value:g}%"
    return f"{value:,.4g} {unit or ''}".rstrip()


def headline(checked: CheckedClaim) -> str:
    claim = checked.claim
    if checked.kind == "transfer":
        quantity = f"{claim.quantity} " if getattr(claim, "quantity", None) else ""
        year = f" ({claim.year})" if getattr(claim, "year", None) else ""
        return (f"{claim.supplier or '?'} → {claim.recipient or '?'}: {quantity}"
                f"{claim.system}, {claim.status.replace('_', ' ')}{year}")  # type: ignore[union-attr]
    if checked.kind == "statistic":
        period = f" {claim.period[0]}–{claim.period[1]}" if claim.period else ""  # type: ignore[union-attr]
        parties = " / ".join(p for p in (claim.subject, claim.object) if p) or "world"  # type: ignore[union-attr]
        return f"{parties}: {claim.measure} {value_text(claim.value, claim.unit)}{period}"  # type: ignore[union-attr]
    date = f" ({claim.date})" if claim.date else ""  # type: ignore[union-attr]
    return f"{claim.type.replace('_', ' ')}: {', '.join(claim.actors)}{date}"  # type: ignore[union-attr]


def render(results: list[CheckedDocument], attribution: str) -> str:
    parts = []
    for doc in results:
        title = doc.document.title if doc.document and doc.document.title else f"Document {doc.id}"
        parts.append(f"## {title}\n")
        if doc.document and (doc.document.url or doc.document.outlet):
            source = ", ".join(p for p in (doc.document.outlet, doc.document.published,
                                           doc.document.url) if p)
            parts.append(f"Source: {source}\n")
        if not doc.claims:
            parts.append("No claims found.\n")
        for checked in doc.claims:
            parts.append(_claim(checked))
    parts.append(f"---\n{attribution}. Verdicts by armswatch; TIV is SIPRI's volume index, "
                 "not a price.\n")
    return "\n".join(parts)


def _claim(checked: CheckedClaim) -> str:
    verdict = checked.verdict
    lines = [f"- **{LABELS[verdict.verdict]}** — {headline(checked)}  ",
             f"  {verdict.explanation}  "]
    if checked.claim.evidence:
        lines.append(f"  > {checked.claim.evidence.text.strip()}  ")
    if verdict.deal_ids:
        lines.append(f"  Deals: {', '.join(f'`{d}`' for d in verdict.deal_ids)}  ")
    if checked.claim_id:
        lines.append(f"  Claim id: `{checked.claim_id}`")
    return "\n".join(lines) + "\n"
