"""Checking a statistic claim about military spending against SIPRI's Milex figures.

The claim checker calls ``check_spending_claim`` for claims such as "spent $X billion in 2023"
(amount), "up N% since 2014" (change) and "N% of GDP" (share_of_gdp). Amounts are in US$ m. as
SIPRI gives them; changes and shares in per cent. Tolerances allow for rounding in prose.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import duckdb

from armswatch.errors import ArmswatchError
from armswatch.sources.milex import Measure
from armswatch.spending.growth import growth
from armswatch.spending.series import country_series

ClaimKind = Literal["amount", "change", "share_of_gdp"]
Verdict = Literal["consistent", "inconsistent", "not_checkable"]

# An amount in prose is rounded ("$3.8 billion"): within 5% of SIPRI's figure counts as consistent.
AMOUNT_TOLERANCE_PCT = 5.0
# A change in prose is rounded ("up nearly 60%"): within 1 point, or 5% of the change if larger.
CHANGE_TOLERANCE_POINTS = 1.0
CHANGE_TOLERANCE_RELATIVE = 0.05
# A share of GDP in prose is rounded to one decimal.
SHARE_TOLERANCE_POINTS = 0.15


@dataclass(frozen=True)
class SpendingClaim:
    country: str
    kind: ClaimKind
    claimed: float  # US$ m. for an amount; per cent for a change or a share of GDP
    year: int
    since_year: int | None = None  # the base year of a change
    measure: Measure | None = None  # default: current US$ for amounts, constant US$ for changes


@dataclass(frozen=True)
class SpendingVerdict:
    verdict: Verdict
    claimed: float
    computed: float | None
    unit: str
    explanation: str
    estimate: bool = False  # SIPRI marks the figure used as its estimate (blue)
    uncertain: bool = False  # SIPRI marks it highly uncertain (red)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def check_spending_claim(con: duckdb.DuckDBPyConnection, claim: SpendingClaim) -> SpendingVerdict:
    try:
        if claim.kind == "change":
            return _check_change(con, claim)
        return _check_level(con, claim)
    except ArmswatchError as exc:  # unknown party, no Milex data, no series: cannot be checked
        return SpendingVerdict("not_checkable", claim.claimed, None, "", exc.message)


def _check_level(con: duckdb.DuckDBPyConnection, claim: SpendingClaim) -> SpendingVerdict:
    measure = claim.measure or ("share_of_gdp" if claim.kind == "share_of_gdp" else "current_usd")
    series = country_series(con, claim.country, measure, claim.year, claim.year)
    figure = series.figures[0] if series.figures else None
    if figure is None or figure.value is None:
        status = figure.status if figure else "absent"
        return SpendingVerdict("not_checkable", claim.claimed, None, series.unit,
                               f"SIPRI has no {measure} figure for {series.party} in {claim.year} "
                               f"({status}).")
    if claim.kind == "amount":
        off = abs(claim.claimed - figure.value) / figure.value * 100
        ok, margin = off <= AMOUNT_TOLERANCE_PCT, f"{off:.1f}% apart; tolerance {AMOUNT_TOLERANCE_PCT}%"
    else:
        off = abs(claim.claimed - figure.value)
        ok, margin = off <= SHARE_TOLERANCE_POINTS, (f"{off:.2f} points apart; tolerance "
                                                      f"{SHARE_TOLERANCE_POINTS}")
    return SpendingVerdict("consistent" if ok else "inconsistent", claim.claimed, figure.value,
                           series.unit, f"SIPRI: {series.party} {claim.year} = {figure.value:,.2f} "
                           f"{series.unit}; claimed {claim.claimed:,.2f} ({margin}).",
                           figure.estimate, figure.uncertain)


def _check_change(con: duckdb.DuckDBPyConnection, claim: SpendingClaim) -> SpendingVerdict:
    unit = "% change"
    if claim.since_year is None:
        return SpendingVerdict("not_checkable", claim.claimed, None, unit,
                               "A change needs the year it is measured from (since_year).")
    result = growth(con, claim.country, claim.measure or "constant_usd", claim.since_year, claim.year)
    if result.change_pct is None:
        return SpendingVerdict("not_checkable", claim.claimed, None, unit, result.explanation)
    off = abs(claim.claimed - result.change_pct)
    tolerance = max(CHANGE_TOLERANCE_POINTS, CHANGE_TOLERANCE_RELATIVE * abs(result.change_pct))
    return SpendingVerdict("consistent" if off <= tolerance else "inconsistent", claim.claimed,
                           result.change_pct, unit, f"{result.explanation} Claimed "
                           f"{claim.claimed:+.1f}% ({off:.1f} points apart; tolerance "
                           f"{tolerance:.1f}).")
