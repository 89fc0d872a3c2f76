"""``armswatch db upgrade``: a database brought to this code's schema (store/migrations.py).

It opens the file without the version check every other open makes, applies the missing steps in
one transaction, then runs schema.sql (tables added since, flow totals of releases lacking them).
A PostgreSQL database is upgraded the same way on a copy of its tables as they are, sent back in
one PostgreSQL transaction (``store.postgres.upgrade``).
"""

from __future__ import annotations

from pathlib import Path

from armswatch.store import migrations
from armswatch.store.connection import connect, open_waiting, resolve_path
from armswatch.store.schema import MEMORY, ensure_schema
from armswatch.store.urls import is_url


def upgrade_database(path: str | Path | None, wait: float = 30.0) -> migrations.Upgrade:
    """Upgrade the database at ``path`` (``--db``, else ``$ARMSWATCH_DB``, else the default);
    a database that does not exist yet is made at the current version."""
    target = resolve_path(path)
    if _server(target):
        from armswatch.store import postgres

        return postgres.upgrade(target, lambda: connect(MEMORY), wait=wait)
    if target == MEMORY or not Path(target).exists():
        connect(target, wait=wait).close()
        return migrations.Upgrade(None, migrations.CURRENT, ())
    con = open_waiting(target, read_only=False, wait=wait)
    try:
        done = migrations.upgrade(con, target)
        ensure_schema(con)
        if done.before is None:
            migrations.stamp(con)
        return done
    finally:
        con.close()


def versions(path: str | Path | None, wait: float = 30.0) -> tuple[int, int]:
    """The database's schema version (a new or empty one: the current) and this code's."""
    target = resolve_path(path)
    if _server(target):
        from armswatch.store.postgres import schema_version

        version = schema_version(target)
        return (migrations.CURRENT if version is None else version), migrations.CURRENT
    if target == MEMORY or not Path(target).exists():
        return migrations.CURRENT, migrations.CURRENT
    con = open_waiting(target, read_only=True, wait=wait)
    try:
        version = migrations.version_of(con)
    finally:
        con.close()
    return (migrations.CURRENT if version is None else version), migrations.CURRENT


def _server(target: str) -> bool:
    return is_url(target)
