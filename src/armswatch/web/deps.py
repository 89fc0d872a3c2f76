"""Request dependencies: a reading cursor, the write lock, who writes (user and role)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from fastapi import Path, Query, Request

from armswatch.errors import ArmswatchError
from armswatch.review import users
from armswatch.review.users import User
from armswatch.sources.categories import CATEGORIES
from armswatch.store import urls
from armswatch.web import auth
from armswatch.web.database import WebDatabase
from armswatch.web.openapi import choices
from armswatch.web.tables import DealSort, Order, TableView


def web(request: Request) -> WebDatabase:
    return request.app.state.web


def read_con(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with web(request).reader() as cursor:
        yield cursor


def writer(request: Request, write: str = "review") -> User:
    """Who writes through the API: the bearer token's user, if their role allows ``write``
    (TokenRequired / InvalidToken / RoleForbidden)."""
    with web(request).reader() as cursor:
        return auth.api_writer(cursor, request, write)


def reviewer(request: Request) -> User:
    """The API's storing and reviewing: a reviewer's or an admin's bearer token."""
    return writer(request, "review")


def admin(request: Request) -> User:
    """The API's imports: an admin's bearer token."""
    return writer(request, "import")


def database_shown(request: Request) -> str:
    """Where the database is, for a reading endpoint anyone may call: in full (the password
    never) for an admin's bearer token, else a team server's URL concealed (``store.urls``).
    A missing or unknown token is not an error here: reading is open to all."""
    path = web(request).path
    if not urls.is_url(path):
        return path
    token = auth.bearer(request)
    if token:
        with web(request).reader() as cursor:
            try:
                if auth.check_token(cursor, token).may(auth.NEEDS["import"]):
                    return urls.redacted(path)
            except ArmswatchError:
                pass
    return urls.concealed(path)


def page_writer(request: Request, write: str = "review") -> User:
    """Who writes through a page's form: the sign-in cookie's user, if their role allows
    ``write``. Call after ``check_csrf``."""
    with web(request).reader() as cursor:
        return auth.form_writer(cursor, request, write)


@contextmanager
def writing(request: Request, user: User) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database open to write for ``user`` (one writer at a time); their token's last use
    is noted in the same write, so it costs no write of its own."""
    with web(request).writer() as con:
        users.touch(con, user)
        yield con


def country_series(request: Request, name: str, release_id: int | None):
    """A country's series, cached apart from its deals table (role and designation filters)."""
    from armswatch.web.views import country_series as compute

    return web(request).cached(("country-series", name, release_id),
                               lambda con: compute(con, name, release_id))


def figures_release_id(request: Request, release_id: int | None) -> int:
    """The release figures read (views.figures_release: the newest data unless one is asked
    for), resolved once per database generation."""
    from armswatch.web.views import figures_release

    return web(request).cached(("figures-release", release_id),
                               lambda con: figures_release(con, release_id).release_id)


# The CLI's option names, as query parameters (--from, --to, --release). Every one is bounded, so
# no value reaches the database that its columns cannot hold (issue 14, finding 9).
MAX_ROWS = 1_000_000     # more than the whole register's deliveries (about 60,000)
MAX_NAME = 200           # the longest SIPRI party or designation is under 100 characters
YEAR_FROM = Query(None, alias="from", description="First year.", ge=1900, le=2100)
YEAR_TO = Query(None, alias="to", description="Last year.", ge=1900, le=2100)
RELEASE = Query(None, alias="release", description="Release id (default: current).", ge=1,
                le=1_000_000)
SUPPLIER = Query(None, description="Supplier (any alias: USSR, Turkey).", max_length=MAX_NAME)
RECIPIENT = Query(None, description="Recipient (any alias: Burma).", max_length=MAX_NAME)
DESIGNATION = Query(None, description="Part of the designation (case-insensitive).",
                    max_length=MAX_NAME)
CATEGORY = Query(None, max_length=40, description="SIPRI's armament category.",
                 json_schema_extra=choices(CATEGORIES))
LIMIT = Query(None, ge=1, le=MAX_ROWS, description="At most this many rows.")
PARTY = Path(..., max_length=MAX_NAME, description="A party's name or alias (Burma, USSR).")


def table_view(sort: DealSort = Query(DealSort.order_year, description="The deals table's sort "
                                      "column (partner: the supplier or recipient)."),
               order: Order = Query(Order.desc, description="asc or desc."),
               q: str = Query("", max_length=MAX_NAME, description="Keep deals whose partner, "
                              "designation, description, comments or status hold this text."),
               page: int = Query(1, ge=1, le=MAX_ROWS, description="The page of the deals "
                                 "table (100 deals a page).")) -> TableView:
    """How a deals table is sorted, filtered and paged (over all deals, on the server)."""
    return TableView(sort, order, q, page)
