"""The CLI as a user meets it: the real console entry point in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES


def armswatch(*args: str, db) -> subprocess.CompletedProcess:
    env = {**os.environ, "ARMSWATCH_DB": str(db), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "armswatch", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cli.duckdb"


def test_info_json_on_first_use_creates_the_database_from_the_bundle(db_path):
    result = armswatch("info", "--format", "json", db=db_path)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["deals"] == 29_515
    assert info["tiv_delivered_total"] == pytest.approx(2_092_211, abs=1)
    assert info["deliveries"] > 29_515
    assert [r["format"] for r in info["releases"]] == ["deliveries-json", "classic"]
    assert info["attribution"].startswith("Source: SIPRI Arms Transfers Database (c) SIPRI.")
    assert "13 Mar 2025" in info["attribution"]
    assert db_path.exists()


def test_deals_json_uses_sipris_words_and_aliases(db_path):
    result = armswatch("deals", "--supplier", "USSR", "--recipient", "Burma", "--format", "json",
                       db=db_path)
    assert result.returncode == 0, result.stderr
    deals = json.loads(result.stdout)
    assert deals and {d["supplier"] for d in deals} == {"Soviet Union"}
    assert list(deals[0]) == [
        "deal_id", "supplier", "recipient", "order_year", "order_year_uncertain", "number_ordered",
        "number_ordered_uncertain", "designation", "description", "category", "number_delivered",
        "number_delivered_uncertain", "delivery_years", "status", "comments", "tiv_per_unit",
        "tiv_total_order", "tiv_delivered"]


def test_deals_filters_and_csv_output(db_path):
    result = armswatch("deals", "--supplier", "Russia", "--recipient", "Myanmar", "--from", "2021",
                       "--to", "2021", "--designation", "pantsyr", "--format", "csv", db=db_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith('"deal_id","supplier","recipient"')
    assert len(lines) == 2 and "96K9 Pantsyr-S1" in lines[1]


def test_unknown_party_suggests_the_right_name_without_a_traceback(db_path):
    result = armswatch("deals", "--recipient", "Myanmr", db=db_path)
    assert result.returncode == 2
    assert "unknown-party" in result.stderr and "Myanmar" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_inverted_years_are_a_usage_error(db_path):
    result = armswatch("deals", "--from", "2024", "--to", "2010", db=db_path)
    assert result.returncode == 2 and "swap them" in result.stderr


def test_import_of_a_bad_file_exits_1_with_the_line_and_writes_nothing(db_path):
    before = json.loads(armswatch("info", "--format", "json", db=db_path).stdout)
    result = armswatch("import", str(FIXTURES / "bad" / "tiv-not-numeric.csv"), db=db_path)
    assert result.returncode == 1
    assert "tiv-not-numeric" in result.stderr and "line 13" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    after = json.loads(armswatch("info", "--format", "json", db=db_path).stdout)
    assert after == before


def test_import_then_reimport_is_a_no_op(db_path):
    first = armswatch("import", str(FIXTURES / "china-2026.csv"), db=db_path)
    assert first.returncode == 0 and "Imported china-2026.csv" in first.stdout
    again = armswatch("import", str(FIXTURES / "china-2026.csv"), db=db_path)
    assert again.returncode == 0 and "already imported as release 3" in again.stdout


def test_missing_file_is_a_clear_error(db_path):
    result = armswatch("import", "/nonexistent/register.csv", db=db_path)
    assert result.returncode == 1 and "No such file" in result.stderr
    assert "Traceback" not in result.stderr
