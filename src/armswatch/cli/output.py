"""Formatting core results for people and for files (issue 17).

A listing is column names and rows. On a terminal it is a table for people: headers in words,
numbers right-aligned with thousands separators, SIPRI's uncertainty flags as ``?`` with a legend,
no word or number ever split (long text is cut with an ellipsis, low-priority columns dropped with
a note), and a default limit. When standard output is not a terminal the same table is printed
plain (no box, no colour, no cutting). ``--format csv|json|jsonl|md|parquet`` writes every row.
pyarrow is imported only for csv and parquet, so a table on the terminal starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from rich.console import Console

from armswatch.errors import UsageError

if TYPE_CHECKING:
    import pyarrow as pa

console = Console(emoji=False)  # no emoji table to load (start-up)
err_console = Console(stderr=True, emoji=False)

_quiet = False  # --quiet: no progress display


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def shows_progress() -> bool:
    """Progress (spinners, bars) only for a person watching: standard error a terminal, no
    --quiet."""
    return err_console.is_terminal and not _quiet


DEFAULT_LIMIT = 25  # rows a listing shows on a terminal unless --limit or --all


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    md = "md"
    parquet = "parquet"


class ReportFormat(str, Enum):
    """What a command that prints a report, not a listing, offers (import, info, review show)."""

    table = "table"
    json = "json"


FORMAT = typer.Option(Format.table, "--format", help="table (for people), csv, json, jsonl, md "
                      "or parquet (with --output).")
OUTPUT = typer.Option(None, "--output", help="Write to this file.")
LIMIT = typer.Option(None, "--limit", min=1, help=f"At most this many rows (a table shows "
                     f"{DEFAULT_LIMIT} by default; files get every row).")
ALL = typer.Option(False, "--all", help="Show every row in the table.")
WIDE = typer.Option(False, "--wide", help="Keep every column, even if the table is wider than "
                    "the terminal.")

# Headers in SIPRI's words, as the web app shows them (web/templates/country.html).
HEADERS = {
    "deal_id": "Deal", "order_year": "Order year", "number_ordered": "Ordered",
    "number_delivered": "Delivered", "delivery_years": "Delivery years",
    "tiv_per_unit": "TIV per unit", "tiv_total_order": "TIV of order",
    "tiv_delivered": "TIV delivered", "tiv": "TIV", "share": "Share %", "change_pct": "Change %",
    "share_of_supplier_exports": "% of supplier's exports",
    "share_of_recipient_imports": "% of recipient's imports", "share_of_world": "% of world",
    "hhi": "Herfindahl", "iso3": "ISO3", "cow": "COW", "claim_id": "Claim",
    "document_id": "Document", "year_first": "First year", "year_last": "Last year",
    "first_seen": "First seen", "deal_ids": "Deals",
}
YEAR_COLUMNS = {"year", "order_year", "year_first", "year_last", "cow"}  # no thousands separator
FLAG_LEGEND = "? SIPRI marks the figure as uncertain (an estimate)."


def header(column: str) -> str:
    """A column's header in words: ``number_delivered`` -> ``Delivered``."""
    if column in HEADERS:
        return HEADERS[column]
    words = column.replace("_pct", " %").replace("_", " ")
    return words[:1].upper() + words[1:]


@dataclass
class Listing:
    """A result for the shell to show: names, rows, and what people need to read it."""

    columns: list[str]
    rows: list[Sequence[Any]]
    title: str = ""
    caption: str = ""      # SIPRI's attribution and the release
    total: int | None = None  # rows in the whole result when ``rows`` holds only the first ones
    priority: tuple[str, ...] = ()  # the columns a narrow terminal drops first, in order

    @classmethod
    def from_arrow(cls, table: pa.Table, **kwargs: Any) -> Listing:
        return cls(table.column_names, [tuple(r.values()) for r in table.to_pylist()], **kwargs)

    @classmethod
    def from_dicts(cls, rows: list[dict[str, Any]], columns: Sequence[str] = (),
                   **kwargs: Any) -> Listing:
        names = list(columns or (rows[0] if rows else ()))
        return cls(names, [tuple(r.get(c) for c in names) for r in rows], **kwargs)


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def row_limit(fmt: Format, limit: Optional[int], show_all: bool) -> Optional[int]:
    """How many rows to fetch: a table shows DEFAULT_LIMIT unless told; files get every row."""
    if show_all:
        return None
    if limit is not None:
        return limit
    return DEFAULT_LIMIT if fmt is Format.table else None


