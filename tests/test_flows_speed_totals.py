"""Flow totals (store/totals.py): flows reads precomputed denominators and gives the figures the
single SQL query over the deliveries gives; the totals are built with every import, and databases
without them still work and are upgraded when opened for writing."""

from __future__ import annotations

import math
import sys

import pytest
from conftest import FIXTURES

from armswatch import db
from armswatch.analytics import FlowQuery, flows
from armswatch.register.releases import current_release, use_release
from armswatch.store.views import release_view
from armswatch.store.load import import_file
from armswatch.store.totals import marker

flows_module = sys.modules["armswatch.analytics.flows"]

QUERIES = [  # (the release asked for, None for the current one; the query)
    (None, FlowQuery(recipient="Myanmar", year_from=2014, year_to=2019, by=("supplier",))),
    (None, FlowQuery(supplier="Russia", year_from=1950, year_to=2024, by=("year",))),
    (None, FlowQuery(supplier="Russia", recipient="India", by=("year",))),
    (None, FlowQuery(supplier="USSR", year_from=1980, year_to=2024, by=("period", "recipient"),
                     merge_successors=True)),
    (None, FlowQuery(recipient="India", year_from=1992, year_to=2024, by=("period",),
                     period_length=7)),
    (None, FlowQuery(supplier="United States", year_from=2010, year_to=2024, category="aircraft",
                     by=("recipient_region", "year"))),
    (None, FlowQuery(year_from=2020, year_to=2024, by=("supplier", "recipient"))),
    (None, FlowQuery(year_from=2015, year_to=2024, by=("supplier", "period"))),
    (1, FlowQuery(year_from=1990, year_to=1999, by=("category",))),
    (1, FlowQuery(recipient="Burma", year_from=2014, year_to=2019)),
    (None, FlowQuery(supplier="United States", by=("year", "recipient"))),  # many groups: shares in SQL
]


def _same(a: list[tuple], b: list[tuple]) -> bool:
    """Equal records, floats to 1e-9 relative (sums in another order differ in the last bits)."""
    def close(x, y):
        if isinstance(x, float) and isinstance(y, float):
            return (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y, rel=1e-9, abs=1e-9)
        return x == y
    return len(a) == len(b) and all(len(r) == len(s) and all(map(close, r, s)) for r, s in zip(a, b))


def _from_deliveries(con, query: FlowQuery, release_id: int | None = None):
    """The answer of the one SQL query over the deliveries (what flows gives without totals)."""
    view = release_view(con, release_id)
    release = view.release
    resolved = flows_module._resolved(view, query)
    result = con.execute(*flows_module._sql(resolved, release))
    records = result.fetchall()
    columns = tuple(d[0] for d in result.description)
    if "period" in resolved.by:
        records = flows_module._label_periods(records, columns, resolved)
    return columns, records


def test_the_bundle_seeds_flow_totals_for_every_release(bundled_db):
    releases = [r[0] for r in bundled_db.execute("SELECT release_id FROM releases").fetchall()]
    settings = dict(bundled_db.execute("SELECT key, value FROM settings").fetchall())
    assert all(marker(r) in settings for r in releases)
    for role, category, which in (("supplier", "NULL", "IS NULL"),
                                  ("recipient", "category", "IS NOT NULL")):
        wrong = bundled_db.execute(
            f"WITH d AS (SELECT release_id, {role} AS party, {category} AS category, year, "
            "sum(tiv_delivered) AS tiv FROM deliveries GROUP BY ALL), "
            f"t AS (SELECT * FROM flow_totals WHERE role = '{role}' AND category {which}) "
            "SELECT count(*) FROM d FULL JOIN t ON (t.release_id, t.party, t.year) = "
            "(d.release_id, d.party, d.year) AND t.category IS NOT DISTINCT FROM d.category "
            "WHERE t.tiv IS NULL OR d.tiv IS NULL OR abs(d.tiv - t.tiv) > 1e-9").fetchone()[0]
        assert wrong == 0


@pytest.mark.parametrize("release,query", QUERIES, ids=range(len(QUERIES)))
def test_flows_with_totals_give_the_figures_of_the_query_over_the_deliveries(bundled_db, release,
                                                                             query):
    result = flows(release_view(bundled_db, release), query)
    columns, records = _from_deliveries(bundled_db, query, release)
    assert result.columns == columns
    assert _same(result.records, records)


def test_empty_selections_still_name_the_covered_years(bundled_db):
    from armswatch.errors import UsageError
    with pytest.raises(UsageError, match="covers 1950-2024"):
        flows(release_view(bundled_db), FlowQuery(year_from=2030, year_to=2035))
    nothing = FlowQuery(recipient="Ukraine", year_from=1950, year_to=1960, by=("supplier",))
    assert flows(release_view(bundled_db), nothing).records == _from_deliveries(bundled_db, nothing)[1] == []


def test_a_database_without_flow_totals_is_read_from_the_deliveries_then_upgraded(tmp_path):
    path = tmp_path / "old.duckdb"
    con = db.connect(path)
    query = QUERIES[0][1]
    expected = flows(release_view(con), query).records
    con.execute("DROP MACRO TABLE flow_totals_of")
    con.execute("DROP TABLE flow_totals")
    con.execute("DELETE FROM settings WHERE key LIKE 'flow_totals:%'")
    con.close()
    old = db.connect(path, read_only=True)  # as a database from before flow totals, read-only
    assert _same(flows(release_view(old), query).records, expected)
    old.close()
    upgraded = db.connect(path)  # opened for writing: the totals are built
    assert upgraded.execute("SELECT count(*) FROM settings WHERE key LIKE 'flow_totals:%'"
                            ).fetchone()[0] == 2
    assert flows_module._has_totals(upgraded, current_release(upgraded))
    assert _same(flows(release_view(upgraded), query).records, expected)
    upgraded.close()


def test_an_import_builds_its_totals_and_re_splits_rebuild_theirs(empty_db):
    import_file(empty_db, FIXTURES / "classic-latin1.csv")
    first = flows(release_view(empty_db), FlowQuery(by=("supplier", "year")))
    assert flows_module._has_totals(empty_db, first.release)
    import_file(empty_db, FIXTURES / "deliveries-myanmar.json")  # re-splits release 1
    assert current_release(empty_db).release_id == 1
    for release, query in ((None, FlowQuery(by=("supplier", "year"))),
                           (None, FlowQuery(recipient="Myanmar", by=("year",))),
                           (2, FlowQuery(supplier="China", by=("recipient", "period")))):
        assert _same(flows(release_view(empty_db, release), query).records,
                     _from_deliveries(empty_db, query, release)[1])
    markers = {k for (k,) in empty_db.execute("SELECT key FROM settings").fetchall()}
    assert {marker(1), marker(2)} <= markers


def test_the_release_read_follows_use_and_imports_on_the_same_connection(empty_db):
    import_file(empty_db, FIXTURES / "classic-latin1.csv")
    assert current_release(empty_db).release_id == 1
    import_file(empty_db, FIXTURES / "deliveries-myanmar.json")
    assert flows(release_view(empty_db, 2), FlowQuery(recipient="Myanmar")).release.release_id == 2
    use_release(empty_db, 2)
    assert current_release(empty_db).release_id == 2
    assert flows(release_view(empty_db), FlowQuery(recipient="Myanmar")).release.release_id == 2
    use_release(empty_db, None)
    assert current_release(empty_db).release_id == 1
