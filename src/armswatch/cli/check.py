"""Claim checking and review (issue 5): `check`, `review list|show|accept|reject`, `evidence`.

Thin shells: each parses flags, calls one function of armswatch.reconcile or armswatch.review and
formats the result.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from armswatch import db
from armswatch.cli.main import MIN_CONFIDENCE, app
from armswatch.cli.register import warn_partial
from armswatch.cli.output import (FORMAT, OUTPUT, Format, Listing, ReportFormat, console, count,
                                  err_console, show, to_json)
from armswatch.errors import UsageError
from armswatch.reconcile.markdown import headline, render
from armswatch.reconcile.pipeline import Checker, check_claims_file, check_paths
from armswatch.store.database import Store
from armswatch.store.views import release_view

def _store():  # type: ignore[no-untyped-def]
    """The review store, imported when a command keeps or reads claims (it brings pyarrow)."""
    from armswatch.review import store

    return store


review_app = typer.Typer(no_args_is_help=True, help="Review checked claims: list, show, accept, "
                         "reject. Decisions go to an append-only log.")
app.add_typer(review_app, name="review")


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    md = "md"


@app.command()
def check(ctx: typer.Context,
          paths: list[Path] = typer.Argument(None, help="Articles: text, HTML, JSON Lines or a "
                                             "directory of .json documents."),
          claims: Optional[Path] = typer.Option(None, "--claims", help="Claims already extracted "
                                                "(extract's JSON Lines output) instead of articles."),
          fmt: CheckFormat = typer.Option(CheckFormat.table, "--format"),
          keep: bool = typer.Option(False, "--store", help="Keep documents, claims and verdicts "
                                    "for review."),
          release: Optional[int] = typer.Option(None, help="Check against this release id."),
          min_confidence: Optional[float] = MIN_CONFIDENCE) -> None:
    """Check an article's claims against SIPRI's register: transfers documented or not,
    statistics recomputed, events listed; each with its evidence and the deals."""
    if bool(paths) == bool(claims):
        raise UsageError("Give articles to check or --claims FILE (not both).")
    database = Store(ctx.obj["db"])
    short = _short(paths or [claims], keep)
    con = database.connect(read_only=True) if short else database.reading()
    view = release_view(con, release)  # --db and --release resolved once (issue 16)
    checker = Checker(view, lazy=short)
    warn_partial(view.release)
    results, problems = (check_claims_file(checker, claims) if claims
                         else check_paths(checker, paths, min_confidence))
    for problem in problems:
        where = getattr(problem, "source", None) or f"line {getattr(problem, 'line', '?')}"
        err_console.print(f"[yellow]{problem.code}[/yellow] ({where}): "
                          f"{escape(problem.message)}; skipped.", highlight=False)
    if not results:  # as `extract`: nothing readable is a failure, not an empty table
        err_console.print("Nothing to check: no document could be read.", highlight=False)
        raise typer.Exit(1)
    if keep:
        with database.writing(wait=_store().LOCK_WAIT_SECONDS) as target:
            stored = _store().store_checked(target, results)
        err_console.print(f"Stored {stored.documents_new} new documents ({stored.documents_known} "
                          f"already stored), {stored.claims_new} new claims.", highlight=False)
    _print_check(results, fmt, view.release.attribution)


# Inputs up to this size (a few articles, well under a second to check) read the file itself,
# read-only, and the register's deals of the recipients they name (issue 17: check's start-up;
# ~0.2 s CPU for the copy, ~0.15 s for the whole deal index). Larger inputs, and --store, read an
# in-memory copy, so a long run holds the file only while copying it and for the final write: a
# server and other commands are not kept waiting (issue 16).
SHORT_BYTES = 256 * 1024


def _short(paths: list[Path], keep: bool) -> bool:
    if keep:
        return False
    try:
        return sum(_size(Path(p)) for p in paths) <= SHORT_BYTES
    except OSError:  # a missing file: the reader reports it
        return True


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def _print_check(results, fmt: CheckFormat, attribution: str) -> None:
    if fmt is CheckFormat.json:
        data = [r.to_dict() for r in results]
        typer.echo(to_json(data[0] if len(data) == 1 else data))
    elif fmt is CheckFormat.jsonl:
        for r in results:
            typer.echo(to_json(r.to_dict()).replace("\n", "").replace("  ", ""))
    elif fmt is CheckFormat.md:
        typer.echo(render(results, attribution))
    else:
        rows = [(r.id, c.kind, headline(c), c.verdict.verdict, c.verdict.explanation,
                 c.verdict.deal_ids) for r in results for c in r.claims]
        if not rows:
            console.print(f"No claims found in {count(len(results), 'document')}.", highlight=False)
        show(Listing(["document_id", "kind", "claim", "verdict", "explanation", "deal_ids"], rows,
                     title=f"{count(len(rows), 'claim')} checked" if rows else "",
                     caption=attribution, priority=("document_id", "deal_ids", "kind")),
             Format.table)


@review_app.command("list")
def review_list(ctx: typer.Context,
                verdict: Optional[str] = typer.Option(None, help="documented, partly_documented, "
                                                      "undocumented, not_checkable, consistent, "
                                                      "inconsistent or listed."),
                kind: Optional[str] = typer.Option(None, help="transfer, statistic or event."),
                state: Optional[str] = typer.Option(None, help="pending, accepted or rejected."),
                recipient: Optional[str] = typer.Option(None),
                supplier: Optional[str] = typer.Option(None),
                fmt: Format = FORMAT, output: Optional[Path] = OUTPUT) -> None:
    """Stored claims with their verdicts and review state."""
    con = db.connect(ctx.obj["db"], read_only=True)
    claims = _store().list_claims(con, verdict=verdict, kind=kind, state=state, recipient=recipient,
                               supplier=supplier)
    rows = [c.to_dict() for c in claims]
    if fmt is Format.table:
        rows = [{k: r[k] for k in ("claim_id", "document_id", "kind", "summary", "verdict", "state")}
                for r in rows]
    _write_rows(rows, fmt, "Stored claims", output)


@review_app.command("show")
def review_show(ctx: typer.Context, claim_id: str = typer.Argument(...),
                fmt: ReportFormat = typer.Option(ReportFormat.table, "--format")) -> None:
    """One stored claim with its verdict, evidence and review history."""
    con = db.connect(ctx.obj["db"], read_only=True)
    claim = _store().get_claim(con, claim_id)
    decisions = [d.to_dict() for d in _store().history(con, claim_id)]
    if fmt is ReportFormat.json:
        typer.echo(to_json({**claim.to_dict(), "history": decisions}))
        return
    for key, value in claim.to_dict().items():
        console.print(f"[bold]{key}[/bold]: {escape(str(value))}", highlight=False)
    for d in decisions:
        console.print(f"{d['decided_at']} {d['reviewer']} {d['action']}: {escape(d['note'] or '')}",
                      highlight=False)


def _decide(ctx: typer.Context, claim_id: str, action: str, note: Optional[str],
            reviewer: Optional[str]) -> None:
    con = _store().open_for_write(ctx.obj["db"])
    try:
        decision = _store().review(con, claim_id, action, note, reviewer)  # type: ignore[arg-type]
    finally:
        con.close()
    console.print(f"{decision.action}ed {decision.claim_id} by {decision.reviewer} at "
                  f"{decision.decided_at:%Y-%m-%d %H:%M:%S} UTC (entry {decision.entry_id}).",
                  highlight=False)


@review_app.command("accept")
def review_accept(ctx: typer.Context, claim_id: str = typer.Argument(...),
                  note: Optional[str] = typer.Option(None, help="Why (a source, imagery...)."),
                  reviewer: Optional[str] = typer.Option(None, help="Default: your login name.")) -> None:
    """Accept a claim: an accepted transfer joins the evidence layer (beside SIPRI's data)."""
    _decide(ctx, claim_id, "accept", note, reviewer)


@review_app.command("reject")
def review_reject(ctx: typer.Context, claim_id: str = typer.Argument(...),
                  note: Optional[str] = typer.Option(None, help="Why."),
                  reviewer: Optional[str] = typer.Option(None, help="Default: your login name.")) -> None:
    """Reject a claim (the decision is logged; nothing is deleted)."""
    _decide(ctx, claim_id, "reject", note, reviewer)


@app.command()
def evidence(ctx: typer.Context, supplier: Optional[str] = typer.Option(None),
             recipient: Optional[str] = typer.Option(None),
             fmt: Format = FORMAT, output: Optional[Path] = OUTPUT) -> None:
    """Reviewed (accepted) transfer claims with their sources: open-source evidence kept beside
    SIPRI's data, linked to deals where they match."""
    from armswatch.review.evidence import evidence_layer

    con = db.connect(ctx.obj["db"], read_only=True)
    items = evidence_layer(con, supplier=supplier, recipient=recipient)
    rows = [i.to_dict() for i in items]
    if fmt is Format.table:  # the headline columns; files get every field
        rows = [{k: r[k] for k in r if k not in ("evidence", "url", "document_id")} for r in rows]
    _write_rows(rows, fmt, "Evidence layer (accepted claims)", output)


def _write_rows(rows: list[dict], fmt: Format, title: str, output: Optional[Path] = None) -> None:
    if not rows and fmt is Format.table:
        console.print(f"{title}: none.")
    else:
        show(Listing.from_dicts(rows, title=title), fmt, output)
