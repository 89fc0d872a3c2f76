"""Loading releases: yearly split, releases side by side, the choice of release. The store's
behaviour on both backends (issue 19): each such test runs on a DuckDB file and on a real
PostgreSQL server (tests/conftest.py's ``backend`` and ``store_db``)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from armswatch.errors import UnknownRelease
from armswatch.register.releases import current_release, use_release
from armswatch.store.load import import_file


def _yearly(con, designation, recipient="Myanmar"):
    return con.execute(
        "SELECT v.year, round(v.tiv_delivered, 4), v.estimated FROM deliveries v JOIN deals d "
        "USING (release_id, deal_id) WHERE d.designation = ? AND d.recipient = ? "
        "AND d.release_id = (SELECT max(release_id) FROM releases WHERE source_format = 'classic') "
        "ORDER BY 1", [designation, recipient]).fetchall()


def test_without_sipris_split_deals_are_split_evenly_and_marked_estimated(store_db):
    import_file(store_db, FIXTURES / "classic-latin1.csv")
    # Malyutka: 60 TIV over 12 delivery years, 1979-1990
    assert _yearly(store_db, "Malyutka", "Afghanistan") == [(y, 5.0, True) for y in range(1979, 1991)]
    rows = store_db.execute("SELECT count(*) FILTER (WHERE NOT estimated), count(*) FROM deliveries"
                            ).fetchone()
    single = store_db.execute("SELECT count(*) FROM deals WHERE len(delivery_years) = 1").fetchone()[0]
    assert rows[0] == single  # only one-year deals are exact without SIPRI's split


def test_sipris_per_year_file_splits_matching_deals_and_keeps_deal_totals(store_db):
    import_file(store_db, FIXTURES / "deliveries-myanmar.json")
    report = import_file(store_db, FIXTURES / "classic-latin1.csv")
    # Of the slice's multi-year deals only the KS-1A systems fall in the slice of the per-year file
    assert report.stats["sipri_split_deals"] == 1
    # KS-1A systems: SIPRI delivered 2, 3 and 2 in 2015-2017 (94, 141, 94 TIV); 329 TIV in all
    ks1a = store_db.execute(
        "SELECT v.year, round(v.tiv_delivered, 2), v.estimated FROM deliveries v JOIN deals d "
        "USING (release_id, deal_id) WHERE d.designation = 'KS-1A' AND d.description = 'SAM system' "
        "AND d.release_id = 2 ORDER BY 1").fetchall()
    assert ks1a == [(2015, 94.0, False), (2016, 141.0, False), (2017, 94.0, False)]
    totals = store_db.execute(
        "SELECT d.deal_id, d.tiv_delivered, sum(v.tiv_delivered) FROM deals d JOIN deliveries v "
        "USING (release_id, deal_id) GROUP BY ALL").fetchall()
    assert all(abs(deal - split) < 1e-9 for _, deal, split in totals)


def test_importing_the_per_year_file_later_resplits_the_register(store_db):
    import_file(store_db, FIXTURES / "classic-latin1.csv")
    before = store_db.execute("SELECT count(*) FROM deals WHERE split = 'sipri'").fetchone()[0]
    import_file(store_db, FIXTURES / "deliveries-myanmar.json")
    after = store_db.execute("SELECT count(*) FROM deals WHERE split = 'sipri'").fetchone()[0]
    assert (before, after) == (0, 1)


def test_a_newer_partial_release_sits_beside_the_whole_register(store_db):
    import_file(store_db, FIXTURES / "classic-latin1.csv")
    import_file(store_db, FIXTURES / "china-2026.csv")
    # The China-only 2026 export is newer but partial: queries keep reading the whole register.
    assert current_release(store_db).file_name == "classic-latin1.csv"
    assert use_release(store_db, 2).file_name == "china-2026.csv"
    assert current_release(store_db).release_id == 2
    assert use_release(store_db, None).release_id == 1
    with pytest.raises(UnknownRelease, match="No release 9"):
        use_release(store_db, 9)


# --- issue 14: a write that fails halfway rolls back whole and says why --------------------------

TABLES = ("releases", "deals", "deliveries", "parties", "sipri_yearly", "flow_totals")


def _all_rows(con):
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


class DiskGone(Exception):
    pass


@pytest.mark.parametrize("step", ["write_deliveries", "build_totals", "resplit_all"])
def test_a_write_failing_halfway_rolls_back_whole_and_raises_its_cause(store_db, monkeypatch,
                                                                       step):
    """Deals (and the release row) are written before the failing step; none of them stays."""
    from armswatch.store import load

    import_file(store_db, FIXTURES / "classic-latin1.csv")
    before = _all_rows(store_db)

    def fail(*args, **kwargs):
        raise DiskGone(f"{step} failed")

    monkeypatch.setattr(load, step, fail)
    path = FIXTURES / ("deliveries-myanmar.json" if step == "resplit_all" else "china-2026.csv")
    with pytest.raises(DiskGone, match=f"^{step} failed$"):
        import_file(store_db, path)
    assert _all_rows(store_db) == before


def test_a_value_the_column_cannot_hold_surfaces_as_itself_not_as_an_aborted_transaction(store_db):
    """Finding 7: the clean-up in tables.insert ran in the aborted transaction and its
    "Current transaction is aborted" replaced the overflow."""
    import duckdb
    import pyarrow as pa

    from armswatch.store import tables

    store_db.execute("BEGIN TRANSACTION")
    with pytest.raises(duckdb.ConversionException, match="99999999999"):
        tables.insert(store_db, "settings", pa.table({"key": ["k"], "value": ["v"]}))
        tables.insert(store_db, "releases", pa.table({
            "release_id": [1], "source_format": ["classic"], "file_name": ["f"], "sha256": ["s"],
            "imported_at": [None], "deals": [99999999999], "deliveries": [0],
            "sipri_split_deals": [0], "attribution": ["a"]}))
    store_db.execute("ROLLBACK")
    assert store_db.execute("SELECT count(*) FROM settings").fetchone() == (0,)


# ===== one handle (issue 16) =====
# (no database opened: the same on both backends)
def test_the_path_is_resolved_once_from_db_else_the_environment_else_the_user_directory(
        monkeypatch, tmp_path):
    from armswatch import db
    from armswatch.store.database import Store

    monkeypatch.setenv("ARMSWATCH_DB", str(tmp_path / "env.duckdb"))
    assert [Store(tmp_path / "given.duckdb").path, Store().path, db.resolve_path(None)] == [
        str(tmp_path / "given.duckdb"), str(tmp_path / "env.duckdb"), str(tmp_path / "env.duckdb")]
    monkeypatch.delenv("ARMSWATCH_DB")
    assert Store().path.endswith("armswatch/armswatch.duckdb")


def test_a_live_copy_reads_its_own_writes_and_sees_another_process_write(backend):
    import subprocess
    import sys

    from armswatch.store.database import LiveCopy, Store

    target = backend.new()
    live = LiveCopy(Store(target), poll=None)                   # created from the bundle
    current = "SELECT value FROM settings WHERE key = 'current_release'"
    assert live.con.execute(current).fetchall() == []
    with live.writing() as con:
        use_release(con, 1)
    assert (live.generation, live.con.execute(current).fetchall()) == (1, [("1",)])
    assert live.refresh() is False                  # nothing changed since
    subprocess.run([sys.executable, "-m", "armswatch", "--db", target, "use", "2"], check=True,
                   capture_output=True)
    assert live.refresh() is True
    assert (live.generation, live.con.execute(current).fetchall()) == (2, [("2",)])
    live.close()


def test_the_extractor_reads_the_designations_of_the_release_checked_against(backend):
    """SIPRI's 2026 export names the CSK-141 (African Union, 2023); the bundled 2025 register
    does not: checking against the imported release, the extractor knows it."""
    from armswatch import db
    from armswatch.extract.gazetteer import WeaponEntry, gazetteer, weapon_key
    from armswatch.reconcile.pipeline import Checker
    from armswatch.store.views import release_view

    con = db.connect(backend.database())
    assert import_file(con, FIXTURES / "china-2026.csv").stats["release_id"] == 3
    Checker(release_view(con, 2))
    assert weapon_key("CSK-141") not in gazetteer().weapons
    Checker(release_view(con, 3))
    assert gazetteer().weapons[weapon_key("CSK-141")] == WeaponEntry(
        "CSK-141", "armoured personnel carrier", "Armoured vehicles")
    assert gazetteer().weapons[weapon_key("Su-30MK")].designation == "Su-30MK"   # the bundle's too
    Checker(release_view(con, 2))
    assert weapon_key("CSK-141") not in gazetteer().weapons
    con.close()


def test_a_copy_is_made_while_this_process_has_the_file_open(tmp_path):
    """DuckDB will not attach a file twice in one process: the copy then reads it table by table.
    (file-only: a DuckDB file attached twice)"""
    from armswatch import db
    from armswatch.store.database import Store

    path = tmp_path / "open.duckdb"
    db.connect(path).close()
    for read_only in (True, False):
        con = db.connect(path, read_only=read_only)
        copy = Store(path).snapshot()
        assert copy.execute("SELECT count(*), sum(tiv_delivered) FROM deliveries").fetchall() == \
            con.execute("SELECT count(*), sum(tiv_delivered) FROM deliveries").fetchall()
        con.close()
