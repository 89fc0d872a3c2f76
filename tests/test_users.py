"""Named users, roles and tokens (issue 19): the CLI's `user` commands; a token printed once and
never stored; wrong and revoked tokens refused; and the role matrix, every write route of the web
app and the API tried by every kind of caller against a real `armswatch serve` process, with what
each write recorded (who stored, who decided, who imported). A revoke by the CLI reaches the
running server (polled for, within the sharing window: docs/architecture.md). On both backends:
a DuckDB file and a database on a real PostgreSQL server (issue 19: users and tokens live in the
team's database)."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import empty

from armswatch import db
from armswatch.errors import InvalidToken, TokenRequired, UnknownUser, UsageError, UserExists
from armswatch.review import users
from test_shared_database import SEEN_WITHIN, armswatch, serving

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = re.compile(r"^aw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")
# Written for these tests: a delivery the register does not record (undocumented: the review
# queue lists it).
ARTICLE = "Russia delivered six Su-30 fighter aircraft to Ireland in 2022, the air force said. {}\n"


# ===== the core and the CLI =====

@pytest.fixture
def con(store_db):
    """A new database on either backend (conftest.store_db)."""
    return store_db


def test_a_token_is_printed_once_and_only_its_hash_is_kept(backend):
    path = backend.database(empty)     # users need no register: copies load in milliseconds
    made = armswatch("user", "add", "ana.lopez", "--role", "reviewer", db=path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert TOKEN.match(token) and made.stdout == token + "\n"
    token_id = token[3:15]
    assert made.stderr == (f"Token {token_id} for ana.lopez (reviewer); it is shown only this once "
                           "and only its hash is kept. Sign in with it at /login, or send it as "
                           "`Authorization: Bearer TOKEN`.\n")
    con = backend.stored(path)           # the tables as stored (on PostgreSQL, PostgreSQL's own)
    stored = con.execute("SELECT token_sha256, name, token_id, last_used_at, revoked_at "
                         "FROM tokens").fetchall()
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(), "ana.lopez", token_id, None,
                       None)]
    secret = token[16:]
    for table in ("tokens", "users"):   # the token, or its secret part, is in no column
        for row in con.execute(f"SELECT * FROM {table}").fetchall():
            assert not any(secret in str(value) for value in row)
    con.close()
    listed = armswatch("user", "list", "--format", "json", db=path)
    assert token not in listed.stdout and secret not in listed.stdout


def test_user_list_role_and_revoke(backend):
    path = backend.database(empty)
    for name, role in (("ana", "reviewer"), ("ben", "viewer"), ("chief", "admin")):
        assert armswatch("user", "add", name, "--role", role, db=path).returncode == 0
    second = armswatch("token", "create", "--name", "ana", db=path).stdout.strip()
    assert TOKEN.match(second)
    assert armswatch("user", "role", "ben", "reviewer", db=path).stderr == "ben is now a reviewer.\n"
    revoked = armswatch("user", "revoke", "chief", db=path)
    assert revoked.stderr == "chief and every token of theirs revoked.\n"
    one = armswatch("user", "revoke", "--token", second[3:15], db=path)
    assert one.stderr == f"Token {second[3:15]} of ana revoked.\n"
    listed = json.loads(armswatch("user", "list", "--format", "json", db=path).stdout)
    assert [(u["name"], u["role"], u["revoked_at"] is not None) for u in listed] == [
        ("ana", "reviewer", False), ("ben", "reviewer", False), ("chief", "admin", True)]
    tokens = json.loads(armswatch("user", "list", "--tokens", "--format", "json", db=path).stdout)
    assert [(t["name"], t["token_id"] == second[3:15], t["revoked_at"] is not None)
            for t in tokens] == [("ana", False, False), ("ana", True, True),
                                 ("ben", False, False), ("chief", False, True)]
    assert set(tokens[0]) == {"name", "role", "token_id", "created_at", "last_used_at",
                              "revoked_at"}


@pytest.mark.parametrize("args,code,exit_code", [
    (("user", "add", "ana", "--role", "boss"), "bad-request", 2),
    (("user", "add", "two words", "--role", "viewer"), "bad-request", 2),
    (("user", "role", "nobody", "admin"), "unknown-user", 2),
    (("user", "revoke", "--token", "000000000000"), "unknown-token", 2),
    (("user", "revoke"), "bad-request", 2),
], ids=["unknown-role", "bad-name", "unknown-user", "unknown-token", "neither"])
def test_user_commands_refuse_bad_input_with_a_coded_error(backend, args, code, exit_code):
    result = armswatch(*args, db=backend.database(empty))
    assert result.returncode == exit_code
    assert result.stderr.startswith(f"Error [{code}]: ") and "Traceback" not in result.stderr


def test_wrong_and_revoked_tokens_are_refused(con):
    ana = users.add_user(con, "ana", "reviewer")
    assert users.authenticate(con, ana.token) == users.User("ana", "reviewer", ana.token_id)
    for wrong in (ana.token[:-1] + ("A" if ana.token[-1] != "A" else "B"),   # its id, not its secret
                  "aw_" + "0" * 12 + ana.token[15:],                          # its secret, no id
                  ana.token.upper(), "aw_nothing", ana.token + "x"):
        with pytest.raises(InvalidToken):
            users.authenticate(con, wrong)
    for missing in (None, ""):
        with pytest.raises(TokenRequired):
            users.authenticate(con, missing)
    second = users.create_token(con, "ana")
    users.revoke_token(con, ana.token_id)
    with pytest.raises(InvalidToken):
        users.authenticate(con, ana.token)
    assert users.authenticate(con, second.token).name == "ana"      # her other token still works
    users.revoke_user(con, "ana")
    with pytest.raises(InvalidToken):
        users.authenticate(con, second.token)
    users.set_role(con, "ana", "reviewer")       # restored, but her old tokens stay revoked
    with pytest.raises(InvalidToken):
        users.authenticate(con, second.token)
    assert users.authenticate(con, users.create_token(con, "ana").token).role == "reviewer"


def test_users_are_unique_and_roles_closed(con):
    users.add_user(con, "ana", "viewer")
    with pytest.raises(UserExists):
        users.add_user(con, "ana", "admin")
    with pytest.raises(UsageError) as bad:
        users.set_role(con, "ana", "owner")
    assert bad.value.details["choices"] == ["viewer", "reviewer", "admin"]
    with pytest.raises(UnknownUser) as unknown:
        users.revoke_user(con, "anna")
    assert unknown.value.details["suggestions"] == ["ana"]
    assert con.execute("SELECT count(*) FROM users").fetchone() == (1,)   # nothing half-written


# ===== the role matrix against a real server =====

class Client:
    """Requests to a running server without following redirects; forms as a browser on this
    server's own page sends them (Origin, the anti-forgery cookie and field, the sign-in cookie)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"

    def send(self, method: str, route: str, body: bytes = b"",
             headers: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, route, body=body, headers=headers or {})
            answer = connection.getresponse()
            return answer.status, answer.read().decode("utf-8")
        finally:
            connection.close()

    def api(self, route: str, payload: dict, token: str | None) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.send("POST", route, json.dumps(payload).encode(), headers)

    def upload(self, route: str, path: Path, token: str | None) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                f"{path.name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() + path.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.send("POST", route, body, headers)

    def form(self, route: str, fields: dict[str, str], token: str | None) -> tuple[int, str]:
        cookies = "aw_csrf=anti-forgery" + (f"; aw_token={token}" if token is not None else "")
        body = urlencode({**fields, "csrf_token": "anti-forgery"}).encode()
        return self.send("POST", route, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
            "Cookie": cookies})


