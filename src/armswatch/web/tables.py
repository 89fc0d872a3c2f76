"""A deals table as a page shows it: every matching deal sorted, filtered and cut into pages on
the server (issue 18: sorting the latest 500 of India's 764 deals hid the 2nd and 3rd largest).

The whole table is read (a country has at most a few thousand deals), then Arrow sorts, filters
and slices it; the page says which rows of how many it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pyarrow as pa
import pyarrow.compute as pc

PAGE_ROWS = 100


class DealSort(str, Enum):
    """The columns a deals table sorts by (the partner is the supplier or the recipient)."""

    partner = "partner"
    order_year = "order_year"
    number_ordered = "number_ordered"
    designation = "designation"
    description = "description"
    number_delivered = "number_delivered"
    status = "status"
    tiv_delivered = "tiv_delivered"


class Order(str, Enum):
    asc = "asc"
    desc = "desc"


# Searched by the text filter (case-insensitive substring of any of them).
FILTERED = ("supplier", "recipient", "designation", "description", "comments", "status")


@dataclass(frozen=True)
class TableView:
    """How the reader asked to see the table: sort, order, text filter, page (1-based)."""

    sort: DealSort = DealSort.order_year
    order: Order = Order.desc
    q: str = ""
    page: int = 1


@dataclass(frozen=True)
class TablePage:
    rows: list[dict[str, object]]
    matching: int          # deals matching the filters (all pages)
    total: int             # deals before the text filter
    first: int             # 1-based number of the first row shown (0 when none)
    last: int
    page: int
    pages: int
    view: TableView


def _filtered(table: pa.Table, needle: str) -> pa.Table:
    if not needle.strip() or table.num_rows == 0:
        return table
    hits = None
    for column in FILTERED:
        found = pc.fill_null(pc.match_substring(table[column], needle.strip(), ignore_case=True),
                             False)
        hits = found if hits is None else pc.or_(hits, found)
    return table.filter(hits)


def deal_page(table: pa.Table, view: TableView, partner: str) -> TablePage:
    """``table`` (deals) filtered by ``view.q``, sorted by ``view.sort`` (``partner`` names the
    supplier or recipient column) with missing values last, and cut to ``view.page``."""
    matching = _filtered(table, view.q)
    column = partner if view.sort is DealSort.partner else view.sort.value
    order = "ascending" if view.order is Order.asc else "descending"
    ordered = matching.sort_by([(column, order), ("order_year", "descending"), ("deal_id", "ascending")]) \
        if matching.num_rows else matching
    pages = max(1, -(-matching.num_rows // PAGE_ROWS))
    page = min(max(1, view.page), pages)
    start = (page - 1) * PAGE_ROWS
    rows = ordered.slice(start, PAGE_ROWS).to_pylist()
    return TablePage(rows, matching.num_rows, table.num_rows, start + 1 if rows else 0,
                     start + len(rows), page, pages, view)


def whole_units(deliveries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Deliveries with whole units: where armswatch split a deal evenly over its delivery years
    (``estimated``; SIPRI gave no split), its units are shared out in whole numbers instead, the
    remainders going to the earliest years (8 over 5 years: 2, 2, 2, 1, 1), so no row reads
    "1.6 Mi-24s" (issue 18) and each deal's total stays the register's."""
    by_deal: dict[object, list[dict[str, object]]] = {}
    for row in deliveries:
        if row.get("estimated") and row.get("number_delivered") is not None:
            by_deal.setdefault(row["deal_id"], []).append(row)
    whole = {}
    for rows in by_deal.values():
        years = sorted(rows, key=lambda r: r["year"])  # type: ignore[arg-type, return-value]
        units = round(sum(float(r["number_delivered"]) for r in years))  # type: ignore[arg-type]
        share, extra = divmod(units, len(years))
        for index, row in enumerate(years):
            whole[id(row)] = share + (1 if index < extra else 0)
    return [{**row, "number_delivered": whole[id(row)]} if id(row) in whole else row
            for row in deliveries]
