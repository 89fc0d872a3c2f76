"""Statistic claims recomputed from a small register (issue 5). In the fixture, Myanmar imported
450 TIV in 2014-2019: 400 from China, 50 from Russia."""

from __future__ import annotations

import pytest
from check_register import build

from armswatch import db
from armswatch.model import StatisticClaim
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats") / "register.duckdb"
    build(path)
    con = db.connect(path, read_only=True)
    yield Checker(release_view(con))
    con.close()


def check(checker, evidence, **fields):
    verdict = checker.check(StatisticClaim.from_dict({"evidence": evidence, **fields}))
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
    money = checker.check(StatisticClaim.from_dict({
        "subject": "Russia", "object": "Myanmar", "measure": "value", "value": 5e8, "unit": "USD",
        "period": [2014, 2019], "evidence": "Myanmar bought $500 million of Russian arms."}))
    assert money.verdict == "not_checkable" and "not a price" in money.explanation
    later = checker.check(StatisticClaim.from_dict({
        "subject": "Russia", "object": "Myanmar", "measure": "share", "value": 30, "unit": "%",
        "period": [2026, 2030], "evidence": "Russia will supply 30% of Myanmar's arms by 2030."}))
    assert later.verdict == "not_checkable" and "not covered by the register" in later.explanation


# ===== change, "N times", regional share, rank, spending (issue 14, finding 12) =====
# The fixture in 2015-2019 / 2020-2024: the world 510 / 190 TIV; Myanmar imported 450 / 150
# (Russia 50 / 150), Thailand 60 / 20, Serbia 0 / 20; China exported 460 / 40.
def judged(checker, evidence, **fields):
    """The whole verdict but its deal references (statistics cite none)."""
    verdict = checker.check(StatisticClaim.from_dict({"evidence": evidence, **fields}))
    tolerance = None if verdict.tolerance is None else round(verdict.tolerance, 2)
    return verdict.verdict, verdict.claimed, verdict.computed, tolerance, verdict.explanation


SAME_LENGTH = "(the previous period of the same length, as SIPRI compares)"
VOLUMES = "rounding in the text plus SIPRI's revisions between releases, which move five-year volumes by a few points"
RANKS = "(ranks must agree exactly; revisions between releases can swap close neighbours)."


def test_change_of_a_pairs_deliveries_in_per_cent(checker):
    assert judged(checker, "Russia's deliveries to Myanmar rose by 200% in 2020-2024.",
                  subject="Russia", object="Myanmar", measure="change", value=200, unit="%",
                  period=[2020, 2024]) == (
        "consistent", 200.0, 200.0, 30.5,
        f"change of Russia's deliveries to Myanmar 2020-2024 against 2015-2019 {SAME_LENGTH}, "
        f"per cent: the register gives 200.0, the text 200 (0.0 apart; tolerance 30.5: {VOLUMES}).")


def test_change_of_a_recipients_imports_against_the_period_the_text_names(checker):
    assert judged(checker, "Myanmar's arms imports fell by 67% in 2020-2024.", object="Myanmar",
                  measure="change", value=-67, unit="%", period=[2020, 2024]) == (
        "consistent", -67.0, -66.67, 10.55,
        f"change of Myanmar's imports 2020-2024 against 2015-2019 {SAME_LENGTH}, per cent: the "
        f"register gives -66.7, the text -67 (0.3 apart; tolerance 10.5: {VOLUMES}).")
    assert judged(checker, "Myanmar's arms imports fell by 67% in 2020-2024 compared with "
                  "2014-2018.", object="Myanmar", measure="change", value=-67, unit="%",
                  period=[2020, 2024], base_period=[2014, 2018])[:3] == ("consistent", -67.0, -60.0)


def test_change_of_a_suppliers_exports_outside_the_tolerance(checker):
    assert judged(checker, "China's arms exports fell by 60% in 2020-2024.", subject="China",
                  measure="change", value=-60, unit="%", period=[2020, 2024]) == (
        "inconsistent", -60.0, -91.3, 9.5,
        f"change of China's exports 2020-2024 against 2015-2019 {SAME_LENGTH}, per cent: the "
        f"register gives -91.3, the text -60 (31.3 apart; tolerance 9.5: {VOLUMES}).")


