"""Waiting for another process that holds the database: a file's lock (store/connection.py) or
PostgreSQL's writer lock (store/postgres.py), retried with backoff and said once on stderr."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from armswatch.errors import DatabaseLocked

T = TypeVar("T")
# How long an open waits for another process's lock. A running server holds the file for a write
# or a re-read (0.1-0.6 s measured, docs/architecture.md); an import by another CLI for ~1-3 s.
WAIT_SECONDS = 30.0
ANNOUNCE_AFTER = 1.0


def announce(exc: DatabaseLocked, wait: float) -> None:
    """Say once, on stderr, what an open is waiting for (a library caller can pass its own)."""
    print(f"Waiting for the database {exc.path}: {exc.holder} has it open; waiting up to "
          f"{wait:.0f} s.", file=sys.stderr, flush=True)


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
