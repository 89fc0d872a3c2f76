"""The Python API returns the same results as the CLI's core functions, as DataFrames."""

from __future__ import annotations

import pytest

import armswatch


@pytest.fixture(scope="module")
def aw(tmp_path_factory):
    handle = armswatch.open(tmp_path_factory.mktemp("api") / "aw.duckdb")
    yield handle
    handle.close()


def test_deals_as_a_dataframe_through_aliases(aw):
    frame = aw.deals(supplier="USSR", recipient="Burma")
    assert list(frame.columns[:3]) == ["deal_id", "supplier", "recipient"]
    assert set(frame.supplier) == {"Soviet Union"} and set(frame.recipient) == {"Myanmar"}


def test_flows_shares_of_myanmars_imports(aw):
    frame = aw.flows(recipient="Myanmar", year_from=2014, year_to=2019, by=("supplier",))
    shares = dict(zip(frame.supplier, frame.share))
    assert shares["Russia"] == pytest.approx(16.6, abs=0.1)
    assert frame.share.sum() == pytest.approx(100)


def test_factsheet_and_info(aw):
    sheet = aw.factsheet("2020-2024", top=3)
    assert [e["party"] for e in sheet["exporters"]] == ["United States", "France", "Russia"]
    assert aw.info()["deals"] == 29_515
