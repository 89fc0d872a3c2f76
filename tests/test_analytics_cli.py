"""The analytics commands as a user meets them: the console entry point in a subprocess."""

from __future__ import annotations

import json

import pytest
from test_cli import armswatch


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("analytics-cli") / "cli.duckdb"


def test_flows_json_is_an_array_of_groups_with_tiv_and_share(db):
    result = armswatch("flows", "--recipient", "Burma", "--from", "2014", "--to", "2019",
                       "--by", "supplier", "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[:2] == [
        {"supplier": "China", "tiv": 747.55, "share": 59.42, "share_of_supplier_exports": 7.31,
         "share_of_recipient_imports": 59.42, "share_of_world": 0.44},
        {"supplier": "Russia", "tiv": 208.82, "share": 16.6, "share_of_supplier_exports": 0.58,
         "share_of_recipient_imports": 16.6, "share_of_world": 0.12}]
    assert "Source: SIPRI Arms Transfers Database (c) SIPRI" in result.stderr


def test_flows_table_shows_the_attribution_and_release(db):
    result = armswatch("flows", "--recipient", "Myanmar", "--from", "2014", "--to", "2019",
                       "--by", "supplier", db=db)
    assert result.returncode == 0, result.stderr
    assert "China" in result.stdout and "59.42" in result.stdout
    assert "Source: SIPRI Arms Transfers Database (c) SIPRI" in result.stdout
    assert "trade-register-1950-2024.csv" in result.stdout


def test_factsheet_json_and_markdown(db):
    result = armswatch("factsheet", "--period", "2020-2024", "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    sheet = json.loads(result.stdout)
    assert (sheet["period"], sheet["suppliers_count"]) == ([2020, 2024], 64)
    markdown = armswatch("factsheet", "--period", "2020-24", "--top", "3", db=db).stdout
    assert markdown.startswith("# Trends in international arms transfers, 2020-2024\n")
    assert markdown.rstrip().endswith("(data generated 13 Mar 2025).")


def test_trend_and_flows_write_charts(db, tmp_path):
    png, html = tmp_path / "myanmar.png", tmp_path / "russia.html"
    assert armswatch("trend", "--recipient", "Myanmar", "--by", "supplier", "--chart", str(png),
                     db=db).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert armswatch("flows", "--supplier", "Russia", "--from", "1992", "--to", "2024", "--by",
                     "year", "--chart", str(html), db=db).returncode == 0
    assert "<script src=" not in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["flows", "--recipient", "Myanmr"], "Unknown party 'Myanmr'. Did you mean Myanmar"),
    (["flows", "--from", "2020", "--to", "2010"], "--from 2020 is after --to 2010; swap them."),
    (["flows", "--from", "2030", "--to", "2035"], "covers 1950-2024. Choose years in that range."),
    (["factsheet", "--period", "2090-94"], "No deliveries in 2090-2094"),
    (["flows", "--category", "Tanks"], "Choose one of: Aircraft"),
    (["trend", "--supplier", "USSR", "--chart", "x.pdf"], "Use one of: .html, .png, .svg"),
])
def test_bad_requests_exit_2_with_a_message_and_no_traceback(db, args, message):
    result = armswatch(*args, db=db)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
