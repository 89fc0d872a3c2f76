"""The models' weight sums taken faster give the very same numbers (issue 15's speed work).

Several models read over one list of features (the transfer model's five status models) are summed
from one merged table, one look-up per feature (``runtime.merged_weights`` / ``column_sums``);
each sum must equal, bit for bit, the one each model gives on its own (``math.fsum`` of its
weights, a missing feature weighing 0.0), whatever the order of the features.
"""

from __future__ import annotations

import math
from itertools import repeat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.extract.learning import runtime
from armswatch.extract.learning import transfers as learned_transfers
from armswatch.extract.learning.transfer_features import candidates, status_features
from armswatch.extract.model import Document
from armswatch.extract.normalise import normalise
from armswatch.extract.pipeline import analyse
from armswatch.extract.transfers import find_transfers
from armswatch.extract.dates import Anchor

NAMES = [f"f{i}" for i in range(12)]
WEIGHT = st.one_of(st.floats(-20, 20), st.sampled_from([1e16, -1e16, 1e-16, 0.1, 0.2, 0.3]))
MODEL = st.dictionaries(st.sampled_from(NAMES), WEIGHT, max_size=12)


def one_by_one(models: list[dict[str, float]], features: list[str]) -> list[float]:
    return [math.fsum(map(weights.get, features, repeat(0.0))) for weights in models]


@settings(max_examples=300, deadline=None)
@given(st.lists(MODEL, min_size=1, max_size=5), st.lists(st.sampled_from(NAMES + ["unseen"])))
def test_merged_sums_equal_each_models_own_sum_bit_for_bit(models, features):
    owner = object()
    merged = runtime.merged_weights(owner, models)
    sums = runtime.column_sums(merged, features, len(models))
    assert [s.hex() for s in sums] == [s.hex() for s in one_by_one(models, features)]
    assert runtime.column_sums(merged, features[::-1], len(models)) == sums  # order-free


def test_merged_weights_are_built_once_per_owner():
    owner, models = object(), [{"a": 1.0}, {"b": 2.0}]
    assert runtime.merged_weights(owner, models) is runtime.merged_weights(owner, models)
    assert runtime.merged_weights(owner, models) == {"a": (1.0, 0.0), "b": (0.0, 2.0)}


def test_the_status_probabilities_are_those_of_the_five_models_one_by_one():
    # the project's own sentences
    text = ("Russia delivered six Su-30 fighter aircraft to Myanmar in 2023. India ordered 36 Rafale "
            "jets from France, and Egypt plans to buy more.")
    sentences = analyse(normalise(text), text)
    artifact = runtime.load("transfers")
    found = candidates(sentences, find_transfers(sentences, Anchor(None)))
    assert found
    models = [artifact["status"][status] for status in learned_transfers.STATUSES]
    merged = runtime.merged_weights(artifact["status"], [m["weights"] for m in models])
    for candidate in found:
        features = status_features(candidate, sentences)
        together = runtime.column_sums(merged, features, len(models))
        assert [learned_transfers._logistic(m["bias"] + s) for m, s in zip(models, together)] == \
            [learned_transfers.probability(m, features) for m in models]
    assert learned_transfers.predict(artifact, sentences, Anchor(None), Document("t", text))


# ----- the compiled sums (extract/_sums.pyx) against math.fsum -----------------------------------

try:
    from armswatch.extract import _sums
except ImportError:  # not built (no compiler), or ARMSWATCH_PURE_PYTHON
    _sums = None  # type: ignore[assignment]

needs_sums = pytest.mark.skipif(_sums is None, reason="extract/_sums is not built")
ANY_WEIGHT = st.one_of(WEIGHT, st.floats(allow_nan=True, allow_infinity=True),
                       st.floats(-1e308, 1e308), st.integers(-10, 10))


def same(a: float, b: float) -> bool:
    return a.hex() == b.hex() or (math.isnan(a) and math.isnan(b))


@needs_sums
@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), ANY_WEIGHT, max_size=12),
       st.lists(st.sampled_from(NAMES + ["unseen"])))
def test_the_compiled_dot_is_math_fsum_bit_for_bit(weights, features):
    try:
        expected = runtime.dot_python(weights, features)
    except (OverflowError, ValueError) as error:  # fsum's own refusals (inf - inf, overflow)
        with pytest.raises(type(error)):
            _sums.dot(weights, features)
        return
    assert same(_sums.dot(weights, features), expected)
    assert same(_sums.dot(weights, iter(features)), expected)  # any iterable
    assert same(_sums.dot(weights, set(features)), runtime.dot_python(weights, set(features)))


