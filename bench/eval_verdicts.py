"""Transfer verdicts on gold claims against the corpus's reference verdicts (issue 5).

    .venv/bin/python bench/eval_verdicts.py [CORPUS_DIR] [--db PATH] [--statistics]

Reads CORPUS_DIR/docs, gold and verdicts (default ../shared/corpus/dev), checks each gold transfer
(with its document's published date) against the register, and prints the agreement with the
reference verdicts and every disagreement. ``--statistics`` also prints the statistic verdicts.
The database is opened read-only when it exists (default: a temporary copy from the bundle).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from armswatch import db
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _load(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def evaluate(corpus: Path, checker: Checker, show_statistics: bool = False) -> tuple[int, int]:
    agree = total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for verdict_file in sorted((corpus / "verdicts").glob("*.json")):
        reference = _load(corpus / "verdicts", verdict_file.name)
        gold = _load(corpus / "gold", verdict_file.name)
        doc = _load(corpus / "docs", verdict_file.name)
        extraction = {"id": doc["id"], "published": doc.get("published"),
                      "transfers": gold["transfers"],
                      "statistics": gold["statistics"] if show_statistics else []}
        checked = checker.check_extraction(extraction)
        transfers = [c for c in checked.claims if c.kind == "transfer"]
        for ours, ref in zip(transfers, reference["transfers"], strict=True):
            total += 1
            confusion[(ref["verdict"], ours.verdict.verdict)] += 1
            if ours.verdict.verdict == ref["verdict"]:
                agree += 1
                continue
            claim = ours.claim
            print(f"[{doc['id']}] {claim.supplier} -> {claim.recipient} {claim.system} "
                  f"({claim.status}, {claim.year}): reference {ref['verdict']} "
                  f"({ref['confidence']}), ours {ours.verdict.verdict}\n"
                  f"    ours: {ours.verdict.explanation}\n    reference: {ref['note']}")
        for stat in (c for c in checked.claims if c.kind == "statistic"):
            print(f"[{doc['id']}] statistic {stat.claim.subject}/{stat.claim.object} "
                  f"{stat.claim.measure} {stat.claim.value}: {stat.verdict.verdict} — "
                  f"{stat.verdict.explanation}")
    print("\nreference -> ours: " + ", ".join(f"{r}->{o}: {n}" for (r, o), n in
                                              sorted(confusion.items()) if r != o) or "none")
    print(f"Agreement: {agree}/{total} = {agree / total:.1%}" if total else "No claims.")
    return agree, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--statistics", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "eval.duckdb"
        con = db.connect(path, read_only=path.exists())
        evaluate(args.corpus, Checker(release_view(con)), args.statistics)


if __name__ == "__main__":
    main()
