"""A statistic claim recomputed from the register and judged (issue 5).

The same measure is recomputed with ``analytics.measures``: the share of a recipient's imports, of
global exports or imports, a rank, a change between periods, a TIV volume. Military-spending
figures ("spent $X billion on defence", "% of GDP") go to ``spending.claims`` (SIPRI Milex).

Tolerance, as the explanation states it: the rounding of the figure in the text (half a unit of its
last digit) plus SIPRI's revisions between releases, which move five-year shares by up to about a
point and five-year changes by a few points. A dollar amount of arms trade cannot be checked: the
register's TIV is a volume index, not a price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from armswatch.analytics import measures
from armswatch.analytics.flows import FlowQuery, flows
from armswatch.errors import ArmswatchError
from armswatch.model import StatisticClaim, Verdict
from armswatch.parties import registry
from armswatch.store.views import ReleaseView

SHARE_REVISION = 1.0      # points: SIPRI's revisions move five-year shares by up to about a point
CHANGE_REVISION = 5.0     # points, or CHANGE_RELATIVE of the change when larger
CHANGE_RELATIVE = 0.15
TIV_RELATIVE = 0.05
_SPENDING = re.compile(r"military (spending|expenditure|budget)|defen[cs]e (spending|budget|"
                       r"expenditure)|of (its |the )?GDP|gross domestic product", re.I)
_IMPORT = re.compile(r"import|recipient|buyer|purchaser|receiv", re.I)
_EXPORT = re.compile(r"export|supplier|seller|vendor", re.I)
_MORE_THAN = re.compile(r"more than|over|at least", re.I)


@dataclass(frozen=True)
class Register:
    """What a statistic is recomputed against: the release (a view of it, issue 16) and the
    years it covers (the view's, else the deal index's: reconcile/pipeline.py)."""

    view: ReleaseView
    first_year: int
    last_year: int

    @property
    def release_id(self) -> int:
        return self.view.release_id


def check_statistic(register: Register, claim: StatisticClaim) -> Verdict:
    con = register.view.con
    evidence = claim.evidence.text if claim.evidence else ""
    if _SPENDING.search(evidence):
        return _spending(con, claim)
    if claim.unit == "USD" or (claim.measure == "value" and claim.unit not in ("TIV",)):
        return Verdict("not_checkable", "A dollar amount cannot be checked against the register: "
                       "SIPRI's TIV is a volume index of military capability transferred, not a "
                       "price or a financial value.", claimed=claim.value)
    if claim.value is None:
        return Verdict("not_checkable", "The claim states no figure.")
    if claim.period is None:
        return Verdict("not_checkable", "The text gives no period (years) for the figure, so it "
                       "cannot be recomputed.", claimed=claim.value)
    outside = [p for p in (claim.period, claim.base_period) if p and (
        p[1] > register.last_year or p[0] < register.first_year)]
    if outside:
        return Verdict("not_checkable", f"The period {outside[0][0]}-{outside[0][1]} is not "
                       f"covered by the register ({register.first_year}-{register.last_year}).",
                       claimed=claim.value)
    try:
        return _MEASURES[claim.measure](register.view, register, claim, evidence)
    except ArmswatchError as exc:
        return Verdict("not_checkable", f"Cannot recompute: {exc.message}", claimed=claim.value)


def _party(name: str | None) -> str | None:
    return registry().lookup(name) if name else None


def _region(name: str | None) -> str | None:
    """A SIPRI region ("Asia and Oceania", "Middle East") as the party table records it."""
    if not name:
        return None
    regions = {p.region for p in registry() if p.region} | {p.subregion for p in registry()
                                                            if p.subregion}
    return next((r for r in regions if r.lower() == name.strip().lower()), None)


def _rounding(value: float) -> float:
    """Half a unit of the last digit the text gives: 16 -> 0.5, 8.6 -> 0.05."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    digits = -int(exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return 0.5 * 10 ** -digits


