"""Instructions per document of the extractor under callgrind: a measure of the code's speed that
the machine's load does not move (docs/extraction-rounds.md, the speed paragraphs).

    .venv/bin/python bench/callgrind_extract.py [--documents 240] [--base 40]

Runs ``valgrind --tool=callgrind`` twice on this script's ``--worker`` mode, which extracts the
dev documents repeated to ``--base`` and to ``--documents`` documents (PYTHONHASHSEED=0), and
prints the difference divided by the difference of the counts: the instructions of one document,
without the start-up and the loading of the models. The derived cache (extract/derived.py) is a
folder of this run's own, warmed by a first run: the user cache folder is shared with every
other checkout's code, which can push this code's entries out between the two runs (a lexicon
built in one of them and not in the other: 7.7 M instructions a document more, 2026-12-05).
Set ``ARMSWATCH_PURE_PYTHON=1`` for plain Python.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


def work(count: int) -> None:
    from armswatch.extract.documents import read_path
    from armswatch.extract.pipeline import extract_document

    documents = [item.document for item in read_path(DEV) if item.document]
    for document in (documents * (count // len(documents) + 1))[:count]:
        extract_document(document)


def instructions(count: int, env: dict[str, str], keep: Path | None = None) -> int:
    """Instructions of the whole worker process extracting ``count`` documents (the profile kept
    in ``keep`` when given, for callgrind_annotate)."""
    with tempfile.TemporaryDirectory() as folder:
        out = (keep or Path(folder)) / f"callgrind.{count}.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--worker", str(count)],
                       check=True, capture_output=True, env=env)
        found = re.search(r"^summary:\s*(\d+)", out.read_text(errors="replace"), re.MULTILINE)
        if found is None:
            raise SystemExit("callgrind wrote no summary")
        return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=240)
    parser.add_argument("--base", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="a folder to keep the two profiles in")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        work(args.worker)
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONHASHSEED": "0", "ARMSWATCH_CACHE": cache}
        subprocess.run([sys.executable, __file__, "--worker", "1"], check=True, env=env)  # warmed
        small = instructions(args.base, env, args.keep)
        large = instructions(args.documents, env, args.keep)
    per = (large - small) / (args.documents - args.base)
    print(f"{per / 1e6:.2f} M instructions per dev document ({args.documents} minus {args.base} "
          f"documents; {'plain Python' if os.environ.get('ARMSWATCH_PURE_PYTHON') else 'compiled'})")


if __name__ == "__main__":
    main()
