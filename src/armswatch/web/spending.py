"""Military spending pages and their JSON twins, over SIPRI's Milex data (the bundle holds the 2025
workbook): a country's series in four measures with SIPRI's flags, world and regional totals, a
year's ranking. Every figure comes from armswatch.spending, the functions `armswatch milex` calls,
so a page shows what the CLI prints (issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional
from urllib.parse import quote

import duckdb
from fastapi import APIRouter, Depends, Query, Request

from armswatch.parties import registry
from armswatch.spending import (MEASURES, Growth, Ranking, SpendingSeries, country_series, growth,
                                ranking, regional_totals)
from armswatch.spending.series import SpendingFigure
from armswatch.spending.totals import RegionalTotals, regions
from armswatch.web import charts
from armswatch.web.deps import MAX_NAME, PARTY, YEAR_FROM, YEAR_TO, web
from armswatch.web.openapi import READ_ERRORS
from armswatch.web.responses import json_response

# The measures a country's page shows side by side (SIPRI's main sheets).
PAGE_MEASURES = ("constant_usd", "current_usd", "share_of_gdp", "per_capita")
MeasureName = Literal["constant_usd", "current_usd", "share_of_gdp", "per_capita",
                      "share_of_government_spending", "local_currency_calendar_years",
                      "local_currency_financial_years"]
MEASURE = Query("constant_usd", description="SIPRI's measure (armswatch milex --measure).")
TOP = Query(None, ge=1, le=500, description="Only the first N countries.")
REGION = Query("World", max_length=MAX_NAME, description="World, a region or a subregion.")

api = APIRouter(prefix="/api/milex", tags=["military spending"], responses=READ_ERRORS)
pages = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class CountrySpending:
    """A country's page: one series per measure (same years), its growth in constant US$."""

    party: str
    series: dict[str, SpendingSeries]
    rows: list[tuple[int, dict[str, SpendingFigure]]]   # a year's figure per measure, newest first
    growth: Growth | None
    chart: dict[str, object]
    attribution: str


def country_spending(con: duckdb.DuckDBPyConnection, name: str) -> CountrySpending:
    series = {m: country_series(con, name, m) for m in PAGE_MEASURES}  # type: ignore[arg-type]
    main = series["constant_usd"]
    by_year: dict[int, dict[str, SpendingFigure]] = {}
    for measure, one in series.items():
        for figure in one.figures:
            by_year.setdefault(figure.year, {})[measure] = figure
    known = [f.year for f in main.figures if f.value is not None]
    change = growth(con, main.party, "constant_usd", known[0], known[-1]) if len(known) > 1 else None
    rows = [(f.year, "constant US$", f.value or 0.0) for f in main.figures if f.value is not None]
    chart = charts.stacked(rows, known[-1] if known else 0,
                           f"{charts.possessive(main.party)} military expenditure by year", "",
                           f"{main.release.attribution}. {main.release.label}.",
                           y_title=f"{main.unit}".replace("US$ m.", "US$ millions"),
                           unit=main.unit, value_label="US$ m.", toggles=False)
    return CountrySpending(main.party, series, sorted(by_year.items(), reverse=True), change, charts.spec(chart),
                           f"{main.release.attribution}. {main.release.label}.")


def _cached(request: Request, key: tuple, compute):
    return web(request).cached(("milex", *key), compute)


@api.get("/countries/{name}", summary="A country's military expenditure series and growth "
         "(armswatch milex --country NAME --format json)")
def country_api(request: Request, name: str = PARTY, measure: MeasureName = MEASURE,
                year_from: Optional[int] = YEAR_FROM, year_to: Optional[int] = YEAR_TO):
    def compute(con):
        result = country_series(con, name, measure, year_from, year_to)
        known = [f.year for f in result.figures if f.value is not None]
        extra = ({"growth": growth(con, result.party, measure, known[0], known[-1]).to_dict()}
                 if len(known) > 1 else {})
        return json_response({**result.to_dict(), **extra}, result.release.attribution)
    return _cached(request, ("country-api", name, measure, year_from, year_to), compute)


@api.get("/ranking", summary="Countries ranked by their figure for a year "
         "(armswatch milex --year YEAR --format json)")
def ranking_api(request: Request, year: int = Query(..., ge=1900, le=2100,
                                                  description="The year ranked."),
                measure: MeasureName = MEASURE, top: Optional[int] = TOP):
    return _cached(request, ("ranking-api", year, measure, top), lambda con: _json(
        ranking(con, year, measure, top)))


@api.get("/totals", summary="SIPRI's world and regional totals, constant US$ b. "
         "(armswatch milex --region REGION --format json)")
def totals_api(request: Request, region: str = REGION, year_from: Optional[int] = YEAR_FROM,
               year_to: Optional[int] = YEAR_TO):
    return _cached(request, ("totals-api", region, year_from, year_to), lambda con: _json(
        regional_totals(con, region, year_from, year_to)))


def _json(result: Ranking | RegionalTotals):
    return json_response(result.to_dict(), result.release.attribution)


@pages.get("/spending")
def totals_page(request: Request, region: str = REGION):
    from armswatch.web.pages import cached_page

    def build(con):
        totals = regional_totals(con, region)
        rows = [(r.year, totals.region, r.value) for r in totals.rows if r.value is not None]
        chart = charts.stacked(rows, rows[-1][0] if rows else 0,
                               f"Military expenditure, {totals.region}, by year", "",
                               f"{totals.release.attribution}. {totals.release.label}.",
                               y_title=totals.unit.replace("US$ b.", "US$ billions"),
                               unit=totals.unit, value_label="US$ b.", toggles=False)
        return {"totals": totals, "regions": regions(con),
                "totals_chart": charts.spec(chart), "latest": rows[-1][0] if rows else None,
                "milex_source": f"{totals.release.attribution}. {totals.release.label}."}
    return cached_page(request, ("spending", region), "spending.html", build)


@pages.get("/spending/country/{name}")
def country_page(request: Request, name: str = PARTY):
    from armswatch.web.pages import _see, cached_page

    canonical = registry().lookup(name)
    if canonical is not None and canonical != name:  # one shareable address per country
        return _see(str(request.url.replace(path=f"/spending/country/{quote(canonical)}")))
    return cached_page(request, ("spending-country", name), "spending_country.html",
                       lambda con: {"page": country_spending(con, name),
                                    "measures": {m: MEASURES[m] for m in PAGE_MEASURES}})


@pages.get("/spending/ranking")
def ranking_page(request: Request, year: Optional[int] = Query(None, ge=1900, le=2100,
                                                               description="Default: the latest."),
                 measure: MeasureName = MEASURE, top: Optional[int] = TOP):
    from armswatch.web.pages import cached_page

    def build(con):
        latest = regional_totals(con).rows[-1].year  # SIPRI's world total: the latest year
        return {"ranking": ranking(con, year or latest, measure, top), "latest": latest,
                "measures": {m: MEASURES[m] for m in PAGE_MEASURES}}
    return cached_page(request, ("spending-ranking", year, measure, top), "spending_ranking.html",
                       build)
