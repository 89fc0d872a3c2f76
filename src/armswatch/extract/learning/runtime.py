"""The models at run time: loaded once per process from plain JSON, no pickle, no scikit-learn.
Each artifact (``armswatch/data/models/<kind>.json``, written by ``make train``) holds its weights,
the calibration map learned from cross-validation and the default threshold.

A team's own models (``armswatch train --with-reviews``, docs/extraction.md "Learning from review")
live in the user's models directory (``$ARMSWATCH_MODELS``, else ``models/`` in the user data
directory) and are preferred to the shipped ones while they were trained by this version of the
extractor (``extractor_stamp``); one trained by another version is set aside with a warning.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import os
import warnings
from importlib import resources
from itertools import repeat
from pathlib import Path
from collections.abc import Iterable
from typing import Any, TypeVar

from armswatch.extract.model import Event, Statistic, Transfer

from armswatch.errors import ExtractorModelMissing, UserModelUnreadable

KINDS = ("transfers", "statistics", "events")
FLOOR = 0.05  # the models return no claim below this score: the lowest --min-confidence
Claim = TypeVar("Claim", Transfer, Statistic, Event)
_REQUIRED = {"kind", "threshold", "calibration", "data_hash"}
MODELS_ENV = "ARMSWATCH_MODELS"
# the modules that only train: their edits do not make a trained model another version's
_TRAINING_ONLY = ("train.py", "corpus.py")


def model_path(kind: str) -> Any:
    """The shipped model of one kind."""
    return resources.files("armswatch") / "data" / "models" / f"{kind}.json"


def user_models_dir() -> Path:
    """Where ``armswatch train`` writes a team's models: ``$ARMSWATCH_MODELS``, else ``models``
    in the user data directory (beside the default database)."""
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV])
    import platformdirs
    return Path(platformdirs.user_data_dir("armswatch")) / "models"


def user_model_path(kind: str) -> Path:
    return user_models_dir() / f"{kind}.json"


@functools.cache
def extractor_stamp() -> str:
    """SHA-256 of the extractor's run-time sources (armswatch/extract and its learning/ modules,
    not the training-only ones): a trained model's features are this code's."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), *root.glob("learning/*.py")]):
        if path.name not in _TRAINING_ONLY:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def load(kind: str) -> dict[str, Any]:
    """The model of one kind: the user's trained one when there is one of this extractor's
    version, else the shipped one; checked for the keys every artifact has."""
    user = user_model_path(kind)
    if user.is_file():
        artifact = _read(kind, user, user=True)
        if artifact.get("extractor") == extractor_stamp():
            return artifact
        warnings.warn(f"{user} was trained by another version of the extractor: using the shipped "
                      f"{kind} model (run `armswatch train --with-reviews` again)", stacklevel=2)
    return _read(kind, model_path(kind))


def origin(kind: str) -> str:
    """``"yours"`` when ``load`` gives the user's trained model of this kind, else ``"shipped"``."""
    return "yours" if load(kind).get("extractor") == extractor_stamp() and \
        user_model_path(kind).is_file() else "shipped"


def _read(kind: str, path: Any, user: bool = False) -> dict[str, Any]:
    def refused(why: str) -> ExtractorModelMissing:
        return UserModelUnreadable(kind, path, why) if user else ExtractorModelMissing(kind, why)

    try:
        artifact = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise refused("missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise refused(f"unreadable ({error.__class__.__name__})") from None
    if not isinstance(artifact, dict) or not _REQUIRED <= artifact.keys() or artifact["kind"] != kind:
        raise refused("not a model file of this version")
    return artifact


def calibrated(artifact: dict[str, Any], raw: float) -> float:
    """The probability a claim with this model score is right, read off the calibration map
    (isotonic regression on cross-validated predictions; piecewise linear between its points)."""
    xs, ys = artifact["calibration"]["x"], artifact["calibration"]["y"]
    if not xs:
        return raw
    i = bisect.bisect_left(xs, raw)
    if i == 0:
        return ys[0]
    if i >= len(xs):
        return ys[-1]
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


_MERGED: dict[int, tuple[object, dict[str, tuple[float, ...]]]] = {}


def merged_weights(owner: object, weights: list[dict[str, float]]) -> dict[str, tuple[float, ...]]:
    """Several models' weights under one key per feature, one weight per model (0.0 where a
    model has none): one look-up per feature instead of one per model. Built once per ``owner``
    (the loaded artifact part the weights belong to; artifacts are loaded once per process)."""
    cached = _MERGED.get(id(owner))
    if cached is None or cached[0] is not owner:
        if len(_MERGED) > 32:
            _MERGED.clear()
        cached = _MERGED[id(owner)] = (owner, {f: tuple(w.get(f, 0.0) for w in weights)
                                               for f in set().union(*weights)})
    return cached[1]


def dot_python(weights: dict[str, float], features: Iterable[str]) -> float:
    """The sum of the weights of ``features`` (0.0 for a feature without one): ``math.fsum``,
    exact whatever the order of the features (a set's order changes with the hash seed, and every
    batch worker must give the same confidences)."""
    return math.fsum(map(weights.get, features, repeat(0.0)))


def column_sums_python(merged: dict[str, tuple[float, ...]], features: Iterable[str],
                       n: int) -> list[float]:
    """For each of the ``n`` models merged by ``merged_weights``, ``dot_python`` of its weights:
    the same sums as each model's alone (a missing weight adds an exact zero)."""
    found = [w for w in map(merged.get, features) if w is not None]
    return [math.fsum(column) for column in zip(*found)] if found else [0.0] * n


try:  # the same sums by the same algorithm in C, ~1.6x faster (extract/_sums.pyx)
    from armswatch.extract._sums import column_sums, dot
except ImportError:  # not built, or ARMSWATCH_PURE_PYTHON
    dot, column_sums = dot_python, column_sums_python


def _with_confidence(claim: Claim, confidence: float) -> Claim:
    """``dataclasses.replace(claim, confidence=confidence)``: the claims are frozen dataclasses
    without ``__post_init__`` or fields left out of ``__init__``, so a copy of the instance's
    fields with the one changed is the object ``replace`` builds, at a tenth of its cost (it walks
    the fields and calls the generated ``__init__``: ~3 us a kept claim, 2026-12-05)."""
    copy = object.__new__(type(claim))
    fields = copy.__dict__
    fields.update(claim.__dict__)
    fields["confidence"] = confidence
    return copy


def kept(kind: str, claims: list[Claim], min_confidence: float | None = None,
         short: bool = False) -> list[Claim]:
    """The claims of one kind whose calibrated confidence reaches the bar (default: the model's
    threshold, chosen for F1 in cross-validation), with that confidence, in reading order. A
    ``short`` text (a sentence or two, checked alone) is calibrated by the model's map and bar
    for short texts where it has them (the transfer model: ``train.short_calibration``)."""
    artifact = load(kind)
    if short and "short" in artifact:
        artifact = artifact["short"]
    bar = artifact["threshold"] if min_confidence is None else min_confidence
    out = []
    for claim in claims:
        confidence = round(calibrated(artifact, claim.confidence), 4)
        if confidence >= bar:
            out.append(_with_confidence(claim, confidence))
    out.sort(key=lambda c: (c.evidence.start, -c.confidence))
    return out


__all__ = ["KINDS", "ExtractorModelMissing", "load", "calibrated", "kept", "model_path",
           "user_models_dir", "user_model_path", "extractor_stamp", "origin", "merged_weights",
           "column_sums", "dot", "dot_python", "column_sums_python"]
