"""Shared fixtures: paths to the fixture slices and to SIPRI's real exports (../shared/data)."""

from __future__ import annotations

import os
from pathlib import Path

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