def _outcome(answer: tuple[int, str]) -> tuple[int, str]:
    """The status and the error code (``ok`` for a success, ``login-form`` for the sign-in page)."""
    status, text = answer
    if status >= 400:
        return status, json.loads(text)["error"]["code"]
    return status, "login-form" if 'action="/login"' in text else "ok"


CALLERS = ("anonymous", "unknown-token", "viewer", "revoked-user", "revoked-token", "reviewer",
           "admin")
WRITES = ("api-import", "api-review", "api-check-store", "page-review", "page-check-store",
          "page-login-store")
REFUSED = {"anonymous": (401, "token-required"), "unknown-token": (401, "token-invalid"),
           "viewer": (403, "role-forbidden"), "revoked-user": (401, "token-invalid"),
           "revoked-token": (401, "token-invalid")}
ALLOWED = {"api-import": (201, "ok"), "api-review": (200, "ok"), "api-check-store": (200, "ok"),
           "page-review": (303, "ok"), "page-check-store": (303, "ok"),
           "page-login-store": (303, "ok")}


def _expected(caller: str, write: str) -> tuple[int, str]:
    if caller == "anonymous" and write == "page-check-store":
        return 200, "login-form"            # signed out, storing asks for the token first
    if caller == "anonymous" and write == "page-login-store":
        return 422, "bad-request"           # the sign-in form without a token
    if caller in REFUSED:
        return REFUSED[caller]
    if caller == "reviewer" and write == "api-import":
        return 403, "role-forbidden"
    return ALLOWED[write]


@pytest.fixture(scope="module")
def team(backend):
    """A served database with a user of each kind (and a revoked user and a revoked token), and
    one stored claim to review."""
    path = backend.database()
    con = db.connect(path)
    tokens = {"unknown-token": "aw_0123456789ab_" + "x" * 43}
    for caller, role in (("viewer", "viewer"), ("reviewer", "reviewer"), ("admin", "admin"),
                         ("revoked-user", "reviewer"), ("revoked-token", "admin")):
        tokens[caller] = users.add_user(con, caller, role).token
    users.revoke_user(con, "revoked-user")
    users.revoke_token(con, tokens["revoked-token"][3:15])
    con.close()
    with serving(path) as server:
        client = Client(server.port)
        stored = client.api("/api/check", {"text": ARTICLE.format("setup"), "store": True},
                            tokens["admin"])
        assert stored[0] == 200, stored
        claim_id = json.loads(server.get("/api/claims")[1])[0]["claim_id"]
        yield server, client, tokens, claim_id, path


