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


@needs_sums
def test_sums_needing_many_partials_are_left_to_math_fsum():
    # 1e16 steps over 2**-60 ... 2**60: more than 32 partials; the sum is still math.fsum's
    weights = {f"w{i}": math.ldexp(1.0, 60 - 3 * i) * (-1) ** i for i in range(41)}
    features = list(weights) * 3
    assert same(_sums.dot(weights, features), math.fsum(weights[f] for f in features))
    with pytest.raises(ValueError):
        _sums.column_sums({"a": (1.0,) * 9}, ["a"], 9)  # at most 8 models together
