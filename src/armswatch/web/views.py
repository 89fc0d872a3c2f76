"""What each page shows, assembled from core calls (the same ones the CLI and the API make).

Pages and their JSON twins (/api/countries/..., /api/pairs/...) both read these models, so a page
never holds a query or a loop over rows of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum

import duckdb
import pyarrow as pa

from armswatch.analytics import DependenceQuery, FlowQuery, Flows, dependence, factsheet, flows
from armswatch.analytics.charts import Chart, factsheet_chart, flows_chart
from armswatch.analytics.factsheet import Factsheet
from armswatch.analytics.periods import Period, covered_years, parse_period
from armswatch.analytics.timeline import TimelineItem, pair_timeline
from armswatch.parties import Party, registry
from armswatch.register.deals import DealQuery, find_deals
from armswatch.register.deliveries import DeliveryQuery, find_deliveries, open_orders
from armswatch.register.releases import Release, current_release
from armswatch.review import store
from armswatch.web.responses import attribution

DEAL_TABLE_ROWS = 500    # the page shows the latest this many; the CSV download has them all
QUEUE_VERDICTS = ("undocumented", "inconsistent")


class Role(str, Enum):
    """Which side of a country's deals a table shows."""

    imports = "imports"
    exports = "exports"


def chart_spec(chart: Chart) -> dict[str, object]:
    """The chart description as JSON for static/armswatch.js (which draws it with plotly)."""
    return asdict(chart)


def party_dict(party: Party) -> dict[str, object]:
    return {**asdict(party), "aliases": list(party.aliases), "demonyms": list(party.demonyms)}


@dataclass(frozen=True)
class Overview:
    release: Release
    period: Period
    periods: tuple[str, ...]      # the five-year periods a visitor can choose, latest first
    sheet: Factsheet
    world_chart: dict[str, object]
    exporters_chart: dict[str, object]
    attribution: str


def overview(con: duckdb.DuckDBPyConnection, period: str | None, release_id: int | None) -> Overview:
    release = current_release(con, release_id)
    covered = covered_years(con, release)
    chosen = parse_period(period) if period else Period(covered.year_to - 4, covered.year_to)
    periods = tuple(Period(end - 4, end).label for end in range(covered.year_to, covered.year_from + 3, -5))
    sheet = factsheet(con, chosen, top=15, release_id=release.release_id)
    world = flows(con, FlowQuery(by=("year",), release_id=release.release_id))
    return Overview(release, chosen, periods, sheet, chart_spec(flows_chart(world)),
                    chart_spec(factsheet_chart(sheet)), attribution(release))


@dataclass(frozen=True)
class CountrySeries:
    """The part of a country's page that does not depend on the deals table's filters."""

    party: dict[str, object]
    release: Release
    imports_chart: dict[str, object]
    exports_chart: dict[str, object]
    imports_tiv: float
    exports_tiv: float
    dependence: list[dict[str, object]]
    claims: list[dict[str, object]]
    attribution: str


@dataclass(frozen=True)
class CountryProfile(CountrySeries):
    role: str                          # the deals table: imports or exports
    deals: list[dict[str, object]]     # latest first
    deals_total: int


def _series(con, release: Release, by: tuple, **parties: str) -> Flows:
    return flows(con, FlowQuery(by=by, release_id=release.release_id, **parties))  # type: ignore[arg-type]


def country_series(con: duckdb.DuckDBPyConnection, name: str,
                   release_id: int | None = None) -> CountrySeries:
    party = registry().get(name)
    release = current_release(con, release_id)
    imports = _series(con, release, ("year", "supplier"), recipient=party.name)
    exports = _series(con, release, ("year", "recipient"), supplier=party.name)
    dep = dependence(con, DependenceQuery(recipient=party.name, release_id=release.release_id))
    claims = {c.claim_id: c.to_dict() for side in ("recipient", "supplier")
              for c in store.list_claims(con, **{side: party.name})}
    return CountrySeries(party_dict(party), release, chart_spec(flows_chart(imports)),
                         chart_spec(flows_chart(exports)), round(imports.total, 2),
                         round(exports.total, 2), dep.to_arrow().to_pylist(),
                         list(claims.values()), attribution(release))


def country_deals(con: duckdb.DuckDBPyConnection, name: str, role: str, designation: str | None,
                  release_id: int | None) -> pa.Table:
    side = {"supplier": name} if role == "exports" else {"recipient": name}
    return find_deals(con, DealQuery(**side, designation=designation, release_id=release_id))


def country(con: duckdb.DuckDBPyConnection, series: CountrySeries, role: str = "imports",
            designation: str | None = None) -> CountryProfile:
    """The country's page: its series (``country_series``, cached apart) and its deals table."""
    deals = country_deals(con, str(series.party["name"]), role, designation,
                          series.release.release_id)
    latest = deals.slice(max(0, deals.num_rows - DEAL_TABLE_ROWS)).to_pylist()[::-1]
    return CountryProfile(**vars(series), role=role, deals=latest, deals_total=deals.num_rows)


@dataclass(frozen=True)
class PairProfile:
    supplier: str
    recipient: str
    release: Release
    chart: dict[str, object]
    tiv: float
    deliveries: list[dict[str, object]]
    open_orders: list[dict[str, object]]
    timeline: list[TimelineItem]
    attribution: str


def pair(con: duckdb.DuckDBPyConnection, supplier: str, recipient: str,
         release_id: int | None = None) -> PairProfile:
    parties = registry()
    supplier, recipient = parties.resolve(supplier), parties.resolve(recipient)
    release = current_release(con, release_id)
    by_year = _series(con, release, ("year",), supplier=supplier, recipient=recipient)
    query = DeliveryQuery(supplier, recipient, release_id=release.release_id)
    return PairProfile(supplier, recipient, release, chart_spec(flows_chart(by_year)),
                       round(by_year.total, 2), find_deliveries(con, query).to_pylist(),
                       open_orders(con, query).to_pylist(),
                       pair_timeline(con, supplier, recipient, release.release_id),
                       attribution(release))


@dataclass(frozen=True)
class ReviewQueue:
    state: str | None
    claims: list[dict[str, object]]


def review_queue(con: duckdb.DuckDBPyConnection, state: str | None = "pending") -> ReviewQueue:
    """Undocumented and inconsistent claims: the ones a person should look at."""
    claims = [c.to_dict() for verdict in QUEUE_VERDICTS
              for c in store.list_claims(con, verdict=verdict, state=state)]
    return ReviewQueue(state, claims)
