"""Readers of each SIPRI format, on small slices of real exports."""

from __future__ import annotations

import tempfile
from dataclasses import astuple
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from conftest import FIXTURES, SIPRI, needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.sources import api, classic, deliveries_json
from armswatch.sources.detect import read_any, sniff


def test_classic_reads_latin1_legend_flags_and_rejoins_a_broken_deal():
    source = classic.read(FIXTURES / "classic-latin1.csv")
    assert source.report.valid, source.report.problems
    assert source.data_generated == datetime(2025, 3, 13, 10, 2, 49)
    assert "All countries" in (source.scope or "")
    # 19 physical data lines, one deal broken over two of them
    assert len(source.deals) == 18
    broken = next(d for d in source.deals if d.designation == "BTR-3" and d.recipient == "Thailand")
    assert broken.comments.endswith("redesign for other engines")
    assert (broken.tiv_per_unit, broken.tiv_total_order, broken.tiv_delivered) == (0.25, 3.5, 3.25)
    assert broken.delivery_years == [2010, 2012]
    assert any(d.designation == "Bü-181 Bestmann" for d in source.deals)
    malyutka = next(d for d in source.deals if d.designation == "Malyutka")
    assert malyutka.delivery_years == list(range(1979, 1991))
    assert (malyutka.order_year_uncertain, malyutka.number_ordered_uncertain,
            malyutka.number_delivered_uncertain) == (True, True, False)
    assert {d.recipient for d in source.deals} >= {"Myanmar", "Libya HoR*", "United Nations**"}


def test_classic_deal_ids_are_deterministic_and_unique():
    first = [d.deal_id for d in classic.read(FIXTURES / "classic-latin1.csv").deals]
    second = [d.deal_id for d in classic.read(FIXTURES / "classic-latin1.csv").deals]
    assert first == second
    assert len(set(first)) == len(first)


def test_resaved_variant_merges_the_stray_tiv_row():
    source = read_any(FIXTURES / "resaved-utf8-bom.csv")
    assert source.format == "classic" and source.report.valid
    assert source.data_generated is None
    btr = next(d for d in source.deals if d.designation == "BTR-3" and d.recipient == "Thailand")
    assert (btr.tiv_per_unit, btr.tiv_total_order, btr.tiv_delivered) == (0.25, 3.5, 3.25)
    assert len(source.deals) == 8  # 9 rows below the header, one of them the stray TIVs


def test_2026_header_renames_number_delivered():
    source = read_any(FIXTURES / "china-2026.csv")
    assert source.report.valid
    assert source.data_generated == datetime(2026, 7, 14, 14, 55, 4)
    first = source.deals[0]
    assert (first.recipient, first.supplier, first.designation, first.number_delivered) == (
        "Afghanistan", "China", "Tiger", 10)


def test_api_rows_group_into_deals_with_sipris_yearly_split():
    source = api.read(FIXTURES / "api-2000-2001.csv")
    assert source.report.valid
    assert len(source.yearly) == 18
    c802 = next(d for d in source.deals if d.deal_id == "32502")
    assert (c802.supplier, c802.recipient, c802.category) == ("China", "Algeria", "Missiles")
    assert c802.delivery_years == [2000, 2001]
    assert c802.number_delivered == 17 and c802.tiv_delivered == 15.3
    assert c802.order_year == 1999 and c802.order_year_uncertain
    years = sorted((y.year, y.number_delivered, y.tiv_delivered) for y in source.yearly
                   if y.deal_id == "32502")
    assert years == [(2000, 8, 7.2), (2001, 9, 8.1)]


def test_deliveries_json_reads_sipris_yearly_records():
    source = deliveries_json.read(FIXTURES / "deliveries-myanmar.json")
    assert source.report.valid
    ks1 = [r for r in source.sipri_years if r.designation == "KS-1"]
    assert [(r.year, r.number_delivered, r.tiv_delivered) for r in ks1] == [
        (2015, 85, 14.45), (2016, 90, 15.3), (2017, 90, 15.3)]


def test_format_is_detected_from_the_header_not_the_name():
    assert sniff((FIXTURES / "classic-latin1.csv").read_bytes()) == "classic"
    assert sniff((FIXTURES / "resaved-utf8-bom.csv").read_bytes()) == "classic"
    assert sniff((FIXTURES / "api-2000-2001.csv").read_bytes()) == "api"
    assert sniff((FIXTURES / "deliveries-myanmar.json").read_bytes()) == "deliveries-json"
    assert sniff(b"<html></html>") is None


