"""The PostgreSQL backend (issue 19) on a real PostgreSQL server (tests/pg_server.py): the same
figures as a DuckDB file, byte for byte; writes published whole or not at all; another process's
write seen; concurrent writers serialised; a clear error for a server that does not answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest
from conftest import FIXTURES
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from armswatch import db
from armswatch.cli.main import app
from armswatch.store import postgres
from armswatch.store.database import LiveCopy, Store
from armswatch.register.releases import SETTING
from armswatch.store.load import import_file

TABLES = ("releases", "parties", "deals", "deliveries", "sipri_yearly", "flow_totals", "settings",
          "milex_releases", "milex_series", "milex_figures", "milex_regions",
          "milex_regional_totals", "milex_footnotes", "documents", "claims", "review_log", "tokens")


@pytest.fixture
def pg_url(pg_server, pg_bundled):
    """A PostgreSQL database of its own holding the bundle, as a first run makes it."""
    return pg_server.new_database(template=pg_bundled)


@pytest.fixture(scope="module")
def file_db(tmp_path_factory):
    """A DuckDB file made from the bundle, the same way."""
    path = tmp_path_factory.mktemp("file") / "armswatch.duckdb"
    db.connect(path).close()
    return str(path)


@pytest.fixture(scope="module")
def pg_copied(pg_server, file_db):
    """A PostgreSQL database holding exactly what ``file_db`` holds (``copy_database``): the
    same rows, so any difference in what the two answer is the backend's."""
    url = pg_server.new_database()
    with duckdb.connect(file_db, read_only=True) as source:
        postgres.copy_database(source, url)
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_same(pg_server, pg_copied):
    return pg_server.new_database(template=pg_copied)


def _rows(con, table):
    if table == "settings":  # 'flow_totals:<release>' is stamped with the time it was built
        return con.execute("SELECT key FROM settings ORDER BY ALL").fetchall()
    if table == "flow_totals":  # sums DuckDB adds up on several threads: the last bits vary
        return con.execute("SELECT * EXCLUDE (tiv), round(tiv, 6) FROM flow_totals ORDER BY ALL"
                           ).fetchall()
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def _everything(target: str) -> dict[str, list]:
    con = db.connect(target, read_only=True)
    try:
        return {t: _rows(con, t) for t in TABLES}
    finally:
        con.close()


