"""`armswatch update` (issue 20): fetch SIPRI's current trade register from SIPRI's public web
application, import it as a new release, and say what changed.

SIPRI's web application (https://armstransfers.sipri.org/) posts the query's filters as JSON to its
backend, which answers after ~30 s with ``{"bytes": "<the CSV, base64>"}``: the current API export,
one row per deal per delivery year (docs/formats.md). The request and answer shapes are those of
public code that calls the backend (docs/data.md): datapumpernickel/Rat.db, R/atdb_request.R (the
filters: "Delivery year" and "Order year" ranges, "opendeals", "exportOption", logic AND) and
R/atdb_process.R with its recorded answer of 10 Feb 2025 (tests/testthat/test_data/...), which is
also the source of tests/fixtures/api-2000-2001.csv.

The answer is checked, written to a temporary file and imported with ``import_file``: one
transaction, so a refused, slow, broken or malformed answer leaves the database as it was. SIPRI's
per-year deliveries file and the Milex workbook have no backend call known from public code; they
are imported from files (docs/data.md). It lives in register/: it reads which register the database
reads and adds a release through store.load (the layers: docs/architecture.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import httpx

from armswatch.errors import SipriAnswerMalformed, SipriUnavailable
from armswatch.register.releases import REGISTER_FORMATS, Release, current_release, list_releases
from armswatch.report import Report
from armswatch.store.load import import_file

BACKEND = "https://atbackend.sipri.org/api/p/trades/trade-register-csv/"
ORIGIN = "https://armstransfers.sipri.org"
FIRST_YEAR = 1950      # SIPRI's register starts in 1950
TIMEOUT = 120.0        # seconds to wait for an answer: SIPRI's backend takes ~30 s per query
RETRIES = 3            # attempts after a timeout, a dropped connection or a 5xx answer
BACKOFF = 5.0          # seconds before the second attempt, doubled for each further one
API_HEADER = "SIPRI AT Database ID"  # the first column of the API export (sources/api.py)

Progress = Callable[[str, int, int | None], None]  # what is happening, bytes so far, bytes in all


@dataclass(frozen=True)
class Fetch:
    """Where and how to ask (the defaults are SIPRI's; tests and mirrors pass their own)."""

    url: str = BACKEND
    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    last_year: int = date.today().year


@dataclass(frozen=True)
class UpdateResult:
    report: Report                  # the import's report (already imported: says which release)
    release: Release | None         # the new release; None when SIPRI's data had not changed
    previous: Release | None        # the register the database read before
    received_bytes: int
    seconds: float


def register_query(first_year: int, last_year: int) -> dict[str, object]:
    """The filters SIPRI's web application posts for the whole trade register over these years."""
    def _filter(field: str, value1: object = "", value2: object = "", condition: str = "") -> dict:
        return {"field": field, "condition": condition, "value1": value1, "value2": value2,
                "listData": []}

    return {"filters": [_filter("Delivery year", first_year, last_year, "contains"),
                        _filter("Order year", 0, last_year, "contains"),
                        _filter("opendeals"), _filter("exportOption")],
            "logic": "AND"}


def update(con: duckdb.DuckDBPyConnection, fetch: Fetch = Fetch(),
           progress: Progress | None = None) -> UpdateResult:
    """Fetch, check and import SIPRI's current trade register (all or nothing)."""
    started = time.perf_counter()
    previous = _current_register(con)
    body = fetch_register(fetch, progress)
    text = decode_answer(body)
    with tempfile.TemporaryDirectory(prefix="armswatch-update-") as folder:
        path = Path(folder) / f"sipri-trade-register-{date.today():%Y-%m-%d}.csv"
        path.write_text(text, encoding="utf-8")
        if progress:
            progress("importing", len(body), len(body))
        report = import_file(con, path)
    if not report.valid:
        first = report.problems[0]
        raise SipriAnswerMalformed(f"SIPRI's answer is not a trade register armswatch can import "
                                   f"({report.counted()}; first: {first.code}: {first.message}). "
                                   "Nothing was imported.", problems=report.to_dict()["problems"])
    new_id = report.stats.get("release_id")
    release = current_release(con, int(new_id)) if new_id is not None else None
    return UpdateResult(report, release, previous, len(body), time.perf_counter() - started)


def _current_register(con: duckdb.DuckDBPyConnection) -> Release | None:
    registers = [r for r in list_releases(con) if r.source_format in REGISTER_FORMATS]
    return current_release(con) if registers else None


def fetch_register(fetch: Fetch, progress: Progress | None = None) -> bytes:
    """SIPRI's answer, read whole; retried after timeouts, dropped connections and 5xx answers."""
    query = register_query(FIRST_YEAR, fetch.last_year)
    headers = {"Origin": ORIGIN, "Referer": f"{ORIGIN}/", "Accept": "application/json",
               "User-Agent": "armswatch (https://github.com/armswatch; issue 20)"}
    failure = ""
    for attempt in range(1, fetch.retries + 2):
        if progress:
            progress(f"asking SIPRI (attempt {attempt})", 0, None)
        try:
            return _post(fetch, query, headers, progress)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            failure = _transport_failure(exc, fetch)
        except _ServerError as exc:
            failure = str(exc)
        if attempt <= fetch.retries:
            time.sleep(fetch.backoff * 2 ** (attempt - 1))
    raise SipriUnavailable(f"{failure} Tried {fetch.retries + 1} times; nothing was imported. "
                           "Try again later, or download the trade register from "
                           f"{ORIGIN}/ and run `armswatch import FILE`.", url=fetch.url)


class _ServerError(Exception):
    """A 5xx answer: SIPRI's side failed, worth another attempt."""


def _post(fetch: Fetch, query: dict[str, object], headers: dict[str, str],
          progress: Progress | None) -> bytes:
    timeout = httpx.Timeout(fetch.timeout, connect=min(fetch.timeout, 15.0))
    with httpx.Client(timeout=timeout, follow_redirects=True) as client, \
            client.stream("POST", fetch.url, json=query, headers=headers) as response:
        if response.status_code >= 500:
            raise _ServerError(f"SIPRI's backend answered HTTP {response.status_code}.")
        if response.status_code >= 400:
            raise SipriUnavailable(
                f"SIPRI's backend refused the request (HTTP {response.status_code}); nothing was "
                "imported. SIPRI may have changed its web application: download the trade "
                f"register from {ORIGIN}/ and run `armswatch import FILE`.",
                url=fetch.url, status=response.status_code)
        total = int(response.headers.get("content-length", 0)) or None
        chunks, received = [], 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            received += len(chunk)
            if progress:
                progress("receiving", received, total)
        return b"".join(chunks)


def _transport_failure(exc: Exception, fetch: Fetch) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"SIPRI's backend did not answer within {fetch.timeout:g} s."
    return f"Cannot reach SIPRI's backend ({type(exc).__name__}: {exc}); are you offline?"


def decode_answer(body: bytes) -> str:
    """The CSV inside SIPRI's answer ``{"bytes": base64}``, or SipriAnswerMalformed naming what
    is wrong."""
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SipriAnswerMalformed(f"SIPRI's answer is not JSON (it starts {body[:60]!r}); "
                                   "nothing was imported.") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("bytes"), str):
        keys = sorted(answer) if isinstance(answer, dict) else type(answer).__name__
        raise SipriAnswerMalformed(f"SIPRI's answer has no 'bytes' field holding the CSV (it has "
                                   f"{keys}); nothing was imported.")
    try:
        raw = base64.b64decode(answer["bytes"], validate=True)
        text = raw.decode("utf-8-sig")
    except (binascii.Error, ValueError):
        raise SipriAnswerMalformed("SIPRI's answer's 'bytes' field is not base64 of UTF-8 text; "
                                   "nothing was imported.") from None
    if API_HEADER not in text[:4000]:
        raise SipriAnswerMalformed(f"SIPRI's answer holds no trade register (no '{API_HEADER}' "
                                   "header line); nothing was imported.")
    return text
