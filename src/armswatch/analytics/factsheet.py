"""SIPRI-style fact sheet for any period ("Trends in international arms transfers", SIPRI Fact
Sheet, March every year): world volume and its change against the two previous periods of the
same length, the number of supplier and recipient states, the top exporters and importers with
their share of the world total, change against the previous period and three main partners, and
imports by region. Every figure is a reading of ``flows``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from armswatch.analytics.flows import FlowQuery, Flows, flows
from armswatch.analytics.periods import Period, check_covered
from armswatch.errors import UsageError
from armswatch.parties import registry
from armswatch.register.releases import Release, current_release

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


def factsheet(con: duckdb.DuckDBPyConnection, period: Period, *, top: int = 25,
              merge_successors: bool = False, release_id: int | None = None) -> Factsheet:
    if top < 1:
        raise UsageError(f"--top must be 1 or more, not {top}.")
    check_covered(con, current_release(con, release_id), period)
    def query(by, year_from=period.before(1).year_from) -> Flows:
        return flows(con, FlowQuery(year_from=year_from, year_to=period.year_to, by=by,
                                    period_length=period.length, release_id=release_id,
                                    merge_successors=merge_successors))
    world = query(("period",), period.before(2).year_from)
    pairs = flows(con, FlowQuery(year_from=period.year_from, year_to=period.year_to,
                                 by=("supplier", "recipient"), release_id=release_id,
                                 merge_successors=merge_successors))
    exporters, importers = query(("supplier", "period")), query(("recipient", "period"))
    return Factsheet(
        release=world.release, period=period, tiv_total=_tiv(world, period),
        volume_change_pct={p.label: _change(world, period, p) for p in (period.before(1), period.before(2))},
        suppliers_count=_states(exporters, "supplier", period),
        recipients_count=_states(importers, "recipient", period),
        exporters=_traders(exporters, pairs, "supplier", period, top),
        importers=_traders(importers, pairs, "recipient", period, top),
        regions=_regions(query(("recipient_region", "period")), period))


def _in(result: Flows, period: Period) -> list[dict[str, object]]:
    return [row for row in (dict(zip(result.columns, r)) for r in result.records)
            if row["period"] == period.label]


def _tiv(world: Flows, period: Period) -> float:
    return sum(float(r["tiv"]) for r in _in(world, period))  # type: ignore[arg-type]


def _change(world: Flows, period: Period, base: Period) -> float | None:
    then = _tiv(world, base)
    return 100 * (_tiv(world, period) / then - 1) if then else None


def _states(result: Flows, role: str, period: Period) -> int:
    parties = registry()
    return sum(1 for r in _in(result, period)
               if parties.lookup(str(r[role])) and parties.get(str(r[role])).kind == "state")


def _traders(result: Flows, pairs: Flows, role: str, period: Period, top: int) -> tuple[Trader, ...]:
    other = "recipient" if role == "supplier" else "supplier"
    share = "share_of_supplier_exports" if role == "supplier" else "share_of_recipient_imports"
    rows = [dict(zip(pairs.columns, r)) for r in pairs.records]
    traders = []
    for row in _in(result, period)[:top]:
        mine = sorted((r for r in rows if r[role] == row[role]), key=lambda r: -r[share])  # type: ignore[operator]
        traders.append(Trader(str(row[role]), float(row["tiv"]), float(row["share_of_world"]),  # type: ignore[arg-type]
                              row["change_pct"],  # type: ignore[arg-type]
                              tuple(PartnerShare(str(r[other]), float(r[share]))  # type: ignore[arg-type]
                                    for r in mine[:MAIN_PARTNERS])))
    return tuple(traders)


def _regions(result: Flows, period: Period) -> tuple[RegionImports, ...]:
    return tuple(RegionImports(str(r["recipient_region"]), float(r["tiv"]),  # type: ignore[arg-type]
                               float(r["share_of_world"]), r["change_pct"])  # type: ignore[arg-type]
                 for r in _in(result, period))