def _cli(target: str, *args: str):
    result = CliRunner().invoke(app, ["--db", target, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_new_postgresql_database_holds_what_a_new_file_holds(pg_url, file_db):
    served = _everything(pg_url)
    assert served == _everything(file_db)
    assert len(served["deliveries"]) == 120295


def test_the_postgresql_tables_are_schema_sqls_tables_with_their_keys(pg_url, file_db):
    """One schema source: every table and column of schema.sql, in order, in PostgreSQL's types,
    with the primary keys and unique constraints (what keeps concurrent writers from doubling)."""
    with db.connect(file_db, read_only=True) as local:
        expected = {t: [(c, postgres.pg_type(k)) for c, k in cols]
                    for t, cols in postgres.duck_tables(local).items()}
    server = postgres.open_server(pg_url)
    assert postgres.pg_tables(server) == expected
    keys = server.execute(
        "SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u') "
        "AND conrelid::regclass::text IN ('releases', 'documents', 'claims', 'review_log', "
        "'tokens') ORDER BY 1, 2, 3").fetchall()
    server.close()
    assert ("documents", "p", "PRIMARY KEY (sha256)") in keys
    assert ("claims", "p", "PRIMARY KEY (claim_id)") in keys
    assert ("review_log", "p", "PRIMARY KEY (entry_id)") in keys
    assert ("releases", "u", "UNIQUE (sha256)") in keys


@pytest.mark.parametrize("command", [
    ("factsheet", "--period", "2020-2024", "--format", "json"),
    ("factsheet", "--period", "2015-2019", "--format", "csv"),
    ("flows", "--recipient", "Myanmar", "--from", "2014", "--to", "2019", "--by", "supplier",
     "--format", "csv"),
    ("flows", "--supplier", "Russia", "--from", "2000", "--to", "2024", "--by", "recipient",
     "--format", "json"),
    ("deals", "--supplier", "Russia", "--recipient", "Myanmar", "--format", "json"),
    ("milex", "--country", "Myanmar", "--from", "2010", "--to", "2024", "--format", "csv"),
])
def test_fact_sheets_flows_deals_and_milex_are_byte_identical_on_both_backends(
        pg_same, file_db, command):
    assert _cli(pg_same, *command) == _cli(file_db, *command)


def test_an_import_gives_the_same_figures_on_both_backends(pg_url, tmp_path):
    """The same file imported into each: the new release's flows, deals and fact sheet equal."""
    path = str(tmp_path / "local.duckdb")
    command = ("flows", "--release", "3", "--from", "1975", "--to", "2019", "--by", "recipient",
               "--format", "csv")
    for target in (pg_url, path):
        _cli(target, "import", str(FIXTURES / "classic-latin1.csv"))
    assert _cli(pg_url, *command) == _cli(path, *command)
    assert _cli(pg_url, "factsheet", "--period", "1980-1989", "--release", "3") == _cli(
        path, "factsheet", "--period", "1980-1989", "--release", "3")


def test_the_web_api_answers_the_same_bytes_on_both_backends(pg_same, file_db):
    from armswatch.web import create_app

    paths = ("/api/factsheet?period=2020-2024", "/api/flows?recipient=Myanmar&from=2014&to=2019"
             "&by=supplier", "/api/deals?supplier=Russia&recipient=Myanmar&format=csv",
             "/api/countries/Myanmar")
    answers = []
    for target in (pg_same, file_db):
        with TestClient(create_app(target)) as client:
            answers.append([(client.get(p).status_code, client.get(p).content) for p in paths])
    assert answers[0] == answers[1]
    assert {status for status, _ in answers[0]} == {200}


# ----- writes --------------------------------------------------------------------------------------

def test_a_write_failing_halfway_leaves_postgresql_as_it_was(pg_url, monkeypatch):
    from armswatch.store import load

    before = _everything(pg_url)

    def fail(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(load, "build_totals", fail)
    con = db.connect(pg_url)
    with pytest.raises(OSError, match="disk gone"):
        import_file(con, FIXTURES / "classic-latin1.csv")
    con.close()
    assert _everything(pg_url) == before


def test_each_committed_write_is_in_postgresql_at_once_and_a_rollback_sends_nothing(pg_url):
    con = db.connect(pg_url)
    con.execute("INSERT INTO settings VALUES ('note', 'kept')")             # outside a transaction
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO settings VALUES ('dropped', 'x')")
    con.execute("ROLLBACK")
    con.execute("BEGIN TRANSACTION")
    con.execute("UPDATE settings SET value = 'changed' WHERE key = 'note'")  # a change, not an append
    con.execute("COMMIT")
    other = db.connect(pg_url, read_only=True)                              # another copy, before close
    assert other.execute("SELECT key, value FROM settings WHERE key IN ('note', 'dropped')"
                         ).fetchall() == [("note", "changed")]
    con.close()


def test_a_live_copy_sees_another_processs_write_and_its_own(pg_url):
    live = LiveCopy(Store(pg_url), poll=None)
    generation = live.generation
    subprocess.run([sys.executable, "-m", "armswatch", "--db", pg_url, "import",
                    str(FIXTURES / "classic-latin1.csv")], check=True, capture_output=True,
                   env={**os.environ, "ARMSWATCH_DB": ""})
    assert live.refresh() is True and live.generation == generation + 1
    assert live.con.execute("SELECT max(release_id) FROM releases").fetchone() == (3,)
    with live.writing() as con:
        con.execute("INSERT INTO settings VALUES ('written', 'by the live copy')")
    assert live.con.execute("SELECT value FROM settings WHERE key = 'written'").fetchone() == (
        "by the live copy",)
    assert live.refresh() is False            # its own write is no news to it
    assert db.connect(pg_url, read_only=True).execute(
        "SELECT value FROM settings WHERE key = 'written'").fetchone() == ("by the live copy",)
    live.close()


def test_two_processes_importing_the_same_file_at_once_store_it_once(pg_url):
    """Both read 'not imported yet' only if they could both write at once: the writer lock makes
    the second wait for the first and then find the file imported."""
    runs = [subprocess.Popen([sys.executable, "-m", "armswatch", "--db", pg_url, "import",
                              str(FIXTURES / "classic-latin1.csv"), "--format", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    con = db.connect(pg_url, read_only=True)
    assert con.execute("SELECT count(*) FROM releases WHERE file_name = 'classic-latin1.csv'"
                       ).fetchone() == (1,)
    deals = con.execute("SELECT count(*), count(DISTINCT deal_id) FROM deals WHERE release_id = 3"
                        ).fetchone()
    assert deals[0] == deals[1] > 0


def test_an_unreachable_server_is_a_coded_error_that_never_shows_the_password(pg_server):
    url = f"postgresql://armswatch:s3cret-pw@127.0.0.1:{pg_server.port + 1}/armswatch"
    done = subprocess.run([sys.executable, "-m", "armswatch", "--db", url, "info"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 69
    assert "[database-unreachable]" in done.stderr and "Traceback" not in done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout
    assert f"postgresql://armswatch:***@127.0.0.1:{pg_server.port + 1}/armswatch" in done.stderr


def test_what_armswatch_shows_of_a_reachable_database_never_holds_its_password(pg_url):
    """`armswatch info` and the anonymous /api/info said where the database is with the URL as
    given, password and all; an outdated schema's message did too. /api/info answers anyone, so
    only an admin's token sees the (redacted) URL. (The test server trusts
    local connections, so any password opens it.)"""
    from armswatch.web import create_app

    url = pg_url.replace("armswatch@", "armswatch:s3cret-pw@")
    shown = pg_url.replace("armswatch@", "armswatch:***@")
    info = subprocess.run([sys.executable, "-m", "armswatch", "--db", url, "info", "--format",
                           "json"], capture_output=True, text=True, timeout=120)
    assert info.returncode == 0, info.stderr
    assert "s3cret-pw" not in info.stdout + info.stderr
    assert json.loads(info.stdout)["database"] == shown
    tokens = {}
    for name, role in (("ana", "admin"), ("ben", "reviewer")):
        made = subprocess.run([sys.executable, "-m", "armswatch", "--db", url, "user", "add", name,
                               "--role", role], capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
        tokens[role] = made.stdout.strip()
    with TestClient(create_app(url)) as client:
        answers = {who: client.get("/api/info", headers=headers) for who, headers in (
            ("anyone", {}), ("a wrong token", {"Authorization": "Bearer aw_nothing"}),
            ("a reviewer", {"Authorization": f"Bearer {tokens['reviewer']}"}),
            ("an admin", {"Authorization": f"Bearer {tokens['admin']}"}))}
    assert {who: (a.status_code, a.json()["database"]) for who, a in answers.items()} == {
        # user, host, port and database name only to an admin; the password to no one
        "anyone": (200, "postgresql://***"), "a wrong token": (200, "postgresql://***"),
        "a reviewer": (200, "postgresql://***"), "an admin": (200, shown)}
    server = postgres.open_server(pg_url)       # as an armswatch before issue 19 left it
    server.execute("DELETE FROM schema_version")
    server.close()
    outdated = subprocess.run([sys.executable, "-m", "armswatch", "--db", url, "info"],
                              capture_output=True, text=True, timeout=120)
    assert outdated.returncode == 78 and "[schema-outdated]" in outdated.stderr
    assert "s3cret-pw" not in outdated.stderr and "armswatch:***@" in outdated.stderr


def test_a_file_database_copied_to_postgresql_reads_the_same(pg_server, file_db):
    url = pg_server.new_database()
    with duckdb.connect(file_db, read_only=True) as source:
        postgres.copy_database(source, url)
    assert _everything(url) == _everything(file_db)
    exact = "SELECT * FROM flow_totals ORDER BY ALL"   # copied, not summed again: every bit
    with db.connect(url, read_only=True) as served, db.connect(file_db, read_only=True) as local:
        assert served.execute(exact).fetchall() == local.execute(exact).fetchall()


# Another program that holds the writer lock until told to let go
HOLDER = """import sys, psycopg
con = psycopg.connect(sys.argv[1], autocommit=True, application_name='holder pid=' + sys.argv[2])
con.execute('SELECT pg_advisory_lock(%s)', [int(sys.argv[3])])
print('held', flush=True)
sys.stdin.readline()
"""


def test_a_writer_that_must_wait_says_for_what_and_then_writes(pg_url):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, pg_url, "4242",
                               str(postgres.WRITER_LOCK)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    env = {**os.environ, "ARMSWATCH_DB": pg_url, "COLUMNS": "200"}
    waiting = subprocess.Popen([sys.executable, "-m", "armswatch", "use", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    said = waiting.stderr.readline()        # said while it waits, before the holder lets go
    holder.communicate("go\n", timeout=30)
    out, rest = waiting.communicate(timeout=120)
    assert said == (f"Waiting for the database {pg_url}: holder (PID 4242) has it open; waiting "
                    "up to 30 s.\n")
    assert (waiting.returncode, rest) == (0, ""), out
    assert db.connect(pg_url, read_only=True).execute(
        "SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone() == ("1",)


def test_what_other_writers_see_of_a_process_is_its_command_never_the_url(pg_url, monkeypatch):
    with_password = pg_url.replace("armswatch@", "armswatch:s3cret-pw@")
    monkeypatch.setattr(sys, "argv", ["armswatch", "--db", with_password, "serve", "--port", "1"])
    server = postgres.open_server(with_password)
    names = [row[0] for row in server.execute(
        "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")]
    server.close()
    assert names == [f"armswatch serve pid={os.getpid()}"]