def _write(client: Client, write: str, caller: str, token: str | None, claim_id: str):
    text = ARTICLE.format(f"{caller} {write}")
    if write == "api-import":
        return client.upload("/api/releases?dry_run=true", FIXTURES / "china-2026.csv", token)
    if write == "api-review":
        return client.api(f"/api/claims/{claim_id}/review",
                          {"action": "accept", "note": f"{caller} {write}"}, token)
    if write == "api-check-store":
        return client.api("/api/check", {"text": text, "store": True}, token)
    if write == "page-review":
        return client.form(f"/review/{claim_id}", {"action": "accept", "note": f"{caller} {write}"},
                           token)
    if write == "page-check-store":
        return client.form("/check/store", {"text": text}, token)
    return client.form("/login", {"token": token or "", "next": "/review", "text": text}, None)


def test_every_write_route_refuses_every_caller_its_role_does_not_allow(team):
    server, client, tokens, claim_id, _path = team
    seen = {(caller, write): _outcome(_write(client, write, caller, tokens.get(caller), claim_id))
            for caller in CALLERS for write in WRITES}
    assert seen == {(caller, write): _expected(caller, write)
                    for caller in CALLERS for write in WRITES}
    # what was written, and by whom: the allowed writes only, each under its caller's name
    con = db.connect(team[4], read_only=True)
    stored = sorted((text.split("said. ")[1].strip(), who) for text, who in
                    con.execute("SELECT text, stored_by FROM documents").fetchall())
    decided = sorted(con.execute("SELECT note, reviewer FROM review_log").fetchall())
    last_used = dict(con.execute("SELECT name, last_used_at IS NOT NULL FROM tokens").fetchall())
    con.close()
    assert stored == sorted([("setup", "admin")] + [
        (f"{caller} {write}", caller) for caller in ("reviewer", "admin")
        for write in ("api-check-store", "page-check-store", "page-login-store")])
    assert decided == sorted((f"{caller} {write}", caller) for caller in ("reviewer", "admin")
                             for write in ("api-review", "page-review"))
    assert last_used == {"viewer": False, "reviewer": True, "admin": True, "revoked-user": False,
                         "revoked-token": False}


def test_the_review_page_and_the_evidence_show_who_decided(team):
    server, client, tokens, claim_id, _path = team
    assert client.api(f"/api/claims/{claim_id}/review", {"action": "accept", "note": "checked"},
                      tokens["reviewer"])[0] == 200
    page = server.get("/review?state=accepted")[1]
    assert re.search(r"Accepted by <strong>reviewer</strong> on \d{4}-\d\d-\d\d \d\d:\d\d UTC: "
                     r"checked", page), page
    history = json.loads(server.get(f"/api/claims/{claim_id}")[1])["history"]
    assert history[-1]["reviewer"] == "reviewer" and history[-1]["note"] == "checked"
    evidence = json.loads(server.get("/api/evidence")[1])
    assert [e["reviewer"] for e in evidence if e["claim_id"] == claim_id] == ["reviewer"]


def test_an_import_by_an_admin_records_who(team):
    server, client, tokens, _claim, path = team
    assert client.upload("/api/releases", FIXTURES / "china-2026.csv", tokens["admin"])[0] == 201
    con = db.connect(path, read_only=True)
    assert con.execute("SELECT imported_by FROM releases WHERE file_name = 'china-2026.csv'"
                       ).fetchall() == [("admin",)]
    con.close()


def test_a_user_added_or_revoked_by_the_cli_reaches_the_running_server(team):
    server, client, _tokens, claim_id, path = team
    made = armswatch("user", "add", "late-joiner", "--role", "reviewer", db=path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    review = {"action": "reject", "note": "late"}
    deadline = time.monotonic() + SEEN_WITHIN
    while _outcome(client.api(f"/api/claims/{claim_id}/review", review, token))[0] == 401:
        assert time.monotonic() < deadline, "the server never took the new user's token"
        time.sleep(0.1)
    assert armswatch("user", "revoke", "late-joiner", db=path).returncode == 0
    deadline = time.monotonic() + SEEN_WITHIN
    while (outcome := _outcome(client.api(f"/api/claims/{claim_id}/review", review, token)))[0] == 200:
        assert time.monotonic() < deadline, "the server kept taking a revoked token"
        time.sleep(0.1)
    assert outcome == (401, "token-invalid")
    # given a role again she is restored, but her revoked token stays out: a new one works
    assert armswatch("user", "role", "late-joiner", "admin", db=path).returncode == 0
    fresh = armswatch("token", "create", "--name", "late-joiner", db=path).stdout.strip()
    deadline = time.monotonic() + SEEN_WITHIN
    while _outcome(client.api(f"/api/claims/{claim_id}/review", review, fresh))[0] == 401:
        assert time.monotonic() < deadline, "the server never took the new token"
        time.sleep(0.1)
    assert _outcome(client.api(f"/api/claims/{claim_id}/review", review, token)) == (
        401, "token-invalid")
