"""Readers of each SIPRI format, on small slices of real exports."""

from __future__ import annotations

from datetime import datetime

from conftest import FIXTURES

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
