"""Static word vectors: a table look-up by lower-cased word, no encoder at run time.

The table (``armswatch/data/vectors/``: ``words.txt``, ``vectors.npy`` int8, ``vectors.json``) was
distilled from the sentence encoder all-MiniLM-L6-v2 (Apache-2.0) by scripts/build_word_vectors.py:
each word encoded alone, mean-pooled, reduced by PCA. A window of words is read as the sum of its
words' integer rows and their count (exact integer sums: the same in any order and on any machine);
the transfer model's features are that mean, in the table's units.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

# words that say nothing of a status or a role in a window: their vectors would only pull the mean
# towards the common-word centre
_SKIP = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"})


@functools.cache
def table() -> tuple[dict[str, int], Any, float]:
    """(row of each word, the int8 rows, the scale that turns a row into PCA coordinates)."""
    import numpy as np

    import os
    from pathlib import Path
    base = Path(os.environ["AW_VECTORS"]) if os.environ.get("AW_VECTORS") else \
        resources.files("armswatch") / "data" / "vectors"  # EXPERIMENT: another table
    meta = json.loads((base / "vectors.json").read_text(encoding="utf-8"))
    words = (base / "words.txt").read_text(encoding="utf-8").split("\n")
    with resources.as_file(base / "vectors.npy") as path:
        rows = np.load(path, allow_pickle=False)
    return {w: i for i, w in enumerate(words) if w}, rows, float(meta["scale"])


def mean(words: list[str]) -> list[float] | None:
    """The mean vector of the words the table knows (articles left out), or None."""
    index, rows, scale = table()
    found = [index[w] for w in words if w not in _SKIP and w in index]
    if not found:
        return None
    total = rows[found].astype("int64").sum(axis=0)  # integers: exact in any order
    return [int(t) * scale / len(found) for t in total]


def features(name: str, words: list[str], factor: float) -> dict[str, float]:
    """A window's mean vector as real-valued features ``e:<name>:<dim>``, times ``factor``."""
    vector = mean(words)
    if vector is None:
        return {f"e:{name}:none": 1.0}
    return {f"e:{name}:{d}": v * factor for d, v in enumerate(vector)}


# EXPERIMENT: seed words of each status (the vocabulary of status.py's cues, rule R6)
SEEDS = {"ordered": "ordered signed contract purchase buy bought acquire procure order".split(),
         "delivered": "delivered received supplied shipped handed arrived transferred delivery".split(),
         "in_service": "operates operated service deployed fielded flying uses inventory".split(),
         "planned": "plans planned intends considering negotiating talks proposed wants".split(),
         "cancelled": "cancelled scrapped terminated halted abandoned dropped".split()}


@functools.cache
def _centroids() -> list[tuple[str, Any]]:
    import numpy as np
    index, rows, _ = table()
    unit = rows.astype("float64")
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    out = []
    for status, seeds in SEEDS.items():
        c = unit[[index[w] for w in seeds if w in index]].mean(axis=0)
        out.append((status, c / np.linalg.norm(c)))
    return out


@functools.cache
def word_similarity(word: str) -> tuple[float, ...] | None:
    import numpy as np
    index, rows, _ = table()
    if word in _SKIP or word not in index:
        return None
    v = rows[index[word]].astype("float64")
    v = v / np.linalg.norm(v)
    return tuple(round(float(v @ c), 4) for _, c in _centroids())


def similarities(name: str, words: list[str], factor: float) -> dict[str, float]:
    """Per status, the highest cosine of a window's words to that status's seed centroid."""
    sims = [s for s in map(word_similarity, words) if s is not None]
    if not sims:
        return {f"e:{name}:none": 1.0}
    return {f"e:{name}:{status}": max(s[i] for s in sims) * factor
            for i, (status, _) in enumerate(_centroids())}


@functools.cache
def clusters(k: int) -> dict[str, int]:
    """EXPERIMENT: each word's k-means cluster of the table's vectors (cached in /tmp)."""
    import numpy as np
    from pathlib import Path
    cache = Path(f"/tmp/static_runs/clusters_{k}.npy")
    index, rows, _ = table()
    if cache.exists():
        labels = np.load(cache, allow_pickle=False)
    else:
        from sklearn.cluster import KMeans
        unit = rows.astype("float64")
        unit /= np.linalg.norm(unit, axis=1, keepdims=True)
        labels = KMeans(n_clusters=k, random_state=0, n_init=1).fit_predict(unit)
        np.save(cache, labels, allow_pickle=False)
    return {w: int(labels[i]) for w, i in index.items()}


__all__ = ["table", "mean", "features"]
