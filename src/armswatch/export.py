"""How tables leave armswatch as files, written once for the CLI and the web app (issue 16: the web
no longer imports the CLI for it)."""

from __future__ import annotations

import pyarrow as pa


def flatten_lists(data: pa.Table) -> pa.Table:
    """CSV has no lists: write [2011, 2012] as SIPRI does, '2011; 2012'."""
    for i, column in enumerate(data.schema):
        if pa.types.is_list(column.type):
            joined = ["; ".join(map(str, v)) if v is not None else None
                      for v in data.column(i).to_pylist()]
            data = data.set_column(i, column.name, pa.array(joined, pa.string()))
    return data
