"""One handle on one database (issue 16), in the manner of sqlite-utils' and datasette's
``Database``: ``Store`` owns the path (resolved once, ``db.resolve_path``), how the file is opened
and waited for, transactions, and the in-memory copy a long-running reader answers from.

DuckDB lets one process hold a file read-write, and no other process can open it meanwhile, not
even read-only. So a process that stays up (``armswatch serve``) must not keep the file open:
``LiveCopy`` copies the database into memory, answers every read from the copy, opens the file only
to write (``LiveCopy.writing``) or to copy it again, and notices another process's writes by the
file's size and modification time (polled every ``POLL_SECONDS``). docs/architecture.md has the
measurements behind this choice.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from armswatch.errors import DatabaseLocked
from armswatch.store import connection as db
from armswatch.store.memo import releases_changed
from armswatch.store.schema import MEMORY
from armswatch.store.tables import transaction  # noqa: F401  (the handle's transactions)
from armswatch.store.urls import is_url
from armswatch.store.views import ReleaseView, release_view

POLL_SECONDS = 0.25      # how often a live copy looks at the file: a stat, a few microseconds
Signature = tuple[int, int, int, int]
# DuckDB's words when this process already has the file open under another configuration
_OPEN_HERE = ("Unique file handle conflict", "same database file with a different configuration")


class Store:
    """The database at ``path`` (``--db``, else ``$ARMSWATCH_DB``, else the user data directory).
    A ``postgresql://`` URL gives a ``store.postgres.PostgresStore``, with the same methods."""

    def __new__(cls, path: str | Path | None = None, *, wait: float = db.WAIT_SECONDS):  # type: ignore[misc]
        target = db.resolve_path(path)
        if is_url(target):  # a team's server (issue 19)
            from armswatch.store.postgres import PostgresStore

            return PostgresStore(target, lambda: db.connect(MEMORY), wait=wait)
        return super().__new__(cls)

    def __init__(self, path: str | Path | None = None, *, wait: float = db.WAIT_SECONDS) -> None:
        self.path = db.resolve_path(path)
        self.wait = wait

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    def connect(self, *, read_only: bool = False, wait: float | None = None,
                ) -> duckdb.DuckDBPyConnection:
        """A connection to the file (created from the bundle on first use), waiting for another
        process's lock up to ``wait`` seconds. The caller closes it."""
        return db.connect(self.path, read_only=read_only,
                          wait=self.wait if wait is None else wait)

    def view(self, release: int | None = None, *, wait: float | None = None) -> ReleaseView:
        """Release ``release`` of this database (None: the one queries read by default),
        resolved once, on a read-only connection the view owns (issue 16): ``with
        store.view() as view: flows(view, ...)`` closes it."""
        return release_view(self.connect(read_only=True, wait=wait), release)

    def close(self) -> None:
        """Nothing is held between calls on a file (a PostgreSQL store closes its watch)."""

    def prepare(self, *, wait: float | None = None) -> None:
        """Create the database (from the bundle) or put its schema in place, if needed."""
        self.connect(wait=wait).close()

    @contextmanager
    def writing(self, *, wait: float | None = None, copy: duckdb.DuckDBPyConnection | None = None,
                ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The file open read-write for one short piece of work, closed (released) after it.
        (``copy``, a live copy of it, is for stores that write through their copy: PostgreSQL.)"""
        con = self.connect(wait=wait)
        try:
            yield con
        finally:
            con.close()

    def signature(self) -> Signature:
        """What changes when any process writes the file: its and its write-ahead log's size and
        modification time (DuckDB checkpoints the log into the file when a writer closes)."""
        return _stat(self.path) + _stat(self.path + ".wal")

    def reading(self, *, wait: float | None = None) -> duckdb.DuckDBPyConnection:
        """A connection to read from for as long as the caller likes without holding the file:
        an in-memory copy (``snapshot``; the file created from the bundle first if it is new).
        ``":memory:"``: a private database, seeded. The caller closes it."""
        if self.path == MEMORY:
            return self.connect(wait=wait)
        if not Path(self.path).exists():
            self.connect(read_only=True, wait=wait).close()
        return self.snapshot(wait=wait)

    def renewed(self, con: duckdb.DuckDBPyConnection, *, wait: float | None = None,
                ) -> duckdb.DuckDBPyConnection:
        """A copy as of now to replace the copy ``con`` (here a new one; PostgreSQL reloads the
        tables of ``con`` another process changed)."""
        return self.snapshot(wait=wait)

    def snapshot(self, *, wait: float | None = None) -> duckdb.DuckDBPyConnection:
        """A private in-memory copy of the whole database; the file is open only while copying
        (read-only: other readers may copy meanwhile, a writer waits)."""
        return db.waiting(self._copy, self.wait if wait is None else wait)

    def _copy(self) -> duckdb.DuckDBPyConnection:
        memory = duckdb.connect(MEMORY)
        quoted = self.path.replace("'", "''")
        try:
            memory.execute(f"ATTACH '{quoted}' AS source (READ_ONLY)")
        except duckdb.IOException as exc:
            memory.close()
            if "Could not set lock" not in str(exc):
                raise
            raise db.locked(self.path, exc) from exc
        except duckdb.Error as exc:
            if not any(sign in str(exc) for sign in _OPEN_HERE):
                raise
            return self._copy_from_here(memory)
        try:
            memory.execute("COPY FROM DATABASE source TO memory")
        finally:
            memory.execute("DETACH source")
        return memory

    def _copy_from_here(self, memory: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """The copy when this process already has the file open (DuckDB refuses to attach it a
        second time): table by table through Arrow, on a connection to the open instance."""
        try:
            source = duckdb.connect(self.path, read_only=True)
        except duckdb.Error:
            source = duckdb.connect(self.path)
        with source:
            names = [row[0] for row in source.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = 'main'").fetchall()]
            for name in names:
                rows = source.sql(f'SELECT * FROM "{name}"').to_arrow_table()
                memory.execute(f'CREATE TABLE "{name}" AS SELECT * FROM rows')
        return memory


class LiveCopy:
    """An in-memory copy of a ``Store``'s database, kept current, for a process that stays up.

    ``con`` answers reads (take a ``cursor()`` per thread). ``generation`` grows by one each time
    the copy is replaced, so caches keyed by it are never served after a write. ``writing()`` opens
    the file for the block and re-copies it before returning: the writer reads its own write.
    """

    def __init__(self, store: Store, *, poll: float | None = POLL_SECONDS) -> None:
        self.store = store
        self._file = threading.Lock()      # this process opens the file once at a time
        with self._file:
            self.store.prepare()           # create, seed or upgrade the schema first
            self.signature = store.signature()
            self.con = store.snapshot()
        self.generation = 0
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None
        if poll:
            self._poller = threading.Thread(target=_poll, args=(weakref.ref(self), self._stop, poll),
                                            daemon=True, name=f"armswatch-live-copy {store.path}")
            self._poller.start()

    def refresh(self, *, force: bool = False, wait: float = 0.0) -> bool:
        """Copy the file again if it changed (or ``force``). A file another process holds is left
        for the next poll (``wait=0``), the copy in hand kept meanwhile."""
        if not force and self.store.signature() == self.signature:
            return False
        with self._file:
            signature = self.store.signature()
            if not force and signature == self.signature:
                return False
            try:
                con = self.store.renewed(self.con, wait=wait)
            except DatabaseLocked:
                return False
            self._replace(con, signature)
        return True

    def _replace(self, con: duckdb.DuckDBPyConnection, signature: Signature) -> None:
        # readers that hold a cursor of the old copy finish on it; it is freed with them
        self.con, self.signature = con, signature
        self.generation += 1
        releases_changed()

    @contextmanager
    def writing(self, *, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """The file open read-write for the block (one writer at a time in this process); the
        copy is replaced before this returns."""
        with self._file:
            with self.store.writing(wait=wait, copy=self.con) as con:
                yield con
            signature = self.store.signature()
            try:
                self._replace(self.store.renewed(self.con, wait=wait), signature)
            except DatabaseLocked:
                pass  # another process took the file at once: the next poll copies it

    def close(self) -> None:
        self._stop.set()
        if self._poller is not None and self._poller is not threading.current_thread():
            self._poller.join(timeout=5)
        self.store.close()


def _poll(live: weakref.ref[LiveCopy], stop: threading.Event, every: float) -> None:
    """Refresh the copy every ``every`` seconds until it is closed or no longer used (the thread
    holds it weakly, so a copy nobody closed is still freed)."""
    while not stop.wait(every):
        copy = live()
        if copy is None:
            return
        try:
            copy.refresh()
        except Exception:  # a file mid-rewrite, a disk error: keep serving, poll again
            pass
        del copy


def _stat(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return (0, 0)
    return (status.st_mtime_ns, status.st_size)

