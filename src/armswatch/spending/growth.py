"""Growth of a country's spending over a period: per cent change and compound annual rate.

Growth in constant US$ is real growth (SIPRI's own growth figures are in constant prices).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from armswatch.sources.milex import Measure
from armswatch.spending.series import SpendingFigure, country_series


@dataclass(frozen=True)
class Growth:
    country: str
    measure: Measure
    year_from: int
    year_to: int
    value_from: float | None
    value_to: float | None
    change_pct: float | None  # (to / from - 1) x 100
    compound_annual_pct: float | None  # ((to / from) ^ (1 / years) - 1) x 100
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def growth(con: duckdb.DuckDBPyConnection, country: str, measure: Measure, year_from: int,
           year_to: int) -> Growth:
    series = country_series(con, country, measure, year_from, year_to)
    by_year = {f.year: f for f in series.figures}
    return growth_between(series.party, measure, by_year.get(year_from), by_year.get(year_to),
                          year_from, year_to)


def growth_between(party: str, measure: Measure, start: SpendingFigure | None,
                   end: SpendingFigure | None, year_from: int, year_to: int) -> Growth:
    missing = [y for y, f in ((year_from, start), (year_to, end)) if not _usable(f)]
    if missing or year_to <= year_from:
        why = (f"no figure for {', '.join(map(str, missing))}" if missing
               else "the period must span at least one year")
        return Growth(party, measure, year_from, year_to, _value(start), _value(end), None, None,
                      f"Growth not computable: {why}.")
    ratio = end.value / start.value  # type: ignore[union-attr,operator]
    change = (ratio - 1) * 100
    annual = (ratio ** (1 / (year_to - year_from)) - 1) * 100
    return Growth(party, measure, year_from, year_to, start.value, end.value, change,  # type: ignore[union-attr]
                  annual, f"{party}: {change:+.1f}% from {year_from} to {year_to} "
                  f"({annual:+.1f}% a year, compound).")


def _usable(figure: SpendingFigure | None) -> bool:
    return figure is not None and figure.value is not None and figure.value > 0


def _value(figure: SpendingFigure | None) -> float | None:
    return None if figure is None else figure.value
