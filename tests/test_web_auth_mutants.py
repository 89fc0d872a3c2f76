"""The forms' protections, each as a request a forger could send (issue 14, finding 12: a
``check_csrf`` that skipped the check when the CSRF cookie was missing passed every test, and four
of five form-security behaviours were untested). In process, through HTTP only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from armswatch.review import users
from armswatch.web import create_app
from armswatch.web.auth import create_token

OWN = "http://testserver"        # TestClient's origin


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    application = create_app(tmp_path_factory.mktemp("auth") / "auth.duckdb")
    with application.state.web.writer() as con:
        token = create_token(con, "reviewer-a").token
        application.state.roles = {role: users.add_user(con, role, role).token
                                   for role in ("viewer", "reviewer", "admin")}
    with TestClient(application, follow_redirects=False) as client:   # one start-up, one shut-down
        yield client, token


@pytest.fixture
def client(served):
    """A new visitor: no cookies."""
    served[0].cookies.clear()
    return served[0]


@pytest.fixture
def token(served):
    return served[1]


def _form_csrf(client) -> str:
    """The anti-forgery value of the login page (and its cookie, now in the client's jar)."""
    page = client.get("/login")
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _login(client, token, csrf, headers=None, next_="/review"):
    return client.post("/login", data={"csrf_token": csrf, "token": token, "next": next_},
                       headers={"Origin": OWN} if headers is None else headers)


def _refusal(response) -> tuple[int, dict, bool]:
    """Status, the whole JSON error and whether a sign-in cookie was set."""
    return (response.status_code, response.json(),
            "aw_token" in response.headers.get("set-cookie", ""))


STALE = (403, {"error": {"code": "csrf-failed", "field": "csrf_token", "message": (
    "The form's anti-forgery token is missing or stale; reload the page and submit again.")}},
    False)


def _cross_site(sent: str) -> tuple[int, dict, bool]:
    return (403, {"error": {"code": "csrf-failed", "origin": sent, "message": (
        f"A form posted from {sent} to this server was refused; submit it from {OWN}.")}}, False)


NO_HEADER = (403, {"error": {"code": "csrf-failed", "field": "origin", "message": (
    "A form posted without Origin or Referer header was refused; submit it from this server's "
    "own page.")}}, False)


def test_signing_in_from_the_own_page_sets_a_strict_httponly_cookie(client, token):
    response = _login(client, token, _form_csrf(client))
    assert (response.status_code, response.headers["location"]) == (303, "/review")
    assert response.headers["set-cookie"] == (
        f"aw_token={token}; HttpOnly; Path=/; SameSite=strict")


def test_a_form_without_its_csrf_cookie_is_refused(client, token):
    csrf = _form_csrf(client)
    client.cookies.clear()        # a forger's page knows no cookie of this site
    assert _refusal(_login(client, token, csrf)) == STALE


def test_a_form_whose_field_differs_from_its_cookie_is_refused(client, token):
    _form_csrf(client)
    assert _refusal(_login(client, token, "forged")) == STALE


def test_a_form_without_its_csrf_field_is_refused(client, token):
    _form_csrf(client)
    assert _refusal(_login(client, token, "")) == STALE


@pytest.mark.parametrize("headers,sent", [
    ({"Origin": "http://evil.example"}, "http://evil.example"),
    ({"Origin": "http://testserver:8001"}, "http://testserver:8001"),   # another port, same host
    ({"Origin": "null"}, "null"),
    ({"Origin": f"{OWN}/"}, f"{OWN}/"),                 # not exactly this origin
    ({"Referer": "http://evil.example/forms/post.html"}, "http://evil.example/forms/post.html"),
], ids=["cross-site", "other-port", "null", "trailing-slash", "cross-site-referer"])
def test_a_form_from_another_origin_is_refused(client, token, headers, sent):
    assert _refusal(_login(client, token, _form_csrf(client), headers)) == _cross_site(sent)


def test_a_form_with_neither_origin_nor_referer_is_refused(client, token):
    assert _refusal(_login(client, token, _form_csrf(client), {})) == NO_HEADER


def test_a_form_with_only_the_own_referer_is_accepted(client, token):
    response = _login(client, token, _form_csrf(client), {"Referer": f"{OWN}/login?next=/"})
    assert response.status_code == 303


@pytest.mark.parametrize("target,expected", [
    ("/review?state=pending", "/review?state=pending"),
    ("//evil.example/", "/"),
    ("/\\evil.example/", "/"),
    ("https://evil.example/", "/"),
    ("/\t/evil.example/", "/"),
    ("javascript:alert(1)", "/"),
    ("review", "/"),                                     # not a path from the root
    ("/review\x01", "/"), ("/review\x7f", "/"),          # control characters
    ("/review?note=a b", "/review?note=a%20b"),          # a space is not one
])
def test_after_signing_in_the_next_page_is_only_ever_on_this_server(client, token, target,
                                                                     expected):
    response = _login(client, token, _form_csrf(client), next_=target)
    assert (response.status_code, response.headers["location"]) == (303, expected)


def test_signing_out_clears_the_sign_in_cookie(client, token):
    csrf = _form_csrf(client)
    _login(client, token, csrf)
    response = client.post("/logout", data={"csrf_token": csrf}, headers={"Origin": OWN})
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert response.headers["set-cookie"] == (
        'aw_token=""; expires=' + response.headers["set-cookie"].split("expires=")[1].split(";")[0]
        + "; HttpOnly; Max-Age=0; Path=/; SameSite=strict")
    assert "aw_token" not in client.cookies


def test_signing_out_needs_the_csrf_token_too(client, token):
    csrf = _form_csrf(client)
    _login(client, token, csrf)
    response = client.post("/logout", data={"csrf_token": "forged"}, headers={"Origin": OWN})
    assert (response.status_code, client.cookies.get("aw_token")) == (403, token)


def test_the_api_does_not_take_the_sign_in_cookie_as_a_credential(client, token):
    client.cookies.set("aw_token", token)
    response = client.post("/api/claims/c0/review", json={"action": "accept"},
                           headers={"Origin": OWN})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token-required")


@pytest.mark.parametrize("authorization,expected", [
    ("Bearer {token}", (404, "unknown-claim")),         # the token is taken; the claim is unknown
    ("bearer {token}", (404, "unknown-claim")),         # the scheme's case does not matter
    ("Bearer  {token}", (404, "unknown-claim")),        # nor spaces around the token
    ("Bearer ", (401, "token-required")),
    ("Basic {token}", (401, "token-required")),         # only the bearer scheme carries a token
    ("Bearer aw_not-a-token", (401, "token-invalid")),
], ids=["bearer", "lower-case", "two-spaces", "empty", "basic", "unknown"])
def test_the_api_takes_a_bearer_token_only(client, token, authorization, expected):
    response = client.post("/api/claims/c0/review", json={"action": "accept"},
                           headers={"Authorization": authorization.format(token=token)})
    assert (response.status_code, response.json()["error"]["code"]) == expected


# ===== roles and revocation (issue 19): each a way a write could slip past its role =====
CHINA = Path(__file__).parent / "fixtures" / "china-2026.csv"


def _role_token(client, role: str) -> str:
    return client.app.state.roles[role]


def _forbidden(user: str, role: str, needed: str, doing: str) -> tuple[int, dict]:
    return 403, {"error": {"code": "role-forbidden", "user": user, "role": role, "needed": needed,
                           "message": f"{user!r} is a {role}; {doing} needs the {needed} role. An "
                                      f"admin can give it with `armswatch user role {user} "
                                      f"{needed}`."}}


def _answer(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def test_a_signed_in_viewer_reads_but_every_form_write_is_refused(client):
    csrf = _form_csrf(client)
    assert _login(client, _role_token(client, "viewer"), csrf).status_code == 303
    assert client.get("/review").status_code == 200
    review = client.post("/review/c0", data={"csrf_token": csrf, "action": "accept"},
                         headers={"Origin": OWN})
    assert _answer(review) == _forbidden("viewer", "viewer", "reviewer", "reviewing claims")
    stored = client.post("/check/store", data={"csrf_token": csrf, "text": "Some text."},
                         headers={"Origin": OWN})
    assert _answer(stored) == _forbidden("viewer", "viewer", "reviewer",
                                         "storing checked articles")


def test_a_reviewer_cannot_import_and_an_admin_cookie_lends_the_api_no_role(client):
    client.cookies.set("aw_token", _role_token(client, "admin"))   # the API never reads it
    response = client.post("/api/releases", params={"dry_run": True},
                           headers={"Authorization": f"Bearer {_role_token(client, 'reviewer')}"},
                           files={"file": ("china-2026.csv", CHINA.read_bytes())})
    assert _answer(response) == _forbidden("reviewer", "reviewer", "admin", "importing a release")


def test_a_known_token_id_with_a_forged_secret_is_refused(client):
    real = _role_token(client, "admin")
    forged = real[:16] + ("A" if real[16] != "A" else "B") + real[17:]
    response = client.post("/api/claims/c0/review", json={"action": "accept"},
                           headers={"Authorization": f"Bearer {forged}"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token-invalid")


def test_a_revoked_token_stops_at_the_next_request_even_from_a_sign_in_cookie(client):
    with client.app.state.web.writer() as con:
        made = users.add_user(con, "leaver", "reviewer")
    csrf = _form_csrf(client)
    assert _login(client, made.token, csrf).status_code == 303
    bearer = {"Authorization": f"Bearer {made.token}"}
    assert client.post("/api/claims/c0/review", json={"action": "accept"},
                       headers=bearer).status_code == 404          # taken: the claim is unknown
    with client.app.state.web.writer() as con:
        users.revoke_user(con, "leaver")
    form = client.post("/review/c0", data={"csrf_token": csrf, "action": "accept"},
                       headers={"Origin": OWN})
    api = client.post("/api/claims/c0/review", json={"action": "accept"}, headers=bearer)
    login = _login(client, made.token, csrf)
    assert [(r.status_code, r.json()["error"]["code"]) for r in (form, api, login)] == [
        (401, "token-invalid")] * 3


def test_each_visitor_sees_their_own_name_on_a_page_cached_for_all(client):
    """Pages are rendered once per database copy; who is signed in is filled in per answer."""
    seen = []
    for role in ("viewer", "admin"):
        client.cookies.clear()
        assert _login(client, _role_token(client, role), _form_csrf(client)).status_code == 303
        page = client.get("/?period=2021-2025")
        seen.append(re.search(r'<span class="who" id="signed-in-as">([^<]*)</span>', page.text)[1])
    assert seen == ["viewer (viewer)", "admin (admin)"]
    client.cookies.set("aw_token", "aw_0123456789ab_" + "x" * 43)     # revoked since, or forged
    assert 'id="signed-in-as">Token no longer valid: sign in again</span>' in client.get("/").text
