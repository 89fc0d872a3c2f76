"""Release commands (issue 20): ``diff`` two releases, ``update`` from SIPRI. Each parses flags,
calls one core function (armswatch.analytics.diff, armswatch.register.update) and formats its result."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from armswatch import db
from armswatch.analytics.periods import parse_period
from armswatch.cli.main import app
from armswatch.cli.output import Format, console, err_console, to_json, write_table
from armswatch.analytics.diff import DiffQuery, ReleaseDiff, diff_releases
from armswatch.register.update import BACKEND, RETRIES, TIMEOUT

TABLE_ROWS = 60  # the terminal table shows this many differences; csv and json give them all


@app.command("diff")
def diff(ctx: typer.Context,
         before: int = typer.Argument(..., help="The earlier release id (armswatch info lists them)."),
         after: int = typer.Argument(..., help="The later release id."),
         supplier: Optional[str] = typer.Option(None, help="Only this supplier's deals (any alias)."),
         recipient: Optional[str] = typer.Option(None, help="Only this recipient's deals (any alias)."),
         period: Optional[str] = typer.Option(None, help="Only these years, e.g. 2014-2019; with a "
                                              "supplier or recipient, also the share's change."),
         fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
         output: Optional[Path] = typer.Option(None, "--output", help="Write to this file.")) -> None:
    """What changed between two releases: deals, per-year deliveries, a flows query's share."""
    years = parse_period(period) if period else None
    result = diff_releases(db.connect(ctx.obj["db"], read_only=True), DiffQuery(
        before, after, supplier, recipient, years and years.year_from, years and years.year_to))
    if fmt is Format.json:
        text = to_json(result.to_dict()) + "\n"
        output.write_text(text, encoding="utf-8") if output else typer.echo(text, nl=False)
    elif fmt is Format.table and output is None:
        _print(result)
    else:
        write_table(result.to_arrow(), fmt, output, caption=result.attribution)


def _print(result: ReleaseDiff) -> None:
    counts = result.counts
    console.print(f"From {result.before.label}\n  to {result.after.label}", highlight=False)
    console.print(f"Compared: {result.compared}.", highlight=False, soft_wrap=True)
    console.print(f"{counts['added']:,} added, {counts['removed']:,} removed, {counts['changed']:,} "
                  f"changed, {counts['revised']:,} per-year revisions.", highlight=False)
    if result.effect is not None:
        effect = result.effect
        console.print(f"{effect.sentence} (TIV {effect.tiv_before:,.2f} → {effect.tiv_after:,.2f})",
                      highlight=False)
    shown = result.to_arrow().slice(0, TABLE_ROWS)
    more = len(result.rows) - shown.num_rows
    title = f"{len(result.rows):,} differences" + (f", the first {TABLE_ROWS} (all: --format csv)"
                                                   if more > 0 else "")
    write_table(shown.drop_columns(["deal_id_before", "deal_id_after"]), Format.table, None,
                title=title, caption=result.attribution)


@app.command("update")
def update(ctx: typer.Context,
           url: str = typer.Option(BACKEND, "--url", help="SIPRI's backend (or a mirror of it)."),
           timeout: float = typer.Option(TIMEOUT, min=1, help="Seconds to wait for SIPRI's answer."),
           retries: int = typer.Option(RETRIES, min=0, help="Attempts after a timeout or a 5xx.")) -> None:
    """Fetch SIPRI's current trade register, import it as a new release and say what changed."""
    from armswatch.register.update import Fetch
    from armswatch.register.update import update as fetch_and_import

    con = db.connect(ctx.obj["db"])
    with _bar() as (bar, progress):
        result = fetch_and_import(con, Fetch(url, timeout, retries), progress)
        bar.stop()
    if result.release is None:
        console.print(f"SIPRI's trade register is unchanged: it is release "
                      f"{result.report.stats.get('already_imported_as_release')} already.",
                      highlight=False)
        return
    console.print(f"Imported {result.release.label}: {result.report.deals:,} deals, "
                  f"{result.report.deliveries:,} delivery rows ({result.received_bytes:,} bytes "
                  f"in {result.seconds:.1f} s).", highlight=False)
    if result.previous is not None:
        changes = diff_releases(con, DiffQuery(result.previous.release_id, result.release.release_id))
        counts = changes.counts
        console.print(f"Against release {result.previous.release_id}: {counts['added']:,} added, "
                      f"{counts['removed']:,} removed, {counts['changed']:,} changed, "
                      f"{counts['revised']:,} per-year revisions (armswatch diff "
                      f"{result.previous.release_id} {result.release.release_id}).", highlight=False)
    console.print(result.release.attribution, highlight=False)


@contextmanager
def _bar():
    """A progress bar on standard error: waiting for SIPRI (~30 s), then the bytes received."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("asking SIPRI", total=None)

        def progress(what: str, received: int, total: int | None) -> None:
            bar.update(task, description=what, completed=received, total=total)

        yield bar, progress
