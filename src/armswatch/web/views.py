"""What each page shows, assembled from core calls (the same ones the CLI and the API make).

Pages and their JSON twins (/api/countries/..., /api/pairs/...) both read these models, so a page
never holds a query or a loop over rows of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import Enum

import duckdb
import pyarrow as pa

from armswatch.analytics import DependenceQuery, FlowQuery, Flows, dependence, factsheet, flows
from armswatch.analytics.factsheet import Factsheet
from armswatch.analytics.periods import Period, covered_years, parse_period
from armswatch.analytics.timeline import TimelineItem, pair_timeline
from armswatch.errors import UsageError
from armswatch.parties import Party, registry
from armswatch.register.deals import DealQuery, find_deals
from armswatch.register.deliveries import DeliveryQuery, find_deliveries, open_orders
from armswatch.register.releases import (SETTING, Release, current_release, list_releases,
                                        remembered, stored_settings)
from armswatch.review import store
from armswatch.store.views import ReleaseView
from armswatch.web import charts
from armswatch.web.responses import attribution
from armswatch.web.tables import TablePage, TableView, deal_page, whole_units

QUEUE_VERDICTS = ("undocumented", "inconsistent")


class Role(str, Enum):
    """Which side of a country's deals a table shows."""

    imports = "imports"
    exports = "exports"


def party_dict(party: Party) -> dict[str, object]:
    return {**asdict(party), "aliases": list(party.aliases), "demonyms": list(party.demonyms)}


def figures_release(con: duckdb.DuckDBPyConnection, release_id: int | None = None) -> Release:
    """The release figures (volumes, shares, charts) read: the one asked for, else the one chosen
    with `armswatch use`, else the whole-register release whose deliveries reach the latest year
    (the bundle: SIPRI's 2026 per-year deliveries, to 2025, before the 2025 register, to 2024;
    issue 18). Ties go to the release with deals, then the newest."""
    if release_id is not None or SETTING in stored_settings(con):
        return current_release(con, release_id)
    return remembered(con, "figures-release", lambda: _newest(con))


def _newest(con: duckdb.DuckDBPyConnection) -> Release:
    whole = [r for r in list_releases(con) if r.deliveries and r.whole_register]
    if not whole:
        return current_release(con)
    return max(whole, key=lambda r: (covered_years(ReleaseView(con, r)).year_to, r.deals > 0,
                                     r.data_generated or datetime.min, r.release_id))


def deals_release(con: duckdb.DuckDBPyConnection, release_id: int | None = None) -> Release:
    """The release deal tables read: the one asked for when it has deals (SIPRI's per-year
    deliveries have none), else the current register."""
    asked = current_release(con, release_id)
    return asked if asked.deals else current_release(con)


def within_data(view: ReleaseView, period: Period) -> Period:
    """``period`` if the release's deliveries cover all of it; else refused naming the years they
    cover (a period reaching past the data would compare a part against wholes)."""
    covered, release = covered_years(view), view.release
    if period.year_from < covered.year_from or period.year_to > covered.year_to:
        raise UsageError(f"The period {period.label} reaches beyond the data: {release.label} "
                         f"covers {covered.year_from}-{covered.year_to}. Choose a period within "
                         "those years, or another release.", field="period",
                         covered=covered.label)
    return period


def chosen_period(view: ReleaseView, period: str | None) -> Period:
    """The period asked for (within the data), else the latest complete five-year period of the
    release (SIPRI compares five-year periods)."""
    if period:
        return within_data(view, parse_period(period))
    covered = covered_years(view)
    return Period(covered.year_to - 4, covered.year_to)


@dataclass(frozen=True)
class ReleaseChoice:
    release_id: int
    label: str
    years: str


def release_choices(con: duckdb.DuckDBPyConnection) -> list[ReleaseChoice]:
    """The releases a visitor can switch to (``?release=``), with the years they cover."""
    out = []
    for r in list_releases(con):
        if r.deliveries:
            covered = covered_years(ReleaseView(con, r))
            out.append(ReleaseChoice(r.release_id, r.label, f"{covered.year_from}-{covered.year_to}"))
    return out


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
    release = figures_release(con, release_id)
    view = ReleaseView(con, release)
    covered = covered_years(view)
    chosen = chosen_period(view, period)
    periods = tuple(Period(end - 4, end).label for end in range(covered.year_to, covered.year_from + 3, -5))
    if chosen.label not in periods:
        periods = (chosen.label, *periods)
    sheet = factsheet(view, chosen, top=15)
    world = flows(view, FlowQuery(by=("year",)))
    source = attribution(release)
    return Overview(release, chosen, periods, sheet,
                    charts.spec(charts.stacked(charts.flow_rows(world, None), covered.year_to,
                                               "World arms transfers by year", "", source)),
                    charts.spec(charts.exporters_chart(sheet, source)), source)


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
    years: str                         # the release's delivery years, "1950-2025"


@dataclass(frozen=True)
class CountryProfile(CountrySeries):
    role: str                          # the deals table: imports or exports
    deals: TablePage
    deals_release: Release
    deals_attribution: str