def test_change_of_the_global_volume_and_no_regional_change(checker):
    assert judged(checker, "Global arms transfers fell by 63% in 2020-2024.", measure="change",
                  value=-63, unit="%", period=[2020, 2024])[:4] == ("consistent", -63.0, -62.75, 9.95)
    assert judged(checker, "Arms imports by Asia fell by 60% in 2020-2024.", object="Asia",
                  measure="change", value=-60, unit="%", period=[2020, 2024]) == (
        "not_checkable", -60.0, None, None,
        "'Asia' is not a party of the register; regional changes are not recomputed.")


TIMES = f"change of Russia's deliveries to Myanmar 2020-2024 against 2015-2019 {SAME_LENGTH}"


def test_n_times_is_a_ratio_with_a_relative_tolerance(checker):
    assert judged(checker, "Russia's deliveries to Myanmar tripled in 2020-2024.", subject="Russia",
                  object="Myanmar", measure="change", value=3, unit="times",
                  period=[2020, 2024]) == (
        "consistent", 3.0, 3.0, 0.45, f"{TIMES}, times: the register gives 3.0, the text 3 (0.0 "
        "apart; tolerance 0.4: revisions between releases).")
    assert judged(checker, "Russia's deliveries to Myanmar grew five times in 2020-2024.",
                  subject="Russia", object="Myanmar", measure="change", value=5, unit="times",
                  period=[2020, 2024]) == (
        "inconsistent", 5.0, 3.0, 0.75, f"{TIMES}, times: the register gives 3.0, the text 5 (2.0 "
        "apart; tolerance 0.8: revisions between releases).")


def test_more_than_n_times_holds_for_any_larger_ratio(checker):
    assert judged(checker, "Russia's deliveries to Myanmar were more than 2 times higher in "
                  "2020-2024.", subject="Russia", object="Myanmar", measure="change", value=2,
                  unit="times", period=[2020, 2024]) == (
        "consistent", 2.0, 3.0, 0.3, f"{TIMES}: the register gives 3.0 times, the text more than "
        "2 times (tolerance 15% for revisions between releases).")
    assert judged(checker, "Russia's deliveries to Myanmar were more than 4 times higher in "
                  "2020-2024.", subject="Russia", object="Myanmar", measure="change", value=4,
                  unit="times", period=[2020, 2024])[:3] == ("inconsistent", 4.0, 3.0)


REGIONS = "rounding in the text plus SIPRI's revisions between releases"


@pytest.mark.parametrize("fields,expected", [
    ({"object": "Asia and Oceania", "evidence": "Asia and Oceania received 89% of global arms "
      "imports in 2020-2024.", "value": 89},
     ("consistent", 89.0, 89.47, 1.5, "Asia and Oceania's share of global imports 2020-2024: the "
      f"register gives 89.5, the text 89 (0.5 apart; tolerance 1.5: {REGIONS}).")),
    ({"object": "Europe", "evidence": "Europe received 13% of global arms imports in 2020-2024.",
      "value": 13},
     ("inconsistent", 13.0, 10.53, 1.5, "Europe's share of global imports 2020-2024: the "
      f"register gives 10.5, the text 13 (2.5 apart; tolerance 1.5: {REGIONS}).")),
    ({"subject": "Europe", "evidence": "Europe accounted for 79% of global arms exports in "
      "2020-2024.", "value": 79},
     ("consistent", 79.0, 78.95, 1.5, "Europe's share of global exports 2020-2024: the register "
      f"gives 78.9, the text 79 (0.1 apart; tolerance 1.5: {REGIONS}).")),
    ({"subject": "Atlantis", "evidence": "Atlantis accounted for 79% of global arms exports in "
      "2020-2024.", "value": 79},
     ("not_checkable", 79.0, None, None,
      "Neither 'Atlantis' nor None is a party or region of the register.")),
], ids=["asia-imports", "europe-imports-off", "europe-exports", "no-region"])
def test_regional_share_of_global_imports_or_exports(checker, fields, expected):
    assert judged(checker, measure="share", unit="%", period=[2020, 2024], **fields) == expected


def test_share_of_global_exports_and_imports_by_the_texts_words(checker):
    shares = "rounding in the text plus SIPRI's revisions between releases, which move " \
             "five-year shares by up to about a point"
    assert judged(checker, "China accounted for 90% of global arms exports in 2015-2019.",
                  subject="China", measure="share", value=90, unit="%", period=[2015, 2019]) == (
        "consistent", 90.0, 90.2, 1.5, "China's share of global exports 2015-2019: the register "
        f"gives 90.2, the text 90 (0.2 apart; tolerance 1.5: {shares}).")
    assert judged(checker, "Thailand accounted for 12% of global arms imports in 2015-2019.",
                  subject="Thailand", measure="share", value=12, unit="%",
                  period=[2015, 2019])[:3] == ("consistent", 12.0, 11.76)


