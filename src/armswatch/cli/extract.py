"""The `extract` command: arms-transfer claims, statistics and events from news text."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from armswatch.cli.main import MIN_CONFIDENCE, app
from armswatch.cli.output import console, err_console
from armswatch.extract.batch import BatchStats, extract_path
from armswatch.extract.model import ExtractionResult


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
        console.print(f"[bold]{result.id}[/bold]", highlight=False)
        for line in _lines(result):
            console.print(line, highlight=False, markup=False)


def _lines(result: ExtractionResult) -> list[str]:
    lines = [f"  transfer  {t.supplier} -> {t.recipient}: {t.weapon or t.weapon_generic} "
             f"[{t.category}] {t.status} qty={t.quantity} year={t.year}  \"{t.evidence.text[:90]}\""
             for t in result.transfers]
    lines += [f"  statistic {s.measure} {s.subject} / {s.object} = {s.value:g} {s.unit} "
              f"period={s.period}  \"{s.evidence.text[:90]}\"" for s in result.statistics]
    lines += [f"  event     {e.type} {', '.join(e.actors)} date={e.date}  \"{e.evidence.text[:90]}\""
              for e in result.events]
    return lines or ["  (nothing found)"]
