"""Statistic claims recomputed from a small register (issue 5). In the fixture, Myanmar imported
450 TIV in 2014-2019: 400 from China, 50 from Russia."""

from __future__ import annotations

import pytest
from check_register import build

from armswatch import db
from armswatch.reconcile import parse
from armswatch.reconcile.pipeline import Checker


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats") / "register.duckdb"
    build(path)
    con = db.connect(path, read_only=True)
    yield Checker(con)
    con.close()


def check(checker, evidence, **fields):
    verdict = checker.check(parse.statistic({"evidence": evidence, **fields}))
    return verdict.verdict, verdict.computed


def test_share_of_a_recipients_imports_within_rounding_and_revisions(checker):
    assert check(checker, "Russia supplied 11% of Myanmar's arms imports in 2014-2019.",
                 subject="Russia", object="Burma", measure="share", value=11, unit="%",
                 period=[2014, 2019]) == ("consistent", 11.11)
    assert check(checker, "Russia supplied a quarter of Myanmar's arms imports in 2014-2019.",
                 subject="Russia", object="Myanmar", measure="share", value=25, unit="%",
                 period=[2014, 2019]) == ("inconsistent", 11.11)


def test_rank_among_a_recipients_suppliers(checker):
    assert check(checker, "China was Myanmar's largest arms supplier in 2014-2019.",
                 subject="China", object="Myanmar", measure="rank", value=1, unit="rank",
                 period=[2014, 2019]) == ("consistent", 1.0)


def test_what_cannot_be_checked_says_why(checker):
    money = checker.check(parse.statistic({
        "subject": "Russia", "object": "Myanmar", "measure": "value", "value": 5e8, "unit": "USD",
        "period": [2014, 2019], "evidence": "Myanmar bought $500 million of Russian arms."}))
    assert money.verdict == "not_checkable" and "not a price" in money.explanation
    later = checker.check(parse.statistic({
        "subject": "Russia", "object": "Myanmar", "measure": "share", "value": 30, "unit": "%",
        "period": [2026, 2030], "evidence": "Russia will supply 30% of Myanmar's arms by 2030."}))
    assert later.verdict == "not_checkable" and "not covered by the register" in later.explanation
