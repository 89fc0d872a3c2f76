"""`armswatch batch extract|check|summary|synth`: the pipeline over sharded archives, on Dask.

Thin shells over armswatch.batch: each parses flags, calls one function and prints the run
report (documents read, skipped with reasons, claims, shards written, resumed and failed).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from armswatch import db
from armswatch.batch import check_dataset, extract_archive, runs, summarise
from armswatch.batch.clusters import attribution
from armswatch.batch.engine import Engine
from armswatch.batch.report import RunReport
from armswatch.cli.main import MIN_CONFIDENCE, app
from armswatch.cli.output import FORMAT, Format, err_console, shows_progress, write_table

batch_app = typer.Typer(no_args_is_help=True, help="Extract and check claims over sharded news "
                        "archives on Dask (a local cluster, or any cluster by address).")
app.add_typer(batch_app, name="batch")

WORKERS = typer.Option(2, "--workers", help="Local worker processes (0: run in this process).")
SCHEDULER = typer.Option(None, "--scheduler", help="A Dask scheduler address (tcp://host:8786) "
                         "instead of a local cluster.")
REDO = typer.Option(False, "--redo", help="Redo every shard, not only those not yet written.")


class ArchiveFormat(str, Enum):
    jsonl_gz = "jsonl.gz"
    jsonl = "jsonl"
    parquet = "parquet"


@batch_app.command("extract")
def batch_extract(inputs: list[str] = typer.Argument(..., help="Shards: globs of JSON Lines "
                                                     "(.jsonl, .jsonl.gz) or Parquet files, local "
                                                     "or fsspec URLs."),
                  out: str = typer.Option(..., "--out", help="Folder of the claims dataset."),
                  workers: int = WORKERS, scheduler: Optional[str] = SCHEDULER,
                  redo: bool = REDO, min_confidence: Optional[float] = MIN_CONFIDENCE) -> None:
    """Extract transfer claims, statistics and events from every document of every shard."""
    engine = Engine(workers, scheduler)
    with _progress("extract") as progress:
        report = extract_archive(inputs, out, engine, resume=not redo, progress=progress,
                                 min_confidence=min_confidence)
    _print_report(report)


@batch_app.command("check")
def batch_check(ctx: typer.Context,
                claims: str = typer.Argument(..., help="The claims dataset of `batch extract`."),
                out: str = typer.Option(..., "--out", help="Folder of the checked dataset."),
                release: Optional[int] = typer.Option(None, help="Check against this release."),
                workers: int = WORKERS, scheduler: Optional[str] = SCHEDULER,
                redo: bool = REDO) -> None:
    """Check every claim against the register, shard by shard, in parallel."""
    path = ctx.obj["db"]
    engine = Engine(workers, scheduler)
    with _progress("check") as progress:
        report = check_dataset(claims, out, engine, db=str(path) if path else None,
                               release=release, resume=not redo, progress=progress)
    _print_report(report)


@batch_app.command("summary")
def batch_summary(checked: str = typer.Argument(..., help="The checked dataset of `batch check`."),
                  top: int = typer.Option(50, "--top", help="How many claim clusters."),
                  verdict: str = typer.Option("undocumented", "--verdict", help="documented, "
                                              "partly_documented, undocumented, not_checkable "
                                              "or any."),
                  fmt: Format = FORMAT,
                  output: Optional[Path] = typer.Option(None, "--output")) -> None:
    """The most-reported transfers (claim clusters: same supplier, recipient, system, status and
    compatible years), with their sources, first-seen date and deals."""
    table = summarise(checked, top, verdict)
    if fmt is Format.table:   # the terminal gets the headline columns; other formats get all
        table = table.select(["rank", "supplier", "recipient", "system", "status", "year_first",
                              "year_last", "sources", "outlets", "first_seen", "verdict"])
    write_table(table, fmt, output, title=f"Most-reported transfers ({verdict})",
                caption=attribution(checked) or "")


@batch_app.command("synth")
def batch_synth(ctx: typer.Context,
                out: Path = typer.Argument(..., help="Folder for the synthetic archive."),
                documents: int = typer.Option(10_000, "--documents", min=1),
                shard_size: int = typer.Option(5_000, "--shard-size", min=1),
                seed: int = typer.Option(1, "--seed"),
                fmt: ArchiveFormat = typer.Option(ArchiveFormat.jsonl_gz, "--format")) -> None:
    """Build a synthetic news archive from the project's own sentences and the register (for
    scale tests and benchmarks; the texts are invented)."""
    from armswatch.batch.synthetic import synthesise

    con = db.connect(ctx.obj["db"], read_only=True)
    paths = synthesise(con, out, documents, shard_size, seed, fmt.value)
    err_console.print(f"Wrote {documents:,} documents in {len(paths)} shards to {out}.",
                      highlight=False)


class _progress(runs.Progress):
    """A progress bar on standard error, one tick per shard; the Dask dashboard's address."""

    def __init__(self, step: str) -> None:
        self.bar = Progress(TextColumn(f"batch {step}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("shards"), TimeElapsedColumn(), console=err_console,
                            transient=True, disable=not shows_progress())
        self.task = self.bar.add_task(step, total=None)

    def __enter__(self) -> _progress:
        self.bar.start()
        return self

    def started(self, engine: str, dashboard: str | None, todo: int, total: int) -> None:
        self.bar.console.print(f"{todo} of {total} shards to do on {engine}"
                               + (f"; Dask dashboard: {dashboard}" if dashboard else ""),
                               highlight=False)
        self.bar.update(self.task, completed=total - todo, total=total)

    def shard_done(self, report, done: int, total: int) -> None:  # type: ignore[no-untyped-def]
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.bar.stop()


def _print_report(report: RunReport) -> None:
    data = report.to_dict()
    shards = data["shards"]
    fresh = sum(s.documents for s in report.shards if not s.failed and not s.resumed)
    rate = fresh / report.seconds if report.seconds else 0.0
    lines = [f"{report.step}: {shards['total']} shards ({shards['written']} written, "  # type: ignore[index]
             f"{shards['resumed']} already done, {shards['failed']} failed) on {report.engine}",  # type: ignore[index]
             f"documents: {report.documents:,}; claims: {report.claims:,}; "
             f"{report.seconds:.1f} s ({rate:,.0f} documents/s in this run)"]
    if report.dashboard:
        lines.append(f"Dask dashboard: {report.dashboard}")
    if data["skipped"]:
        lines.append("skipped documents: " + ", ".join(f"{k} {v}" for k, v in data["skipped"].items()))  # type: ignore[union-attr]
    if data["verdicts"]:
        lines.append("verdicts: " + ", ".join(f"{k} {v:,}" for k, v in data["verdicts"].items()))  # type: ignore[union-attr]
    for line in lines:
        err_console.print(escape(line), highlight=False)
    for failed in report.failed:
        err_console.print(f"[yellow]{failed.failed['code']}[/yellow] {escape(failed.input)}: "  # type: ignore[index]
                          f"{escape(failed.failed['message'])}", highlight=False)  # type: ignore[index]
    err_console.print(f"Run report: {report.out.rstrip('/')}/_run.json", highlight=False)
    typer.echo(json.dumps({k: data[k] for k in ("documents", "claims", "shards")}))
    if report.failed:
        raise typer.Exit(1)
