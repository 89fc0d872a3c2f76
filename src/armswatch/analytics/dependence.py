"""How dependent each importer is on its suppliers, period by period.

- ``herfindahl``: the Herfindahl-Hirschman index of the importer's supplier shares, on the usual
  0-10,000 scale (shares in per cent, squared and summed): 10,000 means a single supplier.
- ``largest_shift``: the supplier whose share of the importer's imports moved most against the
  previous period, and by how many percentage points (``shift_pp``, signed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from armswatch.analytics.flows import FlowQuery, flows
from armswatch.register.releases import Release
from armswatch.store.views import ReleaseView

if TYPE_CHECKING:  # pandas and pyarrow load when a result is converted (CLI start-up, issue 17)
    import pandas as pd
    import pyarrow as pa


@dataclass(frozen=True)
class DependenceQuery:
    recipient: str | None = None  # None: every importer
    year_from: int | None = None
    year_to: int | None = None
    period_length: int = 5
    merge_successors: bool = False


@dataclass(frozen=True)
class PeriodDependence:
    recipient: str
    period: str
    tiv: float
    suppliers: int
    herfindahl: float
    main_supplier: str
    main_supplier_share: float
    largest_shift: str | None   # None in the first period shown
    shift_pp: float | None


@dataclass(frozen=True)
class Dependence:
    query: DependenceQuery
    release: Release
    rows: tuple[PeriodDependence, ...]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([r.__dict__ for r in self.rows], columns=list(PeriodDependence.__dataclass_fields__))

    def to_arrow(self, digits: int = 2) -> pa.Table:
        import pyarrow as pa

        return pa.Table.from_pandas(self.to_frame().round(digits), preserve_index=False)


def dependence(view: ReleaseView, query: DependenceQuery) -> Dependence:
    """Each importer's dependence on its suppliers, period by period, in the view's release."""
    result = flows(view, FlowQuery(recipient=query.recipient, year_from=query.year_from,
                                   year_to=query.year_to, by=("recipient", "period", "supplier"),
                                   period_length=query.period_length,
                                   merge_successors=query.merge_successors))
    shares: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    tivs: dict[tuple[str, str], float] = defaultdict(float)
    at = {c: i for i, c in enumerate(result.columns)}
    for r in result.records:
        shares[r[at["recipient"]]][r[at["period"]]][r[at["supplier"]]] = r[at["share_of_recipient_imports"]]
        tivs[r[at["recipient"]], r[at["period"]]] += r[at["tiv"]]
    rows = [row for recipient in sorted(shares) for row in _periods(recipient, shares[recipient], tivs)]
    return Dependence(query, result.release, tuple(rows))


def _periods(recipient: str, by_period: dict[str, dict[str, float]],
             tivs: dict[tuple[str, str], float]) -> list[PeriodDependence]:
    rows, before = [], None
    for period in sorted(by_period):
        now = by_period[period]
        main = max(now, key=lambda s: now[s])
        shift = _largest_shift(before, now) if before is not None else (None, None)
        rows.append(PeriodDependence(recipient, period, tivs[recipient, period], len(now),
                                     sum(s * s for s in now.values()), main, now[main], *shift))
        before = now
    return rows


def _largest_shift(before: dict[str, float], now: dict[str, float]) -> tuple[str, float]:
    moves = {s: now.get(s, 0.0) - before.get(s, 0.0) for s in sorted({*before, *now})}
    supplier = max(moves, key=lambda s: abs(moves[s]))
    return supplier, moves[supplier]
