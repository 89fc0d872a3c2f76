"""Analytics commands: flows, trend, factsheet, dependence (issue 3). Each parses flags, calls one
core function from armswatch.analytics and formats its result."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from armswatch import db
from armswatch.analytics import DependenceQuery, FlowQuery, dependence, factsheet, flows, parse_period
from armswatch.analytics.keys import parse_by
from armswatch.analytics.periods import check_within
from armswatch.cli.main import app
from armswatch.cli.output import (ALL, FORMAT, LIMIT, OUTPUT, WIDE, Format, Listing, count,
                                  row_limit, show, to_json)
from armswatch.cli.register import warn_partial
from armswatch.store.views import ReleaseView, release_view


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
           limit: Optional[int] = LIMIT, show_all: bool = ALL, wide: bool = WIDE,
           fmt: Format = FORMAT, output: Optional[Path] = OUTPUT,
           chart: Optional[Path] = CHART) -> None:
    """Delivered TIV by any combination of keys, with shares (per cent) and change."""
    query = FlowQuery(supplier, recipient, year_from, year_to, parse_by(by),
                      category, period_length, merge_successors)
    _show_flows(ctx, release, query, fmt, output, chart, row_limit(fmt, limit, show_all), wide)


@app.command()
def trend(ctx: typer.Context, supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
          by: Optional[Key] = typer.Option(None, "--by", help="Split each period by this key."),
          period_length: int = typer.Option(5, help="Years per period; 1 for yearly figures."),
          year_from: Optional[int] = typer.Option(None, "--from", help="First year (default: first in the release)."),
          year_to: Optional[int] = typer.Option(None, "--to", help="Last year (default: last in the release)."),
          category: Optional[str] = CATEGORY, merge_successors: bool = MERGE,
          release: Optional[int] = RELEASE, limit: Optional[int] = LIMIT, show_all: bool = ALL,
          wide: bool = WIDE, fmt: Format = FORMAT, output: Optional[Path] = OUTPUT,
          chart: Optional[Path] = CHART) -> None:
    """A series over periods (or years), optionally split by supplier, recipient or category."""
    time = "year" if period_length == 1 else "period"
    keys = (time,) + ((by.value,) if by else ())
    query = FlowQuery(supplier, recipient, year_from, year_to, keys, category, period_length,  # type: ignore[arg-type]
                      merge_successors)
    _show_flows(ctx, release, query, fmt, output, chart, row_limit(fmt, limit, show_all), wide)


def _view(ctx: typer.Context, release: Optional[int], year_from: Optional[int],
          year_to: Optional[int]) -> ReleaseView:
    """--db and --release resolved once (issue 16), the years checked against the data and a
    partial release named."""
    # a read takes no writer's turn: on PostgreSQL no writer lock (issue 19)
    view = release_view(db.connect(ctx.obj["db"], read_only=True), release)
    check_within(view, year_from, year_to)
    warn_partial(view.release)
    return view


def _show_flows(ctx: typer.Context, release: Optional[int], query: FlowQuery, fmt: Format,
                output: Optional[Path], chart: Optional[Path], limit: Optional[int],
                wide: bool) -> None:
    result = flows(_view(ctx, release, query.year_from, query.year_to), query)
    if chart is not None:
        from armswatch.analytics.charts import flows_chart, write_chart

        write_chart(flows_chart(result), chart)
    q = result.query
    rows = [tuple(round(v, 2) if isinstance(v, float) else v for v in r) for r in result.records]
    show(Listing(list(result.columns), rows[:limit] if limit else rows, total=len(rows),
                 title=f"{count(len(rows), 'group')}, {q.year_from}-{q.year_to}, total "
                       f"{result.total:,.0f} TIV",
                 caption=f"{result.release.attribution}. {result.release.label}. TIV in "
                         "millions; shares in per cent."), fmt, output, wide)


@app.command("factsheet")
def factsheet_(ctx: typer.Context,
               period: str = typer.Option(..., help="The period, e.g. 2020-2024 or 2020-24."),
               top: int = typer.Option(25, help="How many exporters and importers to list."),
               merge_successors: bool = MERGE, release: Optional[int] = RELEASE,
               fmt: SheetFormat = typer.Option(SheetFormat.md, "--format"),
               output: Optional[Path] = OUTPUT, chart: Optional[Path] = CHART) -> None:
    """SIPRI-style fact sheet for any period: volume, counts, top exporters and importers."""
    from armswatch.analytics.charts import chart_html, factsheet_chart, write_chart
    from armswatch.analytics.render import factsheet_html, factsheet_markdown, factsheet_table
    from armswatch.cli.output import write_table

    asked = parse_period(period)
    con = db.connect(ctx.obj["db"], read_only=True)   # a read takes no writer's turn (issue 19)
    sheet = factsheet(release_view(con, release), asked, top=top,
                      merge_successors=merge_successors)
    warn_partial(sheet.release)
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
                limit: Optional[int] = LIMIT, show_all: bool = ALL, wide: bool = WIDE,
                fmt: Format = FORMAT, output: Optional[Path] = OUTPUT) -> None:
    """Supplier concentration (Herfindahl, 0-10,000) and largest supplier shift per importer and period."""
    result = dependence(_view(ctx, release, year_from, year_to),
                        DependenceQuery(recipient, year_from, year_to, period_length,
                                        merge_successors))
    rows = [tuple(round(v, 2) if isinstance(v, float) else v for v in r.__dict__.values())
            for r in result.rows]
    limit = row_limit(fmt, limit, show_all)
    show(Listing(list(result.rows[0].__dict__) if result.rows else ["recipient"],
                 rows[:limit] if limit else rows, total=len(rows),
                 title=f"Supplier dependence, {len(rows):,} importer-periods",
                 caption=f"{result.release.attribution}. {result.release.label}."),
         fmt, output, wide)
