"""The second status of rule R6 (an article telling a weapon ordered and delivered gets both
claims) decided by its own small model, screened on bench/status_decode.py's caches (issue 15,
round 7b). Measured and dropped: docs/extraction-rounds.md, "Seventh round b".

    .venv/bin/python bench/second_status.py --cache /tmp/status_cache_default.pkl \
        [--specs "plain,num:0.1,num+cue:1,off+cue:0.1,num+cue:1:top"]

A spec is features:C[:top]; features "plain" (Q = the status model's own P(second)), or any of
num, cue, rt, rule, off joined by "+"; ":top" trains Q only where the likeliest status is right.

For each held-out fold f: the status models are cross-fitted inside the other four folds (each
training fold's rows scored by status models fitted on the remaining three), the second-status
model is fitted on those rows (given the likeliest and second-ranked status, is the second a gold
status?), then applied to fold f's held-out candidates with the status probabilities the cache
holds (the fold model's, as ``transfers.predict`` computes them). Decodings, each scored as
``train.evaluate`` scores strict F1 (status_decode.strict):
  product   the shipped: every status at P(pair) x P(status)
  second    likeliest at P(pair) x P(top), second at P(pair) x Q, the rest as shipped
  second0   likeliest at P(pair) x P(top), second at P(pair) x Q, the rest dropped
"""

from __future__ import annotations

import argparse
import copy
import math
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import status_decode as sd  # noqa: E402

STATUS = ("ordered", "delivered", "in_service_sighted", "planned_or_negotiating", "cancelled")


def _logit(p: float) -> float:
    p = min(1 - 1e-4, max(1e-4, p))
    return math.log(p / (1 - p))


def second_features(x: list[str], ps: list[float], which: set[str]) -> dict[str, float]:
    order = sorted(range(5), key=lambda k: -ps[k])
    k1, k2 = order[0], order[1]
    a, b = STATUS[k1], STATUS[k2]
    out: dict[str, float] = {f"t:{a}": 1, f"s:{b}": 1, f"ts:{a}:{b}": 1}
    if "num" in which:
        out[f"l2:{b}"] = _logit(ps[k2])
        out["l2"] = _logit(ps[k2])
        out["l1"] = _logit(ps[k1])
        out["gap"] = _logit(ps[k2]) - _logit(ps[k1])
    if "off" in which:  # the status model's own logit, scaled so the penalty barely shrinks it
        out = {"l2": 10 * _logit(ps[k2])}
    if "cue" in which:
        xs = set(x)
        plain = [f for f in xs if not f.startswith("short:")]
        c1 = any(f.startswith(f"cue:{a}") for f in plain)
        c2 = any(f.startswith(f"cue:{b}") for f in plain)
        n2 = any(f.startswith(f"nc:{b}") for f in plain)
        out[f"c2:{b}:{c2}"] = 1
        out[f"c12:{a}:{b}:{c1}:{c2}"] = 1
        out[f"n2:{b}:{n2}"] = 1
        if any(f.startswith("short:") for f in xs):
            out["short"] = 1
    if "rt" in which:
        for f in x:
            if f.startswith("rt:"):
                out[f"{b}|{f}"] = 1
    if "rule" in which:
        for f in x:
            if f.startswith("rule:status"):
                out[f"{b}|{f}"] = 1
    return out


def _fit(rows, C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vec = DictVectorizer()
    X = vec.fit_transform([r[0] for r in rows])
    y = [r[1] for r in rows]
    return vec, LogisticRegression(C=C, max_iter=3000, random_state=0).fit(X, y)


def second_model(cache, which, C, only_top_right=False, weights=None):
    """Per held-out fold, Q for every held-out candidate (c["q"])."""
    weights = weights or [1.5, 1.5, 4.0, 2.0, 4.0]
    rows = cache["rows"]
    for f in range(5):
        inner = []
        for g in range(5):
            if g == f:
                continue
            fit_rows = [r for r in rows if r["fold"] not in (f, g)]
            test = [r for r in rows if r["fold"] == g]
            vec, models = sd.fit_status(fit_rows, weights, 0.1)
            P = sd.predict_status(vec, models, test)
            for r, p in zip(test, P):
                ps = [float(q) for q in p]
                order = sorted(range(5), key=lambda k: -ps[k])
                if only_top_right and not r["y"][order[0]]:
                    continue
                inner.append((second_features(r["x"], ps, which), r["y"][order[1]]))
        vec, m = _fit(inner, C)
        test = [c for d, cs in cache["held"].items() if cache["fold"][d] == f for c in cs]
        if test:
            Q = m.predict_proba(vec.transform([second_features(c["x"], c["ps"], which) for c in test]))[:, 1]
            for c, q in zip(test, Q):
                c["q"] = float(q)


def dec_second(rest: bool, scale: str = ""):
    def decode(c):
        order = sorted(range(5), key=lambda k: -c["ps"][k])
        k1, k2 = order[0], order[1]
        out = [(k1, c["p_pair"] * c["ps"][k1])]
        q = c["q"] * (c["ps"][k1] if scale == "top" else 1.0)
        out.append((k2, c["p_pair"] * q))
        if rest:
            out += [(k, c["p_pair"] * c["ps"][k]) for k in order[2:]]
        return out
    return decode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", required=True)
    parser.add_argument("--specs", default="num+cue:1")
    args = parser.parse_args()
    cache = pickle.loads(Path(args.cache).read_bytes())
    base = sd.strict(cache, sd.dec_product)
    print(f"{args.cache} product insample {base['insample']:.4f} xfit {base['xfit_one']:.4f}", flush=True)
    for spec in args.specs.split(","):
        feats, _, rest = spec.partition(":")
        C = float(rest.split(":")[0] or 1)
        top_right = "top" in rest
        trial = copy.deepcopy(cache)
        if feats == "plain":  # no model: Q is the status model's own P(second)
            for cs in trial["held"].values():
                for c in cs:
                    c["q"] = sorted(c["ps"])[-2]
        else:
            second_model(trial, set(feats.split("+")), C, top_right)
        # how good Q is on gold-pair held-out candidates
        qs = [(c["q"], c["y"][sorted(range(5), key=lambda k: -c["ps"][k])[1]])
              for cs in trial["held"].values() for c in cs if c["y"] is not None]
        ll = -np.mean([math.log(q if y else 1 - q) for q, y in qs])
        line = f"  {spec}: Q logloss {ll:.4f} (n {len(qs)}, pos {sum(y for _, y in qs)})"
        for name, dec in (("second", dec_second(True)), ("second0", dec_second(False)),
                          ("secondT", dec_second(True, "top"))):
            r = sd.strict(trial, dec)
            line += f" | {name} insample {r['insample']:.4f} xfit {r['xfit_one']:.4f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
