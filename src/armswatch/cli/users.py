"""`armswatch user ...` (issue 19): named users with roles, their tokens printed once."""

from __future__ import annotations

from typing import Optional

import typer

from armswatch.cli.main import app
from armswatch.cli.output import FORMAT, Format, Listing, console, err_console, show

user_app = typer.Typer(no_args_is_help=True, help="Users and their roles (viewer, reviewer, "
                       "admin) for the web app and API; each signs in with their own token.")
app.add_typer(user_app, name="user")
ROLE_HELP = "viewer: reads; reviewer: also stores articles and accepts or rejects claims; admin: also imports releases."


def _users():
    from armswatch.review import users

    return users


def _writing(ctx: typer.Context):
    from armswatch import db

    return db.connect(ctx.obj["db"], wait=5.0)  # a running server holds the file: say so


def print_token(made) -> None:
    """The token on standard output (alone, for scripts), what it is on standard error."""
    console.print(made.token, highlight=False, soft_wrap=True)
    err_console.print(f"Token {made.token_id} for {made.name} ({made.role}); it is shown only this "
                      "once and only its hash is kept. Sign in with it at /login, or send it as "
                      "`Authorization: Bearer TOKEN`.", highlight=False)


@user_app.command("add")
def user_add(ctx: typer.Context, name: str = typer.Argument(..., help="Their name, shown as the "
                                                             "reviewer of their decisions."),
             role: str = typer.Option(..., "--role", help=ROLE_HELP)) -> None:
    """Add a user with a role and print their first token once."""
    with _writing(ctx) as con:
        made = _users().add_user(con, name, role)
    print_token(made)


@user_app.command("list")
def user_list(ctx: typer.Context, tokens: bool = typer.Option(False, "--tokens", help="One row "
                                                              "per token (its id, to revoke it)."),
              fmt: Format = FORMAT) -> None:
    """Users with their roles, when they were added, last used a token and were revoked."""
    from armswatch import db

    with db.connect(ctx.obj["db"], read_only=True) as con:
        found = [u.to_dict() for u in _users().list_users(con)]
    if tokens:
        rows = [{"name": u["name"], "role": u["role"], **t} for u in found for t in u["tokens"]]
    else:
        rows = [{k: v for k, v in u.items() if k != "tokens"} for u in found]
    columns = ["name", "role"] + (["token_id"] if tokens else []) + [
        "created_at", "last_used_at", "revoked_at"]
    show(Listing.from_dicts(rows, columns, title="Users"), fmt)


@user_app.command("role")
def user_role(ctx: typer.Context, name: str = typer.Argument(...),
              role: str = typer.Argument(..., help=ROLE_HELP)) -> None:
    """Give a user another role (a revoked user is restored and needs a new token)."""
    with _writing(ctx) as con:
        user = _users().set_role(con, name, role)
    err_console.print(f"{user.name} is now a {user.role}.", highlight=False)


@user_app.command("revoke")
def user_revoke(ctx: typer.Context,
                name: Optional[str] = typer.Argument(None, help="Revoke the user and all their "
                                                     "tokens."),
                token: Optional[str] = typer.Option(None, "--token", help="Revoke only this token "
                                                    "(its id from `user list --tokens`).")) -> None:
    """Revoke a user (every token of theirs) or one token; the server refuses it within seconds."""
    from armswatch.errors import UsageError

    if (name is None) == (token is None):
        raise UsageError("Give a user's name, or --token ID for one token (not both).",
                         field="name")
    with _writing(ctx) as con:
        user = (_users().revoke_user(con, name) if name is not None
                else _users().revoke_token(con, token))
    what = f"Token {token} of {user.name}" if token else f"{user.name} and every token of theirs"
    err_console.print(f"{what} revoked.", highlight=False)