@pytest.mark.parametrize("fields,expected", [
    ({"subject": "Russia", "object": "Myanmar", "value": 2, "period": [2014, 2019],
      "evidence": "Russia was Myanmar's second largest supplier in 2014-2019."},
     ("consistent", 2.0, 2.0, 0.0, "Russia's rank among Myanmar's suppliers 2014-2019: the "
      f"register gives 2, the text 2 {RANKS}")),
    ({"subject": "India", "object": "Myanmar", "value": 1, "period": [2014, 2019],
      "evidence": "India was Myanmar's largest supplier in 2014-2019."},
     ("not_checkable", 1.0, None, None, "India's rank among Myanmar's suppliers 2014-2019: no "
      "transfers in the register.")),
    ({"subject": "Myanmar", "value": 1, "period": [2015, 2019],
      "evidence": "Myanmar was the largest arms importer in 2015-2019."},
     ("consistent", 1.0, 1.0, 0.0, "Myanmar's rank among recipients 2015-2019: the register "
      f"gives 1, the text 1 {RANKS}")),
    ({"subject": "China", "value": 2, "period": [2015, 2019],
      "evidence": "China was the second largest arms exporter in 2015-2019."},
     ("inconsistent", 2.0, 1.0, 0.0, "China's rank among suppliers 2015-2019: the register "
      f"gives 1, the text 2 {RANKS}")),
    ({"value": 1, "period": [2015, 2019], "evidence": "The largest arms exporter in 2015-2019."},
     ("not_checkable", 1.0, None, None, "The rank names no party of the register.")),
], ids=["pair", "pair-no-transfers", "importer", "exporter", "no-party"])
def test_rank_among_suppliers_or_recipients(checker, fields, expected):
    assert judged(checker, measure="rank", unit="rank", **fields) == expected


def test_tiv_volume_and_claims_without_figure_or_period(checker):
    assert judged(checker, "Russia delivered 50 million TIV to Myanmar in 2014-2019.",
                  subject="Russia", object="Myanmar", measure="value", value=50, unit="TIV",
                  period=[2014, 2019]) == (
        "consistent", 50.0, 50.0, 3.0, "TIV delivered 2014-2019 (millions): the register gives "
        "50.0, the text 50 (0.0 apart; tolerance 3.0: rounding plus revisions between releases).")
    assert judged(checker, "Russia supplied many arms to Myanmar.", subject="Russia",
                  object="Myanmar", measure="share", unit="%", period=[2014, 2019]) == (
        "not_checkable", None, None, None, "The claim states no figure.")
    assert judged(checker, "Russia supplied 11% of Myanmar's arms.", subject="Russia",
                  object="Myanmar", measure="share", value=11, unit="%") == (
        "not_checkable", 11.0, None, None, "The text gives no period (years) for the figure, so "
        "it cannot be recomputed.")


@pytest.fixture(scope="module")
def spending_checker(tmp_path_factory):
    """The same register with the Milex workbook slice of tests/fixtures/milex imported."""
    from conftest import FIXTURES

    from armswatch.store.load import import_file

    path = tmp_path_factory.mktemp("spending") / "register.duckdb"
    build(path)
    con = db.connect(path)
    assert import_file(con, FIXTURES / "milex" / "milex-slice-2025.xlsx").valid
    con.close()
    con = db.connect(path, read_only=True)
    yield Checker(release_view(con))
    con.close()


MILEX = "Military expenditure (SIPRI Milex): "


