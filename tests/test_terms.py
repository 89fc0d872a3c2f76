"""SIPRI's terms travel wherever SIPRI's data is shipped or shown (issue 20): the NOTICE beside the
data, the README, `armswatch info`, the web footer, the API's headers and its downloads."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from armswatch import terms
from armswatch.store.bundle import bundle_dir
from armswatch.web import create_app

ROOT = Path(__file__).resolve().parents[1]
# What the issue asks to be stated, in the words a reader meets.
STATED = ("Information from the SIPRI Arms Transfers Database, URL <http://armstrade.sipri.org/>",
          "No commercial use of SIPRI's data without SIPRI's agreement",
          "less than 10 per cent of a published data set",
          "Calculations are not attributed to SIPRI",
          "MIT licence covers the code only")


def test_the_terms_say_each_point():
    for point in STATED:
        assert point in terms.TERMS, point


def test_notice_and_readme_carry_the_terms():
    notice = (bundle_dir() / "NOTICE.md").read_text(encoding="utf-8")
    for point in STATED:
        assert point in notice, point
    assert "SIPRI Military Expenditure Database 2025, https://www.sipri.org/databases/milex" in notice
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert terms.TERMS in readme


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(create_app(tmp_path_factory.mktemp("terms") / "web.duckdb")) as client:
        yield client


def test_web_footer_carries_the_terms(client):
    page = html.unescape(client.get("/").text)
    footer = page[page.index("<footer>"):]
    assert terms.TERMS in footer


def test_api_headers_and_downloads_carry_the_terms(client):
    info = client.get("/api/info")
    assert info.json()["terms"] == terms.TERMS
    assert info.headers["x-sipri-terms"] == terms.TERMS
    assert info.headers["link"] == f'<{terms.TERMS_URL}>; rel="license"'
    download = client.get("/api/deals?recipient=Myanmar&format=csv")
    assert download.status_code == 200
    assert download.headers["x-sipri-terms"] == terms.TERMS
    parquet = client.get("/api/deals?recipient=Myanmar&format=parquet")
    metadata = pq.read_table(io.BytesIO(parquet.content)).schema.metadata
    assert metadata[b"terms"].decode() == terms.TERMS