def _judge(claim: StatisticClaim, computed: float | None, what: str, tolerance: float,
           why: str) -> Verdict:
    if computed is None:
        return Verdict("not_checkable", f"The register has no transfers to compute {what}.",
                       claimed=claim.value)
    assert claim.value is not None
    off = abs(claim.value - computed)
    verdict = "consistent" if off <= tolerance else "inconsistent"
    return Verdict(verdict, f"{what}: the register gives {computed:.1f}, the text "
                   f"{claim.value:g} ({off:.1f} apart; tolerance {tolerance:.1f}: {why}).",
                   claimed=claim.value, computed=round(computed, 2), tolerance=tolerance)


def _years(claim: StatisticClaim) -> str:
    assert claim.period
    return f"{claim.period[0]}-{claim.period[1]}"


def _share(view: ReleaseView, register: Register, claim: StatisticClaim, evidence: str) -> Verdict:
    assert claim.period
    y0, y1 = claim.period
    if claim.base and claim.base.strip().lower() not in ("world", "global"):
        return _share_of_base(view, register, claim, claim.base)
    subject, obj = _party(claim.subject), _party(claim.object)
    if subject and obj:
        computed = measures.import_share(view, subject, obj, y0, y1)
        what = f"{subject}'s share of {obj}'s imports {_years(claim)}"
    elif obj or (subject and _IMPORT.search(evidence) and not _EXPORT.search(evidence)):
        party = obj or subject
        computed = measures.global_import_share(view, party, y0, y1)  # type: ignore[arg-type]
        what = f"{party}'s share of global imports {_years(claim)}"
    elif subject:
        computed = measures.export_share(view, subject, y0, y1)
        what = f"{subject}'s share of global exports {_years(claim)}"
    else:
        return _region_share(view, register, claim, evidence)
    tolerance = _rounding(claim.value or 0) + SHARE_REVISION
    return _judge(claim, computed, what, tolerance, "rounding in the text plus SIPRI's revisions "
                  "between releases, which move five-year shares by up to about a point")


def _share_of_base(view: ReleaseView, register: Register, claim: StatisticClaim, base: str) -> Verdict:
    """A share of a region's or a party's imports or exports, not of the world's: "Algeria took
    48% of Africa's imports" is recomputed against Africa's total (issue 15)."""
    assert claim.period
    y0, y1 = claim.period
    subject, obj = _party(claim.subject), _party(claim.object)
    region, party = _region(base), _party(base)
    tolerance = _rounding(claim.value or 0) + SHARE_REVISION
    why = "rounding in the text plus SIPRI's revisions between releases"
    if region is not None and (subject or obj):
        key = "supplier" if subject else "recipient"  # whose part of the region's imports
        result = flows(view, FlowQuery(year_from=y0, year_to=y1, by=(key, "recipient_region")))  # type: ignore[arg-type]
        at, where, tiv = (result.columns.index(c) for c in (key, "recipient_region", "tiv"))
        inside = [r for r in result.records if r[where] == region]
        total = sum(r[tiv] for r in inside)
        part = sum(r[tiv] for r in inside if r[at] == (subject or obj))
        return _judge(claim, 100 * part / total if total else None,
                      f"{subject or obj}'s share of {region}'s imports {_years(claim)}",
                      tolerance, why)
    if party is not None and party == obj and subject:
        return _judge(claim, measures.import_share(view, subject, obj, y0, y1),
                      f"{subject}'s share of {obj}'s imports {_years(claim)}", tolerance, why)
    if party is not None and party == subject and obj:
        total = measures.tiv(view, subject, None, y0, y1)
        part = measures.tiv(view, subject, obj, y0, y1)
        return _judge(claim, 100 * part / total if total else None,
                      f"{obj}'s share of {subject}'s exports {_years(claim)}", tolerance, why)
    return Verdict("not_checkable", f"A share of {base}'s trade needs the party it is of and the "
                   f"other party (the text gives {claim.subject!r} and {claim.object!r}).",
                   claimed=claim.value)


