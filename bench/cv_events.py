"""Cross-validated score of the learned events model (issue 15), the development loop: the code
``make train`` runs (``train.evaluate``: 5 folds by document, calibration, the threshold for F1),
and the hand-written rules on the same folds.

    .venv/bin/python bench/cv_events.py [--salt b] [--dump oof.jsonl] [--param name=value ...]

``--salt`` folds by crc32 of ``SALT:id`` (another split: a change is kept when it helps on the
default split and on a salted one); ``--param`` overrides ``learning.events.PARAMS`` (JSON
values) for a trial; ``--dump`` writes the kept held-out claims for
``../shared/tools/score_extraction.py GOLD oof.jsonl --show-errors``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv_statistics import run  # noqa: E402

from armswatch.extract.learning import corpus, events  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salt", default="", help="another fold split: crc32 of SALT:id")
    parser.add_argument("--dump", type=Path, default=None, help="write the kept held-out claims")
    parser.add_argument("--param", action="append", default=[], help="name=value (JSON value)")
    args = parser.parse_args()
    events.PARAMS.update({name: json.loads(value)
                          for name, value in (p.split("=", 1) for p in args.param)})
    run("events", args.salt, args.dump)
    rules = events.rules_by_fold(corpus.load_corpus())
    print(f"rules (extract/events.py rule_events, not trained) F1 {rules['f1_mean']:.3f} ± "
          f"{rules['f1_sd']:.3f}; pooled P {rules['pooled']['precision']:.3f} "
          f"R {rules['pooled']['recall']:.3f} F1 {rules['pooled']['f1']:.3f}")


if __name__ == "__main__":
    main()
