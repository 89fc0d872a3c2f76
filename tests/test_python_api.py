"""The Python API returns the same results as the CLI's core functions, as DataFrames, with keyword
signatures that mirror the CLI's flags and errors that name the keyword (issue 17)."""

from __future__ import annotations

import inspect
import shutil

import pandas as pd
import pytest

import armswatch
from armswatch import db
from armswatch.errors import UnknownParty, UsageError
from armswatch.python_api import Armswatch, Extraction, FactSheet


@pytest.fixture(scope="module")
def aw(tmp_path_factory):
    with armswatch.open(tmp_path_factory.mktemp("api") / "aw.duckdb") as handle:
        yield handle


def test_deals_as_a_dataframe_through_aliases(aw):
    frame = aw.deals(supplier="USSR", recipient="Burma")
    assert list(frame.columns[:3]) == ["deal_id", "supplier", "recipient"]
    assert set(frame.supplier) == {"Soviet Union"} and set(frame.recipient) == {"Myanmar"}
    recent = aw.deals(supplier="Russia", recipient="Myanmar", year_from=2021, year_to=2021,
                      designation="pantsyr")
    assert recent.designation.tolist() == ["96K9 Pantsyr-S1"]


@pytest.mark.parametrize("by", ["supplier", ["supplier"], ("supplier",)])
def test_flows_by_one_key_as_a_string_or_a_list(aw, by):
    frame = aw.flows(recipient="Myanmar", year_from=2014, year_to=2019, by=by)
    shares = dict(zip(frame.supplier, frame.share))
    assert shares["Russia"] == pytest.approx(16.6, abs=0.1)
    assert frame.share.sum() == pytest.approx(100)


def test_flows_by_two_keys_and_trend(aw):
    frame = aw.flows(supplier="Russia", by="year,recipient", year_from=2023, year_to=2024)
    assert list(frame.columns[:2]) == ["year", "recipient"] and set(frame.year) == {2023, 2024}
    periods = aw.trend(recipient="India", by="supplier")
    assert list(periods.columns[:2]) == ["period", "supplier"]
    assert periods.period.iloc[-1] == "2020-2024"


def test_factsheet_is_a_dataclass_of_dataframes(aw):
    sheet = aw.factsheet("2020-2024", top=3)
    assert isinstance(sheet, FactSheet) and sheet.period == "2020-2024"
    assert sheet.exporters.party.tolist() == ["United States", "France", "Russia"]
    assert sheet.summary.suppliers_count.iloc[0] == 64
    assert sheet.exporters.share.iloc[0] == pytest.approx(42.9, abs=0.05)
    assert sheet.importers.party.iloc[0] == "Ukraine"
    assert sheet.attribution.startswith("Source: SIPRI Arms Transfers Database (c) SIPRI")
    assert isinstance(sheet.regions, pd.DataFrame) and len(sheet.regions) > 3


def test_info_dependence_and_parties(aw):
    assert aw.info().deals == 29_515
    dep = aw.dependence(recipient="India", year_from=2015, year_to=2024)
    assert dep.recipient.unique().tolist() == ["India"] and len(dep) == 2
    assert aw.parties("burma").name.tolist() == ["Myanmar"]
    assert aw.parties("775").iso3.tolist() == ["MMR"]
    assert set(aw.parties(kind="international_organisation").kind) == {"international_organisation"}


