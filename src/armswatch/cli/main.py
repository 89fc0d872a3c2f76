"""``armswatch``: the command-line entry point and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from armswatch.cli.output import err_console
from armswatch.errors import ArmswatchError

app = typer.Typer(
    name="armswatch", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="An open, offline monitor of the international arms trade over SIPRI's data.",
)

# `extract`, `check` and `batch extract`: the bar a claim's calibrated confidence must reach
MIN_CONFIDENCE = typer.Option(
    None, "--min-confidence", min=0.0, max=1.0,
    help="Keep claims whose calibrated confidence (the share of such claims that were right in "
         "cross-validation) reaches this; default: each model's threshold, chosen for F1; 0.05 "
         "shows every possible claim.")


@app.callback()
def main(ctx: typer.Context,
         db: Optional[Path] = typer.Option(None, "--db", help="Database file; default "
                                           "$ARMSWATCH_DB, else your user data directory.")) -> None:
    ctx.obj = {"db": db}


def _register_commands() -> None:
    from armswatch.cli import register  # noqa: F401  (commands attach themselves to ``app``)
    from armswatch.cli import spending  # noqa: F401
    from armswatch.cli import extract  # noqa: F401
    from armswatch.cli import analytics  # noqa: F401
    from armswatch.cli import check  # noqa: F401
    from armswatch.cli import web  # noqa: F401
    from armswatch.cli import batch  # noqa: F401


def run() -> None:
    """Console-script entry: no traceback ever reaches a user (ARMSWATCH_DEBUG=1 shows one)."""
    _register_commands()
    try:
        app(prog_name="armswatch")
    except ArmswatchError as exc:
        err_console.print(f"[red]Error[/red] \\[{exc.code}]: {escape(exc.message)}", highlight=False)
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last line of defence; every known failure is an ArmswatchError
        if os.environ.get("ARMSWATCH_DEBUG"):
            raise
        err_console.print(f"[red]Internal error[/red]: {type(exc).__name__}: {escape(str(exc))}. "
                          "Run again with ARMSWATCH_DEBUG=1 for details and report it.",
                          highlight=False)
        sys.exit(70)
