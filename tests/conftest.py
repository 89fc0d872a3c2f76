"""Shared fixtures: paths to the fixture slices and to SIPRI's real exports (../shared/data)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from armswatch import db

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SIPRI = SHARED / "sipri"

# the tests read the shipped extractor models, never models a developer trained with `armswatch
# train` (runtime.user_models_dir); tests of those set their own directory
os.environ["ARMSWATCH_MODELS"] = str(Path(__file__).parent / "fixtures" / "no-user-models")

needs_shared = pytest.mark.skipif(not SIPRI.exists(), reason="../shared/data is not beside the checkout")


@pytest.fixture
def empty_db(tmp_path):
    """A new database with the schema and the party table, but no release."""
    con = db.connect(tmp_path / "empty.duckdb", seed=False)
    from armswatch.parties import registry
    from armswatch.store.load import write_parties

    write_parties(con, registry())
    yield con
    con.close()


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory):
    """The default database, created from the bundle as on a user's first run."""
    con = db.connect(tmp_path_factory.mktemp("bundled") / "armswatch.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the session (tests/pg_server.py; issue 19)."""
    from pg_server import start_server

    server = start_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_bundled(pg_server):
    """The name of a PostgreSQL database made from the bundle as on a first run: a template
    ``pg_server.new_database(template=...)`` copies in a fraction of a second."""
    url = pg_server.new_database()
    db.connect(url).close()
    return url.rsplit("/", 1)[1]


# ===== every store test on both backends (issue 19) =====

def bundled(target: str) -> None:
    """A database made from the bundle, as on a user's first run."""
    db.connect(target).close()


def empty(target: str) -> None:
    """A database with the schema and the party table, but no release."""
    from armswatch.parties import registry
    from armswatch.store.load import write_parties

    con = db.connect(target, seed=False)
    write_parties(con, registry())
    con.close()


class Backend:
    """Where a store test's database lives: a DuckDB file, or a database of its own on the
    session's PostgreSQL server (tests/pg_server.py). ``database(make)`` gives a new database as
    ``make(target)`` fills it through armswatch's own door (``db.connect``), on either backend.
    Each kind is made once a session and copied per test: a file copied, a PostgreSQL database
    made by ``CREATE DATABASE ... TEMPLATE`` (a fraction of a second, where filling one from the
    bundle takes ~6 s)."""

    def __init__(self, name: str, folder: Path, server=None) -> None:
        self.name, self.folder, self.server = name, folder, server
        self._made: dict[object, str] = {}
        self._count = 0
        self.made_since: list[str] = []   # PostgreSQL databases made during the current test

    def __repr__(self) -> str:
        return self.name

    def database(self, make=bundled) -> str:
        """A new database (a file's path, or a PostgreSQL URL) holding what ``make`` puts in."""
        self._count += 1
        if self.server is None:
            if make not in self._made:
                self._made[make] = str(self.folder / f"template-{len(self._made)}.duckdb")
                make(self._made[make])
            path = self.folder / f"db-{self._count}" / "armswatch.duckdb"
            path.parent.mkdir()
            shutil.copyfile(self._made[make], path)   # closed: no write-ahead log beside it
            return str(path)
        if make not in self._made:
            url = self.server.new_database()
            make(url)
            self._made[make] = url.rsplit("/", 1)[1]
        url = self.server.new_database(template=self._made[make])
        self.made_since.append(url)
        return url

    def new(self) -> str:
        """A database nothing has made yet: a file not there, or an empty PostgreSQL database."""
        self._count += 1
        if self.server is None:
            return str(self.folder / f"new-{self._count}" / "armswatch.duckdb")
        url = self.server.new_database()
        self.made_since.append(url)
        return url

    def stored(self, target: str):
        """A DuckDB connection on the tables as stored, without the version check of an open:
        the file read-only, or PostgreSQL's own tables, columns and keys copied as they are
        (``store.postgres.as_stored``). The caller closes it."""
        if self.server is None:
            return duckdb.connect(target, read_only=True)
        from armswatch.store.postgres import as_stored

        return as_stored(target)

    def tables(self, target: str) -> dict[str, list[tuple]]:
        """Every armswatch table's rows, sorted, as a new opener reads them: from the file, or
        from a copy loaded afresh from PostgreSQL (never a test's own connection)."""
        con = db.connect(target, read_only=True)
        try:
            return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
                    for t in _table_names(con)}
        finally:
            con.close()


def _table_names(con) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' ORDER BY 1").fetchall()]


BACKENDS = ("file", "postgresql")


@pytest.fixture(autouse=True)
def _drop_a_tests_databases(request):
    """The PostgreSQL databases a test made are dropped after it (a copy of the bundle is 53 MB:
    kept, a session's hundreds filled the disk and took ~50 s to remove at the end). A module's
    databases are made before this runs (pytest sets up wider scopes first) and stay."""
    if "backend" not in request.fixturenames:
        yield
        return
    backend = request.getfixturevalue("backend")
    if not isinstance(backend, Backend):  # a module's own fixture of that name (test_update.py's)
        yield
        return
    backend.made_since.clear()
    yield
    if backend.server is not None:
        backend.server.drop(backend.made_since)
    backend.made_since.clear()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Backend:
    """A store test runs twice: on a DuckDB file and on a real PostgreSQL server (issue 19). The
    PostgreSQL run is skipped, saying why, where no server binaries exist, and fails in CI."""
    folder = tmp_path_factory.mktemp(f"backend-{request.param}")
    if request.param == "file":
        return Backend("file", folder)
    return Backend("postgresql", folder, request.getfixturevalue("pg_server"))


@pytest.fixture
def store_db(backend):
    """``empty_db`` on either backend: a connection to a new database with the schema and the
    party table (on PostgreSQL a write session). After the test, on PostgreSQL, a new copy
    loaded from the server must hold exactly what the test's connection held: every write the
    test made reached PostgreSQL itself."""
    target = backend.database(empty)
    con = db.connect(target, seed=False)
    yield con
    held = {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
            for t in _table_names(con)} if backend.server else None
    con.close()
    if held is not None:
        assert backend.tables(target) == held
