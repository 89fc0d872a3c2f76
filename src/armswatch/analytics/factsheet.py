"""SIPRI-style fact sheet for any period ("Trends in international arms transfers", SIPRI Fact
Sheet, March every year): world volume and its change against the two previous periods of the
same length, the number of supplier and recipient states, the top exporters and importers with
their share of the world total, change against the previous period and three main partners, and
imports by region.

The figures are those ``flows`` gives for the same groupings (tests pin the equality), computed from
one aggregate query: deliveries summed by supplier, recipient and period for the period and the two
before it. Five ``flows`` queries cost about 10 ms each; this one about 5 ms (issue 3's budget).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from armswatch.analytics.flows import NO_REGION
from armswatch.analytics.periods import Period, check_covered, check_within
from armswatch.errors import UsageError
from armswatch.parties import SUCCESSORS, registry
from armswatch.register.releases import Release
from armswatch.store.views import ReleaseView

MAIN_PARTNERS = 3  # SIPRI's fact sheets list each exporter's three main clients


@dataclass(frozen=True)
class PartnerShare:
    party: str
    share: float  # % of the exporter's exports (main clients) or the importer's imports


@dataclass(frozen=True)
class Trader:
    party: str
    tiv: float
    share: float              # % of the world total
    change_pct: float | None  # against the previous period; None when it had nothing
    partners: tuple[PartnerShare, ...]


@dataclass(frozen=True)
class RegionImports:
    region: str
    tiv: float
    share: float
    change_pct: float | None


@dataclass(frozen=True)
class Factsheet:
    release: Release
    period: Period
    tiv_total: float
    volume_change_pct: dict[str, float | None]  # keyed by the earlier period's label
    suppliers_count: int   # states only, as SIPRI counts them
    recipients_count: int
    exporters: tuple[Trader, ...]
    importers: tuple[Trader, ...]
    regions: tuple[RegionImports, ...]

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape (issue 3); shares in per cent, rounded as SIPRI prints them."""
        return {"period": [self.period.year_from, self.period.year_to],
                "tiv_total": round(self.tiv_total, 2),
                "volume_change_pct": {k: _round(v) for k, v in self.volume_change_pct.items()},
                "suppliers_count": self.suppliers_count, "recipients_count": self.recipients_count,
                "exporters": [_trader(t, "main_clients") for t in self.exporters],
                "importers": [_trader(t, "main_suppliers") for t in self.importers],
                "regions": [{k: _round(v) for k, v in asdict(r).items()} for r in self.regions],
                "release": self.release.label, "attribution": self.release.attribution}


def _round(value):
    return round(value, 2) if isinstance(value, float) else value


def _trader(trader: Trader, partners: str) -> dict[str, object]:
    return {"party": trader.party, "tiv": round(trader.tiv, 2), "share": round(trader.share, 2),
            "change_pct": _round(trader.change_pct),
            partners: [{"party": p.party, "share": round(p.share, 2)} for p in trader.partners]}


def factsheet(view: ReleaseView, period: Period, *, top: int = 25,
              merge_successors: bool = False) -> Factsheet:
    """SIPRI's fact sheet of ``period`` in the view's release."""
    if top < 1:
        raise UsageError(f"--top must be 1 or more, not {top}.")
    release = view.release
    check_covered(view, period)
    check_within(view, period.year_from, period.year_to)  # no comparison with no data
    periods = (period, period.before(1), period.before(2))
    totals = _Totals(_pair_rows(view.con, release, periods), merge_successors)
    return Factsheet(
        release=release, period=period, tiv_total=totals.world[0],
        volume_change_pct={p.label: _pct_change(totals.world[0], totals.world[i])
                           for i, p in enumerate(periods[1:], start=1)},
        suppliers_count=_states(totals.by_role["supplier"]),
        recipients_count=_states(totals.by_role["recipient"]),
        exporters=_traders(totals, "supplier", top),
        importers=_traders(totals, "recipient", top),
        regions=_regions(totals))


