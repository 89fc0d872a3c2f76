"""A pair's timeline (issue 6): orders, deliveries, checked claims and cooperation events together.

Orders and deliveries come from the register's deals; claims and events from the review store
(issue 5), matched through the party table's aliases since claims keep names as written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

import duckdb

from armswatch.parties import registry
from armswatch.register.deals import DealQuery, find_deals
from armswatch.store.views import ReleaseView

ItemKind = Literal["order", "delivery", "claim", "event"]


@dataclass(frozen=True)
class TimelineItem:
    year: int | None
    kind: ItemKind
    text: str
    verdict: str | None = None   # claims: the checker's verdict
    ref: str | None = None       # deal_id or claim_id


def _canonical(name: str | None) -> str | None:
    return (registry().lookup(name) or name) if name else None


def _register_items(view: ReleaseView, supplier: str, recipient: str) -> list[TimelineItem]:
    items = []
    for deal in find_deals(view, DealQuery(supplier, recipient)).to_pylist():
        ordered = f"{deal['number_ordered'] or '?'} {deal['designation']} ({deal['description']})"
        if deal["order_year"] is not None:
            items.append(TimelineItem(deal["order_year"], "order", f"Ordered {ordered}",
                                      ref=deal["deal_id"]))
        for year in deal["delivery_years"] or []:
            items.append(TimelineItem(year, "delivery", f"Delivery of {deal['designation']}",
                                      ref=deal["deal_id"]))
    return items


def _store_items(con: duckdb.DuckDBPyConnection, supplier: str, recipient: str) -> list[TimelineItem]:
    rows = con.execute("SELECT c.claim_id, c.kind, c.fields, c.verdict, c.evidence, d.published "
                       "FROM claims c JOIN documents d USING (sha256) "
                       "WHERE c.kind IN ('transfer', 'event')").fetchall()
    items = []
    for claim_id, kind, fields_json, verdict, evidence, published in rows:
        fields = json.loads(fields_json)
        if kind == "transfer":
            pair = (_canonical(fields.get("supplier")), _canonical(fields.get("recipient")))
            if pair == (supplier, recipient):
                items.append(TimelineItem(fields.get("year") or _year(published), "claim",
                                          evidence or "", verdict, claim_id))
        elif {supplier, recipient} <= {_canonical(a) for a in fields.get("actors") or []}:
            items.append(TimelineItem(_year(fields.get("date") or published), "event",
                                      f"{fields.get('type')}: {evidence or ''}", verdict, claim_id))
    return items


def _year(text: str | None) -> int | None:
    head = (text or "")[:4]
    return int(head) if head.isdigit() else None


def pair_timeline(view: ReleaseView, supplier: str, recipient: str) -> list[TimelineItem]:
    """Every item for supplier → recipient, newest first (undated items last): the deals of the
    view's release, the claims and events of the review store."""
    supplier, recipient = registry().resolve(supplier), registry().resolve(recipient)
    items = _register_items(view, supplier, recipient) + _store_items(view.con, supplier, recipient)
    return sorted(items, key=lambda i: (i.year is None, -(i.year or 0), i.kind, i.text))
