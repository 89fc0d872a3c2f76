"""The shipped models at run time: loaded once per process from plain JSON, no pickle, no
scikit-learn. Each artifact (``armswatch/data/models/<kind>.json``, written by ``make train``)
holds its weights, the calibration map learned from cross-validation and the default threshold.
"""

from __future__ import annotations

import bisect
import functools
import json
from importlib import resources
from typing import Any

from armswatch.errors import ExtractorModelMissing

KINDS = ("transfers", "statistics", "events")
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


__all__ = ["KINDS", "ExtractorModelMissing", "load", "calibrated", "model_path"]
