"""The register's deals in memory, by country pair, so a claim is matched without a query.

Loading one release's 30,000 deals takes a fraction of a second once per process; each claim then
costs a dictionary look-up (issue 5 aims at under 20 ms an article).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from armswatch.reconcile.model import DealRef
from armswatch.register.deals import DEAL_COLUMNS
from armswatch.register.releases import current_release


@dataclass(frozen=True)
class Deal:
    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    order_year_uncertain: bool
    number_ordered: int | None
    designation: str
    description: str | None
    category: str
    number_delivered: int | None
    delivery_years: tuple[int, ...]
    comments: str | None

    def ref(self, why: str = "") -> DealRef:
        return DealRef(self.deal_id, self.supplier, self.recipient, self.order_year,
                       self.designation, self.category, self.number_ordered,
                       self.number_delivered, self.delivery_years, self.comments, why)

    @property
    def first_year(self) -> int | None:
        return self.order_year if self.order_year is not None else (
            self.delivery_years[0] if self.delivery_years else None)

    def label(self) -> str:
        number = "" if self.number_ordered is None else f"{self.number_ordered} "
        years = ", ".join(map(str, self.delivery_years)) or "none yet"
        return (f"{number}{self.designation} ({self.supplier} → {self.recipient}, ordered "
                f"{self.order_year or '?'}{'?' if self.order_year_uncertain else ''}, "
                f"delivered {years})")


_COLUMNS = ("deal_id", "supplier", "recipient", "order_year", "order_year_uncertain",
            "number_ordered", "designation", "description", "category", "number_delivered",
            "delivery_years", "comments")
assert set(_COLUMNS) <= set(DEAL_COLUMNS)


@dataclass
class DealIndex:
    release_id: int
    last_year: int                       # the register's last year of orders and deliveries
    by_pair: dict[tuple[str, str], list[Deal]] = field(default_factory=dict)
    by_recipient: dict[str, list[Deal]] = field(default_factory=dict)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, release_id: int | None = None) -> DealIndex:
        release = current_release(con, release_id)
        rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM deals WHERE release_id = ?",
                           [release.release_id]).fetchall()
        by_pair: dict[tuple[str, str], list[Deal]] = defaultdict(list)
        by_recipient: dict[str, list[Deal]] = defaultdict(list)
        last = 0
        for row in rows:
            deal = Deal(*row[:10], tuple(row[10] or ()), row[11])
            by_pair[(deal.supplier, deal.recipient)].append(deal)
            by_recipient[deal.recipient].append(deal)
            last = max(last, deal.order_year or 0, *deal.delivery_years)
        return cls(release.release_id, last, dict(by_pair), dict(by_recipient))

    def pair(self, suppliers: tuple[str, ...], recipient: str) -> list[Deal]:
        return [d for s in suppliers for d in self.by_pair.get((s, recipient), ())]

    def recipient(self, recipient: str) -> list[Deal]:
        return self.by_recipient.get(recipient, [])
