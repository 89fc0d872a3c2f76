"""Cross-validated events F1 of the learned event model (issue 15): train on 4 folds by document,
predict the 5th at the artifact's threshold, print per-fold scores, mean ± spread and the pooled
score, and the hand-written rules on the same folds. The development loop of
armswatch.extract.learning.events.

    .venv/bin/python bench/cv_events.py [--k 5] [--param name=value ...]
"""

from __future__ import annotations

import argparse
import json
import time

from armswatch.extract.learning import corpus, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--param", action="append", default=[], help="name=value (JSON value)")
    args = parser.parse_args()
    params = {name: json.loads(value) for name, value in (p.split("=", 1) for p in args.param)}
    started = time.perf_counter()
    docs = corpus.load_corpus()
    result = events.cross_validate(docs, k=args.k, seed=args.seed, params=params or None)
    for n, fold in enumerate(result["folds"]):
        print(f"fold {n}: P {fold['precision']:.3f} R {fold['recall']:.3f} F1 {fold['f1']:.3f}"
              f"  (gold {fold['gold']}, predicted {fold['predicted']}, threshold {fold['threshold']},"
              f" repeats {fold['repeat_threshold']})")
    pooled = result["pooled"]
    print(f"events F1 {result['f1_mean']:.3f} ± {result['f1_sd']:.3f} over {args.k} folds; pooled "
          f"P {pooled['precision']:.3f} R {pooled['recall']:.3f} F1 {pooled['f1']:.3f} "
          f"({len(docs)} documents, {time.perf_counter() - started:.0f} s)")
    rules = events.rules_by_fold(docs, k=args.k)
    print(f"rules (extract/events.py rule_events, not trained) F1 {rules['f1_mean']:.3f} ± "
          f"{rules['f1_sd']:.3f}; pooled P {rules['pooled']['precision']:.3f} "
          f"R {rules['pooled']['recall']:.3f} F1 {rules['pooled']['f1']:.3f}")


if __name__ == "__main__":
    main()
