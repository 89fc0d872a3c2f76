"""The `extract` command: arms-transfer claims, statistics and events from news text."""

from __future__ import annotations

import json
import sys
import textwrap
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from armswatch.cli.main import MIN_CONFIDENCE, app
from armswatch.cli.output import console, err_console
from armswatch.extract.batch import BatchStats, extract_path
from armswatch.extract.model import ExtractionResult
from armswatch.reconcile.markdown import value_text

EVIDENCE_CHARS = 160  # the evidence shown under a claim; --format json has it whole


class ExtractFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


@app.command()
def extract(path: Path = typer.Argument(..., help="A .txt or .html article, a .jsonl of documents "
                                        "(text, id, url, title, outlet, published), or a directory."),
            fmt: ExtractFormat = typer.Option(ExtractFormat.table, "--format"),
            output: Optional[Path] = typer.Option(None, "--output", help="Write to this file."),
            min_confidence: Optional[float] = MIN_CONFIDENCE) -> None:
    """Find transfer claims, arms-trade statistics and cooperation events, with their evidence."""
    stats = BatchStats()
    target = output.open("w", encoding="utf-8") if output else sys.stdout
    for result in extract_path(path, stats, min_confidence):
        _write(result, fmt, target)
    for problem in stats.problems:
        err_console.print(f"[yellow]{problem.code}[/yellow] {problem.source}: {problem.message}",
                          highlight=False)
    if stats.extracted == 0:
        raise typer.Exit(1)


def _write(result: ExtractionResult, fmt: ExtractFormat, target) -> None:  # type: ignore[no-untyped-def]
    if fmt is ExtractFormat.jsonl:
        target.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    elif fmt is ExtractFormat.json:
        target.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out = console if target is sys.stdout else Console(file=target, width=10_000)
        out.print(f"[bold]{escape(result.id)}[/bold]", highlight=False)
        for claim, evidence in _lines(result):
            out.print(f"  {claim}", highlight=False, markup=False)
            out.print(f"      \u201c{_shorten(evidence)}\u201d", highlight=False, markup=False,
                      style="dim")


def _shorten(text: str) -> str:
    """Evidence cut between words, never inside one."""
    return textwrap.shorten(" ".join(text.split()), EVIDENCE_CHARS, placeholder=" …")


def _lines(result: ExtractionResult) -> list[tuple[str, str]]:
    """One line per claim in words (what is unknown is left out), then its evidence."""
    lines = []
    for t in result.transfers:
        quantity = f"{t.quantity:,} " if t.quantity is not None else ""
        year = f" in {t.year}" if t.year is not None else ""
        lines.append((f"transfer   {t.supplier or '?'} → {t.recipient or '?'}: {quantity}"
                      f"{t.weapon or t.weapon_generic} ({t.category}), "
                      f"{t.status.replace('_', ' ')}{year}", t.evidence.text))
    for s in result.statistics:
        period = f" in {s.period[0]}-{s.period[1]}" if s.period else ""
        parties = " / ".join(p for p in (s.subject, s.object) if p) or "world"
        lines.append((f"statistic  {parties}: {s.measure} {value_text(s.value, s.unit)}{period}",
                      s.evidence.text))
    for e in result.events:
        date = f" on {e.date}" if e.date else ""
        lines.append((f"event      {e.type.replace('_', ' ')}: {', '.join(e.actors)}{date}",
                      e.evidence.text))
    return lines or [("(nothing found)", "")]
