"""The register's deals in memory, by country pair, so a claim is matched without a query.

Loading one release's 30,000 deals takes ~0.15 s CPU once per process (most of it DuckDB making
Python rows); each claim then costs a dictionary look-up (issue 5 aims at under 20 ms an article).
A process that checks a few documents and exits (``armswatch check`` of an article) loads lazily
instead: the deals of each recipient a claim names, when first asked (~1-7 ms each), and the whole
release once more than ``LAZY_RECIPIENTS`` recipients were asked for (issue 17: check's start-up).
The index is made once per ``ReleaseView`` (``deal_index``) and kept with it (issue 16).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from armswatch.model import Deal
from armswatch.register.deals import DEAL_COLUMNS
from armswatch.store.views import ReleaseView


LAZY_RECIPIENTS = 16
_COLUMNS = DEAL_COLUMNS  # armswatch.model.Deal's fields, in order (source_line apart)


@dataclass
class DealIndex:
    release_id: int
    last_year: int                       # the register's last year of orders and deliveries
    by_pair: dict[tuple[str, str], list[Deal]] = field(default_factory=dict)
    by_recipient: dict[str, list[Deal]] = field(default_factory=dict)
    # a lazy index's connection, read for the deals of a recipient not yet loaded; None once the
    # whole release is in (an eager index never reads again, so it may outlive its connection)
    source: duckdb.DuckDBPyConnection | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, view: ReleaseView, *, lazy: bool = False) -> DealIndex:
        """The index of the view's release (``deal_index`` keeps it with the view). ``lazy``:
        read each recipient's deals when first asked, through the view's connection, which must
        stay open and be used from one thread (a short-lived command; a server keeps the eager
        index)."""
        con, release_id = view.con, view.release_id
        if lazy:
            (last,) = con.execute(_LAST_YEAR, [release_id]).fetchone()
            return cls(release_id, last, source=con)
        index = cls(release_id, 0)
        index._add(con.execute(_SELECT, [release_id]).fetchall())
        return index

    def _add(self, rows: list[tuple]) -> None:
        by_pair = defaultdict(list, self.by_pair)
        by_recipient = defaultdict(list, self.by_recipient)
        for row in rows:
            deal = Deal(*row[:12], tuple(row[12] or ()), *row[13:])
            by_pair[(deal.supplier, deal.recipient)].append(deal)
            by_recipient[deal.recipient].append(deal)
            self.last_year = max(self.last_year, deal.order_year or 0, *deal.delivery_years)
        self.by_pair, self.by_recipient = dict(by_pair), dict(by_recipient)

    def _need(self, recipient: str) -> None:
        """A lazy index: ``recipient``'s deals read, if they are not in yet."""
        if self.source is None or recipient in self.by_recipient:
            return
        if len(self.by_recipient) >= LAZY_RECIPIENTS:  # many recipients: the whole release at once
            self.by_pair, self.by_recipient = {}, {}
            self._add(self.source.execute(_SELECT, [self.release_id]).fetchall())
            self.source = None
            return
        self._add(self.source.execute(_SELECT + " AND recipient = ?",
                                      [self.release_id, recipient]).fetchall())
        self.by_recipient.setdefault(recipient, [])

    def pair(self, suppliers: tuple[str, ...], recipient: str) -> list[Deal]:
        self._need(recipient)
        return [d for s in suppliers for d in self.by_pair.get((s, recipient), ())]

    def recipient(self, recipient: str) -> list[Deal]:
        self._need(recipient)
        return self.by_recipient.get(recipient, [])


def deal_index(view: ReleaseView, *, lazy: bool = False) -> DealIndex:
    """The deal index of the view's release, loaded once per view (and the views ``on`` other
    cursors of it). A lazy index reads through the view's own connection, so it is kept under
    that connection (the index holds it: its id is not reused meanwhile); an eager one, once
    loaded, serves lazy askers too."""
    eager = view.derived_values.get("deal-index")
    if eager is not None or not lazy:
        return eager or view.derived("deal-index", DealIndex.load)  # type: ignore[return-value]
    return view.derived(("deal-index", "lazy", id(view.con)),
                        lambda v: DealIndex.load(v, lazy=True))


# Rows in the table's order (DuckDB keeps insertion order), so lazy and eager lists agree.
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM deals WHERE release_id = ?"
# max(order year, delivery years) over the release, as the eager load computes it
_LAST_YEAR = ("SELECT coalesce(max(greatest(coalesce(order_year, 0), "
              "coalesce(list_max(delivery_years), 0))), 0) FROM deals WHERE release_id = ?")
