"""Schema versions and `armswatch db upgrade` (issue 19): a database made by the previous schema
(tests/fixtures/schema/v1.sql, armswatch's schema.sql before issue 19) is refused until upgraded,
upgrades in one transaction with its data intact and ends with the very schema a new database
has; a failing step leaves it as it was; a database newer than the code is refused."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from armswatch import db
from armswatch.errors import MigrationFailed, SchemaOutdated, SchemaTooNew
from armswatch.review import users
from armswatch.store import migrations
from armswatch.store.upgrade import upgrade_database
from test_shared_database import armswatch

V1 = Path(__file__).parent / "fixtures" / "schema" / "v1.sql"
OLD_TOKEN = "aw_" + "k" * 43                       # the shape `token create` printed before
CHINA = Path(__file__).parent / "fixtures" / "china-2026.csv"


def _v1_database(path: Path) -> None:
    """A database as the previous armswatch left it: its schema, a release imported by it, a
    stored document with a claim, a review decision and a write token."""
    con = duckdb.connect(str(path))
    con.execute(V1.read_text(encoding="utf-8"))
    con.execute("INSERT INTO releases VALUES (1, 'classic', 'old.csv', 'sha-old', NULL, NULL, "
                "'2026-11-30 09:00:00', 0, 0, 0, 'Source: SIPRI')")
    con.execute("INSERT INTO documents VALUES ('d1', 'doc-1', NULL, 'Outlet', '2026', 'Title', "
                "'Text.', '2026-11-30 10:00:00')")
    con.execute("INSERT INTO claims VALUES ('c1', 'd1', 0, 'transfer', 'Russia', 'Myanmar', '{}', "
                "NULL, NULL, NULL, 'documented', 'Matches.', ['1'], NULL, NULL, 1, "
                "'2026-11-30 10:00:00')")
    con.execute("INSERT INTO review_log VALUES ('e1', 'c1', 'accept', 'desk', 'seen', "
                "'2026-11-30 11:00:00')")
    con.execute("INSERT INTO tokens VALUES (?, 'desk', '2026-11-29 08:00:00')",
                [hashlib.sha256(OLD_TOKEN.encode()).hexdigest()])
    con.close()


def _schema(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, str]]]:
    """Every table's columns in order: name, type, nullable."""
    tables: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, kind, nullable in con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_catalog = current_database() ORDER BY table_name, ordinal_position"
            ).fetchall():
        tables.setdefault(table, []).append((column, kind, nullable))
    return tables


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def old(tmp_path) -> Path:
    path = tmp_path / "old.duckdb"
    _v1_database(path)
    return path


def test_an_old_database_is_refused_until_upgraded_and_says_how(old):
    for opening in (lambda: db.connect(old), lambda: db.connect(old, read_only=True)):
        with pytest.raises(SchemaOutdated) as refused:
            opening()
        assert refused.value.message == (
            f"The database {old} has schema version 1; this armswatch needs version 2. Back it "
            f"up, then run: armswatch --db {old} db upgrade")
    info = armswatch("info", db=old)
    assert info.returncode == 78
    assert info.stderr.startswith("Error [schema-outdated]: The database ")
    assert "db upgrade" in info.stderr and "Traceback" not in info.stderr
    untouched = duckdb.connect(str(old), read_only=True)                # refused, not touched
    assert "users" not in _schema(untouched) and "stored_by" not in str(_schema(untouched))
    untouched.close()


