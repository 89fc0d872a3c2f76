"""Schema versions and `armswatch db upgrade` (issue 19): a database made by the previous schema
(tests/fixtures/schema/v1.sql, armswatch's schema.sql before issue 19) is refused until upgraded,
upgrades in one transaction with its data intact and ends with the very schema a new database
has; a failing step leaves it as it was; a database newer than the code is refused. On both
backends: on PostgreSQL the previous schema's database is a version 1 file copied in with
``copy_database``, the way docs/team.md moves a one-person database to a team's server."""

from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from armswatch import db
from armswatch.errors import MigrationFailed, SchemaOutdated, SchemaTooNew
from armswatch.review import users
from armswatch.store import migrations, postgres
from armswatch.store.schema import MEMORY
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


def _stored_schema(backend, target: str) -> dict:
    """The schema as the database holds it: a file's, or PostgreSQL's own catalog (its tables,
    columns and types as PostgreSQL spells them, and their primary keys and unique constraints,
    which keep concurrent writers from doubling rows)."""
    if backend.server is None:
        with backend.stored(target) as con:
            return _schema(con)
    server = postgres.open_server(target)
    try:
        keys = server.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u') "
            "ORDER BY 1, 2").fetchall()
        return {"tables": postgres.pg_tables(server), "keys": keys}
    finally:
        server.close()


def _rows(backend, target: str, sql: str) -> list[tuple]:
    con = backend.stored(target)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def unseeded(target: str) -> None:
    """A new database at the current schema, nothing in it."""
    db.connect(target, seed=False).close()


def v1(target: str) -> None:
    """The previous schema's database at ``target``: a file, or on PostgreSQL such a file
    copied in (store.postgres.copy_database)."""
    if not postgres.is_url(target):
        _v1_database(Path(target))
        return
    path = Path(tempfile.mkdtemp(prefix="armswatch-v1-")) / "v1.duckdb"
    _v1_database(path)
    with duckdb.connect(str(path), read_only=True) as source:
        postgres.copy_database(source, target)


@pytest.fixture
def old(backend) -> str:
    return backend.database(v1)


def test_an_old_database_is_refused_until_upgraded_and_says_how(old, backend):
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
    untouched = _stored_schema(backend, old)                              # refused, not touched
    assert "users" not in untouched and "stored_by" not in str(untouched)


def test_db_upgrade_brings_the_previous_schema_to_the_current_with_data_intact(old, backend):
    before = {table: _rows(backend, old, f"SELECT * FROM {table} ORDER BY ALL")
              for table in ("releases", "documents", "claims", "review_log")}
    version = armswatch("db", "version", db=old)
    assert version.stdout == "Schema version 1 (this armswatch: 2; run `armswatch db upgrade`).\n"
    result = armswatch("db", "upgrade", db=old)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "Upgraded the schema from version 1 to 2: users-and-roles.\n", "")
    # the very schema a new database is made with: same tables, same columns in the same order
    assert _stored_schema(backend, old) == _stored_schema(backend, backend.database(unseeded))
    # every row kept; the new columns empty (nobody signed in wrote them)
    upgraded = backend.stored(old)
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


def _upgrade(target: str, steps: tuple[migrations.Step, ...]) -> migrations.Upgrade:
    """The upgrade of ``armswatch db upgrade`` (store/upgrade.py) with ``steps`` for the code's."""
    if postgres.is_url(target):
        return postgres.upgrade(target, lambda: db.connect(MEMORY), steps=steps)
    con = db.open_file(target, read_only=False)
    try:
        return migrations.upgrade(con, target, steps)
    finally:
        con.close()


def test_a_failing_step_leaves_the_database_as_it_was(old, backend):
    before = {t: _rows(backend, old, f"SELECT * FROM {t} ORDER BY ALL")
              for t in ("tokens", "documents")}
    schema = _stored_schema(backend, old)
    with pytest.raises(MigrationFailed) as failed:
        _upgrade(old, BROKEN)
    assert (failed.value.code, failed.value.details["step"]) == ("migration-failed",
                                                                 "broken-on-purpose")
    assert "Nothing was changed; the database is as it was." in failed.value.message
    # neither step 2 nor step 3's first statements stayed: version 1, as it was
    assert _stored_schema(backend, old) == schema
    assert _rows(backend, old, "SELECT count(*) FROM information_schema.tables "
                 "WHERE table_name = 'schema_version'") == [(0,)]
    assert {t: _rows(backend, old, f"SELECT * FROM {t} ORDER BY ALL") for t in before} == before


def _stamp(target: str, version: int) -> None:
    """What a newer armswatch leaves: a later version in schema_version (written as it would,
    not through this code, which refuses the database once it is newer)."""
    if postgres.is_url(target):
        server = postgres.open_server(target)
        server.execute("INSERT INTO schema_version VALUES (%s, 'from-the-future', '2030-01-01')",
                       [version])
        server.close()
        return
    con = duckdb.connect(target)
    con.execute("INSERT INTO schema_version VALUES (?, 'from-the-future', '2030-01-01')", [version])
    con.close()


def test_a_database_newer_than_the_code_is_refused_and_left_alone(backend):
    path = backend.database(unseeded)
    _stamp(path, 99)
    with pytest.raises(SchemaTooNew):
        db.connect(path)
    with pytest.raises(SchemaTooNew):
        upgrade_database(path)
    result = armswatch("info", db=path)
    assert result.returncode == 78
    assert result.stderr.startswith("Error [schema-too-new]: The database ")
    assert _rows(backend, path, "SELECT max(version) FROM schema_version") == [(99,)]


def test_a_new_database_is_made_at_the_current_version(backend):
    path = backend.new()
    con = db.connect(path, seed=False)
    assert con.execute("SELECT version, name FROM schema_version").fetchall() == [
        (migrations.CURRENT, "created")]
    assert migrations.version_of(db.connect(":memory:", seed=False)) == migrations.CURRENT
    con.close()
    assert upgrade_database(path).steps == ()
    assert _rows(backend, path, "SELECT version, name FROM schema_version") == [
        (migrations.CURRENT, "created")]


def test_the_migration_steps_are_named_and_ordered():
    versions = [step.version for step in migrations.STEPS]
    assert versions == list(range(2, migrations.CURRENT + 1))
    assert all(step.name and step.statements for step in migrations.STEPS)
