"""The web's charts: TIV volume stacked by partner, per year and per five-year period (SIPRI's
presentation), described as JSON that static/armswatch.js draws with plotly (offline).

Issue 18: 100%-stacked shares made India's tiny exports fill a whole chart, dropped years made
lines slope across gaps, and titles read "Arms transfers all transfers". Here every year of the
range is on the axis (zero where nothing was delivered), volume is the default view and shares a
toggle, titles are sentences, and the source line sits under the title (never over an axis).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from armswatch.analytics.factsheet import Factsheet
from armswatch.analytics.flows import Flows
from armswatch.analytics.periods import Period

OTHERS = "all others"
TOP = 8                    # partners named in a chart; the rest summed as "all others"
PERIOD_YEARS = 5           # SIPRI compares five-year periods


@dataclass(frozen=True)
class StackedChart:
    """Bars of TIV per year, stacked by ``legend_title`` (one series per partner), and the same
    summed over five-year periods ending with the range's last year."""

    title: str
    caption: str
    legend_title: str
    years: list[int]
    year_series: list[tuple[str, list[float]]]
    periods: list[str]
    period_series: list[tuple[str, list[float]]]
    kind: str = "stacked"
    y_title: str = "TIV (millions)"
    value_label: str = "TIV"          # after a value when hovered
    toggles: bool = True              # periods and shares (not for spending: sums of years)


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars (the fact sheet's largest exporters)."""

    title: str
    caption: str
    labels: list[str]
    values: list[float]
    x_title: str
    kind: str = "bars"


def spec(chart: StackedChart | BarChart) -> dict[str, object]:
    return asdict(chart)


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _periods(first: int, last: int) -> list[Period]:
    """Five-year periods ending with ``last``, back to the one holding ``first`` (cut to it)."""
    ends = range(last, first - 1, -PERIOD_YEARS)
    return [Period(max(first, end - PERIOD_YEARS + 1), end) for end in reversed(ends)]


def flow_rows(result: Flows, group: str | None) -> list[tuple[int, str, float]]:
    """(year, group, TIV) of a flows result by year (and ``group``); "TIV" when no group."""
    at = {c: i for i, c in enumerate(result.columns)}
    return [(int(r[at["year"]]), str(r[at[group]]) if group else "TIV", float(r[at["tiv"]]))
            for r in result.records]


def stacked(rows: list[tuple[int, str, float]], last_year: int, title: str, legend_title: str,
            caption: str, y_title: str = "TIV (millions)", unit: str = "TIV millions",
            value_label: str = "TIV", toggles: bool = True) -> StackedChart:
    """(year, name, TIV) rows as a stacked chart from their first year to ``last_year`` (the
    release's last), every year on the axis, the ``TOP`` largest names kept."""
    cells: dict[tuple[int, str], float] = {}
    totals: dict[str, float] = {}
    for year, name, tiv in rows:
        cells[year, name] = cells.get((year, name), 0.0) + tiv
        totals[name] = totals.get(name, 0.0) + tiv
    first = min((year for year, _ in cells), default=last_year)
    years = list(range(first, last_year + 1))
    named = sorted(totals, key=lambda n: -totals[n])[:TOP]
    for (year, name), tiv in list(cells.items()):
        if name not in named:
            cells[year, OTHERS] = cells.get((year, OTHERS), 0.0) + tiv
    keep = [*named, OTHERS] if len(totals) > len(named) else named
    by_year = [(n, [round(cells.get((y, n), 0.0), 2) for y in years]) for n in keep]
    periods = _periods(first, last_year)
    by_period = [(n, [round(sum(v for y, v in zip(years, values) if p.year_from <= y <= p.year_to), 2)
                      for p in periods]) for n, values in by_year]
    return StackedChart(f"{title}, {first}–{last_year}, {unit}", caption, legend_title, years,
                        by_year, [p.label.replace("-", "–") for p in periods], by_period,
                        y_title=y_title, value_label=value_label, toggles=toggles)


def exporters_chart(sheet: Factsheet, caption: str, top: int = 10) -> BarChart:
    rows = sheet.exporters[:top]
    label = sheet.period.label.replace("-", "–")
    return BarChart(f"Largest arms exporters, {label}: share of global exports (%)", caption,
                    [t.party for t in rows], [round(t.share, 1) for t in rows],
                    "% of global arms exports")
