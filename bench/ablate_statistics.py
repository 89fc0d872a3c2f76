"""The statistics model's decoding settings scored on eight fold assignments at once (issue 15).

The fold models of each assignment (default, --salt b ... h) are fitted once, then every setting
given is scored with them (a few seconds each instead of ~90 s per split and setting).

    .venv/bin/python bench/ablate_statistics.py MARKET_SHARE=false LIST_NEAR=2,SIDE_RULE=false
    .venv/bin/python bench/ablate_statistics.py --cache /tmp/statcv MILEX=false

Each argument is one trial: NAME=VALUE (JSON) pairs joined by commas. Only settings that change
no training row are measured exactly (the decoding rules); a candidate switch (RANK_GROUPS,
RANK_PLURAL) is read with models fitted on the default candidates, an approximation. ``--cache``
keeps the fitted fold models as JSON: clear it whenever features or the corpus change.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus, statistics, train

SPLITS = ("", "b", "c", "d", "e", "f", "g", "h")  # the first four: the choice splits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="keep the fold models here")
    parser.add_argument("trials", nargs="*", help="NAME=VALUE[,NAME=VALUE...] (JSON values)")
    args = parser.parse_args()
    trials: list[tuple[str, dict[str, Any]]] = [("baseline", {})]
    for trial in args.trials:
        settings = {}
        for pair in trial.split(","):
            name, _, value = pair.partition("=")
            if not hasattr(statistics, name):
                parser.error(f"learning.statistics has no setting {name}")
            settings[name] = json.loads(value)
        trials.append((trial, settings))
    warnings.filterwarnings("ignore", message=".*compiled.*")
    plain = corpus.fold_of
    docs = corpus.load_corpus()
    analysed: dict[str, Any] = {}
    fitted: dict[str, list[dict[str, Any]]] = {}

    def fold_models(salt: str) -> list[dict[str, Any]]:
        path = args.cache / f"{salt or 'default'}.json" if args.cache else None
        if salt not in fitted:
            if path is not None and path.exists():
                fitted[salt] = json.loads(path.read_text())
            else:
                fitted[salt] = [statistics.fit([d for d in docs if corpus.fold_of(d.document.id, 5)
                                                != fold], seed=train.SEED) for fold in range(5)]
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(json.dumps(fitted[salt]))
        return fitted[salt]

    def score(salt: str, settings: dict[str, Any]) -> tuple[float, float, float]:
        corpus.fold_of = (lambda i, k=5: plain(f"{salt}:{i}", k)) if salt else plain  # type: ignore[assignment]
        models = fold_models(salt)
        before = {name: getattr(statistics, name) for name in settings}

        def held(items: list[Any], kind: str, step: Any = None) -> dict[str, list[Any]]:
            out = {}
            for item in items:
                if item.document.id not in analysed:
                    analysed[item.document.id] = train._sentences(item)
                sentences, anchor = analysed[item.document.id]
                out[item.document.id] = statistics.predict(
                    models[corpus.fold_of(item.document.id, 5)], sentences, anchor, item.document)
            return out

        for name, value in settings.items():
            setattr(statistics, name, value)
        train.held_out_claims = held  # type: ignore[assignment]
        try:
            scores = train.evaluate(docs, "statistics")["scores"]
        finally:
            for name, value in before.items():
                setattr(statistics, name, value)
        found = scores["statistics"]
        return found["f1"], scores["statistics_base"]["f1"], found["f1_crossfit_bar"]

    print("trial | default b c d e f g h | mean of 4 | mean of 8 | e-h | base mean of 8 | "
          "with the other folds' bar: default b c d e f g h | mean of 4 | e-h")
    for name, settings in trials:
        started = time.perf_counter()
        found = [score(salt, settings) for salt in SPLITS]
        f1 = [f for f, _, _ in found]
        bar = [c for _, _, c in found]  # each fold cut by the map and bar of the other four
        print(f"{name} | " + " ".join(f"{f:.3f}" for f in f1)
              + f" | {sum(f1[:4]) / 4:.4f} | {sum(f1) / 8:.4f} | {sum(f1[4:]) / 4:.4f}"
              + f" | {sum(b for _, b, _ in found) / 8:.4f} | " + " ".join(f"{c:.3f}" for c in bar)
              + f" | {sum(bar[:4]) / 4:.4f} | {sum(bar[4:]) / 4:.4f}"
              + f" ({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
