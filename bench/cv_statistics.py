"""Cross-validated score of the learned statistics model (issue 15), the development loop:
``armswatch.extract.learning.train.evaluate`` (the code ``make train`` runs: 5 folds by document,
isotonic calibration, the threshold for F1) over ../shared/corpus/{train,dev}.

    .venv/bin/python bench/cv_statistics.py                  # folds by crc32 of the document id
    .venv/bin/python bench/cv_statistics.py --salt b         # another fold split (crc32 of "b:" + id)
    .venv/bin/python bench/cv_statistics.py --dump oof.jsonl # also the kept out-of-fold claims
    .venv/bin/python bench/cv_statistics.py --set C_PARTIES=0.5  # a module setting, for a trial

A change is kept when it raises the pooled F1 on the default split and on a salted one (the
default folds are the ones the model was developed on). ``--dump`` writes the claims kept at the
threshold, one document a line, for ``../shared/tools/score_extraction.py GOLD oof.jsonl
--show-errors`` (GOLD: a directory holding train/gold and dev/gold together).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus, train

KIND = "statistics"


def salted(salt: str) -> None:
    """Fold by crc32 of ``salt:id`` instead of the id: another split of the same documents."""
    plain = corpus.fold_of
    if salt:
        corpus.fold_of = lambda document_id, k=5: plain(f"{salt}:{document_id}", k)  # type: ignore[assignment]


def run(kind: str, salt: str, dump: Path | None) -> dict[str, Any]:
    """train.evaluate on another split when salted, printing its table; the held-out claims
    kept at the threshold are written to ``dump``."""
    warnings.filterwarnings("ignore", message=".*compiled.*")
    salted(salt)
    held: dict[str, Any] = {}
    plain = train.held_out_claims

    def keeping(docs: list[Any], of_kind: str) -> dict[str, list[Any]]:
        held.update(plain(docs, of_kind))
        return held

    train.held_out_claims = keeping  # type: ignore[assignment]
    docs = corpus.load_corpus()
    started = time.perf_counter()
    report = train.evaluate(docs, kind)
    print(train.markdown(kind, {"threshold": report["threshold"], "cross_validation": {
        "scores": report["scores"], "reliability": report["reliability"]}}))
    for name, s in report["scores"].items():
        print(f"{name} per fold: " + " ".join(f"{f:.3f}" for f in s["f1_folds"]))
    print(f"{len(docs)} documents, split {salt or 'default'}, "
          f"{time.perf_counter() - started:.0f} s")
    if dump is not None:
        with dump.open("w", encoding="utf-8") as out:
            for doc_id, claims in held.items():
                kept = [c.to_dict() | {"confidence": round(train._apply(report["calibration"],
                                                                        c.confidence), 3)}
                        for c in claims
                        if train._apply(report["calibration"], c.confidence) >= report["threshold"]]
                out.write(json.dumps({"id": doc_id, kind: kept}) + "\n")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salt", default="", help="another fold split: crc32 of SALT:id")
    parser.add_argument("--dump", type=Path, default=None, help="write the kept held-out claims")
    parser.add_argument("--set", action="append", default=[],
                        help="NAME=VALUE (JSON): a setting of learning.statistics, for a trial")
    args = parser.parse_args()
    from armswatch.extract.learning import statistics
    for name, value in (s.split("=", 1) for s in args.set):
        if not hasattr(statistics, name):
            parser.error(f"learning.statistics has no setting {name}")
        setattr(statistics, name, json.loads(value))
    run(KIND, args.salt, args.dump)


if __name__ == "__main__":
    main()
