"""The API export reader's whole output (issue 14, finding 12: mutation testing left the reader's
flags, empty cells and problem details unchecked). A slice of SIPRI's API export, variants of it
edited in the test, and one broken fixture per problem code."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import FIXTURES

from armswatch.sources import api

SLICE = FIXTURES / "api-2000-2001.csv"

# deal id, supplier, designation, category, order year (estimate), delivered (estimate), delivery
# years, status, TIV per unit, TIV delivered, first line; every recipient is Algeria.
DEALS = [
    ("32502", "China", "C-802", "Missiles", 1999, True, 17, True, [2000, 2001], "New", 0.9, 15.3, 13),
    ("37654", "China", "Type-347G", "Sensors", 2000, True, 2, True, [2000, 2001], "New", 2.5, 5.0, 15),
    ("33356", "Ukraine", "R-27R/T", "Missiles", 1999, True, 42, False, [2000], "New", 0.19, 7.98, 17),
    ("32503", "Russia", "Garpun", "Sensors", 1997, True, 1, False, [2000], "New", 5.0, 5.0, 18),
    ("32501", "Russia", "TEST-71", "Missiles", 1997, True, 16, True, [2000, 2001], "New", 1.0, 16.0, 19),
    ("32499", "Russia", "MR-104 Rys", "Sensors", 1997, True, 1, False, [2000], "New", 2.25, 2.25, 21),
    ("32402", "United States", "Beech-1900", "Aircraft", 2000, False, 6, True, [2001], "New", 3.8,
     22.8, 22),
    ("31973", "South Africa", "ZT-3 Ingwe", "Missiles", 1998, True, 700, True, [2000, 2001], "New",
     0.03, 21.0, 23),
    ("31299", "United States", "TPS-70", "Sensors", 1998, True, 4, True, [2000, 2001], "New", 11.0,
     44.0, 25),
    ("30756", "United States", "Beech-1900 AGS", "Aircraft", 2000, False, 2, True, [2001], "New",
     10.9, 21.8, 27),
    ("29859", "Ukraine", "T-72M1", "Armoured vehicles", 1997, True, 13, False, [2000],
     "Second hand", 1.04, 13.52, 28),
    ("29644", "Ukraine", "MiG-29", "Aircraft", 1998, True, 5, False, [2000], "Second hand", 8.26,
     41.3, 29),
    ("27000", "Russia", "Kh-35", "Missiles", 1998, False, 30, True, [2000], "New", 1.0, 30.0, 30),
]
# deal id, year, units, TIV: SIPRI's own split, never estimated
YEARLY = [
    ("32502", 2001, 9, 8.1), ("32502", 2000, 8, 7.2), ("37654", 2000, 1, 2.5),
    ("37654", 2001, 1, 2.5), ("33356", 2000, 42, 7.98), ("32503", 2000, 1, 5.0),
    ("32501", 2000, 8, 8.0), ("32501", 2001, 8, 8.0), ("32499", 2000, 1, 2.25),
    ("32402", 2001, 6, 22.8), ("31973", 2000, 350, 10.5), ("31973", 2001, 350, 10.5),
    ("31299", 2000, 2, 22.0), ("31299", 2001, 2, 22.0), ("30756", 2001, 2, 21.8),
    ("29859", 2000, 13, 13.52), ("29644", 2000, 5, 41.3), ("27000", 2000, 30, 30.0),
]


def deals(source):
    assert {(d.recipient, d.comments, d.number_ordered, d.number_ordered_uncertain,
             d.tiv_total_order) for d in source.deals} == {("Algeria", None, None, False, None)}
    return [(d.deal_id, d.supplier, d.designation, d.category, d.order_year,
             d.order_year_uncertain, d.number_delivered, d.number_delivered_uncertain,
             d.delivery_years, d.status, d.tiv_per_unit, d.tiv_delivered, d.source_line)
            for d in source.deals]


def yearly(source):
    assert {y.estimated for y in source.yearly} == {False}
    return [(y.deal_id, y.year, y.number_delivered, y.tiv_delivered) for y in source.yearly]


def test_the_slice_reads_as_sipris_deals_and_yearly_split():
    source = api.read(SLICE)
    assert (source.report.valid, source.report.rows_read) == (True, 18)
    assert deals(source) == DEALS
    assert yearly(source) == YEARLY


def _edited(tmp_path, edit, drop: str | None = None):
    """The slice with ``edit(row)`` applied to each row (a dict), ``drop`` column removed."""
    lines = SLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if api.is_header(line))
    rows = list(csv.DictReader(lines[header:]))
    columns = [c for c in rows[0] if c != drop]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        edit(row)
        writer.writerow(row)
    path = tmp_path / "api-edited.csv"
    path.write_text("".join(lines[:header]) + out.getvalue(), encoding="utf-8")
    return api.read(path)


def test_a_deal_is_an_estimate_if_any_of_its_years_is(tmp_path):
    def second_year_certain(row):
        if (row["SIPRI AT Database ID"], row["Delivery year"]) == ("32501", "2001"):
            row["Numbers delivered is estimate"] = "No"
    source = _edited(tmp_path, second_year_certain)
    assert deals(source) == DEALS


def test_a_year_with_empty_units_and_tiv_adds_nothing(tmp_path):
    """SIPRI: "an empty field indicates that no deliveries have been identified"."""
    def nothing_identified(row):
        if (row["SIPRI AT Database ID"], row["Delivery year"]) == ("31299", "2001"):
            row["Numbers delivered"] = row["TIV delivery values"] = ""
    source = _edited(tmp_path, nothing_identified)
    expected = [d[:6] + (2,) + d[7:11] + (22.0, d[12]) if d[0] == "31299" else d for d in DEALS]
    assert deals(source) == expected
    assert yearly(source) == [("31299", 2001, None, 0.0) if y[:2] == ("31299", 2001) else y
                              for y in YEARLY]


def test_a_file_without_the_optional_local_production_column_reads_the_same(tmp_path):
    source = _edited(tmp_path, lambda row: None, drop="Local production")
    assert (source.report.problems, deals(source), yearly(source)) == ([], DEALS, YEARLY)


BAD = {
    "api-deal-id-conflict.csv": [
        ("deal-id-conflict", 18, "Supplier", "Russia", "SIPRI id 32502 names two different "
         "deals: line 13 has Supplier 'China', line 18 has 'Russia'.")],
    "api-delivery-year-repeated.csv": [
        ("delivery-year-repeated", 15, "Delivery year", "2001", "Deal 32502 has a second row for "
         "2001 (line 15); its units and TIV would be counted twice.")],
    "api-header-only.csv": [("no-deals", 12, None, None, "The file has a header but no deals.")],
    "api-missing-column.csv": [
        ("missing-column", 12, "TIV delivery values", None,
         "The header has no 'TIV delivery values' column.")],
    "api-negative-tiv.csv": [
        ("tiv-out-of-range", 13, "TIV delivery values", "-8.1", "'-8.1' in 'TIV delivery "
         "values' is out of range: -8.1 is outside 0 to 100,000 (line 13).")],
    "api-negative-units.csv": [
        ("number-out-of-range", 13, "Numbers delivered", "-3", "'-3' in 'Numbers delivered' is "
         "out of range: -3 is outside 0 to 1,000,000 (line 13).")],
    "api-no-delivery-year.csv": [
        ("year-not-a-year", 13, "Delivery year", None, "Line 13 has no delivery year.")],
    "api-party-missing.csv": [
        ("party-missing", 13, None, None, "Line 13 lacks a deal id, supplier or recipient.")],
    "api-status-unknown.csv": [
        ("status-unknown", 13, "Status", "Leased", "Unknown status 'Leased' (line 13).")],
    "api-tiv-nan.csv": [
        ("tiv-out-of-range", 13, "TIV deal unit", "NaN", "'NaN' in 'TIV deal unit' is out of "
         "range: NaN is outside 0 to 10,000 (line 13).")],
    "api-tiv-not-numeric.csv": [
        ("tiv-not-numeric", 13, "TIV delivery values", "n/a",
         "'n/a' in 'TIV delivery values' is not valid (line 13).")],
    "api-too-few-fields.csv": [
        ("too-few-fields", 14, None, None, "Line 14 does not have the header's 17 fields.")],
    "api-units-not-integer.csv": [
        ("number-not-integer", 13, "Numbers delivered", "2.5",
         "'2.5' in 'Numbers delivered' is not valid (line 13).")],
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_broken_api_file_is_refused_with_its_whole_problem(name):
    source = api.read(FIXTURES / "bad" / name)
    problems = [(p.code, p.line, p.column, p.value, p.message) for p in source.report.problems]
    assert (source.report.valid, problems, source.deals, source.yearly) == (False, BAD[name], [], [])
