"""Opening the database file: its path, its lock, waiting for another process (STYLE.md §11).

``resolve_path()`` is where the path is decided, once: ``--db``, else ``$ARMSWATCH_DB``, else the
per-user data directory. ``connect()`` opens it (creating and seeding it from the bundled snapshot
on first use) with the schema in place.

DuckDB lets one process hold a file read-write, and a read-only opener cannot share it with that
writer (docs/architecture.md, "Sharing the database"). armswatch's processes therefore hold the file
only briefly (``armswatch serve`` answers from an in-memory copy and opens the file only to write or
to re-read it), and ``connect`` waits for another holder to let go: it says what it waits for
after ``ANNOUNCE_AFTER`` seconds and gives up with ``DatabaseLocked`` after ``WAIT_SECONDS``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import platformdirs

from armswatch.errors import DatabaseLocked
from armswatch.store import migrations
from armswatch.store.schema import MEMORY, ensure_schema, schema_current
from armswatch.store.urls import is_url
from armswatch.store.waiting import ANNOUNCE_AFTER, WAIT_SECONDS, announce, waiting  # noqa: F401

ENV_VAR = "ARMSWATCH_DB"
# DuckDB 2.0's lock message: 'Could not set lock on file "...": Conflicting lock is held in
# /usr/bin/python3.11 (PID 4763).'
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def resolve_path(path: str | Path | None = None) -> str:
    """The database a command or app works on: ``path`` (``--db``), else ``$ARMSWATCH_DB``, else
    ``armswatch.duckdb`` in the user data directory. ``":memory:"`` stays as it is."""
    if path is not None and str(path) != "":
        return str(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    return str(Path(platformdirs.user_data_dir("armswatch")) / "armswatch.duckdb")


def default_path() -> Path:
    """The database used when no ``--db`` is given (``resolve_path(None)``)."""
    return Path(resolve_path(None))


def connect(path: str | Path | None = None, *, read_only: bool = False, seed: bool = True,
            wait: float = WAIT_SECONDS,
            on_wait: Callable[[DatabaseLocked, float], None] | None = announce,
            ) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create and seed) the armswatch database.

    ``path=":memory:"`` gives a private in-memory database, seeded the same way. While another
    process holds the file, wait for it up to ``wait`` seconds (``on_wait`` is told once, after
    ``ANNOUNCE_AFTER`` s), then raise ``DatabaseLocked`` naming the holder.
    """
    target = resolve_path(path)
    if is_url(target):  # a team's server (store/postgres.py)
        from armswatch.store.postgres import connect as connect_server
        from armswatch.store.postgres import redacted

        con = connect_server(target, lambda: connect(MEMORY, seed=seed), read_only=read_only,
                             wait=wait)
        _version(con, redacted(target))   # the copy's schema_version: PostgreSQL's; no password
        return con
    fresh = target == MEMORY or not Path(target).exists()
    if fresh and target != MEMORY:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    if read_only and not fresh:
        con = open_waiting(target, read_only=True, wait=wait, on_wait=on_wait)
        _version(con, target)
        return con
    con = open_waiting(target, read_only=False, wait=wait, on_wait=on_wait)
    version = None if fresh else _version(con, target)
    if fresh or not schema_current(con):  # a database already current skips the script
        ensure_schema(con)
    if version is None:                   # new (or empty): made at the current schema version
        migrations.stamp(con)
    if fresh and seed:
        from armswatch.store.bundle import seed_from_bundle

        seed_from_bundle(con)
    return con


def _version(con: duckdb.DuckDBPyConnection, target: str) -> int | None:
    """The schema version of ``con`` (None: empty), unless it is not this code's: then ``con``
    is closed and ``SchemaOutdated`` (run ``armswatch db upgrade``) or ``SchemaTooNew`` raised
    (store/migrations.py)."""
    try:
        return migrations.check(con, target)
    except Exception:
        con.close()
        raise


def open_waiting(target: str, *, read_only: bool, wait: float = WAIT_SECONDS,
                 on_wait: Callable[[DatabaseLocked, float], None] | None = announce,
                 ) -> duckdb.DuckDBPyConnection:
    """``open_file``, retried with backoff while another process holds the file."""
    return waiting(lambda: open_file(target, read_only=read_only), wait, on_wait)


def open_file(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, with another process's lock on the file as ``DatabaseLocked``."""
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "Could not set lock" not in str(exc):
            raise
        raise locked(target, exc) from exc


def locked(target: str, exc: Exception) -> DatabaseLocked:
    """The ``DatabaseLocked`` for DuckDB's lock error ``exc``: the holder's program and PID."""
    holder = _LOCK_HOLDER.search(str(exc))
    if holder is None:
        return DatabaseLocked(target)
    pid = int(holder["pid"])
    return DatabaseLocked(target, holder["program"], pid, _is_server(pid))


def _is_server(pid: int) -> bool:
    """Whether the lock holder runs ``armswatch serve`` (its command line, where /proc has it)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return False
    return "serve" in args and any("armswatch" in a for a in args)
