"""The one door to the database (STYLE.md §11).

``connect()`` resolves the path (``--db``, else ``$ARMSWATCH_DB``, else the per-user data
directory), creates the database from the bundled snapshot on first use, and returns a DuckDB
connection with the schema in place.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import duckdb
import platformdirs

ENV_VAR = "ARMSWATCH_DB"


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
        return duckdb.connect(target, read_only=True)
    con = duckdb.connect(target)
    ensure_schema(con)
    if fresh and seed:
        from armswatch.store.bundle import seed_from_bundle

        seed_from_bundle(con)
    return con
