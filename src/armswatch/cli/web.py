"""Web commands (issue 6): `serve` starts the web app and JSON API; `token create` makes a write token."""

from __future__ import annotations

import os

import typer

from armswatch import db
from armswatch.cli.main import app
from armswatch.cli.output import err_console
from armswatch.errors import UsageError

token_app = typer.Typer(no_args_is_help=True, help="Write tokens for the web app and API "
                        "(import, store, review). Only their hash is stored.")
app.add_typer(token_app, name="token")


@app.command()
def serve(ctx: typer.Context,
          host: str = typer.Option("127.0.0.1", help="Address to bind; the default keeps it on "
                                   "this machine."),
          port: int = typer.Option(8000, help="Port."),
          log_level: str = typer.Option("warning", "--log-level", help="uvicorn's log level."),
          workers: int = typer.Option(1, "--workers", min=1, help="App processes answering on "
                                      "the port (more than one needs a PostgreSQL --db: "
                                      "docs/team.md).")) -> None:
    """Serve the web app and the JSON API (OpenAPI at /openapi.json, reference at /docs)."""
    import uvicorn

    from armswatch.store.postgres import is_url, redacted
    from armswatch.web import create_app

    path = db.resolve_path(ctx.obj["db"])
    if workers > 1 and not is_url(path):
        raise UsageError(f"--workers {workers} needs a PostgreSQL database (--db postgresql://"
                         "user@host:port/name; docs/team.md): a DuckDB file has one writer at a "
                         "time, so one process serves it. Run without --workers.", workers=workers)
    _check_port(host, port)
    shown = redacted(path) if is_url(path) else path
    err_console.print(f"armswatch on http://{host}:{port} (database {shown}"
                      f"{f', {workers} workers' if workers > 1 else ''}); Ctrl-C stops it.",
                      highlight=False)
    if workers == 1:
        uvicorn.run(create_app(path), host=host, port=port, log_level=log_level)
        return
    os.environ[db.ENV_VAR] = path   # each worker process opens the database from the environment
    uvicorn.run("armswatch.web:create_app", factory=True, host=host, port=port,
                log_level=log_level, workers=workers)


def _check_port(host: str, port: int) -> None:
    """Say a busy port before announcing an address (uvicorn would exit 3 after it)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"Cannot serve on {host!r}: {exc.strerror}. Give an address of this "
                         "machine with --host (127.0.0.1 by default).") from exc
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            raise UsageError(f"Port {port} on {host} is in use ({exc.strerror}): another "
                             f"server (perhaps another `armswatch serve`) holds it. Stop it, or "
                             f"choose another port: armswatch serve --port {port + 1}.",
                             port=port) from exc


@token_app.command("create")
def token_create(ctx: typer.Context,
                 name: str = typer.Option("default", help="The user it belongs to; a new name "
                                          "becomes an admin (prefer `armswatch user add`).")) -> None:
    """Create a token for a user (added as an admin if new) and print it once."""
    from armswatch.cli.users import print_token
    from armswatch.review.users import create_token

    with db.connect(ctx.obj["db"], wait=5.0) as con:  # a running server holds the file: say so
        made = create_token(con, name)
    print_token(made)
