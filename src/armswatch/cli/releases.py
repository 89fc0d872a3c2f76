"""Release commands (issue 20): ``diff`` two releases. Each parses flags, calls one core function
(armswatch.register.diff) and formats its result."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from armswatch import db
from armswatch.analytics.periods import parse_period
from armswatch.cli.main import app
from armswatch.cli.output import Format, console, to_json, write_table
from armswatch.register.diff import DiffQuery, ReleaseDiff, diff_releases

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
