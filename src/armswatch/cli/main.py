"""``armswatch``: the command-line entry point and the one place errors become exit codes.

Commands load lazily (issue 17): ``COMMANDS`` names each command's module and one-line help, so
``armswatch --help`` lists them all without importing any, and ``armswatch deals`` imports the
register commands only, not pandas, openpyxl, Dask or the extractor (``bench/bench_cli.py``).
A command module attaches its commands to ``app`` as before (``@app.command()``).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from armswatch.errors import ArmswatchError

# command -> (module that defines it, the one-line help `armswatch --help` shows). A test checks
# each line against the command's own docstring, so the two cannot drift.
COMMANDS: dict[str, tuple[str, str]] = {
    "info": ("armswatch.cli.register", "Releases loaded, counts, and SIPRI's attribution."),
    "import": ("armswatch.cli.register", "Import a SIPRI export (classic or API trade register, "
               "or per-year deliveries JSON)."),
    "use": ("armswatch.cli.register", "Choose which release queries read by default."),
    "deals": ("armswatch.cli.register", "Deals of the register matching every filter given."),
    "parties": ("armswatch.cli.parties", "Party names, aliases and codes (ISO 3166, Correlates "
                "of War); search by any of them."),
    "flows": ("armswatch.cli.analytics", "Delivered TIV by any combination of keys, with shares "
              "(per cent) and change."),
    "trend": ("armswatch.cli.analytics", "A series over periods (or years), optionally split by "
              "supplier, recipient or category."),
    "factsheet": ("armswatch.cli.analytics", "SIPRI-style fact sheet for any period: volume, "
                  "counts, top exporters and importers."),
    "dependence": ("armswatch.cli.analytics", "Supplier concentration (Herfindahl, 0-10,000) and "
                   "largest supplier shift per importer and period."),
    "milex": ("armswatch.cli.spending", "Military expenditure from SIPRI's Milex workbook: a "
              "country's series and growth (--country), a year's ranking (--year), or world and "
              "regional totals (default)."),
    "extract": ("armswatch.cli.extract", "Find transfer claims, arms-trade statistics and "
                "cooperation events, with their evidence."),
    "check": ("armswatch.cli.check", "Check an article's claims against SIPRI's register: "
              "transfers documented or not, statistics recomputed, events listed; each with its "
              "evidence and the deals."),
    "review": ("armswatch.cli.check", "Review checked claims: list, show, accept, reject. "
               "Decisions go to an append-only log."),
    "evidence": ("armswatch.cli.check", "Reviewed (accepted) transfer claims with their sources: "
                 "open-source evidence kept beside SIPRI's data, linked to deals where they "
                 "match."),
    "serve": ("armswatch.cli.web", "Serve the web app and the JSON API (OpenAPI at "
              "/openapi.json, reference at /docs)."),
    "token": ("armswatch.cli.web", "Write tokens for the web app and API (import, store, "
              "review). Only their hash is stored."),
    "user": ("armswatch.cli.users", "Users and their roles (viewer, reviewer, admin) for the web "
             "app and API; each signs in with their own token."),
    "db": ("armswatch.cli.db", "The database's schema: its version, and `db upgrade` from an "
           "earlier armswatch's."),
    "batch": ("armswatch.cli.batch", "Extract and check claims over sharded news archives on "
              "Dask (a local cluster, or any cluster by address)."),
    "diff": ("armswatch.cli.releases", "What changed between two releases: deals, per-year "
             "deliveries, a flows query's share."),
    "train": ("armswatch.cli.train", "Retrain the extractor's models on the labelled corpus and, "
              "with --with-reviews, your reviews."),
    "update": ("armswatch.cli.releases", "Fetch SIPRI's current trade register, import it as a new "
               "release and say what changed."),
}


class LazyGroup(TyperGroup):
    """A command group whose commands are placeholders (name and help) until one is run."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, (_module, help_line) in COMMANDS.items():
            self.commands.setdefault(name, _Placeholder(name, help=help_line, short_help=help_line))

    def resolve_command(self, ctx: _click.Context,
                        args: list[str]) -> tuple[str | None, _click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _Placeholder):
            command = self.commands[name] = load(name)  # type: ignore[index]
        return name, command, rest


class _Placeholder(TyperCommand):
    """What ``--help`` lists for a command not yet imported."""


def load(name: str) -> _click.Command:
    """Import the module of command ``name`` and return its click command."""
    importlib.import_module(COMMANDS[name][0])
    built = typer.main.get_group(app)   # the commands the imported modules attached to ``app``
    command = built.commands.get(name)
    if command is None or isinstance(command, _Placeholder):
        raise RuntimeError(f"{COMMANDS[name][0]} does not define the command {name!r}")
    return command


app = typer.Typer(
    name="armswatch", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    cls=LazyGroup,
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
         db: Optional[str] = typer.Option(None, "--db", help="Database file, or a PostgreSQL "
                                          "URL postgresql://user@host:port/name (docs/team.md); "
                                          "default $ARMSWATCH_DB, else your user data directory."),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display (there is "
                                    "none anyway when standard error is not a terminal).")) -> None:
    ctx.obj = {"db": db}
    if quiet:
        from armswatch.cli.output import set_quiet

        set_quiet(True)


def _register_commands() -> None:
    """Import every command module (the docs generator and tests list every command's help)."""
    for module in dict.fromkeys(m for m, _help in COMMANDS.values()):
        importlib.import_module(module)


def run() -> None:
    """Console-script entry: no traceback ever reaches a user (ARMSWATCH_DEBUG=1 shows one)."""
    try:
        app(prog_name="armswatch")
    except ArmswatchError as exc:
        _print_error(f"[red]Error[/red] \\[{exc.code}]: ", exc.message)
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last line of defence; every known failure is an ArmswatchError
        if os.environ.get("ARMSWATCH_DEBUG"):
            raise
        _print_error("[red]Internal error[/red]: ", f"{type(exc).__name__}: {exc}. Run again with "
                     "ARMSWATCH_DEBUG=1 for details and report it.")
        sys.exit(70)


def _print_error(prefix: str, message: str) -> None:
    from rich.markup import escape

    from armswatch.cli.output import err_console

    err_console.print(prefix + escape(message), highlight=False)
