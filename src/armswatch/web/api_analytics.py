"""/api: analytics — flows, fact sheets, dependence, and the country and pair views."""

from __future__ import annotations

from dataclasses import asdict
from typing import Optional

import duckdb
from fastapi import APIRouter, Depends, Path, Query, Request

from armswatch.analytics import DependenceQuery, FlowQuery, dependence, factsheet, flows
from armswatch.analytics.keys import BY_PATTERN, parse_by
from armswatch.analytics.render import factsheet_table
from armswatch.store.views import ReleaseView, release_view
from armswatch.web import views
from armswatch.web.deps import (CATEGORY, DESIGNATION, MAX_NAME, PARTY, RECIPIENT, RELEASE, SUPPLIER,
                                 YEAR_FROM, YEAR_TO, country_series, figures_release_id, read_con,
                                 table_view, web)
from armswatch.web.tables import TableView
from armswatch.web.openapi import READ_ERRORS, TABLE
from armswatch.web.responses import TableFormat, attribution, json_response, table_response

router = APIRouter(prefix="/api", tags=["analytics"], responses=READ_ERRORS)
FORMAT = Query(TableFormat.json, alias="format", description="json, csv (header first), zip (the CSV and sources.txt) or parquet.")
PERIOD_LENGTH = Query(5, ge=1, le=100, description="Years per period for `by=period` (SIPRI: 5).")
ROLE = Query(views.Role.imports, description="imports (the country as recipient) or exports.")
MERGE = Query(False, description="Count the Soviet Union as Russia (long series).")
BY = Query([], description="Group by these keys: by=year,supplier or by=year&by=supplier.",
           json_schema_extra={"items": {"type": "string", "pattern": BY_PATTERN, "maxLength": 200}})
# periods.parse_period reads 2020-2024, 2020-24 and SIPRI's 2020–24 (en dash)
PERIOD = Query(None, description="A period: 2020-2024 (YYYY-YYYY), 2020-24 or one year "
               "(default: the latest five years of the release).",
               pattern=r"^\s*[0-9]{4}(\s*[-–/:]\s*([0-9]{2}|[0-9]{4}))?\s*$", max_length=20,
               examples=["2020-2024"])


@router.get("/flows", summary="Delivered TIV by any keys, with shares and change (armswatch flows)",
            responses=TABLE)
def flows_(request: Request, supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
           year_from: Optional[int] = YEAR_FROM, year_to: Optional[int] = YEAR_TO,
           by: list[str] = BY, category: Optional[str] = CATEGORY,
           period_length: int = PERIOD_LENGTH,
           merge_successors: bool = MERGE, release_id: Optional[int] = RELEASE,
           fmt: TableFormat = FORMAT):
    query = FlowQuery(supplier, recipient, year_from, year_to, parse_by(by), category, period_length,
                      merge_successors)
    chosen = figures_release_id(request, release_id)
    return web(request).cached(("flows", chosen, query, fmt),
                               lambda con: _flows(release_view(con, chosen), query, fmt))


def _flows(view: ReleaseView, query: FlowQuery, fmt: TableFormat):
    result = flows(view, query)
    return table_response(result.to_arrow(), fmt, attribution(result.release), "flows")


@router.get("/factsheet", summary="SIPRI-style fact sheet for a period (armswatch factsheet)",
            responses=TABLE)
def factsheet_(request: Request, period: Optional[str] = PERIOD,
               top: int = Query(25, ge=1, le=500, description="Exporters and importers listed."), merge_successors: bool = MERGE,
               release_id: Optional[int] = RELEASE,
               fmt: TableFormat = FORMAT):
    key = ("factsheet", period, top, merge_successors, release_id, fmt)
    return web(request).cached(key, lambda con: _factsheet(con, period, top,
                                                           merge_successors, release_id, fmt))


def _factsheet(con, period: str | None, top: int, merge_successors: bool, release_id,
               fmt: TableFormat):
    view = ReleaseView(con, views.figures_release(con, release_id))
    sheet = factsheet(view, views.chosen_period(view, period), top=top,
                      merge_successors=merge_successors)
    if fmt is TableFormat.json:
        return json_response(sheet.to_dict(), attribution(sheet.release))
    return table_response(factsheet_table(sheet), fmt, attribution(sheet.release), "factsheet")


@router.get("/dependence", summary="Supplier concentration per importer and period", responses=TABLE)
def dependence_(request: Request, recipient: Optional[str] = RECIPIENT,
                year_from: Optional[int] = YEAR_FROM, year_to: Optional[int] = YEAR_TO,
                period_length: int = PERIOD_LENGTH, merge_successors: bool = MERGE,
                release_id: Optional[int] = RELEASE, fmt: TableFormat = FORMAT):
    query = DependenceQuery(recipient, year_from, year_to, period_length, merge_successors)
    chosen = figures_release_id(request, release_id)
    return web(request).cached(("dependence", chosen, query, fmt),
                               lambda con: _dependence(release_view(con, chosen), query, fmt))


def _dependence(view: ReleaseView, query: DependenceQuery, fmt: TableFormat):
    result = dependence(view, query)
    return table_response(result.to_arrow(), fmt, attribution(result.release), "dependence")


def _profile_response(profile):
    data = asdict(profile)
    data["release"] = profile.release.label
    if hasattr(profile, "deals_release"):
        data["deals_release"] = profile.deals_release.label
    return json_response(data, profile.attribution)


@router.get("/countries/{name}", summary="A country's page as JSON: series, dependence, deals, claims")
def country(request: Request, name: str = PARTY, role: views.Role = ROLE,
            designation: Optional[str] = DESIGNATION,
            release_id: Optional[int] = RELEASE, table: TableView = Depends(table_view)):
    series = country_series(request, name, release_id)
    return web(request).cached(("country-json", name, role.value, designation, release_id, table),
                               lambda con: _profile_response(views.country(
                                   con, series, role.value, designation, table, release_id)))


@router.get("/countries/{name}/deals", summary="A country's imports or exports as deals (downloads)",
            responses=TABLE)
def country_deals(name: str = PARTY, role: views.Role = ROLE,
                  designation: Optional[str] = DESIGNATION,
                  release_id: Optional[int] = RELEASE, fmt: TableFormat = FORMAT,
                  con: duckdb.DuckDBPyConnection = Depends(read_con)):
    release = views.deals_release(con, release_id)
    table = views.country_deals(ReleaseView(con, release), name, role.value, designation)
    return table_response(table, fmt, attribution(release), f"deals-{role.value}")


@router.get("/pairs/{supplier}/{recipient}", summary="A supplier → recipient pair: deliveries, "
            "open orders and timeline")
def pair(request: Request, supplier: str = Path(..., max_length=MAX_NAME, description="The "
                                                 "supplier (any alias: USSR)."),
         recipient: str = Path(..., max_length=MAX_NAME, description="The recipient (Burma)."),
         release_id: Optional[int] = RELEASE):
    return web(request).cached(("pair-json", supplier, recipient, release_id),
                               lambda con: _profile_response(views.pair(con, supplier, recipient,
                                                                        release_id)))
