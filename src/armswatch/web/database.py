"""The server's one database connection (STYLE.md §11).

DuckDB lets one process write a file; inside it, each request reads through its own cursor on the
shared connection (DuckDB's way to read concurrently), and writes (import, store, review) take one
lock so they run one at a time. Every write bumps ``generation``, which keys the page cache: results
cached for a generation are never served after a write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from armswatch import db

T = TypeVar("T")
CACHE_SIZE = 512
MAX_CACHED_BYTES = 2 * 1024 * 1024   # a whole-register download is recomputed, not kept


def _size(value: object) -> int:
    body = getattr(value, "body", value)
    return len(body) if isinstance(body, (bytes, str)) else 0


class WebDatabase:
    def __init__(self, path: str | Path | None) -> None:
        self.path = str(path if path is not None else db.default_path())
        self.con = db.connect(self.path)
        self._write = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self.generation = 0

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._write:
            cursor = self.con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
                with self._cache_lock:
                    self.generation += 1
                    self._cache.clear()

    def cached(self, key: tuple, compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """``compute(cursor)`` once per key and generation (least recently used dropped)."""
        full = (self.generation, *key)
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]  # type: ignore[return-value]
        with self.reader() as cursor:
            value = compute(cursor)
        with self._cache_lock:
            if full[0] == self.generation and _size(value) <= MAX_CACHED_BYTES:
                self._cache[full] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        self.con.close()
