"""Every bad input is refused with its code and line, and the database is left exactly as it was.

bad/ holds one broken file per problem code and per format (tests/fixtures/make_fixtures.py and
make_bad_fixtures.py cut them from the real slices): the classic CSV, the API CSV (api-*) and the
per-year JSON (yearly-*), whose problems name supplier, recipient and year instead of a line (SIPRI's
file is a single line of JSON). On both backends (issue 19): a DuckDB file and a real PostgreSQL
server, whose tables must hold afterwards what the test's connection holds (conftest.store_db).
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from armswatch.sources import text as sipri_text
from armswatch.store.load import import_file

BAD = [
    ("html-error-page.csv", "not-a-sipri-export", 1),
    ("gzip-saved-as.csv", "binary-content", 1),
    ("empty.csv", "file-empty", None),
    ("header-only.csv", "no-deals", 12),
    ("truncated.csv", "truncated-file", 16),
    ("too-few-fields.csv", "too-few-fields", 14),
    ("line-too-long.csv", "line-too-long", 14),
    ("undecodable.csv", "undecodable-bytes", 3),
    ("missing-column.csv", "missing-column", 12),
    ("tiv-not-numeric.csv", "tiv-not-numeric", 13),
    ("delivery-year-not-a-year.csv", "delivery-years-unparseable", 14),
    # issue 14, finding 5: impossible numbers in the classic register
    ("tiv-nan.csv", "tiv-out-of-range", 13),
    ("tiv-inf.csv", "tiv-out-of-range", 13),
    ("tiv-negative.csv", "tiv-out-of-range", 13),
    ("tiv-huge.csv", "tiv-out-of-range", 13),
    # finding 7: these crashed the import, or passed --dry-run and then failed the real import
    ("number-ordered-overflow.csv", "number-out-of-range", 13),
    ("number-ordered-nan.csv", "number-out-of-range", 13),
    ("number-ordered-inf.csv", "number-out-of-range", 13),
    ("number-delivered-nan.csv", "number-out-of-range", 13),
    ("number-not-integer.csv", "number-not-integer", 13),
    ("year-not-a-year.csv", "year-not-a-year", 13),
    ("status-unknown.csv", "status-unknown", 13),
    ("party-missing.csv", "party-missing", 13),
    ("too-many-fields.csv", "too-many-fields", 14),
    # finding 8: encodings named, a NUL byte located
    ("utf16-bom.csv", "encoding-unsupported", 1),
    ("utf16be-no-bom.csv", "encoding-unsupported", 1),
    ("nul-byte.csv", "binary-content", 15),
    ("windows-1252.csv", "encoding-unsupported", 14),
    # the API format (findings 5, 6 and the untested bad-input paths of 12)
    ("api-negative-units.csv", "number-out-of-range", 13),
    ("api-negative-tiv.csv", "tiv-out-of-range", 13),
    ("api-tiv-nan.csv", "tiv-out-of-range", 13),
    ("api-tiv-not-numeric.csv", "tiv-not-numeric", 13),
    ("api-units-not-integer.csv", "number-not-integer", 13),
    ("api-no-delivery-year.csv", "year-not-a-year", 13),
    ("api-status-unknown.csv", "status-unknown", 13),
    ("api-party-missing.csv", "party-missing", 13),
    ("api-deal-id-conflict.csv", "deal-id-conflict", 18),
    ("api-delivery-year-repeated.csv", "delivery-year-repeated", 15),
    ("api-missing-column.csv", "missing-column", 12),
    ("api-too-few-fields.csv", "too-few-fields", 14),
    ("api-header-only.csv", "no-deals", 12),
    # the per-year JSON (findings 5, 7)
    ("yearly-tiv-nan.json", "tiv-out-of-range", None),
    ("yearly-tiv-negative.json", "tiv-out-of-range", None),
    ("yearly-units-infinite.json", "number-out-of-range", None),
    ("yearly-tiv-not-numeric.json", "tiv-not-numeric", None),
    ("yearly-record-short.json", "too-few-fields", None),
    ("yearly-year-not-a-year.json", "year-not-a-year", None),
    ("yearly-too-deep.json", "json-too-deep", 1),
    ("yearly-not-json.json", "not-a-sipri-export", 2),
    ("yearly-empty.json", "no-deals", None),
]


def _counts(con):
    return [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("releases", "deals", "deliveries", "parties")]


@pytest.mark.parametrize("name,code,line", BAD)
def test_bad_file_is_refused_with_its_code_and_nothing_is_written(store_db, name, code, line):
    import_file(store_db, FIXTURES / "classic-latin1.csv")
    before = _counts(store_db)
    report = import_file(store_db, FIXTURES / "bad" / name)
    assert not report.valid and not report.written
    assert [(p.code, p.line) for p in report.problems] == [(code, line)]
    assert report.problems[0].fix  # every code names its fix
    assert _counts(store_db) == before


@pytest.mark.parametrize("name,code,line", BAD)
def test_dry_run_refuses_exactly_what_the_import_refuses(store_db, name, code, line):
    dry = import_file(store_db, FIXTURES / "bad" / name, dry_run=True)
    real = import_file(store_db, FIXTURES / "bad" / name)
    assert dry.to_dict()["problems"] == real.to_dict()["problems"]
    assert _counts(store_db)[:3] == [0, 0, 0]


def test_a_quoted_cell_that_never_closes_is_a_problem_not_a_crash(store_db, tmp_path):
    lines = (FIXTURES / "classic-latin1.csv").read_bytes().splitlines(keepends=True)[:13]
    path = tmp_path / "quote-never-closes.csv"
    path.write_bytes(b"".join(lines) + b'Myanmar,China,2013,?,7,?,"KS-1A\n'
                     + b"more of the cell, and more\n" * 5000)
    report = import_file(store_db, path)
    assert [(p.code, p.line) for p in report.problems] == [("line-too-long", 4869)]
    assert report.problems[0].message == ("A quoted cell runs on to line 4869 without closing "
                                          "(field larger than field limit (131072)).")
    assert not report.written and _counts(store_db)[:3] == [0, 0, 0]


def test_a_json_file_ten_times_sipris_is_refused_unread(store_db, tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b'{"China": {"2014": {"Myanmar": [' + b'["1", "2", "d", "x"], ' * 1_700_000
                     + b'["1", "2", "d", "x"]]}}}')
    report = import_file(store_db, path)
    assert [(p.code, p.line) for p in report.problems] == [("json-too-large", 1)]
    assert report.problems[0].message == (
        "The file has 37,400,056 bytes; SIPRI's per-year file has about 3 MB, and JSON over "
        "33,554,432 is not read.")


def test_dry_run_checks_the_databases_column_types(store_db, monkeypatch):
    """With the reader's bound lifted, 99,999,999,999 ordered passes the reader; the dry run meets
    the INTEGER column as the import does (finding 7: it passed --dry-run, then failed the import
    with "Current transaction is aborted", the cause hidden)."""
    monkeypatch.setattr(sipri_text, "MAX_COUNT", 10**12)
    path = FIXTURES / "bad" / "number-ordered-overflow.csv"
    dry = import_file(store_db, path, dry_run=True)
    real = import_file(store_db, path)
    for report in (dry, real):
        assert not report.written
        assert [p.code for p in report.problems] == ["database-refused"]
        assert "99999999999" in report.problems[0].message  # the cause, not "transaction aborted"
    assert _counts(store_db)[:3] == [0, 0, 0]


def test_dry_run_reports_without_writing(store_db):
    report = import_file(store_db, FIXTURES / "classic-latin1.csv", dry_run=True)
    assert report.valid and not report.written and report.deals == 18
    assert _counts(store_db)[:3] == [0, 0, 0]


def test_importing_the_same_file_twice_changes_nothing(store_db):
    first = import_file(store_db, FIXTURES / "classic-latin1.csv")
    after_first = _counts(store_db)
    second = import_file(store_db, FIXTURES / "classic-latin1.csv")
    assert first.written and not second.written
    assert second.stats["already_imported_as_release"] == first.stats["release_id"]
    assert _counts(store_db) == after_first


def test_a_negative_milex_figure_is_refused_with_its_cell(store_db, tmp_path):
    from milex_book import make_workbook
    from openpyxl import load_workbook

    book = load_workbook(make_workbook(tmp_path / "milex.xlsx"))
    book["Constant (2022) US$"]["D8"] = -25  # Myanmar, 2020
    book.save(tmp_path / "negative.xlsx")
    report = import_file(store_db, tmp_path / "negative.xlsx")
    assert [(p.code, p.line, p.column, p.value) for p in report.problems] == [
        ("milex-figure-out-of-range", 8, "Constant (2022) US$!D", "-25")]
    assert not report.written
    assert store_db.execute("SELECT count(*) FROM milex_figures").fetchone() == (0,)


@pytest.mark.parametrize("name", ["number-ordered-overflow.csv", "number-ordered-nan.csv",
                                  "number-delivered-nan.csv", "yearly-too-deep.json"])
def test_the_cli_refuses_with_dry_run_exactly_as_without(tmp_path, name):
    """Finding 7 end to end: these crashed `armswatch import` (exit 70) or passed `--dry-run`;
    now both refuse with the same report, exit 1, and no traceback."""
    import json
    import os
    import subprocess
    import sys

    def run(*flags: str):
        env = {**os.environ, "ARMSWATCH_DB": str(tmp_path / "cli.duckdb")}
        return subprocess.run([sys.executable, "-m", "armswatch", "import", *flags, "--format",
                               "json", str(FIXTURES / "bad" / name)], capture_output=True,
                              text=True, env=env, timeout=300)

    dry, real = run("--dry-run"), run()
    assert (dry.returncode, real.returncode) == (1, 1)
    assert "Traceback" not in dry.stderr + real.stderr
    dry_report, real_report = json.loads(dry.stdout), json.loads(real.stdout)
    assert dry_report["problems"] == real_report["problems"]
    assert len(real_report["problems"]) == 1 and not real_report["written"]
