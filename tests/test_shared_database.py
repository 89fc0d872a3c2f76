"""Issue 16: the CLI beside a running server. A real `armswatch serve` process on a temporary
database, and real CLI processes reading and writing the same database: reads answer, writes land,
and the server shows them (polled for; how fast is measured in docs/architecture.md, not asserted).
On both backends (issue 19): a DuckDB file, and a database on a real PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# Written for this test: a delivery the March 2025 register records.
ARTICLE = "Russia delivered six Su-30 fighter aircraft to Myanmar in 2022, the air force said.\n"
SEEN_WITHIN = 60.0   # a generous bound for the polls below; the server takes well under 2 s


def armswatch(*args: str, db: Path | str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ARMSWATCH_DB": str(db), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "armswatch", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, path: Path | str) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "armswatch", "--db", str(path), "serve", "--port",
             str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def get(self, route: str, token: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{route}")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def post(self, route: str, body: dict, token: str) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{route}", data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def json(self, route: str) -> object:
        status, body = self.get(route)
        assert status == 200, body
        return json.loads(body)

    def until(self, route: str, seen) -> object:
        """The route's JSON once ``seen(answer)`` holds (polled; fails after SEEN_WITHIN s)."""
        deadline = time.monotonic() + SEEN_WITHIN
        while True:
            answer = self.json(route)
            if seen(answer):
                return answer
            assert time.monotonic() < deadline, f"the server never showed it: {answer}"
            time.sleep(0.1)


@contextmanager
def serving(path: Path | str) -> Iterator[Server]:
    """A database created from the bundle and `armswatch serve` on it, answering; stopped after."""
    assert armswatch("info", db=path).returncode == 0      # created from the bundle first
    server = Server(path)
    deadline = time.monotonic() + 120
    while server.process.poll() is None:
        try:
            if server.get("/api/info")[0] == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, "armswatch serve did not answer within 120 s"
        time.sleep(0.2)
    else:
        pytest.fail(f"armswatch serve exited: {server.process.stderr.read()}")
    try:
        yield server
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)


@pytest.fixture(scope="module")
def shared(backend):
    """`armswatch serve` on a database made from the bundle, on each backend in turn."""
    path = backend.database()
    with serving(path) as server:
        yield server, path


def test_reads_answer_beside_the_server_and_agree_with_it(shared):
    server, path = shared
    info = armswatch("info", "--format", "json", db=path)
    assert (info.returncode, info.stderr) == (0, "")
    assert json.loads(info.stdout)["deals"] == 29_515
    deals = armswatch("deals", "--supplier", "Russia", "--recipient", "Myanmar", "--from", "2010",
                      "--to", "2024", "--format", "json", db=path)
    assert deals.returncode == 0, deals.stderr
    assert json.loads(deals.stdout) == server.json(
        "/api/deals?supplier=Russia&recipient=Myanmar&from=2010&to=2024")


def test_an_import_lands_and_the_server_shows_it(shared):
    server, path = shared
    before = [r["file_name"] for r in server.json("/api/releases")]
    result = armswatch("import", str(FIXTURES / "china-2026.csv"), db=path)
    assert result.returncode == 0, result.stderr
    assert "Imported china-2026.csv (classic): 8 deals" in result.stdout
    releases = server.until("/api/releases", lambda rs: len(rs) == len(before) + 1)
    assert [r["file_name"] for r in releases] == [*before, "china-2026.csv"]


def test_use_changes_what_the_server_reads(shared):
    server, path = shared
    assert armswatch("use", "1", db=path).returncode == 0
    assert server.until("/api/info", lambda i: i["current_release"] == 1)["deals"] == 0
    assert armswatch("use", db=path).returncode == 0     # back to the latest whole register
    assert server.until("/api/info", lambda i: i["current_release"] == 2)["deals"] == 29_515


def test_a_token_made_by_the_cli_writes_through_the_server_and_the_cli_sees_it(shared, tmp_path):
    server, path = shared
    made = armswatch("token", "create", "--name", "desk", db=path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    stored = armswatch("check", str(article), "--store", "--format", "json", db=path)
    assert stored.returncode == 0, stored.stderr
    claims = server.until("/api/claims", lambda claims: len(claims) > 0)
    assert "documented" in {c["verdict"] for c in claims}
    claim_id = next(c["claim_id"] for c in claims if c["verdict"] == "documented")
    deadline = time.monotonic() + SEEN_WITHIN
    while (answer := server.post(f"/api/claims/{claim_id}/review", {"action": "accept"},
                                 token))[0] == 401:      # until the server has seen the token
        assert time.monotonic() < deadline, answer
        time.sleep(0.1)
    assert (answer[0], answer[1]["reviewer"], answer[1]["action"]) == (200, "desk", "accept")
    listed = armswatch("review", "list", "--state", "accepted", "--format", "json", db=path)
    assert listed.returncode == 0, listed.stderr
    assert [c["claim_id"] for c in json.loads(listed.stdout)] == [claim_id]


def test_reviews_from_the_cli_land_beside_the_server(shared):
    server, path = shared
    claim_id = server.json("/api/claims?state=accepted")[0]["claim_id"]
    result = armswatch("review", "reject", claim_id, "--note", "a second look", db=path)
    assert result.returncode == 0, result.stderr
    history = server.until(f"/api/claims/{claim_id}", lambda c: c["state"] == "rejected")["history"]
    assert [(d["action"], d["note"]) for d in history] == [("accept", None),
                                                           ("reject", "a second look")]


# Another program that holds the file until told to let go (it takes it once the server, which may
# be copying the file after the last test's write, has let go).
HOLDER = """import sys, time, duckdb
while True:
    try:
        con = duckdb.connect(sys.argv[1])
        break
    except duckdb.IOException:
        time.sleep(0.05)
print('held', flush=True)
sys.stdin.readline()
con.close()
"""


# file-only: a DuckDB file's lock (PostgreSQL's writer lock: tests/test_postgres.py)
@pytest.mark.parametrize("backend", ["file"], indirect=True)
def test_a_command_that_must_wait_says_for_what_and_then_runs(shared, tmp_path):
    _, path = shared
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    env = {**os.environ, "ARMSWATCH_DB": str(path), "COLUMNS": "200"}
    waiting = subprocess.Popen([sys.executable, "-m", "armswatch", "info", "--format", "json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    said = waiting.stderr.readline()        # said while it waits, before the holder lets go
    holder.communicate("go\n", timeout=30)
    out, rest = waiting.communicate(timeout=120)
    assert said == (f"Waiting for the database {path}: {os.path.realpath(sys.executable)} "
                    f"(PID {holder.pid}) has it open; waiting up to 30 s.\n")
    assert (waiting.returncode, rest) == (0, "")
    assert json.loads(out)["deals"] == 29_515
