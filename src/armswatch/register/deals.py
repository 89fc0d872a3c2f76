"""Finding deals: filters in SIPRI's words, results as Arrow tables (DataFrames on request), in the
release of the ``ReleaseView`` a shell resolved (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import duckdb

from armswatch.errors import UsageError
from armswatch.model import DEAL_STATUSES, Deal
from armswatch.parties import registry
from armswatch.sources.categories import CATEGORIES
from armswatch.store.views import ReleaseView

if TYPE_CHECKING:  # pyarrow only when a caller asks for Arrow (the CLI's table starts faster)
    import pyarrow as pa

# The public JSON keys of a deal, in order (issue 2): armswatch.model.Deal's fields, but for the
# line of the file it was read from.
DEAL_COLUMNS = tuple(f.name for f in fields(Deal) if f.name != "source_line")


@dataclass(frozen=True)
class DealQuery:
    supplier: str | None = None
    recipient: str | None = None
    year_from: int | None = None   # a deal matches when its order year or a delivery year
    year_to: int | None = None     # falls within [year_from, year_to]
    designation: str | None = None  # case-insensitive substring
    category: str | None = None
    status: str | None = None
    limit: int | None = None


def _check(query: DealQuery) -> None:
    if query.year_from and query.year_to and query.year_from > query.year_to:
        raise UsageError(f"--from {query.year_from} is after --to {query.year_to}; swap them.")
    if query.category and _pick(query.category, CATEGORIES) is None:
        raise UsageError(f"Unknown category {query.category!r}. Choose one of: "
                         f"{', '.join(CATEGORIES)}.", choices=list(CATEGORIES))
    if query.status and _pick(query.status, DEAL_STATUSES) is None:
        raise UsageError(f"Unknown status {query.status!r}. Choose one of: "
                         f"{', '.join(DEAL_STATUSES)}.", choices=list(DEAL_STATUSES))


def _pick(value: str, choices: tuple[str, ...]) -> str | None:
    return next((c for c in choices if c.lower() == value.strip().lower()), None)


def find_deals(view: ReleaseView, query: DealQuery) -> pa.Table:
    """The view's deals matching every filter given, ordered by order year, supplier and
    designation."""
    return select_deals(view, query).to_arrow_table()


def count_deals(view: ReleaseView, query: DealQuery) -> int:
    """How many deals match, whatever ``query.limit`` says."""
    found = select_deals(view, DealQuery(**{**query.__dict__, "limit": None}))
    return found.aggregate("count(*)").fetchall()[0][0]


def select_deals(view: ReleaseView, query: DealQuery) -> duckdb.DuckDBPyRelation:
    """The deals query as a DuckDB relation (``fetchall()`` for rows, Arrow on request)."""
    _check(query)
    where, params = ["release_id = ?"], [view.release_id]
    parties = registry()
    for column in ("supplier", "recipient"):
        name = getattr(query, column)
        if name:
            where.append(f"{column} = ?")
            params.append(parties.resolve(name))
    if query.year_from is not None or query.year_to is not None:
        lo, hi = query.year_from or 0, query.year_to or 9999
        where.append("(order_year BETWEEN ? AND ? OR "
                     "len(list_filter(delivery_years, lambda y: y BETWEEN ? AND ?)) > 0)")
        params += [lo, hi, lo, hi]
    if query.designation:
        where.append("designation ILIKE ?")
        params.append(f"%{query.designation}%")
    if query.category:
        where.append("category = ?")
        params.append(_pick(query.category, CATEGORIES))
    if query.status:
        where.append("status = ?")
        params.append(_pick(query.status, DEAL_STATUSES))
    sql = (f"SELECT {', '.join(DEAL_COLUMNS)} FROM deals WHERE {' AND '.join(where)} "
           "ORDER BY order_year NULLS LAST, supplier, recipient, designation, deal_id")
    if query.limit:
        sql += f" LIMIT {int(query.limit)}"
    return view.con.sql(sql, params=params)