@needs_sums
@settings(max_examples=300, deadline=None)
@given(st.lists(MODEL, min_size=1, max_size=8), st.lists(st.sampled_from(NAMES + ["unseen"])))
def test_the_compiled_column_sums_are_math_fsum_bit_for_bit(models, features):
    merged = runtime.merged_weights(object(), models)
    got = _sums.column_sums(merged, features, len(models))
    assert [s.hex() for s in got] == \
        [s.hex() for s in runtime.column_sums_python(merged, features, len(models))]


# the weights the compiled sums add as 128-bit integers (2**-40 <= |w| < 2**18), its edges and
# beyond them (those go to the partials), halfway cases of the final rounding
ROAD = st.one_of(
    st.floats(-2.0 ** 18, 2.0 ** 18, allow_nan=False, allow_infinity=False),
    st.sampled_from([2.0 ** -40, -2.0 ** -40, 2.0 ** -41, math.nextafter(2.0 ** 18, 0), 2.0 ** 18,
                     1.0, 2.0 ** -53, 1.0 + 2.0 ** -52, 3 * 2.0 ** -53, 5e-324, 0.0, -0.0, 0.1]))


@needs_sums
@settings(max_examples=1000, deadline=None)
@given(st.lists(ROAD, max_size=60))
def test_the_integer_road_gives_math_fsum_bit_for_bit(values):
    weights = {f"w{i}": v for i, v in enumerate(values)}
    assert _sums.dot(weights, list(weights)).hex() == math.fsum(values).hex()
    merged = {f: (v, -v, v / 3, 0.0) for f, v in weights.items()}
    columns = list(zip(*merged.values())) or [()] * 4
    assert [s.hex() for s in _sums.column_sums(merged, list(merged), 4)] == \
        [math.fsum(column).hex() for column in columns]


@needs_sums
def test_halfway_sums_round_to_even_as_math_fsum_does():
    for values in ([1.0, 2.0 ** -53], [1.0 + 2.0 ** -52, 2.0 ** -53], [-1.0, -2.0 ** -53],
                   [2.0 ** 17, 2.0 ** -40, -2.0 ** 17], [0.1] * 10, [-0.0], []):
        weights = {f"w{i}": v for i, v in enumerate(values)}
        assert _sums.dot(weights, list(weights)).hex() == math.fsum(values).hex(), values


@needs_sums
def test_sums_needing_many_partials_are_left_to_math_fsum():
    # 1e16 steps over 2**-60 ... 2**60: more than 32 partials; the sum is still math.fsum's
    weights = {f"w{i}": math.ldexp(1.0, 60 - 3 * i) * (-1) ** i for i in range(41)}
    features = list(weights) * 3
    assert same(_sums.dot(weights, features), math.fsum(weights[f] for f in features))
    with pytest.raises(ValueError):
        _sums.column_sums({"a": (1.0,) * 9}, ["a"], 9)  # at most 8 models together


# ----- the statistics model's substring tests before its searches -------------------------------

from armswatch.extract.learning import statistics as learned_statistics  # noqa: E402

WORDS = ["Russia", "China", "is", "was", "followed", "by", "FOLLOWED", "BY", "the", "third",
         "Third", "largest", "LARGEST", "exporter", "Exporters", "of", "arms", "half", "Half", "a",
         "quarter", "one-fifth", "two", "thirds", "ranked", "Rank", "second", "number", "three",
         "market", "1st", "12th", "its", "imports", "after", "and", "India", ",", "cent", "%",
         "per", "18", "in", "2020"]


def _figures(text: str) -> list[tuple[int, int, float, str, str | None]]:
    sentences = analyse(normalise(text), text)
    return [(f.sentence, f.start, f.end, f.value, f.kind, f.holder)
            for f in learned_statistics.figures(sentences)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=25))
def test_the_substring_tests_drop_no_figure(words):
    # a non-ASCII word at the end turns the substring tests off (the patterns then run on every
    # sentence): the figures found before it must be the same
    text = " ".join(words) + "."
    with_tests = _figures(text)
    without = _figures(text + " Zürich")
    assert with_tests == without[:len(with_tests)] and len(without) >= len(with_tests)


