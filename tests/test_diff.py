"""`armswatch diff` (issue 20): what changed between two releases, on what both hold."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from armswatch import db
from armswatch.errors import UsageError
from armswatch.analytics.diff import DiffQuery, diff_releases
from armswatch.store.load import import_file
from armswatch.web import create_app
from conftest import FIXTURES

MYANMAR_2014_19 = dict(supplier="China", recipient="Burma", year_from=2014, year_to=2019)
SHARE = "China's share of Myanmar's 2014–19 imports: 59.4% → 60.1%"


def _release(con, file_name: str) -> int:
    return con.execute("SELECT release_id FROM releases WHERE file_name = ?", [file_name]).fetchone()[0]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    path = tmp_path_factory.mktemp("diff") / "armswatch.duckdb"
    con = db.connect(path)
    register = _release(con, "trade-register-1950-2024.csv")
    per_year = _release(con, "deliveries-by-year-1950-2025.json")
    con.close()  # each test opens it as its shell would (the CLI read-only)
    return path, register, per_year


def _plain(rows) -> list[tuple]:
    return [(r.change, r.supplier, r.recipient, r.designation, r.year, r.field, r.before, r.after)
            for r in rows]


def test_the_2025_register_against_the_2026_per_year_release(bundled):
    path, register, per_year = bundled
    with db.connect(path, read_only=True) as con:
        result = diff_releases(con, DiffQuery(register, per_year, **MYANMAR_2014_19))
    assert result.basis == "designations"
    assert result.compared.startswith(f"on what both releases hold (release {per_year} holds "
                                      "SIPRI's per-year deliveries only")
    lines = [r for r in _plain(result.rows) if r[0] != "revised"]
    assert lines == [
        ("added", "China", "Myanmar", "Type-344", None, "tiv_delivered", None, 2.5),
        ("changed", "China", "Myanmar", "KS-1", None, "designation", "KS-1A", "KS-1"),
        ("changed", "China", "Myanmar", "KS-1", None, "number_delivered", 300.0, 350.0),
        ("changed", "China", "Myanmar", "KS-1", None, "tiv_delivered", 51.0, 59.5),
        ("changed", "China", "Myanmar", "NG-18 30mm", None, "number_delivered", 9.6, 9.0),
        ("changed", "China", "Myanmar", "NG-18 30mm", None, "tiv_delivered", 9.6, 9.0),
        ("changed", "China", "Myanmar", "PL-12", None, "tiv_delivered", 10.0, 12.5),
    ]
    ks1 = [r for r in _plain(result.rows) if r[0] == "revised" and r[3] == "KS-1"
           and r[5] == "number_delivered"]
    assert [(r[4], r[7]) for r in ks1] == [(2015, 85.0), (2016, 90.0), (2017, 90.0), (2018, 85.0)]
    assert result.effect is not None
    assert result.effect.sentence == SHARE
    assert (result.effect.before, result.effect.after) == (59.4, 60.1)


def test_a_release_against_itself_is_refused(bundled):
    path, register, _per_year = bundled
    with db.connect(path, read_only=True) as con, pytest.raises(UsageError, match="two different"):
        diff_releases(con, DiffQuery(register, register))


def _cli(path: Path, *args: str):
    from armswatch.cli.main import _register_commands, app

    _register_commands()  # every command, in the registry's order (as the console script does)
    return CliRunner().invoke(app, ["--db", str(path), *args])


def test_cli_table_csv_and_json(bundled):
    path, register, per_year = bundled
    args = ("diff", str(register), str(per_year), "--supplier", "China", "--recipient", "Myanmar",
            "--period", "2014-2019")
    table = _cli(path, *args)
    assert table.exit_code == 0, table.output
    assert SHARE in table.output
    assert "1 added, 0 removed, 3 changed, 8 per-year revisions." in table.output
    assert "Source: SIPRI Arms Transfers Database (c) SIPRI" in table.output
    rows = list(csv.DictReader(io.StringIO(_cli(path, *args, "--format", "csv").stdout)))
    assert {k: rows[2][k] for k in ("change", "designation", "field", "before", "after")} == {
        "change": "changed", "designation": "KS-1", "field": "number_delivered",
        "before": "300.0", "after": "350.0"}
    answer = json.loads(_cli(path, *args, "--format", "json").stdout)
    assert answer["flows"]["sentence"] == SHARE
    assert answer["counts"] == {"added": 1, "removed": 0, "changed": 3, "revised": 8}
    assert answer["years"] == "2014-2019"


def test_web_page_json_and_csv(bundled):
    path, register, per_year = bundled
    application = create_app(path)
    query = f"from={register}&to={per_year}&supplier=China&recipient=Myanmar&period=2014-2019"
    with TestClient(application) as client:
        page = client.get(f"/diff?{query}")
        assert page.status_code == 200
        text = html.unescape(page.text)
        assert SHARE in text and "KS-1A" in text
        assert "Calculations by armswatch, not SIPRI" in text
        answer = client.get(f"/api/diff?{query}").json()
        assert answer["flows"]["sentence"] == SHARE
        download = client.get(f"/api/diff?{query}&format=csv")
        assert download.headers["content-type"].startswith("text/csv")
        assert "Source: SIPRI Arms Transfers Database (c) SIPRI" in download.headers["x-attribution"]
        assert "KS-1A" in download.text
        refused = client.get(f"/api/diff?from={register}&to={register}")
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "bad-request"


def _import(con, path: Path) -> int:
    report = import_file(con, path)
    assert report.valid, report.problems
    return con.execute("SELECT max(release_id) FROM releases").fetchone()[0]


def test_api_releases_are_matched_by_sipri_deal_id(empty_db, tmp_path):
    """Two API exports: a deal whose delivered number SIPRI revised, and one dropped."""
    original = (FIXTURES / "api-2000-2001.csv").read_text(encoding="utf-8")
    revised = original.replace("32502,China,Algeria,C-802,anti-ship missile,Missiles,1999,Yes,9,Yes,2001",
                               "32502,China,Algeria,C-802,anti-ship missile,Missiles,1999,Yes,10,Yes,2001")
    revised = revised.replace("Data generated: 10 Feb 2025", "Data generated: 11 Feb 2025")
    lines = revised.splitlines(keepends=True)
    other = next(line for line in lines if line[:1].isdigit() and not line.startswith("32502,"))
    sipri_id = other.split(",")[0]
    revised = "".join(line for line in lines if not line.startswith(f"{sipri_id},"))
    (tmp_path / "later.csv").write_text(revised, encoding="utf-8")
    a = _import(empty_db, FIXTURES / "api-2000-2001.csv")
    b = _import(empty_db, tmp_path / "later.csv")
    result = diff_releases(empty_db, DiffQuery(a, b))
    assert result.compared.startswith("deal by deal, matched by SIPRI's deal id")
    changed = [(r.deal_id_before, r.field, r.before, r.after) for r in result.rows if r.change == "changed"]
    assert ("32502", "number_delivered", 17, 18) in changed
    removed = [(r.deal_id_before, r.deal_id_after) for r in result.rows if r.change == "removed"]
    assert removed == [(sipri_id, None)]
    revised_years = [(r.year, r.field, r.before, r.after) for r in result.rows if r.change == "revised"
                     and r.designation == "C-802" and r.recipient == "Algeria"]
    assert (2001, "number_delivered", 9.0, 10.0) in revised_years


def test_classic_releases_match_a_respelt_designation(empty_db, tmp_path):
    """No deal ids: a deal whose designation SIPRI spells anew is one changed deal, not two."""
    original = (FIXTURES / "classic-latin1.csv").read_text(encoding="latin-1")
    later = original.replace("Myanmar,China,2013,?,7,?,KS-1A,SAM system,7,",
                             "Myanmar,China,2013,?,7,?,KS-1,SAM system,7,")
    later = later.replace("Data generated: 13 Mar 2025", "Data generated: 14 Mar 2025")
    assert later != original
    (tmp_path / "later.csv").write_text(later, encoding="latin-1")
    a = _import(empty_db, FIXTURES / "classic-latin1.csv")
    b = _import(empty_db, tmp_path / "later.csv")
    result = diff_releases(empty_db, DiffQuery(a, b))
    assert result.basis == "deals"
    assert [(r.change, r.designation, r.order_year, r.field, r.before, r.after)
            for r in result.rows if r.change != "revised"] == [
        ("changed", "KS-1A", 2013, "designation", "KS-1A", "KS-1")]
