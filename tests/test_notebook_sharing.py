"""Issue 16, the rest of it: a notebook (``armswatch.open()``) and a long ``check --store`` beside a
running server. A real `armswatch serve` process and real CLI processes on a temporary database,
and a Python session kept open in this process the whole time: the CLI's and the server's writes
land without waiting for the notebook, the notebook sees them at a later call, its own writes land
in the database, and a long check does not keep other commands waiting. Polled, never timed. On
a DuckDB file and on a real PostgreSQL server (issue 19; tests/conftest.py's ``backend``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from test_shared_database import FIXTURES, SEEN_WITHIN, armswatch, serving

import armswatch as api

# Written for this test: long articles that repeat a delivery and a share of imports (the
# extractor reads up to 200,000 characters of each), a second or so of checking each and three
# claims: a long check whose final store is short.
ARTICLES = 12


def _article(i: int) -> str:
    sentences = (f"Russia delivered {i + 2} Su-30 fighter aircraft to Myanmar in 2022, the air force "
                 f"said. Russia accounted for {i + 10} per cent of Myanmar's arms imports in "
                 f"2019-23.\n")
    return f"Report {i}.\n" + sentences * 1100


@pytest.fixture(scope="module")
def served(backend):
    path = backend.database()
    # the notebook stays open for the whole module, as a notebook left open
    with serving(path) as server, api.open(path) as notebook:
        yield server, path, notebook


def _waited_for_me(result: subprocess.CompletedProcess) -> bool:
    """Whether a command said it waited for this process (the notebook) to let go of the file."""
    return f"(PID {os.getpid()})" in result.stderr


def _until(read, seen):
    """``read()`` once ``seen`` holds of it (polled; fails after SEEN_WITHIN s)."""
    deadline = time.monotonic() + SEEN_WITHIN
    while not seen(answer := read()):
        assert time.monotonic() < deadline, f"never seen: {answer}"
        time.sleep(0.1)
    return answer


def test_the_cli_writes_beside_an_open_notebook_and_the_notebook_sees_it(served):
    server, path, notebook = served
    assert notebook.info().current_release == 2
    made = armswatch("token", "create", "--name", "notebook-desk", db=path)
    assert made.returncode == 0 and not _waited_for_me(made), made.stderr
    used = armswatch("use", "1", db=path)
    assert used.returncode == 0 and not _waited_for_me(used), used.stderr
    assert _until(notebook.info, lambda i: i.current_release == 1).deals == 0
    assert server.until("/api/info", lambda i: i["current_release"] == 1)["deals"] == 0
    assert notebook.con.execute("SELECT name FROM tokens").fetchall() == [("notebook-desk",)]
    back = armswatch("use", db=path)
    assert back.returncode == 0 and not _waited_for_me(back), back.stderr
    assert _until(notebook.info, lambda i: i.current_release == 2).deals == 29_515


def test_the_notebook_writes_to_the_file_and_everyone_sees_it(served):
    from armswatch.store.load import import_file

    server, path, notebook = served
    before = len(notebook.info().releases)
    with notebook.writing() as con:
        assert import_file(con, FIXTURES / "china-2026.csv").valid
    assert len(notebook.info().releases) == before + 1        # at once: the copy was renewed
    listed = armswatch("info", "--format", "json", db=path)
    assert listed.returncode == 0 and not _waited_for_me(listed), listed.stderr
    assert server.until("/api/releases", lambda rs: len(rs) == before + 1)[-1]["file_name"] == (
        "china-2026.csv")


def test_a_long_check_store_keeps_no_one_waiting(served, tmp_path):
    server, path, notebook = served
    for i in range(ARTICLES):
        (tmp_path / f"article-{i:03}.txt").write_text(_article(i), encoding="utf-8")
    env = {**os.environ, "ARMSWATCH_DB": str(path), "COLUMNS": "200"}
    check = subprocess.Popen([sys.executable, "-m", "armswatch", "check", str(tmp_path),
                              "--store", "--format", "jsonl"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env=env)
    during = []     # `info` by another process, run again and again while the check runs
    while check.poll() is None:
        info = armswatch("info", "--format", "json", db=path)
        during.append((info, check.poll() is None))
    stored = check.stderr.read()
    assert check.returncode == 0, stored
    assert f"Stored {ARTICLES} new documents" in stored
    assert any(still_running for _, still_running in during), "the check ended before any info"
    for info, _ in during:
        assert info.returncode == 0, info.stderr
        assert f"(PID {check.pid})" not in info.stderr, info.stderr    # never waited for the check
        assert not _waited_for_me(info), info.stderr
    # the claims reached the server and the notebook; a review through the server lands too
    claims = server.until("/api/claims", lambda claims: len(claims) > 0)
    kept = int(re.search(r"(\d+) new claims", stored)[1])
    assert _until(lambda: _notebook_sql(notebook, "SELECT count(*) FROM claims"),
                  lambda rows: rows == [(kept,)])
    made = armswatch("token", "create", "--name", "server-desk", db=path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    claim_id = claims[0]["claim_id"]
    deadline = time.monotonic() + SEEN_WITHIN
    while (answer := server.post(f"/api/claims/{claim_id}/review", {"action": "accept"},
                                 token))[0] == 401:      # until the server has seen the token
        assert time.monotonic() < deadline, answer
        time.sleep(0.1)
    assert answer[0] == 200, answer
    assert _until(lambda: _notebook_sql(notebook, "SELECT claim_id, action FROM review_log"),
                  lambda rows: rows == [(claim_id, "accept")])


def _notebook_sql(notebook, sql: str) -> list[tuple]:
    """``sql`` on what the notebook reads, after a call (a call renews its copy if need be)."""
    notebook.info()
    return notebook.con.execute(sql).fetchall()