def test_extract_and_check_a_text(aw):
    text = "Russia delivered six Su-30 fighter aircraft to Myanmar in 2023, officials said."
    found = aw.extract(text, published="2024-01-10")
    assert isinstance(found, Extraction)
    delivered = found.transfers[found.transfers.status == "delivered"]
    assert delivered[["supplier", "recipient", "weapon", "quantity", "year"]].values.tolist() == [
        ["Russia", "Myanmar", "Su-30", 6, 2023]]
    checked = aw.check(text, published="2024-01-10")
    row = checked[checked.claim.str.contains("delivered")].iloc[0]
    assert (row.kind, row.verdict) == ("transfer", "documented") and row.deal_ids


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda aw: aw.flows(year_from=2024, year_to=2010), UsageError,
     "year_from 2024 is after year_to 2010; swap them."),
    (lambda aw: aw.flows(by="suplier"), UsageError, "Unknown by key 'suplier'"),
    (lambda aw: aw.deals(year_from=2030), UsageError, "covers 1950-2024"),
    (lambda aw: aw.factsheet("2021-2025"), UsageError, "2021-2025 runs beyond the data"),
    (lambda aw: aw.factsheet("2020", top=0), UsageError, "top must be 1 or more, not 0."),
    (lambda aw: aw.deals(recipient="Myanmr"), UnknownParty, "Did you mean Myanmar"),
])
def test_errors_name_the_keyword_not_the_flag(aw, call, error, message):
    with pytest.raises(error) as raised:
        call(aw)
    assert message in str(raised.value) and "--" not in str(raised.value)


def test_signatures_mirror_the_cli_flags_as_typed_keywords():
    expected = {
        "deals": ["supplier", "recipient", "year_from", "year_to", "designation", "category",
                  "status", "release_id", "limit"],
        "flows": ["supplier", "recipient", "year_from", "year_to", "by", "category",
                  "period_length", "merge_successors", "release_id"],
        "trend": ["supplier", "recipient", "by", "period_length", "year_from", "year_to",
                  "category", "merge_successors", "release_id"],
        "dependence": ["recipient", "year_from", "year_to", "period_length", "merge_successors",
                       "release_id"],
        "milex": ["country", "year", "region", "year_from", "year_to", "measure", "top"],
    }
    for name, keywords in expected.items():
        method = getattr(Armswatch, name)
        params = list(inspect.signature(method).parameters.values())[1:]
        assert [p.name for p in params] == keywords, name
        assert all(p.kind is p.KEYWORD_ONLY and p.annotation != inspect.Parameter.empty
                   for p in params), name
        assert method.__doc__ and f"armswatch {name}" in method.__doc__, name
    for name in ("info", "factsheet", "parties", "extract", "check", "close"):
        assert getattr(Armswatch, name).__doc__, name


def test_a_with_block_closes_the_database(tmp_path, aw):
    path = tmp_path / "copy.duckdb"
    shutil.copy(aw.path, path)
    with armswatch.open(path) as handle:
        assert handle.info().deals == 29_515
    with pytest.raises(Exception, match="closed"):
        handle.con.execute("SELECT 1")


def test_a_partial_release_is_named_by_a_warning(tmp_path):
    from conftest import FIXTURES

    from armswatch.python_api import PartialRelease
    from armswatch.store.load import import_file

    with armswatch.open(tmp_path / "partial.duckdb") as aw:
        assert import_file(aw.con, FIXTURES / "china-2026.csv").valid
        with pytest.warns(PartialRelease, match="Release 3 is a partial export"):
            frame = aw.deals(supplier="China", release_id=3)
        assert set(frame.supplier) == {"China"}


def test_a_session_derives_once_per_copy_and_afresh_after_a_write(tmp_path):
    """`Armswatch.check()` built the checker's deal index on every call (a new view each time);
    a session now keeps its views per copy of the database, and a write (renewing the copy)
    starts afresh, so what was written is read at once."""
    from armswatch.store.load import import_file
    from conftest import FIXTURES

    path = tmp_path / "aw.duckdb"
    db.connect(path, seed=False).close()
    with Armswatch(path) as session:
        with session.writing() as con:
            import_file(con, FIXTURES / "api-2000-2001.csv")
        first = session._view(None)
        session.check("Russia delivered two Su-30 fighters to Myanmar in 2001.")
        assert session._view(None) is first and first.derived_values   # the index, kept
        with session.writing() as con:
            import_file(con, FIXTURES / "china-2026.csv")
        renewed = session._view(None)
        assert renewed is not first and not renewed.derived_values
        assert session._view(2).release.file_name == "china-2026.csv"
