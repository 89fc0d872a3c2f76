"""The armswatch schema (schema.sql) and private in-memory databases."""

from __future__ import annotations

from importlib import resources

import duckdb

MEMORY = ":memory:"


def schema_sql() -> str:
    return resources.files("armswatch").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema_sql())


def memory() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB with no armswatch schema: for reading Parquet or Arrow data
    (the bundle, batch datasets) with SQL."""
    return duckdb.connect(MEMORY)
