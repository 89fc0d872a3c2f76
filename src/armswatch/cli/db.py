"""`armswatch db ...` (issue 19): the database's schema version and its upgrade."""

from __future__ import annotations

import typer

from armswatch.cli.main import app
from armswatch.cli.output import console

db_app = typer.Typer(no_args_is_help=True, help="The database's schema: its version, and "
                     "`db upgrade` from an earlier armswatch's.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database to this armswatch's schema, in one transaction (all steps or none)."""
    from armswatch.store.upgrade import upgrade_database

    done = upgrade_database(ctx.obj["db"])
    if done.steps:
        console.print(f"Upgraded the schema from version {done.before} to {done.after}: "
                      f"{', '.join(done.steps)}.", highlight=False)
    else:
        console.print(f"The schema is current (version {done.after}); nothing to do.",
                      highlight=False)


@db_app.command("version")
def db_version(ctx: typer.Context) -> None:
    """The database's schema version and this armswatch's."""
    from armswatch.store.upgrade import versions

    have, current = versions(ctx.obj["db"])
    state = ("current" if have == current else "run `armswatch db upgrade`" if have < current
             else "newer than this armswatch")
    console.print(f"Schema version {have} (this armswatch: {current}; {state}).", highlight=False)