def _series(view: ReleaseView, by: tuple, **parties: str) -> Flows:
    return flows(view, FlowQuery(by=by, **parties))  # type: ignore[arg-type]


def country_series(con: duckdb.DuckDBPyConnection, name: str,
                   release_id: int | None = None) -> CountrySeries:
    party = registry().get(name)
    release = figures_release(con, release_id)
    view = ReleaseView(con, release)
    imports = _series(view, ("year", "supplier"), recipient=party.name)
    exports = _series(view, ("year", "recipient"), supplier=party.name)
    last, source, who = covered_years(view).year_to, attribution(release), charts.possessive(party.name)
    imports_chart = charts.stacked(charts.flow_rows(imports, "supplier"), last,
                                   f"{who} arms imports by supplier", "Supplier", source)
    exports_chart = charts.stacked(charts.flow_rows(exports, "recipient"), last,
                                   f"{who} arms exports by recipient", "Recipient", source)
    dep = dependence(view, DependenceQuery(recipient=party.name))
    claims = {c.claim_id: c.to_dict() for side in ("recipient", "supplier")
              for c in store.list_claims(con, **{side: party.name})}
    return CountrySeries(party_dict(party), release, charts.spec(imports_chart),
                         charts.spec(exports_chart), round(imports.total, 2),
                         round(exports.total, 2), dep.to_arrow().to_pylist(),
                         list(claims.values()), attribution(release),
                         covered_years(view).label.replace("-", "–"))


def country_deals(view: ReleaseView, name: str, role: str, designation: str | None) -> pa.Table:
    side = {"supplier": name} if role == "exports" else {"recipient": name}
    return find_deals(view, DealQuery(**side, designation=designation))


def country(con: duckdb.DuckDBPyConnection, series: CountrySeries, role: str = "imports",
            designation: str | None = None, view: TableView = TableView(),
            release_id: int | None = None) -> CountryProfile:
    """The country's page: its series (``country_series``, cached apart) and one page of its deals
    table, sorted and filtered over all its deals."""
    release = deals_release(con, release_id)
    deals = country_deals(ReleaseView(con, release), str(series.party["name"]), role, designation)
    partner = "supplier" if role == "imports" else "recipient"
    return CountryProfile(**vars(series), role=role, deals=deal_page(deals, view, partner),
                          deals_release=release, deals_attribution=attribution(release))


@dataclass(frozen=True)
class PairProfile:
    supplier: str
    recipient: str
    release: Release                   # the chart's (figures_release)
    chart: dict[str, object]
    systems_chart: dict[str, object]   # by year and system, from the tables' release
    tiv: float
    deals_release: Release             # the tables' (deals_release): deliveries by system
    deliveries: list[dict[str, object]]  # whole units (tables.whole_units)
    open_orders: list[dict[str, object]]
    timeline: list[TimelineItem]
    attribution: str
    deals_attribution: str


def pair(con: duckdb.DuckDBPyConnection, supplier: str, recipient: str,
         release_id: int | None = None) -> PairProfile:
    parties = registry()
    supplier, recipient = parties.resolve(supplier), parties.resolve(recipient)
    release, tables = figures_release(con, release_id), deals_release(con, release_id)
    figures, tabled = ReleaseView(con, release), ReleaseView(con, tables)
    by_year = _series(figures, ("year",), supplier=supplier, recipient=recipient)
    query = DeliveryQuery(supplier, recipient)
    deliveries = whole_units(find_deliveries(tabled, query).to_pylist())
    who = f"Arms deliveries from {supplier} to {recipient}"
    chart = charts.stacked(charts.flow_rows(by_year, None), covered_years(figures).year_to,
                           f"{who} by year", "", attribution(release))
    systems = charts.stacked([(d["year"], d["designation"] or "unnamed", d["tiv_delivered"] or 0.0)
                              for d in deliveries], covered_years(tabled).year_to,
                             f"{who} by system", "System", attribution(tables))
    return PairProfile(supplier, recipient, release, charts.spec(chart), charts.spec(systems),
                       round(by_year.total, 2), tables, deliveries,
                       open_orders(tabled, query).to_pylist(),
                       pair_timeline(tabled, supplier, recipient),
                       attribution(release), attribution(tables))


@dataclass(frozen=True)
class ReviewQueue:
    state: str | None
    claims: list[dict[str, object]]


def review_queue(con: duckdb.DuckDBPyConnection, state: str | None = "pending") -> ReviewQueue:
    """Undocumented and inconsistent claims: the ones a person should look at; a decided one
    with its latest decision (who, when: issue 19)."""
    claims = [c.to_dict() for verdict in QUEUE_VERDICTS
              for c in store.list_claims(con, verdict=verdict, state=state)]
    for claim in claims:
        decisions = store.history(con, str(claim["claim_id"])) if claim["state"] != "pending" else []
        claim["decision"] = decisions[-1].to_dict() if decisions else None
    return ReviewQueue(state, claims)
