"""SIPRI's Milex measures: what each one counts and in which unit it is shown.

Shares are stored as SIPRI's fractions (0.031) and shown as per cent (3.1), as SIPRI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.sources.milex import Measure


@dataclass(frozen=True)
class MeasureInfo:
    unit: str
    per_cent: bool = False

    def shown(self, value: float | None) -> float | None:
        return None if value is None else value * 100 if self.per_cent else value


MEASURES: dict[Measure, MeasureInfo] = {
    "constant_usd": MeasureInfo("US$ m. at constant prices and exchange rates"),
    "current_usd": MeasureInfo("US$ m. at current prices and exchange rates"),
    "share_of_gdp": MeasureInfo("% of GDP", per_cent=True),
    "per_capita": MeasureInfo("US$ per capita at current prices"),
    "share_of_government_spending": MeasureInfo("% of general government expenditure",
                                                per_cent=True),
    "local_currency_financial_years": MeasureInfo("local currency at current prices, financial years"),
    "local_currency_calendar_years": MeasureInfo("local currency at current prices, calendar years"),
}


def unit(measure: Measure, base_year: int | None) -> str:
    """The unit, with the constant-price base year of the release read (it moves every release)."""
    text = MEASURES[measure].unit
    if measure == "constant_usd" and base_year:
        return text.replace("constant", f"constant ({base_year})")
    return text
