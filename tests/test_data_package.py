"""SIPRI's data apart from the code (issue 20): the code's wheel holds no SIPRI data, the data
package holds it with SIPRI's terms, and without it every command says how to get SIPRI's data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from armswatch.store.bundle import find_bundle
from armswatch.terms import GET_DATA

ROOT = Path(__file__).resolve().parents[1]
DATA_PACKAGE = ROOT / "packages" / "armswatch-data-sipri"


def _wheel(source: Path, out: Path) -> zipfile.ZipFile:
    """Build a wheel with this environment's setuptools (offline: no build isolation)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(source)], check=True, capture_output=True, timeout=600)
    return zipfile.ZipFile(next(out.glob("*.whl")))


def test_the_code_wheel_holds_no_sipri_data(tmp_path):
    tree = tmp_path / "armswatch"
    tree.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns(
        "*.egg-info", "__pycache__", "*.so", "*.c"))  # compiled parts are not what is asked here
    names = _wheel(tree, tmp_path / "wheel").namelist()
    assert "armswatch/cli/main.py" in names
    assert "armswatch/data/models/transfers.json" in names  # the extractor's models are the code's
    assert [n for n in names if n.endswith(".parquet") or n.endswith("NOTICE.md")
            or n.endswith("manifest.json")] == []


def test_the_data_package_holds_the_data_and_sipris_terms(tmp_path):
    shutil.copytree(DATA_PACKAGE, tmp_path / "data", ignore=shutil.ignore_patterns("*.egg-info",
                                                                                   "__pycache__"))
    wheel = _wheel(tmp_path / "data", tmp_path / "wheel")
    names = wheel.namelist()
    assert "armswatch_data_sipri/deals.parquet" in names
    assert "armswatch_data_sipri/milex_figures.parquet" in names
    notice = wheel.read("armswatch_data_sipri/NOTICE.md").decode()
    assert "less than 10 per cent of a published data set" in notice
    metadata = next(n for n in names if n.endswith("METADATA"))
    assert "License-Expression: LicenseRef-SIPRI-terms" in wheel.read(metadata).decode()


def test_make_install_found_the_data_package():
    assert find_bundle() == DATA_PACKAGE / "src" / "armswatch_data_sipri"


# The console script with the data package not importable, as where only the code is installed.
WITHOUT_DATA = ("import sys; sys.modules['armswatch_data_sipri'] = None; "
                "from armswatch.cli.main import run; sys.argv[0] = 'armswatch'; run()")


def _armswatch_without_data(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ARMSWATCH_SIPRI_DATA", "ARMSWATCH_DEBUG")}
    return subprocess.run([sys.executable, "-c", WITHOUT_DATA, "--db", str(tmp_path / "db.duckdb"),
                           *args], capture_output=True, text=True, env={**env, "COLUMNS": "400"},
                          timeout=300)


@pytest.mark.parametrize("args", [("info",), ("deals", "--recipient", "Myanmar"),
                                  ("flows", "--recipient", "Myanmar"), ("diff", "2", "1")],
                         ids=" ".join)
def test_without_sipri_data_each_command_says_how_to_get_it(tmp_path, args):
    result = _armswatch_without_data(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert message == f"Error [no-sipri-data]: No SIPRI data is loaded. {GET_DATA}"


def test_without_sipri_data_an_import_brings_it(tmp_path):
    imported = _armswatch_without_data(tmp_path, "import", str(ROOT / "tests" / "fixtures" /
                                                                "classic-latin1.csv"))
    assert imported.returncode == 0, imported.stderr
    info = _armswatch_without_data(tmp_path, "info")
    assert info.returncode == 0, info.stderr
    assert "classic-latin1.csv" in info.stdout
