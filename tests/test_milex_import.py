"""Importing SIPRI's Milex workbook: figures, flags from font colours, SIPRI's symbols, bad input.
On a DuckDB file and on a real PostgreSQL server (issue 19; conftest.store_db)."""

from __future__ import annotations

import zipfile
from datetime import datetime

import pytest
from milex_book import make_workbook
from openpyxl import Workbook

from armswatch.store.load import import_file

MILEX_TABLES = ("milex_releases", "milex_series", "milex_figures", "milex_regions",
                "milex_regional_totals", "milex_footnotes", "parties")


def _counts(con):
    return [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in MILEX_TABLES]


def test_small_workbook_is_read_cell_for_cell_with_flags_and_symbols(store_db, tmp_path):
    report = import_file(store_db, make_workbook(tmp_path / "milex.xlsx"))
    assert report.valid and report.written, report.problems
    assert report.stats["ignored_sheets"] == "My cleaned copy"
    rows = store_db.execute(
        "SELECT party, year, value, status, estimate, uncertain FROM milex_figures "
        "WHERE measure = 'constant_usd' ORDER BY party, year").fetchall()
    assert rows == [
        ("Myanmar", 2020, 2500.5, "figure", False, False),
        ("Myanmar", 2021, 2600.25, "figure", True, False),
        ("Myanmar", 2022, 3100.0, "figure", False, True),
        ("Russia", 2020, 60000.0, "figure", False, False),
        ("Russia", 2021, 65000.0, "figure", False, False),
        ("Russia", 2022, 100000.0, "figure", True, False),
        ("Soviet Union", 2020, None, "not_a_state", False, False),
        ("Soviet Union", 2021, None, "not_a_state", False, False),
        ("Soviet Union", 2022, None, "not_a_state", False, False),
        ("Viet Nam", 2020, 5000.0, "figure", False, False),
        ("Viet Nam", 2021, None, "unavailable", False, False),
        ("Viet Nam", 2022, None, "unavailable", False, False),
    ]


def test_series_keep_sipris_names_regions_and_footnote_marks(store_db, tmp_path):
    import_file(store_db, make_workbook(tmp_path / "milex.xlsx"))
    assert store_db.execute(
        "SELECT country, party, region, subregion, notes FROM milex_series "
        "WHERE measure = 'share_of_gdp' ORDER BY source_row").fetchall() == [
        ("Myanmar", "Myanmar", "Asia & Oceania", "South East Asia", "§¶64"),
        ("Viet Nam", "Viet Nam", "Asia & Oceania", "South East Asia", "§67"),
        ("USSR", "Soviet Union", "Europe", "Eastern Europe", None),
        ("Russia", "Russia", "Europe", "Eastern Europe", "83"),
    ]
    assert store_db.execute(
        "SELECT release_year, first_year, last_year, constant_usd_base_year, workbook_created,"
        " countries, figures, ignored_sheets, attribution FROM milex_releases").fetchall() == [
        (2023, 2020, 2022, 2022, datetime(2025, 4, 28, 9, 0), 4, 13,
         ["My cleaned copy"], "Source: SIPRI Military Expenditure Database (c) SIPRI")]
    assert store_db.execute("SELECT mark, text FROM milex_footnotes").fetchall() == [
        ("§", "Test note: adopted budget."), ("64", "Test note about Myanmar.")]


def test_regional_totals_keep_red_and_current_price_column(store_db, tmp_path):
    import_file(store_db, make_workbook(tmp_path / "milex.xlsx"))
    assert store_db.execute(
        "SELECT region, measure, year, value, status, estimated_share_over_10pct "
        "FROM milex_regional_totals ORDER BY region, measure, year").fetchall() == [
        ("Asia & Oceania", "constant_usd", 2021, 500.0, "figure", False),
        ("Asia & Oceania", "constant_usd", 2022, None, "unavailable", False),
        ("Asia & Oceania", "current_usd", 2022, 520.0, "figure", False),
        ("South East Asia", "constant_usd", 2021, 50.0, "figure", False),
        ("South East Asia", "constant_usd", 2022, 55.0, "figure", False),
        ("South East Asia", "current_usd", 2022, 56.0, "figure", False),
        ("World", "constant_usd", 2021, 2000.0, "figure", True),
        ("World", "constant_usd", 2022, 2100.5, "figure", False),
        ("World", "current_usd", 2022, 2150.0, "figure", False),
    ]
    assert store_db.execute("SELECT region, parent, omitted_countries FROM milex_regions "
                            "ORDER BY source_row").fetchall() == [
        ("World", None, None), ("Asia & Oceania", "World", "Korea, North, Laos"),
        ("South East Asia", "Asia & Oceania", None)]


def test_reimport_is_a_no_op_and_dry_run_writes_nothing(store_db, tmp_path):
    path = make_workbook(tmp_path / "milex.xlsx")
    before = _counts(store_db)
    assert import_file(store_db, path, dry_run=True).valid
    assert _counts(store_db) == before
    first = import_file(store_db, path)
    after = _counts(store_db)
    second = import_file(store_db, path)
    assert not second.written and second.stats["already_imported_as_milex_release"] == 1
    assert first.stats["milex_release_id"] == 1 and _counts(store_db) == after


def _non_milex(path):
    book = Workbook()
    book.active.append(["Name", "Score"])
    book.active.append(["A", 1])
    book.save(path)


def _empty(path):
    Workbook().save(path)


def _corrupt(path):
    make_workbook(path)
    path.write_bytes(path.read_bytes()[:3000])


def _no_header(path):
    make_workbook(path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Share of GDP"].delete_rows(4)
    book.save(path)


def _bad_cell(path):
    make_workbook(path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Share of GDP"]["D8"] = "n/a"
    book.save(path)


def _duplicate(path):
    make_workbook(path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Share of GDP"].append(["Russia", None, 0.1, 0.1, 0.1])
    book.save(path)


BAD = [(_non_milex, "milex-no-sipri-sheets", None, None),
       (_empty, "milex-no-sipri-sheets", None, None),
       (_corrupt, "milex-not-a-workbook", None, None),
       (_no_header, "milex-header-missing", None, "Share of GDP"),
       (_bad_cell, "milex-figure-not-numeric", 8, "Share of GDP!D"),
       (_duplicate, "milex-country-duplicate", 14, "Share of GDP!A")]


@pytest.mark.parametrize("make,code,line,column", BAD, ids=[b[1] + "-" + b[0].__name__ for b in BAD])
def test_bad_workbook_is_refused_with_its_code_and_nothing_is_written(store_db, tmp_path, make,
                                                                      code, line, column):
    import_file(store_db, make_workbook(tmp_path / "good.xlsx", base_year=2021))
    before = _counts(store_db)
    path = tmp_path / "bad.xlsx"
    make(path)
    report = import_file(store_db, path)
    assert not report.valid and not report.written
    first = report.problems[0]
    assert (first.code, first.line, first.column) == (code, line, column)
    assert first.fix
    assert _counts(store_db) == before


def test_corrupt_fixture_really_is_a_broken_zip(tmp_path):
    path = tmp_path / "bad.xlsx"
    _corrupt(path)
    assert path.read_bytes()[:4] == b"PK\x03\x04" and not zipfile.is_zipfile(path)
