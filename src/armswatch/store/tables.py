"""Moving typed rows in and out of DuckDB tables through Arrow (columnar, no per-row SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import duckdb

from armswatch.model import Deal

if TYPE_CHECKING:  # pyarrow loads only where a table is built (to_arrow), not for every reader
    import pyarrow as pa


def to_arrow(rows: list[Any], cls: type, **constants: object) -> pa.Table:
    columns: dict[str, list[object]] = {f.name: [getattr(r, f.name) for r in rows]
                                        for f in fields(cls)}
    for name, value in constants.items():
        columns[name] = [value] * len(rows)
    import pyarrow as pa

    return pa.table(columns)


def insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    if data.num_rows == 0:
        return
    # No clean-up on failure: in an aborted transaction the unregister fails too, and its
    # "transaction is aborted" would hide the cause (issue 14, finding 7). A failed insert leaves the
    # view registered; the next insert replaces it.
    con.register("_armswatch_rows", data)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _armswatch_rows")
    con.unregister("_armswatch_rows")


def read_deals(con: duckdb.DuckDBPyConnection, release_id: int) -> list[Deal]:
    names = [f.name for f in fields(Deal)]
    result = con.execute(f"SELECT {', '.join(names)} FROM deals WHERE release_id = ? "
                         "ORDER BY source_line, deal_id", [release_id]).fetchall()
    return [Deal(**dict(zip(names, row, strict=True))) for row in result]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of the block's writes or none: BEGIN, then COMMIT, or ROLLBACK on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
