"""Opening the database file: its path, its lock, waiting for another process (STYLE.md §11).

``resolve_path()`` is where the path is decided, once: ``--db``, else ``$ARMSWATCH_DB``, else the
per-user data directory. ``connect()`` opens it (creating and seeding it from the bundled snapshot
on first use) with the schema in place.

DuckDB lets one process hold a file read-write, and a read-only opener cannot share it with that
writer (docs/architecture.md, "Sharing the database"). armswatch's processes therefore hold the file
only briefly (``armswatch serve`` answers from an in-memory copy and opens the file only to write or
to re-read it), and ``connect`` waits for another holder to let go: it says what it waits for
after ``ANNOUNCE_AFTER`` seconds and gives up with ``DatabaseLocked`` after ``WAIT_SECONDS``.
"""

from __future__ import annotations

import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb
import platformdirs

from armswatch.errors import DatabaseLocked
from armswatch.store.schema import MEMORY, ensure_schema, schema_current

T = TypeVar("T")
ENV_VAR = "ARMSWATCH_DB"
# How long an open waits for another process's lock. A running server holds the file for a write
# or a re-read (0.1-0.6 s measured, docs/architecture.md); an import by another CLI for ~1-3 s.
WAIT_SECONDS = 30.0
ANNOUNCE_AFTER = 1.0
# DuckDB 2.0's lock message: 'Could not set lock on file "...": Conflicting lock is held in
# /usr/bin/python3.11 (PID 4763).'
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def resolve_path(path: str | Path | None = None) -> str:
    """The database a command or app works on: ``path`` (``--db``), else ``$ARMSWATCH_DB``, else
    ``armswatch.duckdb`` in the user data directory. ``":memory:"`` stays as it is."""
    if path is not None and str(path) != "":
        return str(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    return str(Path(platformdirs.user_data_dir("armswatch")) / "armswatch.duckdb")


def default_path() -> Path:
    """The database used when no ``--db`` is given (``resolve_path(None)``)."""
    return Path(resolve_path(None))


def announce(exc: DatabaseLocked, wait: float) -> None:
    """Say once, on stderr, what an open is waiting for (a library caller can pass its own)."""
    print(f"Waiting for the database {exc.path}: {exc.holder} has it open; waiting up to "
          f"{wait:.0f} s.", file=sys.stderr, flush=True)


def connect(path: str | Path | None = None, *, read_only: bool = False, seed: bool = True,
            wait: float = WAIT_SECONDS,
            on_wait: Callable[[DatabaseLocked, float], None] | None = announce,
            ) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create and seed) the armswatch database.

    ``path=":memory:"`` gives a private in-memory database, seeded the same way. While another
    process holds the file, wait for it up to ``wait`` seconds (``on_wait`` is told once, after
    ``ANNOUNCE_AFTER`` s), then raise ``DatabaseLocked`` naming the holder.
    """
    target = resolve_path(path)
    fresh = target == MEMORY or not Path(target).exists()
    if fresh and target != MEMORY:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    if read_only and not fresh:
        return open_waiting(target, read_only=True, wait=wait, on_wait=on_wait)
    con = open_waiting(target, read_only=False, wait=wait, on_wait=on_wait)
    if fresh or not schema_current(con):  # a database already current skips the script
        ensure_schema(con)
    if fresh and seed:
        from armswatch.store.bundle import seed_from_bundle

        seed_from_bundle(con)
    return con


def open_waiting(target: str, *, read_only: bool, wait: float = WAIT_SECONDS,
                 on_wait: Callable[[DatabaseLocked, float], None] | None = announce,
                 ) -> duckdb.DuckDBPyConnection:
    """``open_file``, retried with backoff while another process holds the file."""
    return waiting(lambda: open_file(target, read_only=read_only), wait, on_wait)


def waiting(attempt: Callable[[], T], wait: float = WAIT_SECONDS,
            on_wait: Callable[[DatabaseLocked, float], None] | None = announce) -> T:
    """``attempt()``, retried with backoff while it raises ``DatabaseLocked``, for up to ``wait``
    seconds (``on_wait`` told once after ``ANNOUNCE_AFTER`` s); then the last ``DatabaseLocked``."""
    started = time.monotonic()
    delay, announced = 0.02, False
    while True:
        try:
            return attempt()
        except DatabaseLocked as exc:
            waited = time.monotonic() - started
            if waited >= wait:
                raise
            if not announced and waited >= ANNOUNCE_AFTER and on_wait is not None:
                on_wait(exc, wait)
                announced = True
            time.sleep(min(delay * (1 + random.random()), max(wait - waited, 0.0)))
            delay = min(delay * 2, 0.25)


def open_file(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, with another process's lock on the file as ``DatabaseLocked``."""
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "Could not set lock" not in str(exc):
            raise
        raise locked(target, exc) from exc


def locked(target: str, exc: Exception) -> DatabaseLocked:
    """The ``DatabaseLocked`` for DuckDB's lock error ``exc``: the holder's program and PID."""
    holder = _LOCK_HOLDER.search(str(exc))
    if holder is None:
        return DatabaseLocked(target)
    pid = int(holder["pid"])
    return DatabaseLocked(target, holder["program"], pid, _is_server(pid))


def _is_server(pid: int) -> bool:
    """Whether the lock holder runs ``armswatch serve`` (its command line, where /proc has it)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return False
    return "serve" in args and any("armswatch" in a for a in args)
