"""Is the extractor's output unchanged? The claims of the 196 labelled corpus documents, written
whole (every field of every claim, confidences unrounded) at the default threshold and at
``--min-confidence 0.05`` (every possible claim), for comparing two versions of the code bit for
bit: the check of speed work that must not change an output (docs/extraction-rounds.md, the speed
paragraphs).

    .venv/bin/python bench/check_output.py --write /tmp/before.jsonl      # on the code before
    .venv/bin/python bench/check_output.py --compare /tmp/before.jsonl    # after: compiled
    ARMSWATCH_PURE_PYTHON=1 .venv/bin/python bench/check_output.py --compare /tmp/before.jsonl

Prints the SHA-256 of the output and, with ``--compare``, the first document that differs; the
exit code is 1 when one does. The corpus texts stay outside the repository (../shared/corpus).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from armswatch.extract.compiled import compiled_modules
from armswatch.extract.learning.corpus import load_corpus
from armswatch.extract.pipeline import extract_document

BARS = (None, 0.05)  # the models' own thresholds, then every possible claim


def lines(root: Path | None) -> list[str]:
    """One JSON line per (document, bar): every field of the extraction result."""
    out = []
    documents = [item.document for item in load_corpus(root)]
    for bar in BARS:
        for document in documents:
            result = dataclasses.asdict(extract_document(document, min_confidence=bar))
            out.append(json.dumps({"bar": bar, **result}, sort_keys=True, ensure_ascii=False))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, help="the corpus root (default ../shared/corpus)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="write the output here")
    action.add_argument("--compare", type=Path, help="compare with an output written before")
    args = parser.parse_args()
    out = lines(args.corpus)
    digest = hashlib.sha256("\n".join(out).encode()).hexdigest()
    mode = f"{len(compiled_modules())} modules compiled" if compiled_modules() else "plain Python"
    print(f"{len(out)} results ({mode}), sha256 {digest}")
    if args.write:
        args.write.write_text("\n".join(out) + "\n", encoding="utf-8")
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines()
    for old, new in zip(before, out):
        if old != new:
            print(f"differs: {json.loads(new)['id']} at bar {json.loads(new)['bar']}")
            return 1
    if len(before) != len(out):
        print(f"differs: {len(before)} results before, {len(out)} now")
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
