"""Spending questions over a slice of SIPRI's 2025 Milex workbook (tests/fixtures/milex/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES

from armswatch import db
from armswatch.errors import NoMilexData, UnknownParty
from armswatch.spending import (SpendingClaim, check_spending_claim, country_series, growth,
                                ranking, regional_totals)
from armswatch.store.load import import_file

SLICE = FIXTURES / "milex" / "milex-slice-2025.xlsx"
RELEASE = {"milex_release_id": 1, "file_name": "milex-slice-2025.xlsx", "release_year": 2025,
           "release_date": "2025-04-24", "constant_usd_base_year": 2023,
           "attribution": "Source: SIPRI Military Expenditure Database (c) SIPRI"}


@pytest.fixture
def milex_db(empty_db):
    report = import_file(empty_db, SLICE)
    assert report.valid, report.problems
    return empty_db


def test_series_by_alias_with_sipris_flags(milex_db):
    series = country_series(milex_db, "Burma", "constant_usd", 2020, 2024)
    assert series.to_dict() == {
        "country": "Myanmar", "milex_country": "Myanmar", "measure": "constant_usd",
        "unit": "US$ m. at constant (2023) prices and exchange rates", "notes": "§¶64",
        "release": RELEASE, "figures": [
            {"year": 2020, "value": 3220.027516973128, "status": "figure", "estimate": False, "uncertain": False},
            {"year": 2021, "value": 3785.876092592476, "status": "figure", "estimate": False, "uncertain": False},
            {"year": 2022, "value": 3661.849922703158, "status": "figure", "estimate": False, "uncertain": True},
            {"year": 2023, "value": 3140.224537540067, "status": "figure", "estimate": False, "uncertain": True},
            {"year": 2024, "value": 5224.112609331117, "status": "figure", "estimate": False, "uncertain": True},
        ]}


def test_share_of_gdp_is_shown_in_per_cent(milex_db):
    series = country_series(milex_db, "Myanmar", "share_of_gdp", 2024, 2024)
    assert [(f.year, round(f.value, 4), f.uncertain) for f in series.figures] == [(2024, 6.7945, True)]
    assert series.unit == "% of GDP"


def test_ranking_follows_the_workbooks_figures(milex_db):
    rows = [(r.rank, r.country, round(r.value), r.estimate, r.uncertain)
            for r in ranking(milex_db, 2024, "constant_usd").rows]
    assert rows == [(1, "United States", 968382, False, False), (2, "China", 317561, True, False),
                    (3, "Russia", 150534, True, False), (4, "Ukraine", 66784, True, False),
                    (5, "Turkiye", 21884, False, False), (6, "Algeria", 20423, False, False),
                    (7, "Myanmar", 5224, False, True)]
    assert "Viet Nam" not in [r[1] for r in rows]  # ". ." for 2024: left out, not ranked as zero


def test_growth_per_cent_and_compound_annual(milex_db):
    result = growth(milex_db, "Myanmar", "constant_usd", 2021, 2024)
    assert result.to_dict() == {
        "country": "Myanmar", "measure": "constant_usd", "year_from": 2021, "year_to": 2024,
        "value_from": 3785.876092592476, "value_to": 5224.112609331117,
        "change_pct": pytest.approx(37.9895, abs=1e-4),
        "compound_annual_pct": pytest.approx(11.3308, abs=1e-4),
        "explanation": "Myanmar: +38.0% from 2021 to 2024 (+11.3% a year, compound)."}


def test_world_total_and_unknown_region(milex_db):
    totals = regional_totals(milex_db, "world", 2023, 2024)
    assert [(r.region, r.year, round(r.value, 3)) for r in totals.rows] == [
        ("World", 2023, 2447.444), ("World", 2024, 2676.514)]
    with pytest.raises(Exception, match="Did you mean Europe"):
        regional_totals(milex_db, "Europa")


def test_spending_claims_get_a_verdict(milex_db):
    verdicts = [check_spending_claim(milex_db, claim).verdict for claim in (
        SpendingClaim("Myanmar", "amount", 5000, 2024),  # current US$ m.: 5,011
        SpendingClaim("Myanmar", "amount", 2500, 2024),
        SpendingClaim("Burma", "share_of_gdp", 6.8, 2024),
        SpendingClaim("Myanmar", "change", 38, 2024, since_year=2021),
        SpendingClaim("Myanmar", "change", 10, 2024, since_year=2021),
        SpendingClaim("Viet Nam", "amount", 5000, 2024),  # ". ." in the workbook
        SpendingClaim("Myanmar", "change", 10, 2024),  # no base year
        SpendingClaim("Atlantis", "amount", 1, 2024))]
    assert verdicts == ["consistent", "inconsistent", "consistent", "consistent", "inconsistent",
                        "not_checkable", "not_checkable", "not_checkable"]
    verdict = check_spending_claim(milex_db, SpendingClaim("Myanmar", "amount", 5000, 2024))
    assert verdict.to_dict() == {
        "verdict": "consistent", "claimed": 5000, "computed": 5011.272415126733,
        "unit": "US$ m. at current prices and exchange rates",
        "explanation": "SIPRI: Myanmar 2024 = 5,011.27 US$ m. at current prices and exchange "
                       "rates; claimed 5,000.00 (0.2% apart; tolerance 5.0%).",
        "estimate": False, "uncertain": True}


def test_errors_name_the_fix(milex_db, tmp_path):
    with pytest.raises(UnknownParty, match="Did you mean Myanmar"):
        country_series(milex_db, "Myanmr", "constant_usd")
    empty = db.connect(tmp_path / "none.duckdb", seed=False)
    with pytest.raises(NoMilexData, match="armswatch import"):
        ranking(empty, 2024, "constant_usd")


def _armswatch(*args, db_path):
    env = {**os.environ, "ARMSWATCH_DB": str(db_path), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "armswatch", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def milex_cli_db(tmp_path, milex_db):
    path = tmp_path / "cli.duckdb"
    con = db.connect(path, seed=False)
    assert import_file(con, SLICE).valid
    con.close()
    return path


def test_cli_ranking_json_carries_attribution_and_release(milex_cli_db):
    result = _armswatch("milex", "--year", "2024", "--top", "3", "--measure", "constant_usd",
                        "--format", "json", db_path=milex_cli_db)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["release"] == RELEASE
    assert [(r["rank"], r["country"]) for r in out["ranking"]] == [
        (1, "United States"), (2, "China"), (3, "Russia")]
    assert (out["year"], out["measure"]) == (2024, "constant_usd")


def test_cli_country_table_and_chart(milex_cli_db, tmp_path):
    chart = tmp_path / "mm.html"
    result = _armswatch("milex", "--country", "Myanmar", "--from", "2021", "--to", "2024",
                        "--chart", str(chart), db_path=milex_cli_db)
    assert result.returncode == 0, result.stderr
    assert "Source: SIPRI Military Expenditure Database (c) SIPRI" in result.stdout
    assert "SIPRI Milex 2025 release, released 2025-04-24" in result.stdout
    assert "Myanmar: +38.0% from 2021 to 2024 (+11.3% a year, compound)." in result.stdout
    html = chart.read_text(encoding="utf-8")
    assert "<script src=" not in html and "Plotly.newPlot" in html  # plotly.js inline, no CDN
    assert len(html) > 1_000_000


def test_cli_unknown_country_exits_2_without_traceback(milex_cli_db):
    result = _armswatch("milex", "--country", "Myanmr", db_path=milex_cli_db)
    assert result.returncode == 2
    assert "Did you mean Myanmar?" in result.stderr and "Traceback" not in result.stderr