def test_db_upgrade_brings_the_previous_schema_to_the_current_with_data_intact(old, tmp_path):
    before = {table: _rows(old, f"SELECT * FROM {table} ORDER BY ALL")
              for table in ("releases", "documents", "claims", "review_log")}
    version = armswatch("db", "version", db=old)
    assert version.stdout == "Schema version 1 (this armswatch: 2; run `armswatch db upgrade`).\n"
    result = armswatch("db", "upgrade", db=old)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "Upgraded the schema from version 1 to 2: users-and-roles.\n", "")
    # the very schema a new database is made with: same tables, same columns in the same order
    fresh = db.connect(tmp_path / "fresh.duckdb", seed=False)
    upgraded = duckdb.connect(str(old), read_only=True)
    assert _schema(upgraded) == _schema(fresh)
    fresh.close()
    # every row kept; the new columns empty (nobody signed in wrote them)
    assert upgraded.execute("SELECT * EXCLUDE (imported_by) FROM releases").fetchall() == \
        before["releases"]
    assert upgraded.execute("SELECT * EXCLUDE (stored_by) FROM documents").fetchall() == \
        before["documents"]
    assert upgraded.execute("SELECT * FROM claims").fetchall() == before["claims"]
    assert upgraded.execute("SELECT * FROM review_log").fetchall() == before["review_log"]
    assert upgraded.execute("SELECT version, name FROM schema_version").fetchall() == [
        (2, "users-and-roles")]
    # the old token's name became an admin, the token theirs: it still signs in
    assert upgraded.execute("SELECT name, role, created_at, revoked_at FROM users").fetchall() == [
        ("desk", "admin", datetime(2026, 11, 29, 8), None)]
    assert users.authenticate(upgraded, OLD_TOKEN) == users.User("desk", "admin", "v1-" + hashlib.sha256(
        OLD_TOKEN.encode()).hexdigest()[:8])
    upgraded.close()
    again = armswatch("db", "upgrade", db=old)
    assert again.stdout == "The schema is current (version 2); nothing to do.\n"
    listed = armswatch("user", "list", "--format", "json", db=old)
    assert json.loads(listed.stdout) == [{"name": "desk", "role": "admin",
                                          "created_at": "2026-11-29T08:00:00",
                                          "last_used_at": None, "revoked_at": None}]


def test_the_upgraded_database_imports_and_records_who(old):
    upgrade_database(old)
    con = db.connect(old)
    from armswatch.store.load import import_file

    report = import_file(con, CHINA, imported_by="desk")
    assert report.valid, report.problems
    assert con.execute("SELECT file_name, imported_by FROM releases ORDER BY release_id"
                       ).fetchall() == [("old.csv", None), ("china-2026.csv", "desk")]
    con.close()


BROKEN = migrations.STEPS + (migrations.Step(3, "broken-on-purpose", (
    "CREATE TABLE half_done (x INTEGER)",
    "UPDATE users SET role = 'viewer'",
    "ALTER TABLE no_such_table ADD COLUMN x INTEGER",
)),)


def test_a_failing_step_leaves_the_database_as_it_was(old):
    before = {t: _rows(old, f"SELECT * FROM {t} ORDER BY ALL") for t in ("tokens", "documents")}
    con = db.open_file(str(old), read_only=False)
    schema = _schema(con)
    with pytest.raises(MigrationFailed) as failed:
        migrations.upgrade(con, str(old), BROKEN)
    assert (failed.value.code, failed.value.details["step"]) == ("migration-failed",
                                                                 "broken-on-purpose")
    assert "Nothing was changed; the database is as it was." in failed.value.message
    # neither step 2 nor step 3's first statements stayed: version 1, as it was
    assert _schema(con) == schema
    assert migrations.version_of(con) == 1
    con.close()
    assert {t: _rows(old, f"SELECT * FROM {t} ORDER BY ALL") for t in before} == before


def test_a_database_newer_than_the_code_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "newer.duckdb"
    db.connect(path, seed=False).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (99, 'from-the-future', '2030-01-01')")
    con.close()
    with pytest.raises(SchemaTooNew):
        db.connect(path)
    with pytest.raises(SchemaTooNew):
        upgrade_database(path)
    result = armswatch("info", db=path)
    assert result.returncode == 78
    assert result.stderr.startswith("Error [schema-too-new]: The database ")
    assert _rows(path, "SELECT max(version) FROM schema_version") == [(99,)]


def test_a_new_database_is_made_at_the_current_version(tmp_path):
    con = db.connect(tmp_path / "new.duckdb", seed=False)
    assert con.execute("SELECT version, name FROM schema_version").fetchall() == [
        (migrations.CURRENT, "created")]
    assert migrations.version_of(db.connect(":memory:", seed=False)) == migrations.CURRENT
    con.close()
    assert upgrade_database(tmp_path / "new.duckdb").steps == ()


def test_the_migration_steps_are_named_and_ordered():
    versions = [step.version for step in migrations.STEPS]
    assert versions == list(range(2, migrations.CURRENT + 1))
    assert all(step.name and step.statements for step in migrations.STEPS)