def test_fractions_and_ranks_in_any_case_are_found():
    text = ("HALF OF the region's imports came from China. Russia was the Third-Largest EXPORTER. "
            "China Is Followed By Russia and France among its suppliers.")
    found = _figures(text)
    kinds = [(kind, value) for _, _, _, value, kind, _ in found]
    assert ("pct", 50.0) in kinds and ("rank", 3.0) in kinds
    assert [(value, holder) for _, _, _, value, kind, holder in found if holder] == \
        [(1.0, "China"), (2.0, "Russia"), (3.0, "France")]
    assert found == _figures(text + " Zürich")[:len(found)]


from armswatch.extract.triggers import fold, fold_lowered  # noqa: E402

TRADE_WORDS = ["Exports", "EXPORTERS", "supplier", "Sold", "imports", "Buyers", "market share",
               "Market", "procurement", "Africa", "SOUTH ASIA", "sub-Saharan Africa", "Europe",
               "was", "second", "Third", "number two", "ranked", "first-placed", "rose to",
               "fifth place", "the", "of", "İmports", "ıt", "ſupplier", "\u212aorea", "Aſia", ".",
               "Rose", "ınCREASED", "DOWN", "ſlumped", "World's", "GLOBAL", "totaL", "dıp"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRADE_WORDS), min_size=1, max_size=20))
def test_the_folded_patterns_find_what_the_case_insensitive_ones_find(words):
    text = " ".join(words)
    s = learned_statistics
    for pattern, folded in ((s._CUE4, s._CUE4_FOLDED), (s._SIDE, s._SIDE_FOLDED),
                            (s._REGION, s._REGION_FOLDED), (s._RANK_BARE, s._RANK_BARE_FOLDED)):
        assert [(m.span(), m.lastgroup) for m in pattern.finditer(text)] == \
            [(m.span(), m.lastgroup) for m in folded.finditer(fold(text))]
    lower = text.lower()  # figure_features reads these three on str.lower's text, folded
    for pattern, folded in ((s._UP, s._UP_FOLDED), (s._DOWN, s._DOWN_FOLDED),
                            (s._WORLD, s._WORLD_FOLDED)):
        assert [m.span() for m in pattern.finditer(lower)] == \
            [m.span() for m in folded.finditer(fold_lowered(lower))]


# ----- the kept claims' confidences: a copy with one field changed, as dataclasses.replace ------

from dataclasses import replace  # noqa: E402

from armswatch.model.claims import Evidence, EventClaim, StatisticClaim, TransferClaim  # noqa: E402


def test_a_kept_claim_is_the_claim_dataclasses_replace_would_give():
    evidence = Evidence("Russia delivered six Su-30 aircraft to Myanmar.", 0, 48)
    claims = [TransferClaim("Russia", "Myanmar", "Su-30", "Su-30", "aircraft", 6, "delivered", 2023,
                            evidence, 0.61234, None),
              StatisticClaim("Myanmar", "Russia", "share", 42.0, "%", (2019, 2023), evidence, 0.5),
              EventClaim("visit", ("Russia", "Myanmar"), "2023-05", evidence, 0.7)]
    for claim in claims:
        kept = runtime._with_confidence(claim, 0.8)
        assert kept == replace(claim, confidence=0.8) and type(kept) is type(claim)
        assert kept.confidence == 0.8 and claim.confidence != 0.8  # the claim itself unchanged
        assert kept.to_dict() == replace(claim, confidence=0.8).to_dict()


SENTENCE_WORDS = ["Imports", "exporters", "arms", "SIPRI", "shares", "GDP", "budget", "spending",
                  "respectively", "together", "Combined", "world's", "Worldwide", "global", "total",
                  "weapons", "major arms", "defence", "defense", "Market", "sales", "supplier",
                  "importer", "the", "of", "reimports", "armsx", "16%", "-", "İnternational", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_WORDS), min_size=1, max_size=20))
def test_the_prefix_tests_drop_no_sentence_word(words):
    s = learned_statistics
    lower = " ".join(words).lower()
    assert [name for (name, pattern), starts in zip(s._SENTENCE_WORDS, s._SENTENCE_PREFIXES)
            if (starts is None or any(start in lower for start in starts)) and pattern.search(lower)] \
        == [name for name, pattern in s._SENTENCE_WORDS if pattern.search(lower)]
