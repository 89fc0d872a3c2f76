"""The bundled Parquet is what the importers make of SIPRI's raw files today (issue 14, finding 12):
``scripts/build_bundle.py`` rebuilds it from ../shared/data into a temporary folder, and every table
is compared row by row with src/armswatch/data. An import or split change that moves a pinned SIPRI
figure fails here until the bundle is rebuilt (``make bundle``) and the figures are looked at again.
Only the time of import differs between two builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED, needs_shared

from armswatch.store.bundle import BUNDLE_TABLES, bundle_dir

ROOT = Path(__file__).resolve().parents[1]
IMPORT_TIME = {"releases": "imported_at", "milex_releases": "imported_at"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    build = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_bundle.py"),
                            "--shared", str(SHARED / "sipri"),
                            "--milex", str(SHARED / "milex" / "SIPRI-Milex-data-1949-2024.xlsx"),
                            "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    return out


def _rows(directory: Path, table: str) -> list[tuple]:
    """The table's rows in the file's order (write_bundle orders them), import time left out."""
    drop = f" EXCLUDE ({IMPORT_TIME[table]})" if table in IMPORT_TIME else ""
    with duckdb.connect() as con:
        return con.execute(f"SELECT *{drop} FROM read_parquet(?)",
                           [str(directory / f"{table}.parquet")]).fetchall()


@needs_shared
@pytest.mark.parametrize("table", BUNDLE_TABLES)
def test_the_rebuilt_bundle_equals_the_shipped_one_row_by_row(rebuilt, table):
    shipped, fresh = _rows(bundle_dir(), table), _rows(rebuilt, table)
    first_difference = next((i for i, (a, b) in enumerate(zip(shipped, fresh)) if a != b), None)
    assert (len(fresh), first_difference) == (len(shipped), None), (
        f"{table}: row {first_difference}: shipped {shipped[first_difference or 0]} "
        f"rebuilt {fresh[first_difference or 0]}")


@needs_shared
def test_the_rebuilt_manifest_and_notice_equal_the_shipped_ones(rebuilt):
    assert json.loads((rebuilt / "manifest.json").read_text()) == json.loads(
        (bundle_dir() / "manifest.json").read_text())
    assert (rebuilt / "NOTICE.md").read_text(encoding="utf-8") == (
        bundle_dir() / "NOTICE.md").read_text(encoding="utf-8")