@pytest.mark.parametrize("fields,expected", [
    ({"measure": "value", "value": 5e9, "unit": "USD", "period": [2024, 2024],
      "evidence": "Myanmar's military expenditure was $5 billion in 2024."},
     ("consistent", 5000.0, 5011.272415126733, None, f"{MILEX}SIPRI: Myanmar 2024 = 5,011.27 US$ "
      "m. at current prices and exchange rates; claimed 5,000.00 (0.2% apart; tolerance 5.0%).")),
    ({"measure": "value", "value": 2.5e9, "unit": "USD", "period": [2024, 2024],
      "evidence": "Myanmar's defence budget reached $2.5 billion in 2024."},
     ("inconsistent", 2500.0, 5011.272415126733, None, f"{MILEX}SIPRI: Myanmar 2024 = 5,011.27 "
      "US$ m. at current prices and exchange rates; claimed 2,500.00 (50.1% apart; tolerance "
      "5.0%).")),
    ({"measure": "share", "value": 6.8, "unit": "%", "period": [2024, 2024],
      "evidence": "Myanmar's military spending was 6.8% of GDP in 2024."},
     ("consistent", 6.8, 6.794524852290388, None, f"{MILEX}SIPRI: Myanmar 2024 = 6.79 % of GDP; "
      "claimed 6.80 (0.01 points apart; tolerance 0.15).")),
    ({"measure": "change", "value": 38, "unit": "%", "period": [2024, 2024],
      "base_period": [2021, 2021],
      "evidence": "Myanmar's military spending rose by 38% between 2021 and 2024."},
     ("consistent", 38.0, 37.98952954516193, None, f"{MILEX}Myanmar: +38.0% from 2021 to 2024 "
      "(+11.3% a year, compound). Claimed +38.0% (0.0 points apart; tolerance 1.9).")),
], ids=["amount", "amount-off", "share-of-gdp", "change"])
def test_spending_claims_go_to_sipris_milex_figures(spending_checker, fields, expected):
    assert judged(spending_checker, subject="Burma", **fields) == expected


def test_a_spending_claim_without_a_country_cannot_be_checked(spending_checker):
    assert judged(spending_checker, "Military spending was 3% of GDP in 2024.", measure="share",
                  value=3, unit="%", period=[2024, 2024]) == (
        "not_checkable", 3.0, None, None, "A military-spending figure needs a country, a value "
        "and a year to check against SIPRI's Milex data.")


BASES = "rounding in the text plus SIPRI's revisions between releases"


@pytest.mark.parametrize("fields,expected", [
    ({"subject": "China", "object": "Asia and Oceania", "base": "Asia and Oceania", "value": 90,
      "evidence": "China supplied 90% of the arms imported by Asia and Oceania in 2014-2019."},
     ("consistent", 90.0, 90.2, 1.5, "China's share of Asia and Oceania's imports 2014-2019: the "
      f"register gives 90.2, the text 90 (0.2 apart; tolerance 1.5: {BASES}).")),
    ({"object": "Myanmar", "base": "Asia and Oceania", "value": 80,
      "evidence": "Myanmar took 80% of the region's arms imports in 2014-2019."},
     ("inconsistent", 80.0, 88.24, 1.5, "Myanmar's share of Asia and Oceania's imports "
      f"2014-2019: the register gives 88.2, the text 80 (8.2 apart; tolerance 1.5: {BASES}).")),
    ({"subject": "China", "object": "Myanmar", "base": "China", "value": 87,
      "evidence": "Myanmar received 87% of China's arms exports in 2014-2019."},
     ("consistent", 87.0, 86.96, 1.5, "Myanmar's share of China's exports 2014-2019: the register "
      f"gives 87.0, the text 87 (0.0 apart; tolerance 1.5: {BASES}).")),
    ({"subject": "Russia", "object": "Myanmar", "base": "Myanmar", "value": 11,
      "evidence": "Russia accounted for 11% of Myanmar's arms imports in 2014-2019."},
     ("consistent", 11.0, 11.11, 1.5, "Russia's share of Myanmar's imports 2014-2019: the "
      f"register gives 11.1, the text 11 (0.1 apart; tolerance 1.5: {BASES}).")),
    ({"object": "Myanmar", "base": "Myanmar", "value": 11,
      "evidence": "Eleven per cent of Myanmar's arms imports came from one supplier in 2014-2019."},
     ("not_checkable", 11.0, None, None, "A share of Myanmar's trade needs the party it is of and "
      "the other party (the text gives None and 'Myanmar').")),
], ids=["supplier-of-region", "recipient-in-region", "recipient-of-supplier", "supplier-of-party",
        "party-alone"])
def test_share_against_its_base_region_or_party(checker, fields, expected):
    """A share is recomputed against the whole it is of: a region's imports, a party's imports
    or exports (issue 15), not the world's."""
    assert judged(checker, measure="share", unit="%", period=[2014, 2019], **fields) == expected


def test_rank_among_a_suppliers_recipients_when_the_supplier_is_the_base(checker):
    assert judged(checker, "Myanmar was China's largest arms market in 2014-2019.",
                  subject="China", object="Myanmar", base="China", measure="rank", value=1,
                  unit="rank", period=[2014, 2019]) == (
        "consistent", 1.0, 1.0, 0.0, "Myanmar's rank among China's recipients 2014-2019: the "
        f"register gives 1, the text 1 {RANKS}")
