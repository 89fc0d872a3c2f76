"""Issue 14's browser attacks, replayed in a real headless Chromium against a real server.

- Cross-port forgery (finding 1): a page served from another port of 127.0.0.1 (the same *site*
  for cookies, so the SameSite=Strict sign-in cookie is sent) posts a register to /api/releases,
  a review to the API and a review form, with the visitor signed in. Nothing may change.
- A stored ``javascript:`` URL (finding 3), as rows written before the store-time check may hold:
  on /review it is no link, and clicking where it shows runs nothing.
- Every page loads under the Content-Security-Policy with no violation, and charts still draw.

Chromium is Debian's /usr/bin/chromium driven by Playwright (tests/test_web_e2e.py says more);
without it these tests are skipped, with CI=true they fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
import urllib.request
from pathlib import Path

import pytest

from test_web_e2e import CHROMIUM, FLAGS, serving  # noqa: F401  (skips this module without Chromium)

from armswatch import db
from armswatch.model import Document
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view
from armswatch.review import store
from armswatch.web.auth import create_token

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Written for this test: the register documents the first claim and not the second.
ARTICLE = ("Myanmar received 6 Su-30 fighter aircraft from Russia in 2022, the junta said.\n"
           "Russia delivered 40 T-90 tanks to Myanmar in 2021, according to the ministry.")
PAYLOAD = "javascript:document.title='pwned'"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A served database holding one stored article whose URL is a legacy ``javascript:`` row."""
    path = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    con = db.connect(path)
    token = create_token(con, "e2e").token
    checked = Checker(release_view(con)).check_document(Document("legacy", ARTICLE, url="https://example.org/a",
                                                   outlet="Legacy outlet"))
    store.store_checked(con, [checked])
    con.execute("UPDATE documents SET url = ?", [f" {PAYLOAD}"])  # written before the check
    con.close()
    with serving(path) as url:
        yield url, token, next(c.claim_id for c in checked.claims
                               if c.verdict.verdict == "undocumented")


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=FLAGS)
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        tab.csp_violations = []
        tab.on("console", lambda m: "Content Security Policy" in m.text
               and tab.csp_violations.append(m.text))
        url, token, _ = server
        tab.goto(f"{url}/login?next=/review")
        tab.fill("#token", token)
        tab.click("button[type=submit] >> text=Sign in")
        tab.wait_for_url(f"{url}/review")
        yield tab
        context.close()


@pytest.fixture
def attacker(tmp_path, server):
    """Another port of 127.0.0.1 serving the forger's page."""
    url, _, claim = server
    register = (FIXTURES / "classic-latin1.csv").read_bytes().decode("latin-1")
    (tmp_path / "attack.html").write_text(f"""<!doctype html><html><body>
<form id="forged" method="post" action="{url}/review/{claim}">
<input name="action" value="accept"><input name="csrf_token" value="guessed"></form>
<script>
const register = new FormData();
register.append("file", new Blob([{json.dumps(register)}], {{type: "text/csv"}}), "small.csv");
Promise.allSettled([
  fetch("{url}/api/releases", {{method: "POST", mode: "no-cors", credentials: "include", body: register}}),
  fetch("{url}/api/claims/{claim}/review", {{method: "POST", mode: "no-cors", credentials: "include",
        headers: {{"content-type": "text/plain"}}, body: JSON.stringify({{action: "accept"}})}}),
]).then(() => {{ document.title = "sent"; document.getElementById("forged").submit(); }});
</script></body></html>""", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/attack.html"
    httpd.shutdown()


def test_a_page_on_another_port_changes_nothing(server, page, attacker):
    url, _, claim = server
    releases = _get(f"{url}/api/releases")
    page.goto(attacker)
    page.wait_for_url(f"{url}/review/{claim}")   # the forged form was posted and answered
    assert "csrf-failed" in page.content() or "refused" in page.inner_text("main")
    assert _get(f"{url}/api/releases") == releases
    shown = _get(f"{url}/api/claims/{claim}")
    assert (shown["state"], shown["history"]) == ("pending", [])


def test_a_javascript_url_is_no_link_and_clicking_it_runs_nothing(server, page):
    url, _, claim = server
    page.goto(f"{url}/review")
    item = page.locator(f"article[id='{claim}']")
    assert item.locator("a[href*='javascript' i]").count() == 0
    item.get_by_text("Legacy outlet").click()
    page.wait_for_load_state()
    assert page.title() != "pwned" and page.url == f"{url}/review"


def test_pages_run_under_the_csp_and_charts_still_draw(server, page):
    url, _, _ = server
    page.csp_violations.clear()
    for path, chart in (("/", "#chart-world"), ("/country/Myanmar", "#chart-imports"),
                        ("/pair/Russia/Myanmar", "#chart-pair")):
        answer = page.goto(f"{url}{path}")
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        page.wait_for_selector(f"{chart}.drawn .main-svg")
    page.goto(f"{url}/review")
    page.select_option("select[name=state]", "rejected")   # the select submits itself (no onchange=)
    page.wait_for_url(f"{url}/review?state=rejected")
    assert page.csp_violations == []
