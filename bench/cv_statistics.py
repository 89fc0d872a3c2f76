"""Cross-validated score of the learned statistics model (issue 15): train on four folds by
document, predict the fifth, score with the corpus's scorer at the artifact's threshold.

    .venv/bin/python bench/cv_statistics.py            # per fold, mean ± spread, pooled
    .venv/bin/python bench/cv_statistics.py --write    # also fit on all documents and write
                                                       # src/armswatch/data/models/statistics.json
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

from armswatch.extract.learning import statistics as learned
from armswatch.extract.learning.corpus import load_corpus
from armswatch.extract.statistics import MODEL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the shipped model too")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=".*has changed since it was compiled.*")
    docs = load_corpus()
    started = time.perf_counter()
    if args.write:
        artifact = learned.build_artifact(docs, args.seed)
        cv = artifact["cross_validation"]
        MODEL.parent.mkdir(parents=True, exist_ok=True)
        MODEL.write_text(json.dumps(artifact, separators=(",", ":"), sort_keys=True) + "\n",
                         encoding="utf-8")
    else:
        cv = learned.cross_validate(docs, seed=args.seed)
    for number, fold in enumerate(cv["folds"]):
        print(f"fold {number}: statistics F1 {fold['statistics']['f1']:.3f}  "
              f"statistics_base F1 {fold['statistics_base']['f1']:.3f}  "
              f"threshold {fold['threshold']:.2f}")
    for kind, summary in cv["summary"].items():
        pooled = summary["pooled"]
        print(f"{kind}: F1 {summary['mean_f1']:.3f} ± {summary['spread_f1']:.3f} over "
              f"{cv['k']} folds; pooled P {pooled['precision']:.3f} R {pooled['recall']:.3f} "
              f"F1 {pooled['f1']:.3f} ({pooled['tp']} of {pooled['gold']} gold, "
              f"{pooled['predicted']} predicted)")
    print(f"{len(docs)} documents, {time.perf_counter() - started:.0f} s"
          + (f"; wrote {MODEL}" if args.write else ""))


if __name__ == "__main__":
    main()
