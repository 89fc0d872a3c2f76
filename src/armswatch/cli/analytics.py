"""Analytics commands: flows, trend, factsheet, dependence (issue 3). Each parses flags, calls one
core function from armswatch.analytics and formats its result."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from armswatch import db
from armswatch.analytics import DependenceQuery, FlowQuery, dependence, factsheet, flows, parse_period
from armswatch.analytics.charts import chart_html, factsheet_chart, flows_chart, write_chart
from armswatch.analytics.keys import parse_by
from armswatch.analytics.render import factsheet_html, factsheet_markdown, factsheet_table
from armswatch.cli.main import app
from armswatch.cli.output import Format, err_console, to_json, write_table


class Key(str, Enum):
    supplier = "supplier"
    recipient = "recipient"
    year = "year"
    period = "period"
    category = "category"
    supplier_region = "supplier_region"
    recipient_region = "recipient_region"


class SheetFormat(str, Enum):
    md = "md"
    json = "json"
    csv = "csv"
    html = "html"


SUPPLIER = typer.Option(None, help="Supplier (any alias: USSR, Turkey).")
RECIPIENT = typer.Option(None, help="Recipient (any alias: Burma).")
CATEGORY = typer.Option(None, help="Armament category, e.g. Aircraft.")
MERGE = typer.Option(False, "--merge-successors", help="Count the Soviet Union as Russia "
                     "(long series); by default they are apart, as SIPRI counts.")
RELEASE = typer.Option(None, help="Release id (default: current).")
CHART = typer.Option(None, help="Also write a chart: FILE.html (self-contained, offline), "
                     "FILE.png or FILE.svg.")
OUTPUT = typer.Option(None, "--output", help="Write to this file.")


@app.command("flows")
def flows_(ctx: typer.Context, supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
           year_from: Optional[int] = typer.Option(None, "--from", help="First delivery year."),
           year_to: Optional[int] = typer.Option(None, "--to", help="Last delivery year."),
           by: list[str] = typer.Option([], "--by", help="Group by these keys: --by year,supplier or "
                                        "--by year --by supplier (supplier, recipient, year, period, "
                                        "category, supplier_region, recipient_region)."),
           category: Optional[str] = CATEGORY,
           period_length: int = typer.Option(5, help="Years per period with --by period."),
           merge_successors: bool = MERGE, release: Optional[int] = RELEASE,
           fmt: Format = typer.Option(Format.table, "--format"), output: Optional[Path] = OUTPUT,
           chart: Optional[Path] = CHART) -> None:
    """Delivered TIV by any combination of keys, with shares (per cent) and change."""
    query = FlowQuery(supplier, recipient, year_from, year_to, parse_by(by),
                      category, period_length, merge_successors, release)
    _show_flows(flows(db.connect(ctx.obj["db"]), query), fmt, output, chart)


@app.command()
def trend(ctx: typer.Context, supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
          by: Optional[Key] = typer.Option(None, "--by", help="Split each period by this key."),
          period_length: int = typer.Option(5, help="Years per period; 1 for yearly figures."),
          year_from: Optional[int] = typer.Option(None, "--from", help="First year (default: first in the release)."),
          year_to: Optional[int] = typer.Option(None, "--to", help="Last year (default: last in the release)."),
          category: Optional[str] = CATEGORY, merge_successors: bool = MERGE,
          release: Optional[int] = RELEASE, fmt: Format = typer.Option(Format.table, "--format"),
          output: Optional[Path] = OUTPUT, chart: Optional[Path] = CHART) -> None:
    """A series over periods (or years), optionally split by supplier, recipient or category."""
    time = "year" if period_length == 1 else "period"
    keys = (time,) + ((by.value,) if by else ())
    query = FlowQuery(supplier, recipient, year_from, year_to, keys, category, period_length,  # type: ignore[arg-type]
                      merge_successors, release)
    _show_flows(flows(db.connect(ctx.obj["db"]), query), fmt, output, chart)


def _show_flows(result, fmt: Format, output: Optional[Path], chart: Optional[Path]) -> None:
    if chart is not None:
        write_chart(flows_chart(result), chart)
    caption = f"{result.release.attribution}. {result.release.label}. TIV in millions; shares in per cent."
    q = result.query
    title = f"{len(result.records)} groups, {q.year_from}-{q.year_to}, total {result.total:,.0f} TIV"
    write_table(result.to_arrow(), fmt, output, title=title, caption=caption)
    _attribute(fmt, output, caption)


def _attribute(fmt: Format, output: Optional[Path], caption: str) -> None:
    """JSON and CSV on standard output keep their shape; SIPRI's attribution goes to stderr."""
    if fmt is not Format.table and output is None:
        err_console.print(caption, highlight=False)


@app.command("factsheet")
def factsheet_(ctx: typer.Context,
               period: str = typer.Option(..., help="The period, e.g. 2020-2024 or 2020-24."),
               top: int = typer.Option(25, help="How many exporters and importers to list."),
               merge_successors: bool = MERGE, release: Optional[int] = RELEASE,
               fmt: SheetFormat = typer.Option(SheetFormat.md, "--format"),
               output: Optional[Path] = OUTPUT, chart: Optional[Path] = CHART) -> None:
    """SIPRI-style fact sheet for any period: volume, counts, top exporters and importers."""
    sheet = factsheet(db.connect(ctx.obj["db"]), parse_period(period), top=top,
                      merge_successors=merge_successors, release_id=release)
    if chart is not None:
        write_chart(factsheet_chart(sheet), chart)
    if fmt is SheetFormat.csv:
        write_table(factsheet_table(sheet), Format.csv, output)
        return
    text = {SheetFormat.md: lambda: factsheet_markdown(sheet),
            SheetFormat.json: lambda: to_json(sheet.to_dict()) + "\n",
            SheetFormat.html: lambda: factsheet_html(sheet, chart_html(factsheet_chart(sheet)))}[fmt]()
    output.write_text(text, encoding="utf-8") if output else typer.echo(text, nl=False)


@app.command("dependence")
def dependence_(ctx: typer.Context, recipient: Optional[str] = RECIPIENT,
                year_from: Optional[int] = typer.Option(None, "--from", help="First year."),
                year_to: Optional[int] = typer.Option(None, "--to", help="Last year."),
                period_length: int = typer.Option(5, help="Years per period."),
                merge_successors: bool = MERGE, release: Optional[int] = RELEASE,
                fmt: Format = typer.Option(Format.table, "--format"),
                output: Optional[Path] = OUTPUT) -> None:
    """Supplier concentration (Herfindahl, 0-10,000) and largest supplier shift per importer and period."""
    result = dependence(db.connect(ctx.obj["db"]), DependenceQuery(
        recipient, year_from, year_to, period_length, merge_successors, release))
    caption = f"{result.release.attribution}. {result.release.label}."
    write_table(result.to_arrow(), fmt, output, caption=caption,
                title=f"Supplier dependence, {len(result.rows)} importer-periods")
    _attribute(fmt, output, caption)
