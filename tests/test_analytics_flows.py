"""Flows: delivered TIV by any keys, with shares, on the bundled March 2025 register (issue 3)."""

from __future__ import annotations

import pytest

from armswatch.store.views import release_view
from armswatch.analytics import FlowQuery, flows
from armswatch.errors import UnknownParty, UnknownRelease, UsageError

DELIVERIES_JSON = 1  # the bundle's release 1: SIPRI's per-year file (2026 release)


def table(result, digits=1, limit=None):
    return [tuple(round(v, digits) if isinstance(v, float) else v for v in r)
            for r in result.records[:limit]]


def test_myanmar_2014_2019_by_supplier_from_the_default_register(bundled_db):
    # The register's deals split over years by SIPRI's 2026 per-year file, each deal keeping its
    # 2025 total: China 59.4 (SIPRI revised KS-1 and PL-12 quantities in 2026), Russia 16.6.
    result = flows(release_view(bundled_db), FlowQuery(recipient="Myanmar", year_from=2014, year_to=2019,
                                         by=("supplier",)))
    assert result.columns == ("supplier", "tiv", "share", "share_of_supplier_exports",
                              "share_of_recipient_imports", "share_of_world")
    assert [r[:3] for r in table(result, limit=5)] == [
        ("China", 747.6, 59.4), ("Russia", 208.8, 16.6), ("South Korea", 84.8, 6.7),
        ("Belarus", 64.2, 5.1), ("India", 42.0, 3.3)]
    assert result.total == pytest.approx(1257.99)


def test_myanmar_2014_2019_from_sipris_per_year_file_gives_the_published_split(bundled_db):
    # ../shared/data/README.md: 60.1% China, 16.6% Russia, total 1,268 TIV.
    result = flows(release_view(bundled_db, DELIVERIES_JSON),
                   FlowQuery(recipient="Burma", year_from=2014, year_to=2019, by=("supplier",)))
    shares = {r[0]: r[2] for r in table(result)}
    assert (shares["China"], shares["Russia"]) == (60.1, 16.6)
    assert round(result.total) == 1268


def test_a_supplier_by_period_has_change_against_the_previous_period(bundled_db):
    result = flows(release_view(bundled_db), FlowQuery(supplier="Russia", year_from=2010, year_to=2024,
                                         by=("period",)))
    assert result.columns == ("period", "tiv", "share", "share_of_supplier_exports",
                              "share_of_world", "change_pct")
    assert table(result, 0) == [("2010-2014", 37293.0, 48.0, 100.0, 27.0, 41.0),
                                ("2015-2019", 30794.0, 39.0, 100.0, 21.0, -17.0),
                                ("2020-2024", 10336.0, 13.0, 100.0, 7.0, -66.0)]


def test_a_first_period_cut_short_by_from_has_no_change(bundled_db):
    result = flows(release_view(bundled_db), FlowQuery(supplier="Russia", year_from=1992, year_to=2024,
                                         by=("period",)))
    first = dict(zip(result.columns, result.records[0]))
    assert (first["period"], first["change_pct"]) == ("1992-1994", None)
    assert [r[0] for r in result.records][-2:] == ["2015-2019", "2020-2024"]


def test_merging_successors_counts_the_soviet_union_as_russia(bundled_db):
    apart = flows(release_view(bundled_db), FlowQuery(supplier="Russia", year_from=1950, year_to=2024))
    merged = flows(release_view(bundled_db), FlowQuery(supplier="USSR", year_from=1950, year_to=2024,
                                         merge_successors=True))
    soviet = flows(release_view(bundled_db), FlowQuery(supplier="Soviet Union", year_from=1950, year_to=2024))
    assert merged.query.supplier == "Russia"
    assert merged.total == pytest.approx(apart.total + soviet.total)


def test_regions_and_categories_are_keys_too(bundled_db):
    result = flows(release_view(bundled_db), FlowQuery(year_from=2020, year_to=2024, by=("recipient_region",)))
    assert [r[0] for r in result.records] == ["Asia and Oceania", "Europe", "Middle East",
                                               "Americas", "Africa", "(no region)"]
    aircraft = flows(release_view(bundled_db), FlowQuery(supplier="United States", year_from=2020, year_to=2024,
                                           category="aircraft", by=("category",)))
    assert aircraft.query.category == "Aircraft" and len(aircraft.records) == 1


@pytest.mark.parametrize(("query", "error", "message"), [
    (FlowQuery(recipient="Myanmr"), UnknownParty, "Did you mean Myanmar"),
    (FlowQuery(year_from=2020, year_to=2010), UsageError, "--from 2020 is after --to 2010; swap them."),
    (FlowQuery(year_from=2030, year_to=2035), UsageError, "No deliveries in 2030-2035: release 2: "
     "trade-register-1950-2024.csv (data generated 13 Mar 2025) covers 1950-2024."),
    (FlowQuery(category="Tanks"), UsageError, "Choose one of: Aircraft, Air defence systems"),
    (FlowQuery(by=("year", "period")), UsageError, "by year or by period, not both"),
    (FlowQuery(by=("country",)), UsageError, "Choose from: supplier, recipient, year, period"),
])
def test_bad_queries_name_the_valid_choices(bundled_db, query, error, message):
    with pytest.raises(error) as caught:
        flows(release_view(bundled_db), query)
    assert message in caught.value.message
    assert caught.value.exit_code == 2


def test_a_database_without_a_register_says_how_to_get_one(empty_db):
    with pytest.raises(UnknownRelease, match="armswatch import"):
        flows(release_view(empty_db), FlowQuery(recipient="Myanmar"))
