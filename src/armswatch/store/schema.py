"""The armswatch schema (schema.sql) and private in-memory databases."""

from __future__ import annotations

import functools
import re
from importlib import resources

import duckdb

MEMORY = ":memory:"


@functools.cache
def schema_sql() -> str:
    return resources.files("armswatch").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema_sql())


# What schema.sql does, statement by statement, when each is one of these: it creates tables and
# macros that are missing, and builds the flow totals of releases that lack them. A database with
# every table and macro and no release lacking totals is then left as it was by the whole script.
_CREATES = re.compile(r"CREATE (TABLE|MACRO) IF NOT EXISTS (\w+)")
_FLOW_TOTALS = ("BEGIN TRANSACTION", "SET VARIABLE flow_totals_missing", "INSERT INTO flow_totals ",
                "INSERT INTO settings", "RESET VARIABLE flow_totals_missing", "COMMIT")


@functools.cache
def current_probe() -> str | None:
    """One query that binds only on a database with every table and macro of schema.sql and
    counts the releases lacking flow totals; None when schema.sql does anything else (then the
    script always runs)."""
    text = "\n".join(line.split("--", 1)[0] for line in schema_sql().splitlines())
    names: list[str] = []
    for statement in filter(None, (" ".join(s.split()) for s in text.split(";"))):
        created = _CREATES.match(statement)
        if created:
            names.append(created[2] + "([])" if created[1] == "MACRO" else created[2])
        elif not statement.startswith(_FLOW_TOTALS):
            return None
    return ("SELECT count(*) FROM releases WHERE 'flow_totals:' || release_id NOT IN "
            "(SELECT key FROM settings) UNION ALL "
            f"SELECT count(*) FROM (SELECT NULL FROM {', '.join(names)} LIMIT 0)")


def schema_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether running schema.sql on ``con`` would change nothing (a few ms against ~18 ms for
    the script): every table and macro there, no release without its flow totals."""
    probe = current_probe()
    if probe is None:
        return False
    try:
        return all(n == 0 for (n,) in con.execute(probe).fetchall())
    except duckdb.Error:  # a table or macro missing (a database from an older armswatch)
        return False


def memory() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB with no armswatch schema: for reading Parquet or Arrow data
    (the bundle, batch datasets) with SQL."""
    return duckdb.connect(MEMORY)
