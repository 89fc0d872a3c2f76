"""The extractor's quality: k-fold cross-validation by document, and the shipped model on dev.

    .venv/bin/python bench/eval_extraction.py [--corpus ../shared/corpus] [--kinds transfers,...]
                                               [--shipped-only | --no-shipped] [--salt S] [--dump F]

1. Cross-validation (issue 15: the measure of quality): over ../shared/corpus/{train,dev}, five
   folds fixed by a hash of the document id; each document is scored by models trained without it
   (armswatch.extract.learning.train.evaluate, the same code `make train` runs). Printed per kind:
   pooled P / R / F1, F1 per fold as mean ± spread, and the cross-fitted reliability table.
2. The shipped models on ../shared/corpus/dev, scored by ../shared/tools/score_extraction.py. The
   shipped models were trained on dev too, so this is an in-sample figure: a check that the
   pipeline runs the models as trained, not a measure of quality.

``--salt S`` folds by crc32 of ``S:id`` (another split of the same documents: a change is kept
when it raises the pooled F1 on the default split and on a salted one); ``--dump F`` writes the
held-out claims kept at the threshold (one document a line, for ``../shared/tools/
score_extraction.py GOLD F --show-errors``; with several kinds, one file per kind, ``F.kind``).

The corpus stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from typing import Any

from armswatch.extract.learning import corpus, train
from armswatch.extract.pipeline import extract_document


def salted(salt: str) -> None:
    """Fold by crc32 of ``salt:id`` instead of the id: another split of the same documents."""
    if salt:
        plain = corpus.fold_of
        corpus.fold_of = lambda document_id, k=5: plain(f"{salt}:{document_id}", k)  # type: ignore


def cross_validate(docs: list[Any], kind: str, dump: Path | None) -> None:
    """train.evaluate (the make-train code), printed; the held-out claims kept at the threshold
    written to ``dump``."""
    held: dict[str, list[Any]] = {}
    plain = train.held_out_claims

    def keeping(docs: list[Any], of_kind: str) -> dict[str, list[Any]]:
        held.update(plain(docs, of_kind))
        return held

    train.held_out_claims = keeping  # type: ignore[assignment]
    try:
        report = train.evaluate(docs, kind)
    finally:
        train.held_out_claims = plain  # type: ignore[assignment]
    print(train.markdown(kind, {"threshold": report["threshold"], "cross_validation": {
        "scores": report["scores"], "reliability": report["reliability"]}}), flush=True)
    for name, s in report["scores"].items():
        print(f"{name} per fold: " + " ".join(f"{f:.3f}" for f in s["f1_folds"]), flush=True)
    if dump is not None:
        with dump.open("w", encoding="utf-8") as out:
            for doc_id, claims in held.items():
                kept = []
                for claim in claims:
                    confidence = train._apply(report["calibration"], claim.confidence)
                    if confidence >= report["threshold"]:
                        kept.append(claim.to_dict() | {"confidence": round(confidence, 3)})
                out.write(json.dumps({"id": doc_id, kind: kept}) + "\n")


def shipped_on_dev(root: Path) -> None:
    docs = [d for d in corpus.load_corpus(root) if d.split == "dev"]
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            for item in docs:
                out.write(json.dumps(extract_document(item.document).to_dict()) + "\n")
        print(f"\nShipped models on dev ({len(docs)} documents, in-sample):", flush=True)
        subprocess.run([sys.executable, str(root.parent / "tools" / "score_extraction.py"),
                        str(root / "dev" / "gold"), str(predictions)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--kinds", default=",".join(train.MATCH))
    parser.add_argument("--shipped-only", action="store_true")
    parser.add_argument("--no-shipped", action="store_true", help="cross-validation only")
    parser.add_argument("--salt", default="", help="another fold split: crc32 of SALT:id")
    parser.add_argument("--dump", type=Path, default=None, help="write the kept held-out claims")
    args = parser.parse_args()
    if not args.shipped_only:
        salted(args.salt)
        docs = corpus.load_corpus(args.corpus)
        kinds = args.kinds.split(",")
        for kind in kinds:
            print(f"{kind}: {train.K}-fold cross-validation by document over {len(docs)} documents"
                  f", split {args.salt or 'default'}", flush=True)
            dump = args.dump if args.dump is None or len(kinds) == 1 else \
                args.dump.with_name(f"{args.dump.name}.{kind}")
            cross_validate(docs, kind, dump)
    if not args.no_shipped:
        shipped_on_dev(args.corpus)


if __name__ == "__main__":
    main()
