"""Issue 14's web findings as regression tests, in process: each failed before the fix.

1 the API took the sign-in cookie as a credential; 2 forms took ``Origin: null``; 3 stored
``javascript:`` URLs became live links; 4 the review body's ``reviewer`` overrode the token's name;
9 500s (a huge ``limit``, lone surrogates, upload names ``.``/``..``, the dropped keep-alive
connection); 11 the OpenAPI document without enums, formats, content types or errors, TRACE
without ``Allow``, and ``by=year,supplier`` refused. docs/security.md lists them.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from armswatch.model import Document
from armswatch.review import store
from armswatch.web import create_app
from armswatch.web.auth import create_token
from armswatch.web.headers import CONTENT_SECURITY_POLICY
from armswatch.web.responses import json_response

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REGISTER = (FIXTURES / "classic-latin1.csv").read_bytes()
ORIGIN = "http://testserver"          # TestClient's own origin
EVIL = "http://127.0.0.1:9999"        # another port of the same host: the same site for cookies
# Written for these tests: the register documents the first claim and not the second.
ARTICLE = ("Myanmar received 6 Su-30 fighter aircraft from Russia in 2022, the junta said.\n"
           "Russia delivered 40 T-90 tanks to Myanmar in 2021, according to the ministry.")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    application = create_app(tmp_path_factory.mktemp("security") / "web.duckdb")
    with application.state.web.writer() as con:
        application.state.token = create_token(con, "tester").token
    with TestClient(application):   # start-up and shut-down once for the module
        yield application


def _client(app, signed_in: bool = False) -> TestClient:
    """A new browser: no cookies; signed in means the sign-in cookie only (no bearer header)."""
    client = TestClient(app, raise_server_exceptions=False)
    if signed_in:
        client.cookies.set("aw_token", app.state.token)
    return client


def _bearer(app) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.token}"}


def _csrf(client: TestClient, page: str = "/check") -> str:
    html = client.get(page, headers={"accept": "text/html"}).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _releases(app) -> list:
    return _client(app).get("/api/releases").json()


def _log(app) -> list[tuple]:
    with app.state.web.reader() as con:
        return con.execute("SELECT claim_id, action, reviewer, note FROM review_log "
                           "ORDER BY decided_at").fetchall()


def _stored_claim(app, url: str | None = None, text: str = ARTICLE) -> str:
    """Store the article (through the store, as `check --store` does) and return the id of its
    first undocumented claim (the T-90s: the review queue shows it)."""
    from armswatch.web.checking import checker

    with app.state.web.reader() as con:
        checked = checker(app.state.web, con, None).check_document(
            Document(id="note", text=text, url=url, outlet="Example"))
    with app.state.web.writer() as con:
        store.store_checked(con, [checked])
    return next(c.claim_id for c in checked.claims if c.verdict.verdict == "undocumented")


# ---- finding 1: API writes take a bearer token only; forms need origin and CSRF token ----

def test_the_api_refuses_the_sign_in_cookie_as_a_credential(app):
    before = _releases(app)
    claim = _stored_claim(app)
    cookie_only = _client(app, signed_in=True)
    imported = cookie_only.post("/api/releases", headers={"Origin": EVIL},
                                files={"file": ("small.csv", REGISTER)})
    reviewed = cookie_only.post(f"/api/claims/{claim}/review", json={"action": "accept"})
    stored = cookie_only.post("/api/check", json={"text": ARTICLE + " Again.", "store": True})
    assert [(r.status_code, r.json()["error"]["code"]) for r in (imported, reviewed, stored)] == [
        (401, "token-required")] * 3
    assert _releases(app) == before and _log(app) == []
    with_bearer = _client(app).post("/api/releases", params={"dry_run": True}, headers=_bearer(app),
                                    files={"file": ("small.csv", REGISTER)})
    assert with_bearer.status_code == 201 and with_bearer.json()["valid"] is True


@pytest.mark.parametrize("headers, problem", [
    ({"Origin": EVIL}, {"origin": EVIL}),
    ({"Origin": "null"}, {"origin": "null"}),
    ({"Referer": f"{EVIL}/attack.html"}, {"origin": f"{EVIL}/attack.html"}),
    ({}, {"field": "origin"}),
])
def test_a_form_from_another_origin_changes_nothing(app, headers, problem):
    claim = _stored_claim(app)
    browser = _client(app, signed_in=True)
    token = _csrf(browser)   # even with the right anti-forgery token
    answer = browser.post(f"/review/{claim}", data={"action": "accept", "csrf_token": token},
                          headers=headers, follow_redirects=False)
    error = answer.json()["error"]
    assert (answer.status_code, error["code"]) == (403, "csrf-failed")
    assert {k: v for k, v in error.items() if k not in ("code", "message")} == problem
    assert _log(app) == []


def test_a_form_without_the_anti_forgery_cookie_is_refused(app):
    claim = _stored_claim(app)
    browser = _client(app, signed_in=True)
    token = _csrf(browser)
    browser.cookies.delete("aw_csrf")
    answer = browser.post(f"/review/{claim}", data={"action": "accept", "csrf_token": token},
                          headers={"Origin": ORIGIN}, follow_redirects=False)
    assert (answer.status_code, answer.json()["error"]["field"]) == (403, "csrf_token")
    assert _log(app) == []


def test_a_same_origin_form_with_its_token_writes_under_the_cookies_name(app):
    claim = _stored_claim(app)
    browser = _client(app, signed_in=True)
    token = _csrf(browser)
    answer = browser.post(f"/review/{claim}", data={"action": "reject", "csrf_token": token,
                                                    "note": "no such deal"},
                          headers={"Referer": f"{ORIGIN}/review"}, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/review?state=pending")
    with app.state.web.writer() as con:
        assert con.execute("DELETE FROM review_log RETURNING claim_id, action, reviewer, note"
                           ).fetchall() == [(claim, "reject", "tester", "no such deal")]


def test_sign_in_sets_strict_http_only_cookies_and_sign_out_clears_them(app):
    browser = _client(app)
    token = _csrf(browser, "/login")
    assert browser.cookies.get("aw_csrf") == token
    signed = browser.post("/login", data={"token": app.state.token, "csrf_token": token,
                                          "next": "/country/Myanmar?role=exports"},
                          headers={"Origin": ORIGIN}, follow_redirects=False)
    assert (signed.status_code, signed.headers["location"]) == (303, "/country/Myanmar?role=exports")
    assert signed.headers["set-cookie"] == (f"aw_token={app.state.token}; HttpOnly; Path=/; "
                                            "SameSite=strict")
    forged = browser.post("/logout", data={"csrf_token": "forged"}, headers={"Origin": ORIGIN})
    assert forged.status_code == 403 and browser.cookies.get("aw_token") == app.state.token
    out = browser.post("/logout", data={"csrf_token": token}, headers={"Origin": ORIGIN},
                       follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/")
    assert out.headers["set-cookie"] == ('aw_token=""; expires=' + out.headers["set-cookie"].split(
        "expires=")[1].split(";")[0] + "; HttpOnly; Max-Age=0; Path=/; SameSite=strict")
    assert browser.cookies.get("aw_token") is None


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/",
                                    "/\t/evil.example", "javascript:alert(1)", "evil.example"])
def test_sign_in_goes_back_only_to_a_path_on_this_server(app, target):
    browser = _client(app)
    token = _csrf(browser, "/login")
    signed = browser.post("/login", data={"token": app.state.token, "csrf_token": token,
                                          "next": target},
                          headers={"Origin": ORIGIN}, follow_redirects=False)
    assert (signed.status_code, signed.headers["location"]) == (303, "/")
    form = browser.get("/login", params={"next": target}, headers={"accept": "text/html"}).text
    assert '<input type="hidden" name="next" value="/">' in form


# ---- finding 3: outbound links only to http(s), a CSP without inline script ----

@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "\tjavascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)", "//evil.example/"])
def test_the_api_refuses_an_article_url_that_is_not_http(app, url):
    answer = _client(app).post("/api/check", json={"text": ARTICLE, "url": url, "store": True},
                               headers=_bearer(app))
    assert (answer.status_code, answer.json()["error"]["field"]) == (422, "url")


def test_stored_urls_are_links_only_when_http_and_then_escaped(app):
    _stored_claim(app, url="https://example.org/a?b=1&c=\"2\"", text=ARTICLE + " One.")
    _stored_claim(app, url="JaVaScRiPt:alert(1)", text=ARTICLE + " Two.")
    with app.state.web.reader() as con:
        assert sorted(con.execute("SELECT text[-5:], url FROM documents WHERE text LIKE '% One.' "
                                  "OR text LIKE '% Two.'").fetchall()) == [
            (" One.", "https://example.org/a?b=1&c=\"2\""), (" Two.", None)]
    with app.state.web.writer() as con:  # a row stored before the check: never a live link
        con.execute("UPDATE documents SET url = ' javascript:alert(2)' WHERE text LIKE '% Two.'")
    page = _client(app).get("/review", headers={"accept": "text/html"}).text
    links = re.findall(r'<a href="([^"]*)" rel="([^"]*)"', page)
    assert set(links) == {("https://example.org/a?b=1&amp;c=&#34;2&#34;", "noopener noreferrer")}
    assert "javascript:" not in page.lower() and "<small>Example </small>" in page  # Two: text


def test_every_html_page_forbids_inline_script(app):
    browser = _client(app, signed_in=True)
    for url in ("/", "/country/Myanmar", "/pair/Russia/Myanmar", "/check", "/review", "/docs",
                "/login", "/country/Burmah", "/nothing"):
        page = browser.get(url, headers={"accept": "text/html"})
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert (page.headers["x-frame-options"], page.headers["x-content-type-options"]) == (
            "DENY", "nosniff"), url
        scripts = re.findall(r"<script([^>]*)>", page.text)
        assert all(re.fullmatch(r' src="/static/[\w./-]+"', s) for s in scripts), (url, scripts)
        assert not re.search(r"<[^>]+\son\w+\s*=", page.text), url
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY


# ---- finding 4: the reviewer is the token's name ----

def test_the_review_body_cannot_name_the_reviewer(app):
    claim = _stored_claim(app)
    client = _client(app)
    refused = client.post(f"/api/claims/{claim}/review", headers=_bearer(app),
                          json={"action": "accept", "reviewer": "someone-else"})
    assert (refused.status_code, refused.json()["error"]["field"]) == (422, "reviewer")
    assert _log(app) == []
    accepted = client.post(f"/api/claims/{claim}/review", headers=_bearer(app),
                           json={"action": "accept", "note": "imagery"}).json()
    assert (accepted["reviewer"], accepted["action"], accepted["note"]) == ("tester", "accept", "imagery")
    with app.state.web.writer() as con:
        con.execute("DELETE FROM review_log")


# ---- finding 9: no 500s ----

@pytest.mark.parametrize("url, field", [
    ("/api/deals?limit=99999999999999999999", "limit"),
    ("/api/deliveries?limit=99999999999999999999", "limit"),
    ("/api/deals?release=99999999999999999999", "release"),
    ("/api/flows?from=1000000000000", "from"),
    ("/api/deals?designation=" + "x" * 201, "designation"),
    ("/api/parties/" + "x" * 201, "name"),
    ("/api/flows?by=year,nonsense", "by"),
    ("/api/flows?by=year&by=year", "by"),
    ("/api/factsheet?period=twenty", "period"),
])
def test_an_out_of_bounds_parameter_is_a_422_naming_it(app, url, field):
    answer = _client(app).get(url)
    assert (answer.status_code, answer.json()["error"]["code"], answer.json()["error"]["field"]) == (
        422, "bad-request", field)


def test_open_orders_filtered_by_category(app):
    """Found by the schemathesis run: the open-orders filter read a column of a table not in the
    query (500)."""
    answer = _client(app).get("/api/open-orders?recipient=Myanmar&category=Aircraft")
    assert [(r["supplier"], r["designation"], r["order_year"]) for r in answer.json()] == [
        ("Austria", "DART", 2017), ("China", "K-8", 2009)]


def test_lone_surrogates_are_refused_with_a_message(app):
    client = _client(app)
    line = json.dumps({"id": "s1", "text": "@" + ARTICLE}).replace("@", "\\ud800 ").encode()
    upload = client.post("/api/check/file", files={"file": ("notes.jsonl", line)})
    assert upload.status_code == 200
    assert upload.json() == {"documents": [], "skipped": [{
        "source": "s1", "code": "document-undecodable",
        "message": "its text holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is "
                   "not text; fix the escape and upload again"}]}
    browser = _client(app)
    page = browser.post("/check", data={"csrf_token": _csrf(browser)}, headers={
        "Origin": ORIGIN, "accept": "text/html"}, files={"file": ("notes.jsonl", line)})
    assert page.status_code == 200 and "Skipped s1: document-undecodable" in page.text
    for field in ("title", "url", "text"):
        body = {"text": ARTICLE, "url": "https://example.org/x", "store": True}
        raw = json.dumps(body)[:-1] + f', "{field}": "\\ud800"}}'
        answer = client.post("/api/check", content=raw.encode(), headers={
            **_bearer(app), "content-type": "application/json"})
        assert (answer.status_code, answer.json()["error"]["field"]) == (422, field), field


@pytest.mark.parametrize("name", [".", "..", "../../small.csv", "/", "a/.."])
def test_upload_names_are_sanitised(app, name):
    answer = _client(app).post("/api/releases", params={"dry_run": True}, headers=_bearer(app),
                               files={"file": (name, REGISTER)})
    assert answer.status_code in (201, 422), answer.text
    assert answer.json().get("valid", False) or answer.json()["error"]["code"] == "import-refused"


def test_json_never_holds_nan_or_infinity():
    answer = json_response({"tiv": float("nan"), "rows": [{"share": float("inf")}, 1.5]}, "c")
    assert answer.body == b'{"tiv": null, "rows": [{"share": null}, 1.5]}'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_connection_stays_usable_after_an_error(tmp_path):
    application = create_app(tmp_path / "keepalive.duckdb")

    @application.get("/api/broken", include_in_schema=False)
    def broken():  # stands for any bug: a route that raises
        raise RuntimeError("planted")

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port,
                                           log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        answers = []
        for path in ("/api/broken", "/api/deals?limit=0", "/api/parties/Burma"):
            connection.request("GET", path)
            response = connection.getresponse()
            answers.append((response.status, json.loads(response.read()).get("error", {}).get(
                "code"), response.getheader("connection")))
            if path == "/api/broken":
                first_socket = connection.sock
        assert answers == [(500, "internal-error", None), (422, "bad-request", None),
                           (200, None, None)]
        assert connection.sock is first_socket   # one connection carried all three
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# ---- finding 11: by in both forms, the OpenAPI document, 405 with Allow ----

def test_by_takes_a_comma_list_or_repeated_keys(app):
    client = _client(app)
    comma = client.get("/api/flows?recipient=Myanmar&from=2014&to=2019&by=year,supplier")
    repeated = client.get("/api/flows?recipient=Myanmar&from=2014&to=2019&by=year&by=supplier")
    assert comma.status_code == 200 and comma.json() == repeated.json()
    assert list(comma.json()[0])[:2] == ["year", "supplier"]


def test_unknown_methods_answer_405_with_allow(app):
    client = _client(app)
    for method, path, allow in (("TRACE", "/api/deals", "GET"),
                                ("DELETE", "/api/releases", "GET, POST"),
                                ("PUT", "/review/c0", "POST"), ("TRACE", "/static/style.css", "GET, HEAD")):
        answer = client.request(method, path)
        assert (answer.status_code, answer.json()["error"]["code"]) == (405, "method-not-allowed")
        assert answer.headers["allow"] == allow, (method, path)
