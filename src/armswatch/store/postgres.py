"""PostgreSQL as the shared store of a team (issue 19; docs/team.md): ``--db postgresql://...``.

Everything shared lives in PostgreSQL: releases, deals and deliveries, the Milex tables, documents,
claims, the review log, users and tokens. Every query still runs on DuckDB, as with a database
file: each process keeps an in-memory DuckDB copy of the PostgreSQL tables (``load``), and the same
analytics code reads it, so a fact sheet or a flow gives the same bytes on both backends by
construction (tests/test_postgres.py compares them).

Writes run on such a copy too, through the same write code as for a file, and are published to
PostgreSQL one DuckDB transaction at a time (``WriteSession``): before a transaction's first write
the session takes the database's writer lock (a PostgreSQL advisory lock, so processes on any host
take turns, as processes take turns at a file), brings the copy up to date, and after its COMMIT
(or a single statement outside a transaction) sends what changed in one PostgreSQL transaction
(``publish``): the rows appended, or a changed table whole; all of it or nothing. A decision
written after another's is therefore made on a copy that holds the other: no lost update, no
double row (the primary keys and unique constraints of schema.sql hold in PostgreSQL too).

Every published transaction raises the generation of the tables it changed (table
``armswatch_generation``); a long-running process looks at the largest generation every 0.25 s (one
indexed query) and reloads the tables that changed (``PostgresStore.renewed``), as ``LiveCopy``
re-copies a file another process wrote.

The PostgreSQL tables are made from the DuckDB tables schema.sql creates (``create_table``): one
schema source; a table or column added to the copy (a migration) is added to PostgreSQL when the
session publishes.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import duckdb

from armswatch.errors import ArmswatchError, DatabaseLocked, DatabaseUnreachable, SchemaTooNew
from armswatch.store import migrations
from armswatch.store.memo import releases_changed
from armswatch.store.migrations import LEGACY
from armswatch.store.schema import MEMORY, ensure_schema
from armswatch.store.urls import SCHEMES, is_url, redacted  # noqa: F401  (re-exported)
from armswatch.store.views import ReleaseView, release_view
from armswatch.store.waiting import WAIT_SECONDS, announce, waiting

if TYPE_CHECKING:  # psycopg loads only when a PostgreSQL database is used
    import psycopg

GENERATIONS = "armswatch_generation"   # PostgreSQL only: table -> generation of its last write
WRITER_LOCK = 0x61726D73               # the advisory lock writers take turns at ('arms')
CONNECT_TIMEOUT = 10                   # seconds before an unreachable server is reported
Fingerprint = tuple[int, int, int]     # rows, sum of row hashes, largest rowid

# DuckDB's types (information_schema.columns.data_type) as PostgreSQL's format_type spells them
TYPES = {"VARCHAR": "text", "INTEGER": "integer", "BIGINT": "bigint", "SMALLINT": "smallint",
         "DOUBLE": "double precision", "FLOAT": "real", "BOOLEAN": "boolean", "DATE": "date",
         "TIMESTAMP": "timestamp without time zone", "BLOB": "bytea",
         "TIMESTAMP WITH TIME ZONE": "timestamp with time zone"}
# statements that leave a database as it was (the first word); any other is a write
_READS = frozenset({"SELECT", "WITH", "FROM", "PRAGMA", "DESCRIBE", "SHOW", "EXPLAIN", "SUMMARIZE",
                    "SET", "RESET", "CALL", "VALUES", "TABLE", "DETACH", "ATTACH", "USE"})
_FIRST_WORD = re.compile(r"\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*(\w+)", re.S)


def open_server(url: str) -> psycopg.Connection:
    """A connection to the PostgreSQL server (autocommit), or ``DatabaseUnreachable`` naming the
    server (never the password) and what to check."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                               application_name=f"{_program()} pid={os.getpid()}",
                               options="-c DateStyle=ISO -c extra_float_digits=1")
    except psycopg.Error as exc:
        password = urlsplit(url).password
        reason = " ".join(str(exc).split())
        if password:
            reason = reason.replace(password, "***")
        raise DatabaseUnreachable(redacted(url), reason) from None


def _program() -> str:
    """``armswatch COMMAND`` as this process was started (what another writer is told it waits
    for; never an option's value: ``--db`` carries the URL and perhaps a password)."""
    args = iter(sys.argv[1:])
    for arg in args:
        if arg in ("--db",):
            next(args, None)
        elif not arg.startswith("-") and "://" not in arg:
            return f"armswatch {arg[:30]}"
    return "armswatch"