def show(listing: Listing, fmt: Format, output: Optional[Path] = None, wide: bool = False) -> None:
    """Write a listing as a table on the terminal (or plain when piped), or in a file format."""
    if fmt is Format.table:
        _print_table(listing, output, wide)
        return
    if fmt is Format.parquet and output is None:
        raise UsageError("--format parquet needs --output FILE.")
    text = _file_text(listing, fmt, output)
    if text is not None:
        output.write_text(text, encoding="utf-8") if output else sys.stdout.write(text)
    if output is None and listing.caption:  # JSON and CSV keep their shape; SIPRI's line to stderr
        err_console.print(listing.caption, highlight=False, soft_wrap=True)


def write_table(data: pa.Table, fmt: Format, output: Optional[Path], title: str = "",
                caption: str = "") -> None:
    """An Arrow table in the chosen format (the listings that come from Arrow)."""
    show(Listing.from_arrow(data, title=title, caption=caption), fmt, output)


def _file_text(listing: Listing, fmt: Format, output: Optional[Path]) -> str | None:
    records = [dict(zip(listing.columns, row)) for row in listing.rows]
    if fmt is Format.json:
        return to_json(records) + "\n"
    if fmt is Format.jsonl:
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
    if fmt is Format.md:
        return _markdown(listing)
    import pyarrow as pa

    table = pa.Table.from_pylist(records) if records else pa.table(
        {c: pa.array([], pa.string()) for c in listing.columns})
    if fmt is Format.parquet:
        import pyarrow.parquet as pq

        pq.write_table(table, output)
        return None
    import pyarrow.csv as pacsv

    from armswatch.export import flatten_lists

    sink = pa.BufferOutputStream()
    pacsv.write_csv(flatten_lists(table), sink)
    return sink.getvalue().to_pybytes().decode("utf-8")


