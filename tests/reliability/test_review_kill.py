"""Review writes under concurrency and kill -9 (issue 14's reliability suite).

- Several clients review at once through a real ``armswatch serve``: every acknowledged decision is
  in the log exactly once, under its token's name.
- ``kill -9`` of the server while clients review: the database opens again, nothing acknowledged
  is lost, nothing is doubled, the log points only at stored claims, and the server serves again.
- ``kill -9`` of ``armswatch check --store`` at several moments, the first as the write starts:
  the store is all or nothing (one transaction), and running it again stores each document once.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from armswatch import db
from armswatch.model import Document
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view
from armswatch.review import store
from armswatch.web.auth import create_token

CLIENTS = 6
REVIEWS_PER_CLIENT = 8
DOCUMENTS = 120


def _article(number: int) -> str:
    """Written for these tests: one transfer claim the register does not document, per number."""
    return (f"Russia delivered {number + 2} T-90 tanks to Myanmar in {1990 + number % 30}, "
            f"the ministry said in its note number {number}.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "armswatch", "--db", str(path), "serve",
                                "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/info", timeout=2)
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the server did not start")
            time.sleep(0.2)


def _review(url: str, token: str, claim: str, note: str) -> int:
    request = urllib.request.Request(
        f"{url}/api/claims/{claim}/review", method="POST",
        data=json.dumps({"action": "accept", "note": note}).encode(),
        headers={"Authorization": f"Bearer {token}", "content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def database(tmp_path) -> tuple[Path, list[str], list[str]]:
    """A database with stored claims and one token per client."""
    path = tmp_path / "review.duckdb"
    con = db.connect(path)
    checker = Checker(release_view(con))
    checked = [checker.check_document(Document(f"note-{n}", _article(n))) for n in range(4)]
    store.store_checked(con, checked)
    claims = [c.claim_id for result in checked for c in result.claims]
    tokens = [create_token(con, f"client-{i}").token for i in range(CLIENTS)]
    con.close()
    return path, claims, tokens


def _log(path: Path) -> list[tuple[str, str, str]]:
    con = db.connect(path)
    try:
        return con.execute("SELECT claim_id, reviewer, note FROM review_log ORDER BY note").fetchall()
    finally:
        con.close()


def test_clients_reviewing_at_once_lose_and_double_nothing(database):
    path, claims, tokens = database
    process, url = _serve(path)
    answers: dict[str, int] = {}

    def client(number: int) -> None:
        for n in range(REVIEWS_PER_CLIENT):
            note = f"c{number}-r{n}"
            answers[note] = _review(url, tokens[number], claims[n % len(claims)], note)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    process.terminate()
    process.wait(timeout=30)
    assert set(answers.values()) == {200} and len(answers) == CLIENTS * REVIEWS_PER_CLIENT
    assert _log(path) == sorted(((claims[n % len(claims)], f"client-{i}", f"c{i}-r{n}")
                                 for i in range(CLIENTS) for n in range(REVIEWS_PER_CLIENT)),
                                key=lambda row: row[2])


def test_kill_9_during_review_writes_loses_nothing_acknowledged(database):
    path, claims, tokens = database
    process, url = _serve(path)
    acknowledged, sent, stop = [], [], threading.Event()

    def client(number: int) -> None:
        n = 0
        while not stop.is_set():
            note = f"c{number}-r{n:04d}"
            sent.append(note)
            try:
                if _review(url, tokens[number], claims[n % len(claims)], note) == 200:
                    acknowledged.append(note)
            except OSError:    # the server died under this request
                return
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < 15 and time.monotonic() < deadline:
        time.sleep(0.01)
    if len(acknowledged) < 15:
        stop.set()
        process.kill()
        pytest.fail("the clients' reviews were not acknowledged")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    notes = [note for _, _, note in _log(path)]
    assert len(notes) == len(set(notes))                      # nothing doubled
    assert set(acknowledged) <= set(notes) <= set(sent)       # nothing acknowledged lost
    con = db.connect(path)
    orphans = con.execute("SELECT count(*) FROM review_log WHERE claim_id NOT IN "
                          "(SELECT claim_id FROM claims)").fetchone()[0]
    con.close()
    assert orphans == 0
    process, url = _serve(path)   # the database opens and the server writes again
    try:
        assert _review(url, tokens[0], claims[0], "after the crash") == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert len(_log(path)) == len(notes) + 1


def _store_run(path: Path, articles: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "armswatch", "--db", str(path), "check",
                             str(articles), "--store", "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _counts(path: Path) -> tuple[int, int, int]:
    con = db.connect(path)
    try:
        return con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims),"
                           " (SELECT count(*) FROM claims WHERE sha256 NOT IN "
                           "(SELECT sha256 FROM documents))").fetchone()
    finally:
        con.close()


def _store_and_kill(path: Path, articles: Path, at: float | None) -> float:
    """Run ``check --store``; kill -9 it ``at`` seconds after its start (None: let it finish).
    Returns when its write-ahead log appeared: DuckDB writes it at the commit."""
    started, wal = time.monotonic(), Path(f"{path}.wal")
    run, committed = _store_run(path, articles), None
    while run.poll() is None and (at is None or time.monotonic() - started < at):
        if committed is None and wal.exists():
            committed = time.monotonic() - started
        time.sleep(0.0005)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    return committed or 0.0


def test_kill_9_during_check_store_is_all_or_nothing(tmp_path):
    empty = tmp_path / "empty.duckdb"
    db.connect(empty).close()
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps({"id": f"a{n}", "text": _article(n)}) + "\n"
                                for n in range(DOCUMENTS)), encoding="utf-8")
    shutil.copy(empty, tmp_path / "timing.duckdb")
    commit = _store_and_kill(tmp_path / "timing.duckdb", articles, None)
    whole = _counts(tmp_path / "timing.duckdb")      # documents, their claims, orphans
    assert whole[0] == DOCUMENTS and whole[1] >= DOCUMENTS and whole[2] == 0
    outcomes = []
    # Kills from well before the commit (checking) through the inserts to just after it; each
    # must leave the whole store or none of it.
    for attempt, before_commit in enumerate((1.0, 0.15, 0.05, 0.0)):
        path = tmp_path / f"store-{attempt}.duckdb"
        shutil.copy(empty, path)
        _store_and_kill(path, articles, commit - before_commit)
        counts = _counts(path)
        assert counts in ((0, 0, 0), whole), (before_commit, counts)
        outcomes.append(counts[0])
    print(f"kill -9 of check --store (commit at {commit:.2f} s): documents after each kill "
          f"{outcomes}")
    complete = _store_run(path, articles)
    assert complete.wait(timeout=300) == 0
    assert _counts(path) == whole
