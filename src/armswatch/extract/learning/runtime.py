"""The shipped models at run time: loaded once per process from plain JSON, no pickle, no
scikit-learn. Each artifact (``armswatch/data/models/<kind>.json``, written by ``make train``)
holds its weights, the calibration map learned from cross-validation and the default threshold.
"""

from __future__ import annotations

import bisect
import functools
import json
from dataclasses import replace
from importlib import resources
from typing import Any, TypeVar

from armswatch.extract.model import Event, Statistic, Transfer

from armswatch.errors import ExtractorModelMissing

KINDS = ("transfers", "statistics", "events")
FLOOR = 0.05  # the models return no claim below this score: the lowest --min-confidence
Claim = TypeVar("Claim", Transfer, Statistic, Event)
_REQUIRED = {"kind", "threshold", "calibration", "data_hash"}


def model_path(kind: str) -> Any:
    return resources.files("armswatch") / "data" / "models" / f"{kind}.json"


@functools.cache
def load(kind: str) -> dict[str, Any]:
    """The artifact of one kind, checked for the keys every artifact has."""
    path = model_path(kind)
    try:
        artifact = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExtractorModelMissing(kind, "missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExtractorModelMissing(kind, f"unreadable ({error.__class__.__name__})") from None
    if not isinstance(artifact, dict) or not _REQUIRED <= artifact.keys() or artifact["kind"] != kind:
        raise ExtractorModelMissing(kind, "not a model file of this version")
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


def kept(kind: str, claims: list[Claim], min_confidence: float | None = None) -> list[Claim]:
    """The claims of one kind whose calibrated confidence reaches the bar (default: the model's
    threshold, chosen for F1 in cross-validation), with that confidence, in reading order."""
    artifact = load(kind)
    bar = artifact["threshold"] if min_confidence is None else min_confidence
    out = []
    for claim in claims:
        confidence = round(calibrated(artifact, claim.confidence), 4)
        if confidence >= bar:
            out.append(replace(claim, confidence=confidence))
    out.sort(key=lambda c: (c.evidence.start, -c.confidence))
    return out


__all__ = ["KINDS", "ExtractorModelMissing", "load", "calibrated", "kept", "model_path"]
