"""Schema versions and the named steps between them (issue 19; docs/team.md).

A database's version is the largest ``version`` in its ``schema_version`` table. A database with
armswatch's tables and no such table is version 1: the schema of every armswatch before issue 19
(tests/fixtures/schema/v1.sql); databases from before issues 5 and 6 miss tables that version 1
created on open, and step 2 creates them first. A new database is made at ``CURRENT`` by
``schema.sql`` and stamped.

An older database is never changed behind the user's back: opening it says to run
``armswatch db upgrade`` (``SchemaOutdated``), which applies the missing steps in order in one
transaction: all of them, or on any failure none (``MigrationFailed``), the database as it was. A
database newer than this code is refused (``SchemaTooNew``) and left alone. Why not upgrade on open:
the upgrade is one-way (the older armswatch then refuses the file), and on a team's shared
database an admin decides when, not whichever process opens it first.

The steps are plain SQL that DuckDB and PostgreSQL both run (no DuckDB-only functions), with
``?`` parameters as the store's connections take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from armswatch.errors import MigrationFailed, SchemaOutdated, SchemaTooNew
from armswatch.store.tables import transaction

LEGACY = 1      # a database with armswatch's tables and no schema_version table


@dataclass(frozen=True)
class Step:
    version: int                 # the database's version once the step is applied
    name: str
    statements: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(2, "users-and-roles", (
        # the review tables and tokens of issues 5 and 6 as version 1 had them, for a database
        # from before those issues (version 1 created them when it opened one)
        "CREATE TABLE IF NOT EXISTS documents (sha256 VARCHAR PRIMARY KEY, document_id VARCHAR, "
        "url VARCHAR, outlet VARCHAR, published VARCHAR, title VARCHAR, text VARCHAR, "
        "stored_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tokens (token_sha256 VARCHAR PRIMARY KEY, "
        "name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)",
        "CREATE TABLE users (name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, "
        "created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)",
        # a write token of version 1 imported, stored and reviewed as its name: that name becomes
        # an admin (who may do all three) and the token theirs, so it keeps working as it did;
        # `armswatch user role NAME reviewer` narrows it
        "INSERT INTO users (name, role, created_at) "
        "SELECT name, 'admin', min(created_at) FROM tokens GROUP BY name",
        "ALTER TABLE tokens ADD COLUMN token_id VARCHAR",
        "ALTER TABLE tokens ADD COLUMN last_used_at TIMESTAMP",
        "ALTER TABLE tokens ADD COLUMN revoked_at TIMESTAMP",
        "UPDATE tokens SET token_id = 'v1-' || substr(token_sha256, 1, 8)",
        "ALTER TABLE documents ADD COLUMN stored_by VARCHAR",
        "ALTER TABLE releases ADD COLUMN imported_by VARCHAR",
    )),
)
CURRENT = STEPS[-1].version


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade`` did: the version before and after, and the steps applied."""

    before: int | None           # None: an empty database
    after: int
    steps: tuple[str, ...]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_catalog = "
                       "current_database() AND table_schema = current_schema()").fetchall()
    return {name for (name,) in rows}


def version_of(con: duckdb.DuckDBPyConnection) -> int | None:
    """The database's schema version; None for a database with no armswatch table yet."""
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row is not None and row[0] is not None:
            return int(row[0])
    except duckdb.CatalogException:   # no schema_version table: the quick question fails
        pass
    return LEGACY if "releases" in _tables(con) else None


def check(con: duckdb.DuckDBPyConnection, path: str) -> int | None:
    """The version of the database at ``path``, refused unless it is this code's: an older one
    needs ``armswatch db upgrade`` (``SchemaOutdated``), a newer one a newer armswatch
    (``SchemaTooNew``). None: an empty database, to be made at ``CURRENT`` and ``stamp``-ed."""
    version = version_of(con)
    if version is not None and version < CURRENT:
        raise SchemaOutdated(path, version, CURRENT)
    if version is not None and version > CURRENT:
        raise SchemaTooNew(path, version, CURRENT)
    return version


def stamp(con: duckdb.DuckDBPyConnection) -> None:
    """Mark a database just made by schema.sql as ``CURRENT``."""
    con.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING", [CURRENT, "created", _now()])


def upgrade(con: duckdb.DuckDBPyConnection, path: str,
            steps: tuple[Step, ...] = STEPS) -> Upgrade:
    """Apply the steps the database lacks, in order, in one transaction (all or none). The
    caller runs schema.sql after it (tables added since, the flow totals)."""
    before = version_of(con)
    latest = steps[-1].version
    if before is not None and before > latest:
        raise SchemaTooNew(path, before, latest)
    if before is None:             # nothing to upgrade: schema.sql makes it whole
        return Upgrade(None, latest, ())
    todo = tuple(step for step in steps if step.version > before)
    with transaction(con):
        for step in todo:
            for statement in step.statements:
                try:
                    con.execute(statement)
                except duckdb.Error as exc:
                    raise MigrationFailed(step.name, step.version, str(exc)) from exc
            con.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        [step.version, step.name, _now()])
    return Upgrade(before, latest, tuple(step.name for step in todo))