def _region_share(view: ReleaseView, register: Register, claim: StatisticClaim, evidence: str) -> Verdict:
    role = "recipient" if claim.object or _IMPORT.search(evidence) else "supplier"
    region = _region(claim.object or claim.subject)
    if region is None:
        return Verdict("not_checkable", f"Neither {claim.subject!r} nor {claim.object!r} is a "
                       "party or region of the register.", claimed=claim.value)
    assert claim.period
    result = flows(view, FlowQuery(year_from=claim.period[0], year_to=claim.period[1],
                                  by=(f"{role}_region",)))  # type: ignore[arg-type]
    total = result.total
    at = result.columns.index(f"{role}_region")
    tiv_index = result.columns.index("tiv")
    part = sum(r[tiv_index] for r in result.records if r[at] == region)
    computed = 100 * part / total if total else None
    kind = "imports" if role == "recipient" else "exports"
    return _judge(claim, computed, f"{region}'s share of global {kind} {_years(claim)}",
                  _rounding(claim.value or 0) + SHARE_REVISION,
                  "rounding in the text plus SIPRI's revisions between releases")


def _rank(view: ReleaseView, register: Register, claim: StatisticClaim, evidence: str) -> Verdict:
    assert claim.period and claim.value is not None
    y0, y1 = claim.period
    subject, obj = _party(claim.subject), _party(claim.object)
    if subject and obj and claim.base and _party(claim.base) == subject:
        # "India is Israel's largest market": a rank among the supplier's recipients
        result = flows(view, FlowQuery(supplier=subject, year_from=y0, year_to=y1,
                                      by=("recipient",)))
        at = result.columns.index("recipient")
        computed = next((i + 1 for i, r in enumerate(result.records) if r[at] == obj), None)
        what = f"{obj}'s rank among {subject}'s recipients {_years(claim)}"
    elif subject and obj:
        result = flows(view, FlowQuery(recipient=obj, year_from=y0, year_to=y1, by=("supplier",)))
        at = result.columns.index("supplier")
        computed = next((i + 1 for i, r in enumerate(result.records) if r[at] == subject), None)
        what = f"{subject}'s rank among {obj}'s suppliers {_years(claim)}"
    else:
        party = subject or obj
        if party is None:
            return Verdict("not_checkable", "The rank names no party of the register.",
                           claimed=claim.value)
        role = "recipient" if (obj and not subject) or (
            _IMPORT.search(evidence) and not _EXPORT.search(evidence)) else "supplier"
        computed = measures.rank(view, party, role, y0, y1)  # type: ignore[arg-type]
        what = f"{party}'s rank among {role}s {_years(claim)}"
    if computed is None:
        return Verdict("not_checkable", f"{what}: no transfers in the register.",
                       claimed=claim.value)
    verdict = "consistent" if computed == int(claim.value) else "inconsistent"
    return Verdict(verdict, f"{what}: the register gives {computed}, the text {int(claim.value)} "
                   "(ranks must agree exactly; revisions between releases can swap close "
                   "neighbours).", claimed=claim.value, computed=float(computed), tolerance=0.0)


