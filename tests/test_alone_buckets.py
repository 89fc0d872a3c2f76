"""bench/alone_buckets.py: the sentence-alone ceiling and the buckets of its misses (issue 15,
twelfth round), on the project's own sentences."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from armswatch.extract.learning import corpus

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
alone_buckets = pytest.importorskip("alone_buckets")


@pytest.fixture(scope="module")
def score():
    try:
        return corpus.scorer()
    except FileNotFoundError:
        pytest.skip("the corpus scorer (../shared/tools) is not beside the checkout")


def label(supplier, recipient, weapon, status, category="Aircraft", generic=None):
    return {"supplier": supplier, "recipient": recipient, "weapon": weapon, "category": category,
            "status": status, "weapon_generic": generic}


def claim(supplier, recipient, weapon, status, category="Aircraft"):
    return {"supplier": supplier, "recipient": recipient, "weapon": weapon, "category": category,
            "status": status, "weapon_generic": None if weapon else "drones"}


def test_the_usual_supplier_of_a_named_system_is_within_the_ceiling(score):
    text = "Mongolia received two Mi-8 helicopters in 2021."
    gold = label("Russia", "Mongolia", "Mi-8", "delivered")
    sentence = alone_buckets.read_alone(text, "2024-05-01", [gold], [], 0.3)
    assert alone_buckets.missing(gold, sentence, score) == ""
    # a supplier neither named nor the register's usual one is out of reach
    assert alone_buckets.missing(label("Belarus", "Mongolia", "Mi-8", "delivered"), sentence, score) == "s"


def test_a_recipient_and_a_class_the_sentence_does_not_name(score):
    text = "These drones were supplied by Turkey."
    gold = label("Turkey", "Albania", "Bayraktar TB2", "delivered")
    sentence = alone_buckets.read_alone(text, "2024-05-01", [gold], [], 0.3)
    assert alone_buckets.missing(gold, sentence, score) == "wr"
    generic = label("Turkey", "Albania", None, "delivered", generic="drones")
    assert alone_buckets.missing(generic, sentence, score) == "r"


@pytest.mark.parametrize("claims, verdict", [
    ([(claim("Turkiye", "Poland", "Bayraktar TB2", "delivered"), 0.6)], "hit"),
    ([(claim("Turkiye", "Poland", "Bayraktar TB2", "delivered"), 0.1)], "under_bar"),
    ([(claim("Turkiye", "Poland", "Bayraktar TB2", "ordered"), 0.6)], "wrong_status"),
    ([(claim("Turkiye", "Poland", "Bayraktar TB2", "ordered"), 0.1)], "pair_low_other_status"),
    ([(claim("United States", "Poland", "Bayraktar TB2", "delivered"), 0.6)], "wrong_role_or_weapon"),
    ([], "below_floor"),
])
def test_each_bucket(score, claims, verdict):
    text = "Poland received Bayraktar TB2 drones from Turkey in 2022."
    gold = label("Turkey", "Poland", "Bayraktar TB2", "delivered")
    sentence = alone_buckets.read_alone(text, "2024-05-01", [gold], claims, 0.3)
    assert alone_buckets.bucket(gold, sentence, score) == verdict


def test_no_candidate_when_the_pair_is_not_in_the_sentence(score):
    text = "Poland received Bayraktar TB2 drones in 2022."
    gold = label("Azerbaijan", "Poland", "Bayraktar TB2", "delivered")
    sentence = alone_buckets.read_alone(text, "2024-05-01", [gold], [], 0.3)
    assert alone_buckets.bucket(gold, sentence, score) == "no_candidate"
