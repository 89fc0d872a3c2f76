"""The extractor's disk cache of what it derives from a register (weapon index, register
priors; issue 17): built once, loaded after, rebuilt when its source or code differ, and never in
the way when the file is broken or cannot be written."""

from __future__ import annotations

import pytest

from armswatch import db
from armswatch.extract import derived, gazetteer
from armswatch.extract.learning import priors


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_built_once_then_loaded(cache):
    build, calls = counting({"su30": ("Su-30MK", "FGA aircraft"), "pairs": frozenset({("a", "b")})})
    first = derived.cached("thing", "release 1", ("gazetteer.py",), build)
    again = derived.cached("thing", "release 1", ("gazetteer.py",), build)
    assert again == first and len(calls) == 1
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["thing"]


def test_another_source_or_code_is_built_again(cache):
    build, calls = counting([1, 2, 3])
    derived.cached("thing", "release 1", ("gazetteer.py",), build)
    derived.cached("thing", "release 2", ("gazetteer.py",), build)
    derived.cached("thing", "release 1", ("gazetteer.py", "learning/priors.py"), build)
    assert len(calls) == 3


def test_a_broken_file_is_built_again(cache):
    build, calls = counting("value")
    derived.cached("thing", "k", ("gazetteer.py",), build)
    (path,) = cache.iterdir()
    path.write_bytes(b"\x00not marshal")
    assert derived.cached("thing", "k", ("gazetteer.py",), build) == "value"
    assert len(calls) == 2


def test_an_unwritable_cache_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(derived.CACHE_ENV, str(blocker / "cache"))
    build, calls = counting("value")
    assert derived.cached("thing", "k", ("gazetteer.py",), build) == "value"
    assert derived.cached("thing", "k", ("gazetteer.py",), build) == "value"
    assert len(calls) == 2


def test_only_the_newest_files_of_a_name_are_kept(cache):
    for release in range(derived.KEPT + 3):
        derived.cached("thing", f"release {release}", ("gazetteer.py",), lambda: release)
    assert len(list(cache.iterdir())) == derived.KEPT


def test_the_weapon_index_and_priors_from_the_cache_equal_a_build(cache):
    rows = gazetteer._bundle_rows()
    built = gazetteer._weapon_index(rows)
    assert "su30" in built
    assert gazetteer._decode(gazetteer._encode(built)) == built
    path = priors.bundle_dir() / "deals.parquet"
    fresh = priors._build(path)
    for _ in range(2):  # built into the cache, then read from it
        assert derived.cached("priors", derived.file_key(path), priors._BUILT_BY,
                              lambda: priors._build(path)) == fresh


def test_designations_come_most_frequent_first_ties_by_name():
    """DuckDB's own group order varies between runs: the index (and its cache) did too."""
    rows = gazetteer._bundle_rows()
    with db.memory() as con:
        counts = dict(con.execute("SELECT designation, count(*) FROM read_parquet(?) GROUP BY ALL",
                                  [str(priors.bundle_dir() / "deals.parquet")]).fetchall())
    order = [(-counts[r[0]], r[0]) for r in rows]
    assert order == sorted(order) and len(set(order)) == len(order) > 1000


def test_weapons_are_looked_up_in_the_index_in_use(cache):
    """A written form looked up under one release's index is looked up again under another's
    (the lookup cache is emptied when the gazetteer takes another index)."""
    from armswatch.extract import weapons

    before = gazetteer.gazetteer(), gazetteer._current_key
    assert weapons._lookup("Zorblax-9") is None  # no such designation in the bundle
    try:
        with gazetteer._lock:
            gazetteer._activate("own release", lambda: gazetteer._bundle_rows() + [
                ("Zorblax-9", "reconnaissance drone", "Aircraft", None)], "own release")
        assert weapons._lookup("Zorblax-9") == gazetteer.WeaponEntry(
            "Zorblax-9", "reconnaissance drone", "Aircraft")
    finally:
        gazetteer._indexes.pop("own release", None)
        gazetteer._current, gazetteer._current_key = before
    assert weapons._lookup("Zorblax-9") is None