def _pair_rows(con: duckdb.DuckDBPyConnection, release: Release,
               periods: tuple[Period, ...]) -> list[tuple[str, str, int, float]]:
    """(supplier, recipient, period index, TIV) for every pair with deliveries in the periods."""
    cases = " ".join(f"WHEN year BETWEEN {p.year_from} AND {p.year_to} THEN {i}"
                     for i, p in enumerate(periods))
    return con.execute(
        f"SELECT supplier, recipient, CASE {cases} END AS k, sum(tiv_delivered) FROM deliveries "
        "WHERE release_id = ? AND year BETWEEN ? AND ? GROUP BY ALL",
        [release.release_id, periods[-1].year_from, periods[0].year_to]).fetchall()


class _Totals:
    """TIV by period for the world, each supplier, each recipient, each pair and each region."""

    def __init__(self, rows: list[tuple[str, str, int, float]], merge_successors: bool) -> None:
        rename = SUCCESSORS if merge_successors else {}
        self.world = [0.0, 0.0, 0.0]
        self.by_role: dict[str, dict[str, list[float]]] = {"supplier": {}, "recipient": {}}
        self.pairs: dict[tuple[str, str], float] = {}
        for supplier, recipient, k, tiv in rows:
            supplier, recipient = rename.get(supplier, supplier), rename.get(recipient, recipient)
            self.world[k] += tiv
            for role, party in (("supplier", supplier), ("recipient", recipient)):
                self.by_role[role].setdefault(party, [None, None, None])  # type: ignore[list-item]
                self.by_role[role][party][k] = (self.by_role[role][party][k] or 0.0) + tiv
            if k == 0:
                self.pairs[(supplier, recipient)] = self.pairs.get((supplier, recipient), 0.0) + tiv

    def ranked(self, role: str) -> list[tuple[str, float, float | None]]:
        """(party, TIV in the period, TIV in the period before) by TIV, as flows orders them."""
        rows = [(p, t[0], t[1]) for p, t in self.by_role[role].items() if t[0] is not None]
        return sorted(rows, key=lambda r: (-r[1], r[0]))


def _pct_change(now: float | None, then: float | None) -> float | None:
    return 100 * (now / then - 1) if now is not None and then else None


def _states(parties_tiv: dict[str, list[float | None]]) -> int:
    """Parties with deliveries in the period that are states, as SIPRI counts them."""
    parties = registry()
    return sum(1 for name, tiv in parties_tiv.items() if tiv[0] is not None
               and parties.lookup(name) and parties.get(name).kind == "state")


def _traders(totals: _Totals, role: str, top: int) -> tuple[Trader, ...]:
    other = 1 if role == "supplier" else 0
    traders = []
    for party, tiv, before in totals.ranked(role)[:top]:
        mine = sorted(((pair[other], t) for pair, t in totals.pairs.items()
                       if pair[1 - other] == party), key=lambda r: (-r[1], r[0]))
        traders.append(Trader(party, tiv, 100 * tiv / totals.world[0], _pct_change(tiv, before),
                              tuple(PartnerShare(name, 100 * t / tiv)
                                    for name, t in mine[:MAIN_PARTNERS])))
    return tuple(traders)


def _regions(totals: _Totals) -> tuple[RegionImports, ...]:
    parties = registry()
    by_region: dict[str, list[float | None]] = {}
    for name, tiv in totals.by_role["recipient"].items():
        party = parties.by_name.get(parties.lookup(name) or "")
        cell = by_region.setdefault((party.region if party else None) or NO_REGION, [None] * 3)
        for k in range(3):
            if tiv[k] is not None:
                cell[k] = (cell[k] or 0.0) + tiv[k]  # type: ignore[operator]
    rows = sorted(((r, t[0], t[1]) for r, t in by_region.items() if t[0] is not None),
                  key=lambda r: (-r[1], r[0]))
    return tuple(RegionImports(region, tiv, 100 * tiv / totals.world[0], _pct_change(tiv, before))
                 for region, tiv, before in rows)
