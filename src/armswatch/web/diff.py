"""/diff and /api/diff (issue 20): what changed between two releases, as a page, JSON or CSV.

The route parses the URL, calls ``analytics.diff.diff_releases`` (the CLI's ``armswatch diff``) and
formats; query names mirror the CLI: ``from`` and ``to`` are the two release ids.
"""

from __future__ import annotations

from typing import Optional

import duckdb
from fastapi import APIRouter, Depends, Query, Request

from armswatch.analytics.periods import parse_period
from armswatch.analytics.diff import DiffQuery, ReleaseDiff, diff_releases
from armswatch.web.deps import RECIPIENT, SUPPLIER, read_con
from armswatch.web.openapi import READ_ERRORS
from armswatch.web.responses import TableFormat, json_response, table_response

router = APIRouter(tags=["releases"], responses=READ_ERRORS)
BEFORE = Query(..., alias="from", ge=1, le=1_000_000, description="The earlier release id.")
AFTER = Query(..., alias="to", ge=1, le=1_000_000, description="The later release id.")
PERIOD = Query(None, max_length=20, description="Only these years, e.g. 2014-2019; with a party, "
               "also the share's change.")
FORMAT = Query(TableFormat.json, alias="format", description="json (the whole diff) or csv "
               "(one row per difference).")


def _diff(con: duckdb.DuckDBPyConnection, before: int, after: int, supplier: str | None,
          recipient: str | None, period: str | None) -> ReleaseDiff:
    years = parse_period(period) if period else None
    return diff_releases(con, DiffQuery(before, after, supplier, recipient,
                                        years and years.year_from, years and years.year_to))


@router.get("/api/diff", summary="What changed between two releases (armswatch diff)")
def api_diff(before: int = BEFORE, after: int = AFTER, supplier: Optional[str] = SUPPLIER,
             recipient: Optional[str] = RECIPIENT, period: Optional[str] = PERIOD,
             fmt: TableFormat = FORMAT, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    result = _diff(con, before, after, supplier, recipient, period)
    if fmt is TableFormat.json:
        return json_response(result.to_dict(), result.attribution)
    return table_response(result.to_arrow(), fmt, result.attribution,
                          f"diff-{before}-{after}")


@router.get("/diff", include_in_schema=False)
def diff_page(request: Request, before: int = BEFORE, after: int = AFTER,
              supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
              period: Optional[str] = PERIOD, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    from armswatch.web.pages import render  # pages import the routers' modules' neighbours

    result = _diff(con, before, after, supplier, recipient, period)
    return render(request, "diff.html", con, diff=result, query=request.url.query)