def _change(view: ReleaseView, register: Register, claim: StatisticClaim, evidence: str) -> Verdict:
    assert claim.period and claim.value is not None
    y0, y1 = claim.period
    base = claim.base_period or (y0 - (y1 - y0 + 1), y0 - 1)
    subject, obj = _party(claim.subject), _party(claim.object)
    if subject and obj:
        now = measures.tiv(view, subject, obj, y0, y1)
        then = measures.tiv(view, subject, obj, base[0], base[1])
        computed = 100 * (now / then - 1) if then else None
        what = f"change of {subject}'s deliveries to {obj}"
    elif subject or obj:
        party = subject or obj
        role = "recipient" if obj else "supplier"
        if party is None:
            return Verdict("not_checkable", "The change names no party of the register.",
                           claimed=claim.value)
        computed = measures.volume_change(view, party, role, y0, y1, base[0], base[1])  # type: ignore[arg-type]
        what = f"change of {party}'s {'imports' if role == 'recipient' else 'exports'}"
    elif claim.subject or claim.object:
        return Verdict("not_checkable", f"{claim.subject or claim.object!r} is not a party of "
                       "the register; regional changes are not recomputed.", claimed=claim.value)
    else:
        computed = measures.volume_change(view, None, None, y0, y1, base[0], base[1])
        what = "change of the global volume of transfers"
    what += f" {_years(claim)} against {base[0]}-{base[1]}"
    if claim.base_period is None:
        what += " (the previous period of the same length, as SIPRI compares)"
    if claim.unit == "times":
        return _times(claim, computed, what, evidence)
    tolerance = _rounding(claim.value) + max(CHANGE_REVISION, CHANGE_RELATIVE * abs(claim.value))
    return _judge(claim, computed, f"{what}, per cent", tolerance, "rounding in the text plus "
                  "SIPRI's revisions between releases, which move five-year volumes by a few points")


def _times(claim: StatisticClaim, computed: float | None, what: str, evidence: str) -> Verdict:
    assert claim.value is not None
    ratio = None if computed is None else computed / 100 + 1
    if ratio is None:
        return _judge(claim, None, what, 0, "")
    if _MORE_THAN.search(evidence) and ratio >= claim.value * (1 - CHANGE_RELATIVE):
        return Verdict("consistent", f"{what}: the register gives {ratio:.1f} times, the text "
                       f"more than {claim.value:g} times (tolerance {CHANGE_RELATIVE:.0%} for "
                       "revisions between releases).", claimed=claim.value,
                       computed=round(ratio, 2), tolerance=CHANGE_RELATIVE * claim.value)
    return _judge(claim, ratio, f"{what}, times", CHANGE_RELATIVE * claim.value,
                  "revisions between releases")


def _tiv(view: ReleaseView, register: Register, claim: StatisticClaim, evidence: str) -> Verdict:
    assert claim.period and claim.value is not None
    computed = measures.tiv(view, _party(claim.subject), _party(claim.object), claim.period[0],
                            claim.period[1])
    return _judge(claim, computed, f"TIV delivered {_years(claim)} (millions)",
                  TIV_RELATIVE * abs(claim.value) + _rounding(claim.value),
                  "rounding plus revisions between releases")


_MEASURES = {"share": _share, "rank": _rank, "change": _change, "value": _tiv}


def _spending(con: duckdb.DuckDBPyConnection, claim: StatisticClaim) -> Verdict:
    """Military expenditure (Milex), not arms transfers: checked by spending.claims (issue 7)."""
    # imported here: the Milex modules read openpyxl's types, ~0.3 s that `check` of an article
    # without a spending figure need not pay (issue 17)
    from armswatch.spending.claims import SpendingClaim, check_spending_claim

    country = claim.subject or claim.object
    if country is None or claim.value is None or claim.period is None:
        return Verdict("not_checkable", "A military-spending figure needs a country, a value and "
                       "a year to check against SIPRI's Milex data.", claimed=claim.value)
    if claim.measure == "change":
        since = claim.base_period[1] if claim.base_period else None
        spending = SpendingClaim(country, "change", claim.value, claim.period[1], since)
    elif claim.unit == "%":
        spending = SpendingClaim(country, "share_of_gdp", claim.value, claim.period[1])
    else:
        spending = SpendingClaim(country, "amount", claim.value / 1e6, claim.period[1])
    result = check_spending_claim(con, spending)
    return Verdict(result.verdict, f"Military expenditure (SIPRI Milex): {result.explanation}",
                   claimed=result.claimed, computed=result.computed)
