"""Request dependencies: a reading cursor, the write lock, the token check."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
from fastapi import Query, Request

from armswatch.web.auth import check_token, request_token
from armswatch.web.database import WebDatabase


def web(request: Request) -> WebDatabase:
    return request.app.state.web


def read_con(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with web(request).reader() as cursor:
        yield cursor


def writer(request: Request) -> str:
    """Who writes: the token's name (raises TokenRequired / InvalidToken)."""
    with web(request).reader() as cursor:
        return check_token(cursor, request_token(request))


def country_series(request: Request, name: str, release_id: int | None):
    """A country's series, cached apart from its deals table (role and designation filters)."""
    from armswatch.web.views import country_series as compute

    return web(request).cached(("country-series", name, release_id),
                               lambda con: compute(con, name, release_id))


# The CLI's option names, as query parameters (--from, --to, --release).
YEAR_FROM = Query(None, alias="from", description="First year.", ge=1900, le=2100)
YEAR_TO = Query(None, alias="to", description="Last year.", ge=1900, le=2100)
RELEASE = Query(None, alias="release", description="Release id (default: current).", ge=1)
SUPPLIER = Query(None, description="Supplier (any alias: USSR, Turkey).", max_length=200)
RECIPIENT = Query(None, description="Recipient (any alias: Burma).", max_length=200)
