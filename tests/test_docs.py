"""Docs that cannot drift: error codes and the CLI reference are checked against the code."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from armswatch import errors
from armswatch.report import PROBLEM_CODES

ROOT = Path(__file__).resolve().parents[1]


def _error_classes():
    return [cls for cls in vars(errors).values()
            if isinstance(cls, type) and issubclass(cls, errors.ArmswatchError)]


def test_every_problem_code_and_error_class_is_documented():
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in PROBLEM_CODES:
        assert f"`{code}`" in page, code
    for cls in _error_classes():
        assert f"`{cls.code}`" in page and f"`{cls.__name__}`" in page, cls


def test_cli_reference_is_current():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    os.environ.setdefault("COLUMNS", "100")
    expected = module.render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    if actual != expected:
        pytest.fail("docs/cli.md is out of date: run `python scripts/gen_cli_docs.py`")
