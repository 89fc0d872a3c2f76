"""Deliveries by year and system, and orders still open (issue 6: the pair page and the API).

Rows come from the deliveries table (one per deal per delivery year), joined to the deal for its
designation and description; ``estimated`` marks armswatch's even split where SIPRI gave none.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from armswatch.parties import registry
from armswatch.register.deals import DealQuery, _check
from armswatch.store.views import ReleaseView

DELIVERY_COLUMNS = ("deal_id", "supplier", "recipient", "year", "designation", "description",
                    "category", "number_delivered", "tiv_delivered", "estimated")
OPEN_ORDER_COLUMNS = ("deal_id", "supplier", "recipient", "order_year", "designation",
                      "description", "category", "number_ordered", "number_delivered",
                      "delivery_years", "status", "comments", "tiv_total_order")


@dataclass(frozen=True)
class DeliveryQuery:
    supplier: str | None = None
    recipient: str | None = None
    year_from: int | None = None   # delivery years within [year_from, year_to]
    year_to: int | None = None
    designation: str | None = None
    category: str | None = None
    limit: int | None = None


def _where(view: ReleaseView, query: DeliveryQuery) -> tuple[list[str], list[object]]:
    _check(DealQuery(year_from=query.year_from, year_to=query.year_to, category=query.category))
    where, params = ["d.release_id = ?"], [view.release_id]
    for column in ("supplier", "recipient"):
        name = getattr(query, column)
        if name:
            where.append(f"d.{column} = ?")
            params.append(registry().resolve(name))
    if query.designation:
        where.append("k.designation ILIKE ?")
        params.append(f"%{query.designation}%")
    if query.category:
        where.append("lower(d.category) = lower(?)")
        params.append(query.category.strip())
    return where, params


def find_deliveries(view: ReleaseView, query: DeliveryQuery) -> pa.Table:
    """The view's deliveries matching every filter, by year, then designation."""
    where, params = _where(view, query)
    if query.year_from is not None or query.year_to is not None:
        where.append("d.year BETWEEN ? AND ?")
        params += [query.year_from or 0, query.year_to or 9999]
    sql = (f"SELECT d.deal_id, d.supplier, d.recipient, d.year, k.designation, k.description, "
           f"d.category, d.number_delivered, d.tiv_delivered, d.estimated FROM deliveries d "
           f"LEFT JOIN deals k ON k.release_id = d.release_id AND k.deal_id = d.deal_id "
           f"WHERE {' AND '.join(where)} ORDER BY d.year, k.designation, d.deal_id")
    if query.limit:
        sql += f" LIMIT {int(query.limit)}"
    return view.con.sql(sql, params=params).to_arrow_table()


def open_orders(view: ReleaseView, query: DeliveryQuery) -> pa.Table:
    """Deals not yet wholly delivered: nothing delivered yet, or fewer delivered than ordered.

    SIPRI lists an order before its first delivery with empty delivery years (and counts marked
    uncertain where it estimates them)."""
    where, params = _where(view, query)
    where = [w.replace("d.", "k.") for w in where]  # the deals table is k here, every filter
    where.append("(len(k.delivery_years) = 0 OR coalesce(k.number_delivered, 0) "
                 "< coalesce(k.number_ordered, 0))")
    columns = ", ".join(f"k.{c}" for c in OPEN_ORDER_COLUMNS)
    sql = (f"SELECT {columns} FROM deals k WHERE {' AND '.join(where)} "
           "ORDER BY k.order_year DESC NULLS LAST, k.designation")
    return view.con.sql(sql, params=params).to_arrow_table()
