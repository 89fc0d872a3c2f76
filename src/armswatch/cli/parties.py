"""The `parties` command: SIPRI's party names with their aliases and codes (the list the "unknown
party" error points to)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from armswatch.cli.main import app
from armswatch.cli.output import ALL, FORMAT, LIMIT, OUTPUT, WIDE, Format, Listing, count, row_limit, show
from armswatch.errors import NotFound
from armswatch.parties import registry

COLUMNS = ["name", "kind", "iso3", "cow", "region", "aliases"]


@app.command()
def parties(search: Optional[str] = typer.Argument(None, help="Part of a name, alias, demonym or "
                                                  "code (Burma, Turkish, MMR, 775)."),
            kind: Optional[str] = typer.Option(None, help="state, non_state, "
                                               "international_organisation or unknown."),
            limit: Optional[int] = LIMIT, show_all: bool = ALL, wide: bool = WIDE,
            fmt: Format = FORMAT, output: Optional[Path] = OUTPUT) -> None:
    """Party names, aliases and codes (ISO 3166, Correlates of War); search by any of them."""
    found = [p for p in registry().search(search) if kind is None or p.kind == kind]
    if not found:
        raise NotFound(f"No party matches {search!r}"
                       + (f" of kind {kind!r}" if kind else "")
                       + ". Run `armswatch parties` with no search for the whole list.")
    rows = [(p.name, p.kind, p.iso3, p.cow, p.subregion or p.region, "; ".join(p.aliases))
            for p in found]
    cap = row_limit(fmt, limit, show_all)
    show(Listing(COLUMNS, rows[:cap] if cap else rows, total=len(rows),
                 title=count(len(rows), "party", "parties"), priority=("region", "kind"),
                 caption="Names as SIPRI writes them; any alias works in --supplier and "
                         "--recipient (docs/parties.md)."), fmt, output, wide)
