"""Tenth round screen (issue 15): a cue-less candidate's statuses (no status cue in any sentence
of its pair) mixed with the statuses the other folds' cue-less gold-pair candidates had in the
same register timeline state (``rt:`` of ``transfer_features.timeline_features``), on
``bench/status_decode.py``'s caches: P'(s) = (1 - a) P(s) + a prior(s | state), the prior
Laplace-smoothed and fitted on the other four folds only.

    .venv/bin/python bench/cueless_prior.py --cache /tmp/status_cache_default.pkl [--mix 0.3,0.5]
"""

from __future__ import annotations

import argparse
import copy
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def state(x: list[str]) -> str:
    return next((f for f in x if f.startswith("rt:") and f.count(":") == 1
                 and not f.startswith(("rt:deals", "rt:order"))), "rt:class")


def apply(cache, a: float, smooth: float = 1.0, states: frozenset | None = None) -> None:
    for f in range(5):
        seen: dict[str, Counter] = {}
        n: Counter = Counter()
        for r in cache["rows"]:
            if r["fold"] == f or r["alone"] or not r["raw"]["cueless"]:
                continue
            s = state(r["x"])
            seen.setdefault(s, Counter()).update({k: y for k, y in enumerate(r["y"])})
            n[s] += 1
        for d, cs in cache["held"].items():
            if cache["fold"][d] != f:
                continue
            for c in cs:
                s = state(c["x"])
                if not c["raw"]["cueless"] or (states and s not in states):
                    continue
                prior = [(seen.get(s, Counter())[k] + smooth * 0.2) / (n[s] + smooth) for k in range(5)]
                c["ps"] = [(1 - a) * p + a * q for p, q in zip(c["ps"], prior)]


def main() -> None:
    from status_decode import dec_product, diagnostic, strict
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", required=True)
    parser.add_argument("--mix", default="0.3,0.5,1.0")
    parser.add_argument("--states", default="")
    parser.add_argument("--scale", default="", help="instead: a cue-less candidate's P(pair) x k")
    args = parser.parse_args()
    cache = pickle.loads(Path(args.cache).read_bytes())
    states = frozenset(filter(None, args.states.split(","))) or None
    for k in filter(None, args.scale.split(",")):
        trial = copy.deepcopy(cache)
        for cs in trial["held"].values():
            for c in cs:
                if c["raw"]["cueless"]:
                    c["p_pair"] *= float(k)
        res = strict(trial, dec_product)
        print(f"{args.cache} cue-less P(pair) x {k}: insample {res['insample']:.4f} "
              f"xfit one {res['xfit_one']:.4f}", flush=True)
    if args.scale:
        return
    for a in [0.0] + [float(m) for m in args.mix.split(",")]:
        trial = copy.deepcopy(cache)
        apply(trial, a, states=states)
        top, loss, _ = diagnostic(trial)
        res = strict(trial, dec_product)
        print(f"{args.cache} mix {a}: top {top:.3f} logloss {loss:.4f} insample {res['insample']:.4f} "
              f"xfit one {res['xfit_one']:.4f}", flush=True)


if __name__ == "__main__":
    main()
