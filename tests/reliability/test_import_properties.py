"""Property tests of every register importer (issue 14): whatever the bytes, the answer is a report.

Arbitrary bytes, arbitrary rows under each format's real header, and arbitrary JSON never raise
anything but a coded report; a file the importer accepts holds only numbers a register can hold; a
valid file's import is idempotent. Examples are bounded (the suite runs on two shared cores).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch import db
from armswatch.parties import registry
from armswatch.report import PROBLEM_CODES
from armswatch.sources import text as sipri_text
from armswatch.sources.detect import read_any
from armswatch.store.load import import_file, write_parties

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLASSIC = (FIXTURES / "classic-latin1.csv").read_bytes().splitlines(keepends=True)
API = (FIXTURES / "api-2000-2001.csv").read_bytes().splitlines(keepends=True)
YEARLY = json.loads((FIXTURES / "deliveries-myanmar.json").read_text())

# 60 examples a test in the suite; a soak run sets more (ARMSWATCH_FUZZ_EXAMPLES=2000).
FUZZ = int(os.environ.get("ARMSWATCH_FUZZ_EXAMPLES", "60"))
EXAMPLES = settings(max_examples=FUZZ, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Cells a careless or hostile file holds: the findings' numbers, near-misses and CSV breakers.
CELLS = st.one_of(
    st.sampled_from(["", "?", "0", "7", "2015", "2015; 2016", "New", "Second hand", "Yes", "No",
                     "China", "Myanmar", "nan", "NaN", "inf", "-inf", "-25", "-3", "-8.1", "1e308",
                     "99999999999", "2.5", "1,000", "0x10", "1_000", '"', '""', "a,b", "x\ny",
                     "\r", "\u00fc", "\ud7ff", "1850", "2101"]),
    st.text(max_size=12),
)


@pytest.fixture(scope="module")
def scratch():
    """One in-memory database for the whole module: imports here are dry runs or no-ops."""
    con = db.connect(":memory:", seed=False)
    write_parties(con, registry())
    yield con
    con.close()


def _file(data: bytes, suffix: str = ".csv") -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    handle.write(data)
    handle.close()
    return Path(handle.name)


def _checked(report) -> None:
    """What every import answer must be: a report, its problems coded and documented."""
    for problem in report.problems:
        assert problem.code in PROBLEM_CODES and problem.fix
        assert problem.line is None or problem.line >= 1
    assert len(report.problems) <= report.MAX_PROBLEMS
    json.dumps(report.to_dict(), allow_nan=False)  # the report itself is valid JSON


def _read(data: bytes, suffix: str = ".csv"):
    path = _file(data, suffix)
    try:
        source = read_any(path)
    finally:
        path.unlink()
    _checked(source.report)
    return source


def _assert_plausible(source) -> None:
    """An accepted file holds only numbers within the bounds of docs/formats.md."""
    for deal in source.deals:
        for value, bound in ((deal.tiv_per_unit, sipri_text.MAX_TIV_PER_UNIT),
                             (deal.tiv_total_order, sipri_text.MAX_TIV_OF_DEAL),
                             (deal.number_ordered, sipri_text.MAX_COUNT),
                             (deal.number_delivered, sipri_text.MAX_COUNT * 300)):
            assert value is None or (math.isfinite(value) and 0 <= value <= bound)
    for row in [*source.yearly, *source.sipri_years]:
        tiv = row.tiv_delivered
        assert math.isfinite(tiv) and 0 <= tiv <= sipri_text.MAX_TIV_OF_DEAL


@EXAMPLES
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_give_a_report(data):
    _read(data)


@EXAMPLES
@given(head=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"{", b"PK\x03\x04"]),
       body=st.binary(max_size=2048))
def test_arbitrary_bytes_after_a_telling_start_give_a_report(head, body):
    _read(head + body)


def _rows(width: int):
    return st.lists(st.lists(CELLS, min_size=width - 2, max_size=width + 2), min_size=1,
                    max_size=8)


def _csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(cells) + "\n" for cells in rows).encode("utf-8", "surrogatepass")


@EXAMPLES
@given(rows=_rows(16), keep=st.integers(0, 6))
def test_classic_rows_of_anything_give_a_report_and_accepted_numbers_are_plausible(rows, keep):
    source = _read(b"".join(CLASSIC[:12 + keep]) + _csv(rows))
    if source.report.valid:
        _assert_plausible(source)


@EXAMPLES
@given(rows=_rows(17), keep=st.integers(0, 6))
def test_api_rows_of_anything_give_a_report_and_accepted_numbers_are_plausible(rows, keep):
    source = _read(b"".join(API[:12 + keep]) + _csv(rows))
    if source.report.valid:
        _assert_plausible(source)


@EXAMPLES
@given(cell=st.integers(0, 16), value=CELLS, line=st.integers(12, 17))
def test_one_changed_cell_of_a_real_api_row_gives_a_report(cell, value, line):
    cells = API[line].decode("latin-1").rstrip("\r\n").split(",")
    cells[cell] = value
    data = b"".join(API[:line]) + _csv([cells]) + b"".join(API[line + 1:20])
    source = _read(data)
    if source.report.valid:
        _assert_plausible(source)


@EXAMPLES
@given(cell=st.integers(0, 15), value=CELLS, line=st.integers(12, 15))
def test_one_changed_cell_of_a_real_classic_row_gives_a_report(cell, value, line):
    cells = CLASSIC[line].decode("latin-1").rstrip("\r\n").split(",")
    cells[cell] = value
    data = b"".join(CLASSIC[:line]) + _csv([cells]) + b"".join(CLASSIC[line + 1:16])
    source = _read(data)
    if source.report.valid:
        _assert_plausible(source)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=30)
FIGURES = st.one_of(st.floats(), st.integers(-10**12, 10**12),
                    st.sampled_from(["", "nan", "-1", "1e308", "12", "n/a"]))


@EXAMPLES
@given(value=st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4))
def test_arbitrary_json_objects_give_a_report(value):
    _read(json.dumps(value).encode(), ".json")


@EXAMPLES
@given(number=FIGURES, tiv=FIGURES, at=st.integers(0, 4))
def test_real_per_year_records_with_any_figures_give_a_report(number, tiv, at):
    data = json.loads(json.dumps(YEARLY))
    record = data["China"]["2014"]["Myanmar"][at]
    record[0], record[1] = number, tiv
    source = _read(json.dumps(data).encode(), ".json")
    if source.report.valid:
        _assert_plausible(source)


@settings(max_examples=max(20, FUZZ // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows(16))
def test_import_of_anything_is_a_report_and_the_dry_run_agrees(scratch, rows):
    """The whole import (dry run: an in-memory database of its own) and the reader agree."""
    path = _file(b"".join(CLASSIC[:12]) + _csv(rows))
    try:
        report = import_file(scratch, path, dry_run=True)
        again = import_file(scratch, path, dry_run=True)
    finally:
        path.unlink()
    _checked(report)
    assert report.to_dict()["problems"] == again.to_dict()["problems"]
    assert not report.written and scratch.execute("SELECT count(*) FROM releases").fetchone() == (0,)


# --- a valid file's import is idempotent ---------------------------------------------------------

def _tables(con):
    return {t: con.execute(f"SELECT * EXCLUDE (release_id) FROM {t} ORDER BY ALL").fetchall()
            for t in ("deals", "deliveries", "sipri_yearly")}


@pytest.mark.parametrize("name", ["classic-latin1.csv", "resaved-utf8-bom.csv", "china-2026.csv",
                                  "api-2000-2001.csv", "deliveries-myanmar.json"])
def test_a_valid_files_import_is_idempotent(tmp_path, name):
    """Imported twice into one database: the second changes nothing. Into a second database:
    the same rows (release ids aside)."""
    first = db.connect(tmp_path / "first.duckdb", seed=False)
    assert import_file(first, FIXTURES / name).written
    once = _tables(first)
    again = import_file(first, FIXTURES / name)
    assert not again.written and again.valid
    assert _tables(first) == once
    second = db.connect(tmp_path / "second.duckdb", seed=False)
    assert import_file(second, FIXTURES / name).written
    assert _tables(second) == once
    first.close()
    second.close()


# --- SIPRI's Milex workbook ----------------------------------------------------------------------

MILEX_VALUES = st.one_of(st.floats(), st.integers(-10**15, 10**15), st.sampled_from(
    [None, "", ". .", "xxx", "...", "nan", "-1", "1e308", "=1/0", "#DIV/0!"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8))  # what a cell can hold


@pytest.fixture(scope="module")
def milex_book(tmp_path_factory):
    from milex_book import make_workbook  # tests/milex_book.py: SIPRI's layout, invented figures

    return make_workbook(tmp_path_factory.mktemp("milex") / "milex.xlsx")


@settings(max_examples=max(25, FUZZ // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(sheet=st.sampled_from(["Constant (2022) US$", "Share of GDP", "Regional totals",
                              "Footnotes"]),
       row=st.integers(1, 14), column=st.integers(1, 7), value=MILEX_VALUES)
def test_a_milex_workbook_with_any_cell_changed_gives_a_report(scratch, milex_book, sheet, row,
                                                               column, value):
    from openpyxl import load_workbook

    book = load_workbook(milex_book)
    book[sheet].cell(row=row, column=column).value = value
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "milex.xlsx"
        book.save(path)
        report = import_file(scratch, path, dry_run=True)
    _checked(report)


@EXAMPLES
@given(body=st.binary(max_size=2048))
def test_arbitrary_bytes_named_xlsx_give_a_report(scratch, body):
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "milex.xlsx"
        path.write_bytes(b"PK\x03\x04" + body)
        report = import_file(scratch, path, dry_run=True)
    _checked(report)
    assert [p.code for p in report.problems] == ["milex-not-a-workbook"]