def _markdown(listing: Listing) -> str:
    cells = _cells(listing)
    lines = ["| " + " | ".join(header(c) for c in cells.columns) + " |",
             "|" + "|".join("---:" if cells.numeric[c] else "---" for c in cells.columns) + "|"]
    lines += ["| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in cells.rows]
    tail = [f"\n{note}" for note in cells.notes] + ([f"\n{listing.caption}"] if listing.caption else [])
    return "\n".join(lines) + "\n" + "".join(line + "\n" for line in tail)


@dataclass
class _Cells:
    columns: list[str]
    rows: list[list[str]]
    numeric: dict[str, bool]
    notes: list[str]


def _cells(listing: Listing) -> _Cells:
    """The rows as the strings a person reads: flags folded in as '?', lists joined, numbers
    with separators and the same decimals down a column."""
    flags = {c[: -len("_uncertain")]: c for c in listing.columns
             if c.endswith("_uncertain") and c[: -len("_uncertain")] in listing.columns}
    shown = [c for c in listing.columns if c not in flags.values()]
    at = {c: i for i, c in enumerate(listing.columns)}
    numeric = {c: _is_numeric(c, [r[at[c]] for r in listing.rows]) for c in shown}
    decimals = {c: _decimals([r[at[c]] for r in listing.rows]) for c in shown if numeric[c]}
    flagged = False
    rows = []
    for row in listing.rows:
        cells = []
        for c in shown:
            text = _text(row[at[c]], c, decimals.get(c))
            if c in flags and row[at[flags[c]]]:
                text, flagged = text + "?", True
            cells.append(text)
        rows.append(cells)
    return _Cells(shown, rows, numeric, [FLAG_LEGEND] if flagged else [])


def _is_numeric(column: str, values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                 for v in present) or (not present and column in YEAR_COLUMNS)


def _decimals(values: list[Any]) -> int:
    """Up to 2 decimals, as many as the column needs (SIPRI's TIV: 0.01 million)."""
    needed = 0
    for v in values:
        if isinstance(v, float):
            text = f"{v:.2f}".rstrip("0")
            needed = max(needed, len(text.split(".")[1]) if "." in text else 0)
    return needed


def _text(value: Any, column: str, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return _years(value) if column.endswith("years") else "; ".join(map(str, value))
    if isinstance(value, (int, float)):
        if column in YEAR_COLUMNS:
            return str(value)
        return f"{value:,.{decimals or 0}f}"
    return str(value)


def _years(years: list[Any]) -> str:
    """Delivery years as runs: [2011, 2012, 2013, 2016] -> '2011-2013, 2016'."""
    if not all(isinstance(y, int) for y in years):
        return ", ".join(map(str, years))
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in runs)


def _print_table(listing: Listing, output: Optional[Path], wide: bool) -> None:
    target = console if output is None else Console(file=output.open("w", encoding="utf-8"),
                                                    width=10_000)
    plain = output is not None or not target.is_terminal
    render(listing, target, plain=plain, wide=wide)
    if output is not None:
        target.file.close()


def render(listing: Listing, target: Console, plain: bool = False, wide: bool = False) -> None:
    """Print ``listing`` to ``target`` (a terminal, or a Console of a fixed width in tests)."""
    cells = _cells(listing)
    columns = cells.columns if (plain or wide) else _fit(cells, listing, target.width)
    widths = _widths(cells, columns, target.width) if not (plain or wide) else {}
    table = _table(cells, columns, widths, plain)
    if listing.title:
        target.print(listing.title, style=None if plain else "bold", highlight=False, markup=False)
    if plain:  # no colour, no cutting, no trailing spaces
        import io

        buffer = Console(file=io.StringIO(), width=10_000, color_system=None)
        buffer.print(table, highlight=False, crop=False)
        target.file.write("".join(line.rstrip() + "\n"
                                  for line in buffer.file.getvalue().splitlines()))
    else:
        target.print(table, highlight=False, crop=False)
    dropped = [c for c in cells.columns if c not in columns]
    for note in _notes(listing, cells, dropped, target.width):
        target.print(note, highlight=False, soft_wrap=plain, markup=False)


def _table(cells: _Cells, columns: list[str], widths: dict[str, int], plain: bool):  # type: ignore[no-untyped-def]
    from rich import box
    from rich.table import Table

    table = Table(box=None if plain else box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                  padding=(0, 2 if plain else 1, 0, 0))  # two spaces between columns
    for c in columns:
        table.add_column(header(c), justify="right" if cells.numeric[c] else "left",
                         no_wrap=plain, overflow="ellipsis", width=widths.get(c))
    index = [cells.columns.index(c) for c in columns]
    for row in cells.rows:
        table.add_row(*(row[i] for i in index))
    return table


def _notes(listing: Listing, cells: _Cells, dropped: list[str], width: int) -> list[str]:
    """The lines under a table: the flags' legend, what was left out, SIPRI's attribution."""
    notes = list(cells.notes)
    if dropped:
        notes.append(f"Not shown to fit {width} columns: {', '.join(header(c) for c in dropped)}"
                     "; use --wide or --format csv.")
    if listing.total is not None and listing.total > len(listing.rows):
        notes.append(f"{listing.total - len(listing.rows):,} more; use --limit/--all or "
                     "--format csv.")
    return notes + ([listing.caption] if listing.caption else [])


def _min_width(column: str, cells: _Cells) -> int:
    """Numbers and years are never cut; text may shrink to its header or its longest word (at most 18 characters; longer words end in an ellipsis)."""
    at = cells.columns.index(column)
    longest = max((len(r[at]) for r in cells.rows), default=0)
    heading = max(len(w) for w in header(column).split())  # headers wrap between words
    if cells.numeric[column]:
        return max(longest, heading)
    longest_word = max((len(w) for r in cells.rows for w in r[at].split()), default=0)
    return max(heading, min(longest_word, 18))


def _natural(column: str, cells: _Cells) -> int:
    at = cells.columns.index(column)
    return max([len(header(column))] + [len(r[at]) for r in cells.rows])


def _widths(cells: _Cells, columns: list[str], width: int) -> dict[str, int]:
    """Each column's width: its minimum, then the room left shared by what each needs more (a
    text column gets at most 40 before others get theirs); the table is never wider than
    ``width`` (rich's own allocation can be, by a column separator or two)."""
    room = width - SEPARATOR * (len(columns) - 1)
    widths = {c: _min_width(c, cells) for c in columns}
    wants = {c: min(_natural(c, cells), max(40, widths[c])) - widths[c] for c in columns}
    left = room - sum(widths.values())
    while left > 0 and any(wants.values()):
        share = max(1, left // sum(1 for w in wants.values() if w))
        for c in columns:
            step = min(share, wants[c], left)
            widths[c], wants[c], left = widths[c] + step, wants[c] - step, left - step
    return widths


SEPARATOR = 2  # between two columns: the right padding and the rule's gap


def _fit(cells: _Cells, listing: Listing, width: int) -> list[str]:
    """The columns that fit ``width``: the listing's low-priority columns go first, then the
    last ones."""
    columns = list(cells.columns)
    order = [c for c in listing.priority if c in columns]
    order += [c for c in reversed(columns) if c not in order]
    while len(columns) > 1 and sum(_min_width(c, cells) + SEPARATOR for c in columns) - SEPARATOR > width:
        columns.remove(order.pop(0))
    return columns


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 deal', '29,515 deals'."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
