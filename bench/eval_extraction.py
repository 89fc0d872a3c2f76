"""Run the extractor over the labelled development corpus and score it with the project's scorer.

    .venv/bin/python bench/eval_extraction.py [CORPUS_DIR] [--ids 000,002] [--show-errors]

The corpus stays outside the repository (../shared/corpus/dev); predictions go to a temporary
file that ../shared/tools/score_extraction.py reads. ``--half a|b`` scores one of two fixed halves
(documents in even or odd position), the held-out discipline of docs/extraction.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from armswatch.extract.documents import read_path
from armswatch.extract.pipeline import extract_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(SHARED / "corpus" / "dev"))
    parser.add_argument("--half", choices=("a", "b"))
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    documents = [item.document for item in read_path(corpus / "docs") if item.document]
    documents.sort(key=lambda d: d.id)
    keep = {d.id for i, d in enumerate(documents) if args.half is None or (i % 2 == 0) == (args.half == "a")}
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold"
        gold.mkdir()
        for path in sorted((corpus / "gold").glob("*.json")):
            if path.stem in keep:
                shutil.copy(path, gold / path.name)
        predictions = Path(tmp) / "predictions.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            for document in documents:
                if document.id in keep:
                    out.write(json.dumps(extract_document(document).to_dict()) + "\n")
        command = [sys.executable, str(SHARED / "tools" / "score_extraction.py"), str(gold),
                   str(predictions)] + (["--show-errors"] if args.show_errors else [])
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
