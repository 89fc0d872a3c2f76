"""`armswatch update` against a local server answering as SIPRI's backend does (issue 20).

The answers are recorded or synthesised in the shape public code observed (register/update.py):
``{"bytes": base64 of the API export}``; the success answer holds tests/fixtures/api-2000-2001.csv,
a slice of a real answer recorded on 10 Feb 2025. Each failure leaves the database as it was.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armswatch import db
from armswatch.errors import SipriAnswerMalformed, SipriUnavailable
from armswatch.register.update import Fetch, decode_answer, update
from conftest import FIXTURES

RECORDED = (FIXTURES / "api-2000-2001.csv").read_bytes()


def _answer(csv: bytes) -> bytes:
    return json.dumps({"bytes": base64.b64encode(csv).decode()}).encode()


class Backend(BaseHTTPRequestHandler):
    """Answers each POST with the next of ``server.script``: (status, content type, body, delay)."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("content-length", 0))
        self.server.requests.append((json.loads(self.rfile.read(length)), dict(self.headers)))
        status, kind, body, delay = self.server.script.pop(0) if len(self.server.script) > 1 \
            else self.server.script[0]
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    server.daemon_threads = True
    server.requests, server.script = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/api/p/trades/trade-register-csv/"


@pytest.fixture
def bundled(tmp_path):
    path = tmp_path / "armswatch.duckdb"
    con = db.connect(path)
    yield con, path
    con.close()


def _releases(con) -> list[tuple]:
    return con.execute("SELECT release_id, file_name FROM releases ORDER BY 1").fetchall()


def _fetch(server, **options) -> Fetch:
    return Fetch(_url(server), **{"timeout": 5.0, "retries": 0, "backoff": 0.0, **options})


def test_success_imports_a_new_release_and_asks_as_sipris_web_application_does(backend, bundled):
    con, _path = bundled
    backend.script = [(200, "application/json", _answer(RECORDED), 0)]
    seen = []
    result = update(con, _fetch(backend, last_year=2026), lambda *step: seen.append(step))
    assert result.release is not None and result.release.source_format == "api"
    assert result.release.release_id == 3 and result.previous.release_id == 2
    assert (result.report.deals, result.report.deliveries) == (
        con.execute("SELECT count(*) FROM deals WHERE release_id = 3").fetchone()[0],
        con.execute("SELECT count(*) FROM deliveries WHERE release_id = 3").fetchone()[0])
    query, headers = backend.requests[0]
    assert query == {"filters": [
        {"field": "Delivery year", "condition": "contains", "value1": 1950, "value2": 2026, "listData": []},
        {"field": "Order year", "condition": "contains", "value1": 0, "value2": 2026, "listData": []},
        {"field": "opendeals", "condition": "", "value1": "", "value2": "", "listData": []},
        {"field": "exportOption", "condition": "", "value1": "", "value2": "", "listData": []}],
        "logic": "AND"}
    assert headers["Origin"] == "https://armstransfers.sipri.org"
    assert [s[0] for s in seen][:1] == ["asking SIPRI (attempt 1)"] and seen[-1][0] == "importing"
    again = update(con, _fetch(backend))
    assert again.release is None and again.report.stats["already_imported_as_release"] == 3


def test_a_5xx_answer_is_tried_again(backend, bundled):
    con, _path = bundled
    backend.script = [(503, "text/html", b"<html>busy</html>", 0),
                      (200, "application/json", _answer(RECORDED), 0)]
    result = update(con, _fetch(backend, retries=1))
    assert result.release is not None and len(backend.requests) == 2


def test_a_refusal_is_not_retried_and_imports_nothing(backend, bundled):
    con, _path = bundled
    before = _releases(con)
    backend.script = [(403, "text/html", b"<html>Forbidden</html>", 0)]
    with pytest.raises(SipriUnavailable, match=r"refused the request \(HTTP 403\); nothing was imported"):
        update(con, _fetch(backend, retries=2))
    assert len(backend.requests) == 1 and _releases(con) == before


def test_a_silent_backend_times_out_after_the_retries(backend, bundled):
    con, _path = bundled
    before = _releases(con)
    backend.script = [(200, "application/json", _answer(RECORDED), 2.0)]
    with pytest.raises(SipriUnavailable, match=r"did not answer within 0.3 s\. Tried 2 times; "
                                               "nothing was imported"):
        update(con, _fetch(backend, timeout=0.3, retries=1))
    assert len(backend.requests) == 2 and _releases(con) == before


def test_offline(bundled):
    con, _path = bundled
    before = _releases(con)
    with pytest.raises(SipriUnavailable, match="Cannot reach SIPRI's backend .*are you offline"):
        update(con, Fetch("http://127.0.0.1:9/api/p/trades/trade-register-csv/", timeout=2.0,
                          retries=0, backoff=0.0))
    assert _releases(con) == before


@pytest.mark.parametrize(("body", "message"), [
    (b"<!doctype html><title>Maintenance</title>", "is not JSON"),
    (json.dumps({"result": "Country,1950"}).encode(), r"has no 'bytes' field holding the CSV \(it has \['result'\]\)"),
    (json.dumps({"bytes": "not base64!"}).encode(), "is not base64 of UTF-8 text"),
    (_answer(b"Country,2020,2021\nChina,1,2\n"), "holds no trade register"),
    (_answer(RECORDED.replace(b",0.9,0.9,8.1,No", b",0.9,0.9,lots,No")),
     "not a trade register armswatch can import .*tiv-not-numeric"),
], ids=["html", "no-bytes", "not-base64", "not-a-register", "bad-register"])
def test_a_malformed_answer_imports_nothing(backend, bundled, body, message):
    con, _path = bundled
    before = _releases(con)
    backend.script = [(200, "application/json", body, 0)]
    with pytest.raises(SipriAnswerMalformed, match=message):
        update(con, _fetch(backend))
    assert _releases(con) == before


def test_decode_reads_the_recorded_shape():
    assert decode_answer(_answer(RECORDED)) == RECORDED.decode("utf-8")


def _cli(path: Path, *args: str):
    from armswatch.cli.main import _register_commands, app

    _register_commands()
    return CliRunner().invoke(app, ["--db", str(path), *args])


def test_cli_reports_the_new_release_and_what_changed(backend, tmp_path):
    path = tmp_path / "cli.duckdb"
    db.connect(path).close()
    backend.script = [(200, "application/json", _answer(RECORDED), 0)]
    result = _cli(path, "update", "--url", _url(backend), "--retries", "0")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert text.startswith("Imported release 3: sipri-trade-register-")
    assert "13 deals, 18 delivery rows" in text
    assert "Against release 2: " in text and "(armswatch diff 2 3)." in text
    assert "Source: SIPRI Arms Transfers Database (c) SIPRI" in text


def test_cli_refusal_is_a_coded_error(backend, tmp_path):
    path = tmp_path / "cli.duckdb"
    db.connect(path).close()
    backend.script = [(500, "text/plain", b"oops", 0)]
    result = _cli(path, "update", "--url", _url(backend), "--retries", "0")
    assert result.exit_code != 0
    assert isinstance(result.exception, SipriUnavailable)  # run() prints it as a coded error