# ----- the tables: PostgreSQL's made from DuckDB's -------------------------------------------------

def duck_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Each table of the copy: its columns and DuckDB types, in order."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in con.execute(  # duckdb_columns: ~2 ms, information_schema ~11
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND database_name = current_database() "
            "ORDER BY table_name, column_index").fetchall():
        tables.setdefault(table, []).append((column, kind))
    return tables


def pg_type(duck_type: str) -> str:
    base = duck_type.removesuffix("[]")
    if base not in TYPES:
        raise ValueError(f"no PostgreSQL type for DuckDB's {duck_type} (store/postgres.py TYPES)")
    return TYPES[base] + ("[]" if duck_type.endswith("[]") else "")


def create_table(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """PostgreSQL's CREATE TABLE for the copy's ``table``: its columns, NOT NULLs, primary key
    and unique constraints."""
    lines = [f'"{name}" {pg_type(kind)}' + ("" if nullable == "YES" else " NOT NULL")
             for name, kind, nullable in con.execute(
                 "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                 "WHERE table_schema = 'main' AND table_catalog = current_database() "
                 "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
    for kind, columns in con.execute(
            "SELECT constraint_type, constraint_column_names FROM duckdb_constraints() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
            "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY constraint_index",
            [table]).fetchall():
        lines.append(f"{kind} ({', '.join(f'{c!s}' for c in columns)})")
    return f'CREATE TABLE "{table}" (\n    ' + ",\n    ".join(lines) + "\n)"


def pg_tables(pg: psycopg.Connection) -> dict[str, list[tuple[str, str]]]:
    """Each armswatch table in PostgreSQL (schema public): its columns and types, in order."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in pg.execute(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 "
            "AND NOT a.attisdropped AND c.relname <> %s ORDER BY c.relname, a.attnum",
            [GENERATIONS]).fetchall():
        tables.setdefault(table, []).append((column, kind))
    return tables


# ----- PostgreSQL to a copy -----------------------------------------------------------------------

def _select(column: str, pg_kind: str) -> str:
    """How a PostgreSQL column leaves as CSV text DuckDB reads back exactly: arrays as JSON,
    booleans as true/false (doubles leave in their shortest exact form: extra_float_digits=1)."""
    if pg_kind.endswith("[]"):
        return f'array_to_json("{column}")::text'
    if pg_kind == "boolean":
        return f'"{column}"::text'
    return f'"{column}"'


def _cast(column: str, duck_kind: str) -> str:
    if duck_kind.endswith("[]"):
        return f'CAST(CAST("{column}" AS JSON) AS {duck_kind}) AS "{column}"'
    return f'CAST("{column}" AS {duck_kind}) AS "{column}"'


def load_tables(pg: psycopg.Connection, con: duckdb.DuckDBPyConnection, names: list[str],
                server: dict[str, list[tuple[str, str]]], folder: str) -> None:
    """Replace the rows of ``names`` in the copy ``con`` with PostgreSQL's (in the caller's
    transaction), through CSV: PostgreSQL's COPY out, DuckDB's CSV reader in."""
    local = duck_tables(con)
    for table in names:
        theirs = dict(server[table])
        columns = [(c, k) for c, k in local[table] if c in theirs]
        path = os.path.join(folder, f"{table}.csv")
        select = ", ".join(_select(c, theirs[c]) for c, _ in columns)
        with open(path, "wb") as out, pg.cursor().copy(
                f'COPY (SELECT {select} FROM "{table}") TO STDOUT (FORMAT csv)') as copy:
            for chunk in copy:
                out.write(chunk)
        con.execute(f'DELETE FROM "{table}"')
        if os.path.getsize(path) == 0:
            continue
        names_sql = ", ".join(f'"{c}"' for c, _ in columns)
        kinds = ", ".join(f"'{c}': 'VARCHAR'" for c, _ in columns)
        con.execute(
            f'INSERT INTO "{table}" ({names_sql}) SELECT {", ".join(_cast(c, k) for c, k in columns)} '
            f"FROM read_csv(?, header = false, auto_detect = false, columns = {{{kinds}}}, "
            "quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false, "
            "strict_mode = false)", [path])


# ----- a copy to PostgreSQL -----------------------------------------------------------------------

def fingerprints(con: duckdb.DuckDBPyConnection, names: list[str] | None = None,
                 ) -> dict[str, Fingerprint]:
    """Per table of the copy (or of ``names``): its rows, the sum of its rows' hashes and its
    largest rowid (all tables of the default database: 55 ms idle, ~170 ms under load 10)."""
    tables = list(duck_tables(con)) if names is None else names
    if not tables:
        return {}
    parts = [f"SELECT '{t}', count(*), coalesce(sum(hash(\"{t}\")::HUGEINT), 0)::VARCHAR, "
             f'coalesce(max(rowid), -1) FROM "{t}"' for t in tables]
    return {t: (n, int(h), r) for t, n, h, r in con.execute(" UNION ALL ".join(parts)).fetchall()}


def known_fingerprints(con: duckdb.DuckDBPyConnection, known: dict[str, Fingerprint] | None,
                       ) -> dict[str, Fingerprint]:
    """``known`` (what the copy's tables were when last loaded or published) if the copy still
    has those tables with those rows and rowids (a cheap look, ~20 ms), else ``fingerprints``."""
    tables = list(duck_tables(con))
    if known is None or sorted(known) != sorted(tables):
        return fingerprints(con)
    parts = [f"SELECT '{t}', count(*), coalesce(max(rowid), -1) FROM \"{t}\"" for t in tables]
    rows = {t: (n, r) for t, n, r in con.execute(" UNION ALL ".join(parts)).fetchall()}
    if any(rows[t] != (known[t][0], known[t][2]) for t in tables):
        return fingerprints(con)
    return dict(known)


def _appended(con: duckdb.DuckDBPyConnection, table: str, before: Fingerprint) -> bool:
    """Whether the rows the table had before are all still there, unchanged (so only rows with
    a larger rowid are new)."""
    rows, hashed, last = before
    found = con.execute(f'SELECT count(*), coalesce(sum(hash("{table}")::HUGEINT), 0)::VARCHAR '
                        f'FROM "{table}" WHERE rowid <= ?', [last]).fetchone()
    return found is not None and (found[0], int(found[1])) == (rows, hashed)


def _send_rows(pg: psycopg.Connection, con: duckdb.DuckDBPyConnection, table: str,
               columns: list[str], after_rowid: int) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    result = con.execute(f'SELECT {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid',
                         [after_rowid])
    with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        while batch := result.fetchmany(10_000):
            for row in batch:
                copy.write_row(row)


def publish(pg: psycopg.Connection, con: duckdb.DuckDBPyConnection,
            before: dict[str, Fingerprint], url: str) -> tuple[dict[str, Fingerprint], dict[str, int]]:
    """Send what changed in the copy since ``before`` to PostgreSQL in one transaction (the caller
    holds the writer lock): new tables created, changed columns rebuilt, appended rows copied,
    other changes by the table. Returns the copy's new fingerprints and the new generations."""
    after = fingerprints(con)
    changed = [t for t in after if after[t] != before.get(t)]
    dropped = [t for t in before if t not in after]
    if not changed and not dropped:
        return after, {}
    local = duck_tables(con)
    with pg.transaction():
        server = pg_tables(pg)
        for table in dropped:
            pg.execute(f'DROP TABLE IF EXISTS "{table}"')
        for table in changed:
            columns = [c for c, _ in local[table]]
            wanted = [(c, pg_type(k)) for c, k in local[table]]
            if table in server and server[table] != wanted:
                extra = [c for c, _ in server[table] if c not in columns]
                if extra:  # written by a newer armswatch: never drop its columns
                    raise ArmswatchError(
                        f"The table {table} in {redacted(url)} has columns this armswatch does not "
                        f"know ({', '.join(extra)}): a newer armswatch made it. Nothing was "
                        "written; upgrade armswatch to write to it.", table=table, columns=extra)
                pg.execute(f'DROP TABLE "{table}"')
                del server[table]
            if table not in server:
                pg.execute(create_table(con, table))
                _send_rows(pg, con, table, columns, -1)
            elif table in before and _appended(con, table, before[table]):
                _send_rows(pg, con, table, columns, before[table][2])
            else:
                pg.execute(f'DELETE FROM "{table}"')
                _send_rows(pg, con, table, columns, -1)
        generation = _next_generation(pg)
        for table in changed + dropped:
            pg.execute(f"INSERT INTO {GENERATIONS} VALUES (%s, %s) ON CONFLICT (table_name) "
                       "DO UPDATE SET generation = excluded.generation", [table, generation])
    return after, {t: generation for t in changed}


def _next_generation(pg: psycopg.Connection) -> int:
    row = pg.execute(f"SELECT coalesce(max(generation), 0) + 1 FROM {GENERATIONS}").fetchone()
    return int(row[0]) if row else 1


def ensure_generations(pg: psycopg.Connection) -> None:
    pg.execute(f"CREATE TABLE IF NOT EXISTS {GENERATIONS} (table_name text PRIMARY KEY, "
               "generation bigint NOT NULL)")


# ----- the writer lock ----------------------------------------------------------------------------

def take_lock(pg: psycopg.Connection, url: str, wait: float,
              on_wait: Callable[[DatabaseLocked, float], None] | None) -> None:
    """The database's writer lock for ``pg``'s session, waiting for another writer up to
    ``wait`` seconds (``DatabaseLocked`` naming it after that), as openers of a file wait."""
    def attempt() -> None:
        if not pg.execute("SELECT pg_try_advisory_lock(%s)", [WRITER_LOCK]).fetchone()[0]:
            raise _holder(pg, url)

    waiting(attempt, wait, on_wait)


def drop_lock(pg: psycopg.Connection) -> None:
    pg.execute("SELECT pg_advisory_unlock(%s)", [WRITER_LOCK])


def _holder(pg: psycopg.Connection, url: str) -> DatabaseLocked:
    row = pg.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.objid = %s AND l.granted "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        [WRITER_LOCK]).fetchone()
    found = re.fullmatch(r"(?P<program>.*) pid=(?P<pid>\d+)", row[0]) if row and row[0] else None
    if found is None:
        return DatabaseLocked(redacted(url))
    program = found["program"]
    return DatabaseLocked(redacted(url), program, int(found["pid"]),
                          program.split()[1:2] == ["serve"])


# ----- the store ----------------------------------------------------------------------------------

class PostgresStore:
    """The methods of ``store.database.Store`` on a PostgreSQL database (``Store(url)`` is one).
    ``new()`` makes the database a new one starts as (the bundle, as a new file gets)."""

    def __init__(self, url: str, new: Callable[[], duckdb.DuckDBPyConnection], *,
                 wait: float = WAIT_SECONDS) -> None:
        self.path, self.new, self.wait = url, new, wait
        self._watch_lock = threading.Lock()
        self._watch: psycopg.Connection | None = None
        # per copy: the generation of each table it holds
        self._held: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[str, int]] = (
            weakref.WeakKeyDictionary())
        # per copy: its tables' fingerprints when last loaded or published (the next write's
        # starting point, so a write hashes the copy once, not twice)
        self._prints: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection,
                                                dict[str, Fingerprint]] = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"Store({redacted(self.path)!r})"

    # -- reading
    def signature(self) -> int:
        """The largest generation: it grows with every write published by any process."""
        with self._watch_lock:
            for attempt in (1, 2):
                try:
                    if self._watch is None or self._watch.closed:
                        self._watch = open_server(self.path)
                    row = self._watch.execute(
                        f"SELECT coalesce(max(generation), 0) FROM {GENERATIONS}").fetchone()
                    return int(row[0])
                except DatabaseUnreachable:
                    raise
                except Exception:
                    if self._watch is not None:
                        self._watch.close()
                    self._watch = None
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def snapshot(self, *, wait: float | None = None) -> duckdb.DuckDBPyConnection:
        """A new in-memory copy of the whole database."""
        con = duckdb.connect(MEMORY)
        try:
            self._prepare_copy(con)
            self.renewed(con)
        except BaseException:
            con.close()
            raise
        return con

    def reading(self, *, wait: float | None = None) -> duckdb.DuckDBPyConnection:
        self.prepare(wait=wait)
        return self.snapshot(wait=wait)

    def renewed(self, con: duckdb.DuckDBPyConnection, *, wait: float | None = None,
                pg: psycopg.Connection | None = None) -> duckdb.DuckDBPyConnection:
        """``con`` with the tables another process changed since it was loaded reloaded (in one
        DuckDB transaction, so a reader sees the old tables or the new, never a mix)."""
        held = self._held.setdefault(con, {})
        own = pg is None
        pg = open_server(self.path) if pg is None else pg
        try:
            with pg.transaction():
                pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                generations = dict(pg.execute(f"SELECT table_name, generation FROM {GENERATIONS}"
                                              ).fetchall())
                local = duck_tables(con)
                stale = [t for t in generations if t in local and held.get(t) != generations[t]]
                if stale:
                    server = pg_tables(pg)
                    stale = [t for t in stale if t in server]
                    with tempfile.TemporaryDirectory(prefix="armswatch-pg-") as folder:
                        cursor = con.cursor()
                        cursor.execute("BEGIN TRANSACTION")
                        try:
                            load_tables(pg, cursor, stale, server, folder)
                            cursor.execute("COMMIT")
                        except BaseException:
                            cursor.execute("ROLLBACK")
                            raise
                        finally:
                            cursor.close()
                    releases_changed()
                    prints = self._prints.get(con)
                    if prints is not None:
                        prints.update(fingerprints(con, stale))
                held.update({t: generations[t] for t in stale})
        finally:
            if own:
                pg.close()
        return con

    def _prepare_copy(self, con: duckdb.DuckDBPyConnection) -> None:
        ensure_schema(con)

    # -- writing
    def prepare(self, *, wait: float | None = None) -> None:
        """Make the database on first use: armswatch's tables, seeded from the bundle (as a new
        file is), under the writer lock so that two first users seed once."""
        pg = open_server(self.path)
        try:
            if pg.execute(f"SELECT to_regclass('{GENERATIONS}') IS NOT NULL").fetchone()[0]:
                return
            take_lock(pg, self.path, self.wait if wait is None else wait, None)
            if pg.execute(f"SELECT to_regclass('{GENERATIONS}') IS NOT NULL").fetchone()[0]:
                return
            seeded = self.new()
            try:
                with pg.transaction():
                    ensure_generations(pg)
                publish(pg, seeded, {}, self.path)
            finally:
                seeded.close()
        finally:
            pg.close()

    def connect(self, *, read_only: bool = False, wait: float | None = None,
                ) -> duckdb.DuckDBPyConnection:
        """A copy to read (``read_only``), or a ``WriteSession``: the database open for writing
        as a file is (the writer lock held until ``close``), on a copy brought up to date under
        the lock. The whole copy is loaded before the lock is taken and only the tables another
        writer changed meanwhile are reloaded under it: a CLI write held the team's lock ~2 s
        longer when the whole load ran under it (1.9-2.1 s measured, bundled data, load ~8).
        The caller closes it."""
        self.prepare(wait=wait)
        con = self.snapshot(wait=wait)
        if read_only:
            return con
        self._prints[con] = fingerprints(con)   # the write's starting point, hashed unlocked too
        try:
            pg = self._locked(wait)
        except BaseException:
            con.close()
            raise
        try:
            self.renewed(con, pg=pg)
        except BaseException:
            pg.close()
            con.close()
            raise
        return WriteSession(self, con, con, pg, owns_copy=True)  # type: ignore[return-value]

    def view(self, release: int | None = None, *, wait: float | None = None) -> ReleaseView:
        """Release ``release`` of this database (None: the one queries read by default),
        resolved once, on a read-only connection the view owns (issue 16): ``with
        store.view() as view: flows(view, ...)`` closes it."""
        return release_view(self.connect(read_only=True, wait=wait), release)

    @contextmanager
    def writing(self, *, wait: float | None = None, copy: duckdb.DuckDBPyConnection | None = None,
                ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The database open for writing for the block: on ``copy`` (a live copy, brought up to
        date under the lock and kept) or on a new copy."""
        if copy is None:
            session = self.connect(wait=wait)
        else:
            pg = self._locked(wait)
            try:
                self.renewed(copy, pg=pg)
            except BaseException:
                pg.close()
                raise
            session = WriteSession(self, copy.cursor(), copy, pg, owns_copy=True)
        try:
            yield session  # type: ignore[misc]
        finally:
            session.close()

    def _locked(self, wait: float | None) -> psycopg.Connection:
        """A connection holding the writer lock (waiting for another writer, saying so)."""
        pg = open_server(self.path)
        try:
            take_lock(pg, self.path, self.wait if wait is None else wait, announce)
        except BaseException:
            pg.close()
            raise
        return pg

    def close(self) -> None:
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None


def _first_words(query: str) -> list[str]:
    """The first word of each statement of ``query``, upper case."""
    return [m[1].upper() for part in query.split(";") if (m := _FIRST_WORD.match(part))]


class WriteSession:
    """The database open for writing: a DuckDB copy whose committed writes are published.

    It answers like the DuckDB connection it wraps, and holds the writer lock from its start to
    ``close`` (as a process holds a database file it writes): what it read before a write is
    what the write is made on. After each COMMIT, or a writing statement outside a transaction,
    the changes go to PostgreSQL in one transaction (``publish``); a ROLLBACK sends nothing.
    ``close()`` rolls back an open transaction and lets the lock go.
    """

    def __init__(self, store: PostgresStore, con: Any, base: duckdb.DuckDBPyConnection,
                 pg: psycopg.Connection, *, owns_copy: bool) -> None:
        self._store, self._con, self._base, self._pg = store, con, base, pg
        self._owns = owns_copy
        self._before = known_fingerprints(con, store._prints.get(base))
        self._in_transaction = False
        self._dirty = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def __enter__(self) -> WriteSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, query: str, parameters: object = None) -> Any:
        return self._run(query, lambda: self._con.execute(query, parameters)
                         if parameters is not None else self._con.execute(query))

    def executemany(self, query: str, parameters: object = None) -> Any:
        return self._run(query, lambda: self._con.executemany(query, parameters))

    def sql(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return self._run(query, lambda: self._con.sql(query, *args, **kwargs))

    def _run(self, query: str, run: Callable[[], Any]) -> Any:
        words = _first_words(query) if isinstance(query, str) else ["?"]
        try:
            return run()
        finally:
            for word in words:
                if word in ("BEGIN", "START"):
                    self._in_transaction = True
                elif word in ("ROLLBACK", "ABORT"):
                    self._in_transaction = self._dirty = False
                elif word in ("COMMIT", "END"):
                    self._in_transaction = False
                elif word not in _READS:
                    self._dirty = True
            if self._dirty and not self._in_transaction:
                self._publish()

    def _publish(self) -> None:
        self._dirty = False
        parent = self.__dict__.get("_parent")
        if parent is not None:   # a cursor: the copy is one database, its session publishes
            parent._publish()
            return
        if self._pg is None:
            raise duckdb.ConnectionException("the write session is closed")
        try:
            self._before, generations = publish(self._pg, self._con, self._before,
                                                self._store.path)
        except BaseException:
            self._store._held.pop(self._base, None)   # PostgreSQL as it was: reload the copy
            self._store._prints.pop(self._base, None)
            self._store.renewed(self._base, pg=self._pg)
            self._before = fingerprints(self._con)
            raise
        self._store._held.setdefault(self._base, {}).update(generations)
        self._store._prints[self._base] = dict(self._before)

    def cursor(self) -> WriteSession:
        """A cursor writing under this session's lock (closed with it by its caller)."""
        child = WriteSession.__new__(WriteSession)
        child.__dict__.update(self.__dict__, _con=self._con.cursor(), _in_transaction=False,
                              _dirty=False, _owns=False, _parent=self)
        return child

    def close(self) -> None:
        if self._in_transaction:
            try:
                self._con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            self._in_transaction = False
        if self.__dict__.get("_parent") is not None:   # a cursor: its session holds the lock
            self._con.close()
            return
        pg, self._pg = self._pg, None
        if pg is not None:
            try:
                drop_lock(pg)
            finally:
                pg.close()
        if self._owns:
            self._con.close()


def connect(url: str, new: Callable[[], duckdb.DuckDBPyConnection], *, read_only: bool = False,
            wait: float = WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """``db.connect`` on a PostgreSQL URL: a copy to read, or a ``WriteSession``. ``new()`` makes
    the database a new PostgreSQL database starts as (store/connection.py's new file)."""
    store = PostgresStore(url, new, wait=wait)
    try:
        return store.connect(read_only=read_only, wait=wait)
    finally:
        store.close()


# ----- schema versions (store/migrations.py) --------------------------------------------------------

def schema_version(url: str) -> int | None:
    """The database's schema version as PostgreSQL holds it (not through a copy, which is made
    at this code's schema); None for a database armswatch has not filled yet."""
    pg = open_server(url)
    try:
        return _version(pg)
    finally:
        pg.close()


def _version(pg: psycopg.Connection) -> int | None:
    if pg.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]:
        row = pg.execute("SELECT max(version) FROM schema_version").fetchone()
        if row is not None and row[0] is not None:
            return int(row[0])
    if pg.execute("SELECT to_regclass('releases') IS NOT NULL").fetchone()[0]:
        return LEGACY
    return None


def upgrade(url: str, new: Callable[[], duckdb.DuckDBPyConnection], *,
            steps: tuple[migrations.Step, ...] = migrations.STEPS,
            wait: float = WAIT_SECONDS) -> migrations.Upgrade:
    """``armswatch db upgrade`` on PostgreSQL: under the writer lock, the tables as PostgreSQL
    holds them (their columns, types and keys, not this code's schema.sql) are copied into
    DuckDB, the missing steps and schema.sql run there as on a file, and what changed is sent
    back in one PostgreSQL transaction: all of it, or on a failing step nothing. A database not
    filled yet is made at the current version (``new``, as ``prepare`` does)."""
    pg = open_server(url)
    try:
        latest = steps[-1].version
        if _version(pg) is None:
            PostgresStore(url, new, wait=wait).prepare(wait=wait)
            return migrations.Upgrade(None, latest, ())
        take_lock(pg, url, wait, announce)
        have = _version(pg)   # under the lock: another upgrade may have run meanwhile
        if have is not None and have > latest:
            raise SchemaTooNew(redacted(url), have, latest)
        if have == latest:
            return migrations.Upgrade(have, latest, ())
        con = duckdb.connect(MEMORY)
        try:
            _mirror(pg, con)
            before = fingerprints(con)
            done = migrations.upgrade(con, redacted(url), steps)
            if done.steps:
                ensure_schema(con)
                with pg.transaction():
                    ensure_generations(pg)
                publish(pg, con, before, url)
            return done
        finally:
            con.close()
    finally:
        pg.close()


def as_stored(url: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding PostgreSQL's armswatch tables as they are (their own columns,
    types and keys, whatever armswatch made them), without the version check of an open: what
    a file opened with plain ``duckdb.connect`` shows. The caller closes it."""
    pg = open_server(url)
    con = duckdb.connect(MEMORY)
    try:
        _mirror(pg, con)
    except BaseException:
        con.close()
        raise
    finally:
        pg.close()
    return con


def _mirror(pg: psycopg.Connection, con: duckdb.DuckDBPyConnection) -> None:
    """PostgreSQL's armswatch tables as they are, columns, NOT NULLs and keys, filled, in ``con``."""
    duck = {kind: name for name, kind in TYPES.items()}
    server = pg_tables(pg)
    required = {(t, c) for t, c in pg.execute(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 "
        "AND a.attnotnull AND NOT a.attisdropped").fetchall()}
    keys: dict[str, list[str]] = {}
    for table, definition in pg.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u') "
            "ORDER BY conrelid, contype, conname").fetchall():
        keys.setdefault(table.strip('"'), []).append(definition)
    for table, columns in server.items():
        lines = [f'"{name}" {_duck_type(kind, duck)}' + (" NOT NULL" if (table, name) in required
                                                         else "") for name, kind in columns]
        con.execute(f'CREATE TABLE "{table}" ({", ".join(lines + keys.get(table, []))})')
    with pg.transaction(), tempfile.TemporaryDirectory(prefix="armswatch-pg-") as folder:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        load_tables(pg, con, list(server), server, folder)


def _duck_type(pg_kind: str, duck: dict[str, str]) -> str:
    base = pg_kind.removesuffix("[]")
    if base not in duck:
        raise ValueError(f"no DuckDB type for PostgreSQL's {pg_kind} (store/postgres.py TYPES)")
    return duck[base] + ("[]" if pg_kind.endswith("[]") else "")


def copy_database(source: duckdb.DuckDBPyConnection, url: str, *, wait: float = 30.0) -> None:
    """Put the tables of a DuckDB database (a file's connection) into an empty PostgreSQL
    database: how a team moves a one-person database to its server (docs/team.md)."""
    pg = open_server(url)
    try:
        take_lock(pg, url, wait, None)
        if pg_tables(pg):
            raise ValueError(f"{redacted(url)} already holds tables: copy into an empty database")
        with pg.transaction():
            ensure_generations(pg)
        publish(pg, source, {}, url)
    finally:
        pg.close()
