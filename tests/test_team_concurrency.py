"""A team on one PostgreSQL database (issue 19): two `armswatch serve` processes, and 20 reviewers
deciding on the same few claims at once through both. Bounded by a count of decisions, not by
time. Afterwards the review log holds exactly the decisions the reviewers were told were made:
none lost, none doubled, each as its reviewer was told, each made on the state its reviewer saw
(the others refused as already decided); and both servers show the same history.
Also: `serve --workers 2` on PostgreSQL answers; on a DuckDB file it is refused with the fix."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from test_shared_database import SEEN_WITHIN, Server, armswatch

from armswatch import db
from armswatch.store.database import Store
from armswatch.web.auth import create_token

REVIEWERS = 20
DECISIONS_EACH = 5
# Written for this test: four claims, two the register documents and two it does not.
ARTICLE = ("Myanmar received 6 Su-30 fighter aircraft from Russia in 2022, the junta said.\n"
           "Russia delivered 40 T-90 tanks to Myanmar in 2021, according to the ministry.\n"
           "China supplied 12 K-8 trainer aircraft to Myanmar in 2019.\n"
           "In 2020 Myanmar took a Kilo-class submarine from India.\n")


def _started(url: str) -> Server:
    server = Server(url)
    deadline = time.monotonic() + 120
    while server.process.poll() is None:
        try:
            if server.get("/api/info")[0] == 200:
                return server
        except OSError:
            pass
        assert time.monotonic() < deadline, "armswatch serve did not answer within 120 s"
        time.sleep(0.2)
    pytest.fail(f"armswatch serve exited: {server.process.stderr.read()}")


@pytest.fixture
def team(pg_server, pg_bundled, tmp_path):
    """A PostgreSQL database with stored claims and a token per reviewer, and two servers on it."""
    url = pg_server.new_database(template=pg_bundled)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    stored = armswatch("check", str(article), "--store", "--format", "json", db=url)
    assert stored.returncode == 0, stored.stderr
    with Store(url).writing() as con:
        tokens = {f"reviewer-{i:02d}": create_token(con, f"reviewer-{i:02d}").token
                  for i in range(REVIEWERS)}
    servers = [_started(url), _started(url)]
    try:
        yield url, servers, tokens
    finally:
        for server in servers:
            server.process.terminate()
            server.process.wait(timeout=30)


def _review(server: Server, claim_id: str, action: str, note: str, seen: str, token: str):
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/api/claims/{claim_id}/review",
        data=json.dumps({"action": action, "note": note, "seen": seen}).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_twenty_reviewers_on_two_servers_lose_and_double_nothing(team):
    """Each reviewer looks at a claim on one server, then decides on what they saw (``seen``:
    the latest decision shown) through either server. A decision is written only on the state
    its reviewer saw; one made on a state someone changed meanwhile is refused (409
    already-decided) naming the decision made since."""
    url, servers, tokens = team
    claims = [c["claim_id"] for c in servers[0].json("/api/claims")]
    assert len(claims) >= 3
    told: list[tuple[tuple, dict]] = []        # (what was asked, the decision the server made)
    refused: list[tuple[tuple, int, dict]] = []
    lock = threading.Lock()

    def reviewer(number: int, name: str, token: str) -> None:
        chance = random.Random(number)
        for decision in range(DECISIONS_EACH):
            claim_id, action = chance.choice(claims), chance.choice(["accept", "reject"])
            history = servers[decision % 2].json(f"/api/claims/{claim_id}")["history"]
            seen = history[-1]["entry_id"] if history else ""
            asked = (claim_id, action, name, f"{name} #{decision}", seen)
            status, answer = _review(servers[(number + decision) % 2], claim_id, action,
                                     asked[3], seen, token)
            with lock:
                (told.append((asked, answer)) if status == 200
                 else refused.append((asked, status, answer)))

    threads = [threading.Thread(target=reviewer, args=(i, name, token))
               for i, (name, token) in enumerate(sorted(tokens.items()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    # every decision answered: made, or refused as already decided (never another failure)
    assert len(told) + len(refused) == REVIEWERS * DECISIONS_EACH
    assert {(status, answer["error"]["code"]) for _, status, answer in refused} <= {
        (409, "already-decided")}, refused
    assert told, "no decision was made at all"
    # what each reviewer was told is what was made
    assert all((a["claim_id"], a["action"], a["reviewer"], a["note"]) == asked[:4]
               for asked, a in told)
    # the log, read from PostgreSQL afresh: exactly those entries, none lost, none doubled
    with db.connect(url, read_only=True) as con:
        log = con.execute("SELECT entry_id, claim_id, action, reviewer, note, decided_at "
                          "FROM review_log ORDER BY decided_at, entry_id").fetchall()
    assert sorted(row[:5] for row in log) == sorted((a["entry_id"], *asked[:4])
                                                    for asked, a in told)
    # serialised per claim: each decision was made on the one before it, never two on one state
    seen_by = {a["entry_id"]: asked[4] for asked, a in told}
    for claim_id in claims:
        chain = [row[0] for row in log if row[1] == claim_id]
        assert [seen_by[entry] for entry in chain] == ["", *chain[:-1]], claim_id
    # a refusal names a decision that is in the log and was not the one its reviewer saw
    logged = {row[0] for row in log}
    assert all(answer["error"]["entry_id"] in logged and answer["error"]["entry_id"] != asked[4]
               for asked, _, answer in refused)
    # and both servers show each claim's whole history, in the order it was decided
    for claim_id in claims:
        expected = [row[0] for row in log if row[1] == claim_id]
        for server in servers:
            seen = server.until(f"/api/claims/{claim_id}",
                                lambda c: len(c["history"]) == len(expected))
            assert [d["entry_id"] for d in seen["history"]] == expected


def test_serve_with_workers_answers_on_postgresql_and_is_refused_on_a_file(pg_server, pg_bundled,
                                                                          tmp_path):
    url = pg_server.new_database(template=pg_bundled)
    server = Server(url)
    server.process.kill()
    server.process.wait()
    server.process = subprocess.Popen(
        [sys.executable, "-m", "armswatch", "--db", url, "serve", "--port", str(server.port),
         "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + SEEN_WITHIN * 2
        while True:
            try:
                if server.get("/api/info")[0] == 200:
                    break
            except OSError:
                pass
            assert server.process.poll() is None, server.process.stderr.read()
            assert time.monotonic() < deadline, "serve --workers 2 did not answer"
            time.sleep(0.2)
        assert server.json("/api/info")["deals"] == 29_515
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    refused = subprocess.run([sys.executable, "-m", "armswatch", "--db",
                              str(tmp_path / "one.duckdb"), "serve", "--workers", "2"],
                             capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert refused.returncode == 2
    assert "[bad-request]: --workers 2 needs a PostgreSQL database" in refused.stderr
