"""The party table in the store: SIPRI's parties with their kinds, codes, aliases and demonyms."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from armswatch.parties import Parties, Party
from armswatch.store import tables


def write_parties(con: duckdb.DuckDBPyConnection, parties: Parties) -> None:
    """Insert parties the store lacks (the shipped table, plus a new release's new names)."""
    have = {row[0] for row in con.execute("SELECT name FROM parties").fetchall()}
    rows = [p for p in parties if p.name not in have]
    data = tables.to_arrow(rows, Party)
    for column in ("aliases", "demonyms"):
        index = data.schema.get_field_index(column)
        data = data.set_column(index, column, pa.array([list(getattr(p, column)) for p in rows],
                                                         pa.list_(pa.string())))
    tables.insert(con, "parties", data)
