"""The `milex` command: SIPRI's military expenditure for a country, a year's ranking, or totals."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from armswatch import db
from armswatch.cli.main import app
from armswatch.cli.output import FORMAT, Format, console, to_json, write_table
from armswatch.spending import country_series, growth, ranking, regional_totals
from armswatch.spending.chart import ranking_figure, series_figure, totals_figure, write_html


class MeasureChoice(str, Enum):
    constant_usd = "constant_usd"
    current_usd = "current_usd"
    share_of_gdp = "share_of_gdp"
    per_capita = "per_capita"
    share_of_government_spending = "share_of_government_spending"
    local_currency_calendar_years = "local_currency_calendar_years"
    local_currency_financial_years = "local_currency_financial_years"


@app.command()
def milex(ctx: typer.Context,
          country: Optional[str] = typer.Option(None, help="A country's series (any alias: Burma, Turkey)."),
          year_from: Optional[int] = typer.Option(None, "--from", help="First year of the series."),
          year_to: Optional[int] = typer.Option(None, "--to", help="Last year of the series."),
          year: Optional[int] = typer.Option(None, help="Rank countries by their figure for this year."),
          top: Optional[int] = typer.Option(None, help="With --year: only the first N countries."),
          region: Optional[str] = typer.Option(None, help="SIPRI's totals: World, a region or a subregion."),
          measure: MeasureChoice = typer.Option(MeasureChoice.constant_usd, help="What to show."),
          fmt: Format = FORMAT,
          output: Optional[Path] = typer.Option(None, "--output", help="Write to this file."),
          chart: Optional[Path] = typer.Option(None, help="Also write a chart to FILE.html "
                                               "(self-contained, works offline).")) -> None:
    """Military expenditure from SIPRI's Milex workbook: a country's series and growth
    (--country), a year's ranking (--year), or world and regional totals (default)."""
    con = db.connect(ctx.obj["db"], read_only=True)   # a read takes no writer's turn (issue 19)
    extra: dict[str, object] = {}
    if country:
        result = country_series(con, country, measure.value, year_from, year_to)
        figure = series_figure(result)
        extra = _growth(con, result, measure.value)
    elif year is not None:
        result = ranking(con, year, measure.value, top)
        figure = ranking_figure(result)
    else:
        result = regional_totals(con, region or "World", year_from, year_to)
        figure = totals_figure(result)
    if chart is not None:
        write_html(figure, chart)
    _write(result, extra, fmt, output)


def _growth(con, series, measure: str) -> dict[str, object]:
    years = [f.year for f in series.figures if f.value is not None]
    if len(years) < 2:
        return {}
    return {"growth": growth(con, series.party, measure, years[0], years[-1]).to_dict()}


def _write(result, extra: dict[str, object], fmt: Format, output: Optional[Path]) -> None:
    release = result.release
    if fmt is Format.json:
        text = to_json({**result.to_dict(), **extra}) + "\n"
        output.write_text(text, encoding="utf-8") if output else typer.echo(text, nl=False)
        return
    caption = f"{release.attribution}. {release.label}. Unit: {result.unit}."
    write_table(result.to_arrow(), fmt, output, title=_title(result), caption=caption)
    if fmt is Format.table and "growth" in extra:
        console.print(extra["growth"]["explanation"], highlight=False)  # type: ignore[index]


def _title(result) -> str:
    name = getattr(result, "party", None) or getattr(result, "region", None)
    return f"{name}: military expenditure" if name else f"Military expenditure {result.year}"
