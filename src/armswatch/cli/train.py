"""The `train` command: the extractor's models rebuilt from the labelled corpus and, with
--with-reviews, from the review queue's decisions (docs/extraction.md, "Learning from review")."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from armswatch.cli.main import app
from armswatch.cli.output import err_console, shows_progress
from armswatch.errors import UsageError


@app.command()
def train(ctx: typer.Context,
          with_reviews: bool = typer.Option(False, "--with-reviews", help="Add the claims accepted "
                                            "and rejected in the review queue to the training data."),
          corpus: Optional[Path] = typer.Option(None, "--corpus", help="The labelled corpus (train/ "
                                                "and dev/ with docs/ and gold/); default "
                                                "../shared/corpus beside the checkout."),
          out: Optional[Path] = typer.Option(None, "--out", help="Write the models here; default "
                                             "your models directory ($ARMSWATCH_MODELS, else models/ "
                                             "in the user data directory), which extract, check and "
                                             "serve then use."),
          kinds: str = typer.Option("transfers,statistics,events", "--kinds",
                                    help="Which models, comma-separated."),
          db: Optional[str] = typer.Option(None, "--db", help="The database whose reviews to use, "
                                           "a file or a PostgreSQL URL (default: the global --db, "
                                           "$ARMSWATCH_DB, else your user data directory).")
          ) -> None:
    """Retrain the extractor's models on the labelled corpus and, with --with-reviews, your
    reviews."""
    from armswatch.extract.learning import corpus as labelled, train as training
    from armswatch.extract.learning.runtime import user_models_dir

    chosen = tuple(k for k in kinds.split(",") if k)
    unknown = [k for k in chosen if k not in training.MATCH]
    if unknown or not chosen:
        raise UsageError(f"Unknown kind {unknown[0] if unknown else kinds!r}: choose from "
                         f"{', '.join(training.MATCH)}.", choices=list(training.MATCH))
    reviewed = training.reviewed_set(db or ctx.obj["db"]) if with_reviews else None
    if reviewed:
        err_console.print(f"Reviewed: {len(reviewed.documents)} documents, "
                          f"{reviewed.accepted_claims} accepted and {reviewed.rejected_claims} "
                          f"rejected claims ({reviewed.pending_claims} still pending: not labels).",
                          highlight=False)
    target = out or user_models_dir()
    with _progress() as bar:
        task = bar.add_task("training", total=None)
        training.train(corpus or labelled.default_root(), chosen, target,
                       log=lambda line: bar.console.print(escape(line), highlight=False),
                       reviewed=reviewed,
                       progress=lambda what, done, total: bar.update(task, description=what,
                                                                     completed=done, total=total))
    err_console.print(f"Models written to {target}"
                      + ("" if out is None else " (set ARMSWATCH_MODELS to this directory to use them)"),
                      highlight=False)


def _progress() -> Progress:
    """A bar on standard error with the step under way (a fold of a cross-validation, a fit:
    training takes minutes); not shown when standard error is not a terminal, or with --quiet
    (issue 17), when the results print as plain lines."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("steps"), TimeElapsedColumn(), console=err_console, transient=True,
                    disable=not shows_progress())
