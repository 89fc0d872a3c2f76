"""The API export's rows in any order read as the same deals (issue 14, finding 12: a reader that
started a new deal whenever the id changed passed every test, since every fixture had a deal's
rows adjacent). A slice of SIPRI's API export with its delivery rows sorted by year instead."""

from __future__ import annotations

import csv
import dataclasses

from conftest import FIXTURES

from armswatch.sources import api

SLICE = FIXTURES / "api-2000-2001.csv"


def _by_year(tmp_path):
    """The slice with its rows sorted by delivery year: each two-year deal's rows are apart."""
    lines = SLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if api.is_header(line))
    column = next(csv.reader([lines[header]])).index("Delivery year")
    rows = sorted(lines[header + 1:], key=lambda row: next(csv.reader([row]))[column])
    path = tmp_path / "api-by-year.csv"
    path.write_text("".join(lines[:header + 1] + rows), encoding="utf-8")
    return path, [next(csv.reader([row]))[0] for row in rows]


def _deals(source):
    """Deals by id, without the line each was first met on (which the order changes)."""
    return {d.deal_id: dataclasses.replace(d, source_line=None) for d in source.deals}


def _yearly(source):
    return sorted(source.yearly, key=lambda y: (y.deal_id, y.year))


def test_rows_of_one_deal_apart_read_as_that_deal(tmp_path):
    path, ids = _by_year(tmp_path)
    assert any(ids[i] != ids[i + 1] and ids[i] in ids[i + 2:] for i in range(len(ids) - 2))
    original, reordered = api.read(SLICE), api.read(path)
    assert (reordered.report.valid, reordered.report.problems) == (True, [])
    assert _deals(reordered) == _deals(original)
    assert _yearly(reordered) == _yearly(original)
    assert (reordered.report.deals, reordered.report.deliveries) == (13, 18)
