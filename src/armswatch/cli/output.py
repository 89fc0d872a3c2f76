"""Formatting core results for the terminal and files: table, csv, json, parquet."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from armswatch.errors import UsageError

console = Console()
err_console = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def write_table(data: pa.Table, fmt: Format, output: Path | None, title: str = "",
                caption: str = "") -> None:
    """Write an Arrow table in the chosen format to ``output`` or standard output."""
    if fmt is Format.parquet:
        if output is None:
            raise UsageError("--format parquet needs --output FILE.")
        pq.write_table(data, output)
    elif fmt is Format.csv:
        flat = _flatten_lists(data)
        if output is None:
            sink = pa.BufferOutputStream()
            pacsv.write_csv(flat, sink)
            sys.stdout.write(sink.getvalue().to_pybytes().decode("utf-8"))
        else:
            pacsv.write_csv(flat, output)
    elif fmt is Format.json:
        text = to_json(data.to_pylist()) + "\n"
        output.write_text(text, encoding="utf-8") if output else sys.stdout.write(text)
    else:
        _print_rich(data, title, caption, output)


def _flatten_lists(data: pa.Table) -> pa.Table:
    """CSV has no lists: write [2011, 2012] as SIPRI does, '2011; 2012'."""
    for i, field in enumerate(data.schema):
        if pa.types.is_list(field.type):
            joined = ["; ".join(map(str, v)) if v is not None else None
                      for v in data.column(i).to_pylist()]
            data = data.set_column(i, field.name, pa.array(joined, pa.string()))
    return data


def _print_rich(data: pa.Table, title: str, caption: str, output: Path | None) -> None:
    # The caption (SIPRI's attribution) is printed on its own line, not wrapped to the table width.
    table = Table(title=title or None, show_lines=False)
    for name in data.column_names:
        table.add_column(name, overflow="fold")
    for row in data.to_pylist():
        table.add_row(*(_cell(v) for v in row.values()))
    target = console if output is None else Console(file=output.open("w", encoding="utf-8"), width=200)
    target.print(table)
    if caption:
        target.print(caption, highlight=False, soft_wrap=True)
    if output is not None:
        target.file.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return "?" if value else ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)
