"""SIPRI's real 2025 Milex workbook (../shared/data/milex), checked against its own cells."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import SHARED, needs_shared

from armswatch import db
from armswatch.parties import registry
from armswatch.sources.milex_cells import read_cell
from armswatch.spending import country_series, ranking, regional_totals
from armswatch.store.load import import_file

WORKBOOK = SHARED / "milex" / "SIPRI-Milex-data-1949-2024.xlsx"
pytestmark = needs_shared


@pytest.fixture(scope="module")
def sheets():
    return openpyxl.load_workbook(WORKBOOK, data_only=True)


@pytest.fixture(scope="module")
def real_db(tmp_path_factory, sheets):
    con = db.connect(tmp_path_factory.mktemp("milex") / "real.duckdb", seed=False)
    report = import_file(con, WORKBOOK)
    assert report.valid and report.written, report.problems[:5]
    assert report.stats["ignored_sheets"] == "Share of govt. spending cleaned"
    yield con
    con.close()


def _row(sheet, name):
    return next(row for row in sheet.iter_rows() if row[0].value == name)


def test_myanmar_constant_usd_2021_2024_match_the_cells_and_their_colours(real_db, sheets):
    sheet = sheets["Constant (2023) US$"]
    years = {c.value: c.column - 1 for c in _row(sheet, "Country") if isinstance(c.value, int)}
    cells = _row(sheet, "Myanmar")
    expected = [(y, cells[years[y]].value, cells[years[y]].font.color is not None
                 and cells[years[y]].font.color.indexed == 10) for y in range(2021, 2025)]
    series = country_series(real_db, "Myanmar", "constant_usd", 2021, 2024)
    assert [(f.year, f.value, f.uncertain) for f in series.figures] == expected
    assert [(f.year, f.estimate, f.uncertain) for f in series.figures] == [
        (2021, False, False), (2022, False, True), (2023, False, True), (2024, False, True)]
    assert [read_cell(cells[years[y]]).colour for y in range(2021, 2025)] == [
        "other", "red", "red", "red"]


def test_world_total_2024_matches_the_regional_totals_sheet(real_db, sheets):
    world = _row(sheets["Regional totals"], "World")
    header = _row(sheets["Regional totals"], "Region")
    cell = next(c for c, h in zip(world, header) if h.value == 2024)
    totals = regional_totals(real_db, "World", 2024, 2024)
    assert [(r.year, r.value) for r in totals.rows] == [(2024, cell.value)]


def test_every_country_row_maps_to_a_party_of_the_register(real_db):
    rows = real_db.execute("SELECT DISTINCT country FROM milex_series").fetchall()
    assert len(rows) == 174
    unmapped = sorted(c for (c,) in rows if registry().lookup(c) is None)
    assert unmapped == []
    pairs = real_db.execute("SELECT count(DISTINCT country), count(DISTINCT party) "
                            "FROM milex_series").fetchone()
    assert pairs[0] == pairs[1]  # no two Milex countries on one party


def test_top_15_for_2024_ranks_as_the_workbook(real_db, sheets):
    sheet = sheets["Constant (2023) US$"]
    column = next(c.column - 1 for c in _row(sheet, "Country") if c.value == 2024)
    figures = [(row[column].value, row[0].value) for row in sheet.iter_rows(min_row=7)
               if isinstance(row[column].value, int | float)]
    expected = [registry().lookup(name) for _, name in sorted(figures, key=lambda f: -f[0])[:15]]
    assert [r.country for r in ranking(real_db, 2024, "constant_usd", 15).rows] == expected


def test_reimporting_the_real_workbook_changes_nothing(real_db):
    report = import_file(real_db, WORKBOOK)
    assert report.valid and not report.written
    assert report.stats["already_imported_as_milex_release"] == 1