# --- issue 14: a SIPRI id is one deal, wherever its rows are ------------------------------------

def _deals_by_id(source):
    """Each deal as a comparable value: every field but the line it was first seen on."""
    from dataclasses import asdict

    return {d.deal_id: {k: v for k, v in asdict(d).items() if k != "source_line"}
            for d in source.deals}


def _api_with_rows(tmp_path, rows: list[bytes], name: str = "api.csv"):
    lines = (FIXTURES / "api-2000-2001.csv").read_bytes().splitlines(keepends=True)
    path = tmp_path / name
    path.write_bytes(b"".join(lines[:12] + rows))
    return api.read(path)


def test_api_rows_of_one_deal_need_not_be_adjacent(tmp_path):
    """Finding 12's surviving mutant: a new deal whenever the id changes. Here deal 32502's two
    rows are split by two others, and the deals are the same as in SIPRI's order."""
    rows = (FIXTURES / "api-2000-2001.csv").read_bytes().splitlines(keepends=True)[12:]
    apart = [rows[0], rows[2], rows[3], rows[1], *rows[4:]]
    source = _api_with_rows(tmp_path, apart)
    assert source.report.valid, source.report.problems
    assert _deals_by_id(source) == _deals_by_id(api.read(FIXTURES / "api-2000-2001.csv"))
    assert [d.deal_id for d in source.deals].count("32502") == 1


def test_a_second_deal_under_one_sipri_id_is_refused_naming_both_lines():
    """Finding 6: a Russia -> Algeria row under China -> Algeria's id was merged into it."""
    source = api.read(FIXTURES / "bad" / "api-deal-id-conflict.csv")
    assert [p.to_dict() for p in source.report.problems] == [{
        "code": "deal-id-conflict",
        "message": "SIPRI id 32502 names two different deals: line 13 has Supplier 'China', "
                   "line 18 has 'Russia'.",
        "line": 18, "column": "Supplier", "value": "Russia",
        "fix": "One SIPRI deal id must name one deal; the two lines differ in the field named: "
               "export the file again from SIPRI, unedited."}]


@needs_shared
@settings(max_examples=15, deadline=None)
@given(order=st.randoms(use_true_random=False))
def test_shuffled_api_export_gives_the_same_deals(order):
    """SIPRI's whole API sample (1,414 rows, 1,086 deals) in any row order: the same deals, the
    same yearly rows."""
    reference = _real_api()
    lines = (SIPRI / "api-trade-register-2000-2001.csv").read_bytes().splitlines(keepends=True)
    rows = lines[12:]
    order.shuffle(rows)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "shuffled.csv"
        path.write_bytes(b"".join(lines[:12] + rows))
        source = api.read(path)
    assert source.report.valid
    assert _deals_by_id(source) == _deals_by_id(reference)
    assert sorted(map(astuple, source.yearly)) == sorted(map(astuple, reference.yearly))


@lru_cache(maxsize=1)
def _real_api():
    return api.read(SIPRI / "api-trade-register-2000-2001.csv")


# --- issue 14, finding 8: a file known bad is read no further --------------------------------------

def test_past_1000_problems_reading_stops_and_the_report_says_it_was_cut(tmp_path):
    lines = (FIXTURES / "classic-latin1.csv").read_bytes().splitlines(keepends=True)
    junk = b"".join(b"J%d,X,19x9,?,7,?,d,e,7,,2015,New,c,1,1,1\n" % i for i in range(5000))
    path = tmp_path / "junk.csv"
    path.write_bytes(b"".join(lines[:13]) + junk)
    source = classic.read(path)
    report = source.report
    assert source.deals == []  # the one good row is not kept: the file is refused
    assert len(report.problems) == 1000 and report.problems_found == 1001
    assert report.stopped_at_line == 1015
    assert report.summary() == ("the first 1,000 of at least 1,001 problems (reading stopped at "
                                "line 1,015) in junk.csv; first: '19x9' is not a year (line 14).")
    assert {k: report.to_dict()[k] for k in ("problems_found", "problems_cut", "stopped_at_line")} \
        == {"problems_found": 1001, "problems_cut": True, "stopped_at_line": 1015}
