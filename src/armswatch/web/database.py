"""The server's database: an in-memory copy of the file, and a page cache (STYLE.md §11).

The server answers from ``store.database.LiveCopy``, so it holds the file only while it writes or
re-reads it, and the CLI, notebooks and other servers can open it meanwhile (issue 16;
docs/architecture.md). Each request reads through its own cursor on the copy (DuckDB's way to read
concurrently); writes (import, store, review) open the file, one at a time, and the copy is renewed
before the write returns. Another process's write is seen within a poll (0.25 s) and a copy.
Answers are cached per ``generation`` of the copy: never served after a write.

On PostgreSQL (``--db postgresql://...``, issue 19; docs/team.md) the same ``LiveCopy`` keeps a
copy of the PostgreSQL tables, reloading only the tables another process changed, and writes go
through it to PostgreSQL under the database's writer lock (store/postgres.py); several server
processes (``serve --workers N``) each keep their own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from armswatch.store.database import LiveCopy, Store

T = TypeVar("T")
CACHE_SIZE = 512
MAX_CACHED_BYTES = 2 * 1024 * 1024   # a whole-register download is recomputed, not kept


def _size(value: object) -> int:
    body = getattr(value, "body", value)
    return len(body) if isinstance(body, (bytes, str)) else 0


class WebDatabase:
    def __init__(self, path: str | Path | None) -> None:
        self.store = Store(path)
        self.path = self.store.path
        self.live = LiveCopy(self.store)
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._cache_generation = self.live.generation

    @property
    def generation(self) -> int:
        return self.live.generation

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.live.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.live.writing() as con:
            yield con

    def cached(self, key: tuple, compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """``compute(cursor)`` once per key and generation (least recently used dropped)."""
        generation = self.live.generation
        full = (generation, *key)
        with self._cache_lock:
            if self._cache_generation != generation:
                self._cache.clear()
                self._cache_generation = generation
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]  # type: ignore[return-value]
        with self.reader() as cursor:
            value = compute(cursor)
        with self._cache_lock:
            if full[0] == self.live.generation and _size(value) <= MAX_CACHED_BYTES:
                self._cache[full] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        self.live.close()
