"""Register commands: import, info, deals, use."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from armswatch import ATTRIBUTION, db
from armswatch.cli.main import app
from armswatch.cli.output import (ALL, FORMAT, LIMIT, OUTPUT, WIDE, Format, Listing,
                                  ReportFormat, console, count, err_console, row_limit, show,
                                  shows_progress, to_json)
from armswatch.register.releases import Release, current_release, use_release

# The columns a terminal table shows (files get every column), and those a narrow one drops first.
DEAL_TABLE = ("supplier", "recipient", "order_year", "order_year_uncertain", "number_ordered",
              "number_ordered_uncertain", "designation", "description", "number_delivered",
              "number_delivered_uncertain", "delivery_years", "status", "tiv_delivered")
DEAL_PRIORITY = ("status", "description", "delivery_years", "number_ordered")


def _connect(ctx: typer.Context, read_only: bool = False):
    return db.connect(ctx.obj["db"], read_only=read_only)


def warn_partial(release: Release) -> None:
    """Every query on a release that is not a whole register says so (on standard error)."""
    if release.partial_note:
        err_console.print(f"[yellow]Note[/yellow]: {escape(release.partial_note)}", highlight=False)


@app.command("import")
def import_(ctx: typer.Context, path: Path = typer.Argument(..., help="A SIPRI export; format "
                                                                     "detected from its header."),
            dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report; write nothing."),
            fmt: ReportFormat = typer.Option(ReportFormat.table, "--format",
                                             help="table or json report.")) -> None:
    """Import a SIPRI export (classic or API trade register, or per-year deliveries JSON)."""
    from armswatch.store.load import import_file

    con = _connect(ctx)
    with _progress(f"Reading {path.name}"):
        report = import_file(con, path, dry_run=dry_run)
    if fmt is ReportFormat.json:
        typer.echo(to_json(report.to_dict()))
    else:
        _print_report(report, dry_run)
        if report.valid and "release_id" in report.stats:
            _print_release(current_release(con, int(report.stats["release_id"])), con)
    raise typer.Exit(0 if report.valid else 1)


def _progress(label: str):  # type: ignore[no-untyped-def]
    """A spinner on standard error while a file is read (none when it is not a terminal, or
    with --quiet)."""
    from contextlib import nullcontext

    return err_console.status(label) if shows_progress() else nullcontext()


def _print_report(report, dry_run: bool) -> None:  # type: ignore[no-untyped-def]
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
    for key in ("already_imported_as_release", "already_imported_as_milex_release"):
        if key in stats:
            out.print(f"{report.source} is already imported as release {stats[key]}; nothing "
                      "changed.", highlight=False)
            return
    verb = "Would import" if dry_run else "Imported"
    out.print(f"{verb} {report.source} ({report.format}): {report.deals:,} deals, "
              f"{report.deliveries:,} delivery rows in {report.seconds:.2f} s.", highlight=False)
    if "sipri_split_deals" in stats:
        out.print(f"Yearly split: SIPRI's own for {stats['sipri_split_deals']:,} deals, "
                  f"one delivery year for {stats['single_year_deals']:,}, "
                  f"even (estimated) for {stats['even_split_deals']:,}.")
    if "milex_release_id" in stats:
        out.print(f"Milex release {stats['milex_release_id']}; `armswatch milex` reads it.",
                  highlight=False)


def _print_release(release: Release, con) -> None:  # type: ignore[no-untyped-def]
    """What the new release holds and whether queries read it."""
    from armswatch.analytics.periods import covered_years
    from armswatch.store.views import ReleaseView

    years = covered_years(ReleaseView(con, release)).label if release.deliveries else "no deliveries"
    reading = current_release(con)
    console.print(f"New release {release.release_id}: {release.deals:,} deals, deliveries "
                  f"{years}.", highlight=False)
    if reading.release_id == release.release_id:
        console.print(f"Queries now read release {release.release_id}.", highlight=False)
    else:
        why = " (" + release.partial_note + ")" if release.partial_note else ""
        console.print(f"Queries keep reading release {reading.release_id}{why}; `armswatch use "
                      f"{release.release_id}` reads the new one.", highlight=False, soft_wrap=True)


@app.command()
def info(ctx: typer.Context,
         fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", help="table or json."),
         release: Optional[int] = typer.Option(None, "--release", help="Release id to describe.")) -> None:
    """Releases loaded, counts, and SIPRI's attribution."""
    from armswatch.register.summary import info as register_info
    from armswatch.store.views import release_view

    path = db.resolve_path(ctx.obj["db"])
    view = release_view(_connect(ctx, read_only=True), release)  # --release resolved once
    summary = register_info(view, path)
    if fmt is ReportFormat.json:
        typer.echo(to_json(summary.to_dict()))
        return
    lines = [f"Database: {summary.database}",
             f"Current release {summary.current_release}: {summary.deals:,} deals, "
             f"{summary.deliveries:,} delivery rows, {summary.tiv_delivered_total:,.0f} TIV "
             f"delivered (millions), SIPRI's own yearly split for "
             f"{summary.sipri_split_deals:,} multi-year deals; {summary.parties} parties."]
    for r in summary.releases:
        kind = "whole register" if r["whole_register"] else "partial export"
        if r["format"] == "deliveries-json":
            kind = "SIPRI's per-year deliveries"
        lines.append(f"  release {r['release_id']}: {r['file_name']} ({kind}, data generated "
                     f"{r['data_generated'] or 'unknown'}), {r['deals']:,} deals")
    for line in [*lines, summary.attribution, summary.terms]:  # terms: armswatch.terms (issue 20)
        console.print(line, highlight=False, markup=False)
    warn_partial(view.release)


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
          limit: Optional[int] = LIMIT, show_all: bool = ALL, wide: bool = WIDE,
          fmt: Format = FORMAT, output: Optional[Path] = OUTPUT) -> None:
    """Deals of the register matching every filter given."""
    from armswatch.analytics.periods import check_within
    from armswatch.register.deals import DealQuery, count_deals, select_deals
    from armswatch.store.views import release_view

    con = _connect(ctx, read_only=True)   # a read takes no writer's turn (issue 19)
    view = release_view(con, release)  # --release resolved once (issue 16)
    chosen = view.release
    query = DealQuery(supplier, recipient, year_from, year_to, designation, category, status,
                      row_limit(fmt, limit, show_all))
    check_within(view, year_from, year_to)
    found = select_deals(view, query)
    columns = list(DEAL_TABLE) if fmt is Format.table else found.columns
    rows = found.select(*columns).fetchall()
    total = count_deals(view, query) if query.limit and len(rows) == query.limit else len(rows)
    show(Listing(columns, rows, title=count(total, "deal"), total=total, priority=DEAL_PRIORITY,
                 caption=f"{ATTRIBUTION}. {chosen.label}. TIV in millions."), fmt, output, wide)
    warn_partial(chosen)


@app.command()
def use(ctx: typer.Context, release: Optional[int] = typer.Argument(
        None, help="Release id for queries; omit to go back to the latest.")) -> None:
    """Choose which release queries read by default."""
    chosen = use_release(_connect(ctx), release)
    console.print(f"Queries now read {chosen.label}.", highlight=False)
    warn_partial(chosen)
