"""The one door to the database (STYLE.md §11).

``connect()`` resolves the path (``--db``, else ``$ARMSWATCH_DB``, else the per-user data
directory), creates the database from the bundled snapshot on first use, and returns a DuckDB
connection with the schema in place.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import duckdb
import platformdirs

from armswatch.errors import DatabaseLocked

ENV_VAR = "ARMSWATCH_DB"
# DuckDB 2.0's lock message: 'Could not set lock on file "...": Conflicting lock is held in
# /usr/bin/python3.11 (PID 4763).'
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def default_path() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("armswatch")) / "armswatch.duckdb"


def schema_sql() -> str:
    return resources.files("armswatch").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema_sql())


def connect(path: str | Path | None = None, *, read_only: bool = False,
            seed: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create and seed) the armswatch database.

    ``path=":memory:"`` gives a private in-memory database, seeded the same way.
    """
    target = str(path) if path is not None else str(default_path())
    fresh = target == ":memory:" or not Path(target).exists()
    if fresh and target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    if read_only and not fresh:
        return _open(target, read_only=True)
    con = _open(target, read_only=False)
    ensure_schema(con)
    if fresh and seed:
        from armswatch.store.bundle import seed_from_bundle

        seed_from_bundle(con)
    return con


def _open(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, with another process's lock on the file as ``DatabaseLocked``."""
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "Could not set lock" not in str(exc):
            raise
        holder = _LOCK_HOLDER.search(str(exc))
        if holder is None:
            raise DatabaseLocked(target) from exc
        pid = int(holder["pid"])
        raise DatabaseLocked(target, holder["program"], pid, _is_server(pid)) from exc


def _is_server(pid: int) -> bool:
    """Whether the lock holder runs ``armswatch serve`` (its command line, where /proc has it)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return False
    return "serve" in args and any("armswatch" in a for a in args)
