"""Every bad input is refused with its code and line, and the database is left exactly as it was."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

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
]


def _counts(con):
    return [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("releases", "deals", "deliveries", "parties")]


@pytest.mark.parametrize("name,code,line", BAD)
def test_bad_file_is_refused_with_its_code_and_nothing_is_written(empty_db, name, code, line):
    import_file(empty_db, FIXTURES / "classic-latin1.csv")
    before = _counts(empty_db)
    report = import_file(empty_db, FIXTURES / "bad" / name)
    assert not report.valid and not report.written
    assert report.problems[0].code == code
    assert report.problems[0].line == line
    assert report.problems[0].fix  # every code names its fix
    assert _counts(empty_db) == before


def test_dry_run_reports_without_writing(empty_db):
    report = import_file(empty_db, FIXTURES / "classic-latin1.csv", dry_run=True)
    assert report.valid and not report.written and report.deals == 18
    assert _counts(empty_db)[:3] == [0, 0, 0]


def test_importing_the_same_file_twice_changes_nothing(empty_db):
    first = import_file(empty_db, FIXTURES / "classic-latin1.csv")
    after_first = _counts(empty_db)
    second = import_file(empty_db, FIXTURES / "classic-latin1.csv")
    assert first.written and not second.written
    assert second.stats["already_imported_as_release"] == first.stats["release_id"]
    assert _counts(empty_db) == after_first
