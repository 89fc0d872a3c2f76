"""Register commands: import, info, deals, parties, use."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from armswatch import db
from armswatch.cli.main import app
from armswatch.cli.output import Format, console, err_console, to_json, write_table
from armswatch.register.deals import DealQuery, find_deals
from armswatch.register.releases import use_release
from armswatch.register.summary import info as register_info
from armswatch.store.load import import_file


def _connect(ctx: typer.Context, read_only: bool = False):
    return db.connect(ctx.obj["db"], read_only=read_only)


@app.command("import")
def import_(ctx: typer.Context, path: Path = typer.Argument(..., help="A SIPRI export; format "
                                                                     "detected from its header."),
            dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report; write nothing."),
            fmt: Format = typer.Option(Format.table, "--format", help="table or json report.")) -> None:
    """Import a SIPRI export (classic or API trade register, or per-year deliveries JSON)."""
    con = _connect(ctx)
    report = import_file(con, path, dry_run=dry_run)
    if fmt is Format.json:
        typer.echo(to_json(report.to_dict()))
    else:
        _print_report(report, dry_run)
    raise typer.Exit(0 if report.valid else 1)


def _print_report(report, dry_run: bool) -> None:
    out = console if report.valid else err_console
    for problem in report.problems[:50]:
        where = f"line {problem.line}" if problem.line else (problem.column or "file")
        out.print(f"[red]{problem.code}[/red] ({where}): {escape(problem.message)} {problem.fix}",
                  highlight=False)
    if len(report.problems) > 50:
        out.print(f"... and {len(report.problems) - 50} more problems (use --format json).")
    if not report.valid:  # "the first 1,000 of at least N problems" when the reader stopped
        out.print(f"Refused {escape(report.source)} ({report.counted()}): nothing was written.",
                  highlight=False)
        return
    stats = report.stats
    if "already_imported_as_release" in stats:
        out.print(f"{report.source} is already imported as release "
                  f"{stats['already_imported_as_release']}; nothing changed.")
        return
    verb = "Would import" if dry_run else "Imported"
    out.print(f"{verb} {report.source} ({report.format}): {report.deals:,} deals, "
              f"{report.deliveries:,} delivery rows in {report.seconds:.2f} s.")
    if "sipri_split_deals" in stats:
        out.print(f"Yearly split: SIPRI's own for {stats['sipri_split_deals']:,} deals, "
                  f"one delivery year for {stats['single_year_deals']:,}, "
                  f"even (estimated) for {stats['even_split_deals']:,}.")


@app.command()
def info(ctx: typer.Context,
         fmt: Format = typer.Option(Format.table, "--format", help="table or json."),
         release: Optional[int] = typer.Option(None, "--release", help="Release id to describe.")) -> None:
    """Releases loaded, counts, and SIPRI's attribution."""
    path = str(ctx.obj["db"] or db.default_path())
    con = _connect(ctx)
    summary = register_info(con, path, release)
    if fmt is Format.json:
        typer.echo(to_json(summary.to_dict()))
        return
    console.print(f"Database: {summary.database}", highlight=False)
    console.print(f"Current release {summary.current_release}: {summary.deals:,} deals, "
                  f"{summary.deliveries:,} delivery rows, {summary.tiv_delivered_total:,.0f} TIV "
                  f"delivered (millions), SIPRI's own yearly split for "
                  f"{summary.sipri_split_deals:,} multi-year deals; {summary.parties} parties.",
                  highlight=False)
    for r in summary.releases:
        console.print(f"  release {r['release_id']}: {r['file_name']} ({r['format']}, data "
                      f"generated {r['data_generated'] or 'unknown'}), {r['deals']:,} deals",
                      highlight=False)
    console.print(summary.attribution, highlight=False)


@app.command()
def deals(ctx: typer.Context,
          supplier: Optional[str] = typer.Option(None, help="Supplier (any alias: USSR, Turkey)."),
          recipient: Optional[str] = typer.Option(None, help="Recipient (any alias: Burma)."),
          year_from: Optional[int] = typer.Option(None, "--from", help="First year (order or delivery)."),
          year_to: Optional[int] = typer.Option(None, "--to", help="Last year (order or delivery)."),
          designation: Optional[str] = typer.Option(None, help="Part of the weapon designation."),
          category: Optional[str] = typer.Option(None, help="Armament category, e.g. Aircraft."),
          status: Optional[str] = typer.Option(None, help="New, Second hand, ..."),
          release: Optional[int] = typer.Option(None, help="Release id (default: current)."),
          limit: Optional[int] = typer.Option(None, help="At most this many deals."),
          fmt: Format = typer.Option(Format.table, "--format"),
          output: Optional[Path] = typer.Option(None, "--output", help="Write to this file.")) -> None:
    """Deals of the register matching every filter given."""
    query = DealQuery(supplier, recipient, year_from, year_to, designation, category, status,
                      release, limit)
    table = find_deals(_connect(ctx), query)
    if fmt is Format.table:
        table = table.select(["supplier", "recipient", "order_year", "number_ordered",
                              "designation", "description", "number_delivered", "delivery_years",
                              "status", "tiv_delivered"])
    from armswatch import ATTRIBUTION
    write_table(table, fmt, output, title=f"{table.num_rows} deals", caption=ATTRIBUTION)


@app.command()
def use(ctx: typer.Context, release: Optional[int] = typer.Argument(
        None, help="Release id for queries; omit to go back to the latest.")) -> None:
    """Choose which release queries read by default."""
    chosen = use_release(_connect(ctx), release)
    console.print(f"Queries now read {chosen.label}.", highlight=False)
