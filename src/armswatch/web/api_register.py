"""/api: the register — info, releases (and import), parties, deals, deliveries, open orders."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional, get_args

import duckdb
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile

import armswatch
from armswatch.errors import ImportRefused
from armswatch.parties import Kind, registry
from armswatch.register.deals import DealQuery, find_deals
from armswatch.register.deliveries import DeliveryQuery, find_deliveries, open_orders
from armswatch.register.summary import info as register_info
from armswatch.sources.model import STATUSES
from armswatch.review.users import User
from armswatch.store.load import import_file
from armswatch.store.views import ReleaseView, release_view
from armswatch.web.deps import (CATEGORY, DESIGNATION, LIMIT, PARTY, RECIPIENT, RELEASE, SUPPLIER,
                                 YEAR_FROM, YEAR_TO, admin, database_shown, read_con, web,
                                 writing)
from armswatch.web.limits import upload_name
from armswatch.web.openapi import READ_ERRORS, TABLE, WRITE_ERRORS, choices
from armswatch.web.responses import TableFormat, attribution, json_response, table_response
from armswatch.web.views import party_dict

router = APIRouter(prefix="/api", tags=["register"], responses=READ_ERRORS)
FORMAT = Query(TableFormat.json, alias="format", description="json, csv (header first), zip (the CSV and sources.txt) or parquet.")
STATUS = Query(None, max_length=40, description="SIPRI's status of the weapons.",
               json_schema_extra=choices(STATUSES))


@router.get("/info", summary="What the database holds (armswatch info --format json)")
def info(request: Request, release_id: Optional[int] = RELEASE,
         con: duckdb.DuckDBPyConnection = Depends(read_con)):
    summary = register_info(release_view(con, release_id), database_shown(request))
    return json_response(summary.to_dict(), summary.attribution)


@router.get("/releases", summary="Releases loaded")
def releases(request: Request, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    summary = register_info(release_view(con), database_shown(request))
    return json_response(summary.releases, summary.attribution)


@router.post("/releases", status_code=201, summary="Import a SIPRI export (needs an admin's token)",
             responses=WRITE_ERRORS)
def import_release(request: Request, file: UploadFile = File(...), dry_run: bool = Query(False, description="Check the file and report; write nothing."),
                   who: User = Depends(admin)):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / upload_name(file.filename, "upload.csv")
        path.write_bytes(file.file.read())
        with writing(request, who) as con:
            report = import_file(con, path, dry_run=dry_run, imported_by=who.name)
    if not report.valid:
        raise ImportRefused(report.to_dict())
    return json_response(report.to_dict(), armswatch.ATTRIBUTION, status_code=201)


@router.get("/parties", summary="SIPRI's parties with kinds, codes, aliases and demonyms")
def parties(kind: Optional[str] = Query(None, max_length=40, description="The kind of party.",
                                        json_schema_extra=choices(get_args(Kind)))):
    rows = [party_dict(p) for p in registry() if kind is None or p.kind == kind]
    return json_response(rows, armswatch.ATTRIBUTION)


@router.get("/parties/{name}", summary="One party by any name or alias (404 with suggestions)")
def party(name: str = PARTY):
    return json_response(party_dict(registry().get(name)), armswatch.ATTRIBUTION)


@router.get("/deals", summary="Deals matching every filter (armswatch deals)", responses=TABLE)
def deals(request: Request, supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
          year_from: Optional[int] = YEAR_FROM, year_to: Optional[int] = YEAR_TO,
          designation: Optional[str] = DESIGNATION, category: Optional[str] = CATEGORY,
          status: Optional[str] = STATUS, release_id: Optional[int] = RELEASE,
          limit: Optional[int] = LIMIT, fmt: TableFormat = FORMAT):
    query = DealQuery(supplier, recipient, year_from, year_to, designation, category, status,
                      limit)
    return web(request).cached(("deals", release_id, query, fmt),
                               lambda con: _deals(release_view(con, release_id), query, fmt))


def _deals(view: ReleaseView, query: DealQuery, fmt: TableFormat):
    return table_response(find_deals(view, query), fmt, attribution(view.release), "deals")


@router.get("/deliveries", summary="Deliveries by deal and year, with designation", responses=TABLE)
def deliveries(supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
               year_from: Optional[int] = YEAR_FROM, year_to: Optional[int] = YEAR_TO,
               designation: Optional[str] = DESIGNATION, category: Optional[str] = CATEGORY,
               release_id: Optional[int] = RELEASE, limit: Optional[int] = LIMIT,
               fmt: TableFormat = FORMAT,
               con: duckdb.DuckDBPyConnection = Depends(read_con)):
    view = release_view(con, release_id)
    query = DeliveryQuery(supplier, recipient, year_from, year_to, designation, category, limit)
    return table_response(find_deliveries(view, query), fmt, attribution(view.release),
                          "deliveries")


@router.get("/open-orders", summary="Deals not yet wholly delivered", responses=TABLE)
def orders(supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
           designation: Optional[str] = DESIGNATION, category: Optional[str] = CATEGORY,
           release_id: Optional[int] = RELEASE,
           fmt: TableFormat = FORMAT, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    view = release_view(con, release_id)
    query = DeliveryQuery(supplier, recipient, None, None, designation, category)
    return table_response(open_orders(view, query), fmt, attribution(view.release), "open-orders")
