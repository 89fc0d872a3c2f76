"""The extractor's quality: k-fold cross-validation by document, and the shipped model on dev.

    .venv/bin/python bench/eval_extraction.py [--corpus ../shared/corpus] [--kinds transfers,...]
                                               [--shipped-only]

1. Cross-validation (issue 15: the measure of quality): over ../shared/corpus/{train,dev}, five
   folds fixed by a hash of the document id; each document is scored by models trained without it
   (armswatch.extract.learning.train.evaluate, the same code `make train` runs). Printed per kind:
   pooled P / R / F1, F1 per fold as mean ± spread, and the cross-fitted reliability table.
2. The shipped models on ../shared/corpus/dev, scored by ../shared/tools/score_extraction.py. The
   shipped models were trained on dev too, so this is an in-sample figure: a check that the
   pipeline runs the models as trained, not a measure of quality.

The corpus stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from armswatch.extract.learning import corpus, train
from armswatch.extract.pipeline import extract_document


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
    args = parser.parse_args()
    if not args.shipped_only:
        docs = corpus.load_corpus(args.corpus)
        for kind in args.kinds.split(","):
            print(f"{kind}: {train.K}-fold cross-validation by document over {len(docs)} documents",
                  flush=True)
            report = train.evaluate(docs, kind)
            print(train.markdown(kind, {"threshold": report["threshold"], "cross_validation": {
                "scores": report["scores"], "reliability": report["reliability"]}}), flush=True)
    shipped_on_dev(args.corpus)


if __name__ == "__main__":
    main()
