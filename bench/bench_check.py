"""Claim-checking benchmark (issue 5): checks per second after start-up, single articles and a
batch, over the dev corpus (../shared/corpus/dev).

    .venv/bin/python bench/bench_check.py [--db PATH] [--repeat 5]

Reports: start-up (loading the register's deal index once); per article with the extractor
(``check_document``: extract + check); per article from gold claims (checking alone); and a batch
of all documents. Aim: under 20 ms a typical article. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import os
import json
import statistics
import tempfile
import time
from pathlib import Path

from armswatch import db
from armswatch.model import Document
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _documents() -> tuple[list[Document], list[dict]]:
    docs, golds = [], []
    for path in sorted((CORPUS / "docs").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        docs.append(Document(raw["id"], raw["text"], url=raw.get("url"), outlet=raw.get("outlet"),
                             published=raw.get("published"), title=raw.get("title")))
        gold = json.loads((CORPUS / "gold" / path.name).read_text(encoding="utf-8"))
        golds.append({"id": raw["id"], "published": raw.get("published"), **gold})
    return docs, golds


def _per_item(fn, items, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - started)
    return times


def _report(label: str, times: list[float]) -> None:
    median = statistics.median(times)
    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    print(f"{label:<40} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   "
          f"{1 / median:8.0f} articles/s")


def machine_load() -> str:
    """The machine's load, printed before and after: on the shared 2-core machine a figure taken
    under load is an upper bound (docs/performance.md)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"before: {machine_load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        con = db.connect(path, read_only=path.exists())
        started = time.perf_counter()
        checker = Checker(release_view(con))
        print(f"start-up (deal index of release {checker.index.release_id}): "
              f"{time.perf_counter() - started:.3f} s")
        docs, golds = _documents()
        claims = sum(len(g["transfers"]) + len(g["statistics"]) + len(g["events"]) for g in golds)
        print(f"{len(docs)} documents, {claims} gold claims")
        checker.check_document(docs[0])  # warm the extractor's gazetteers
        _report("single article: extract + check", _per_item(checker.check_document, docs,
                                                              args.repeat))
        _report("single article: gold claims, check only",
                _per_item(checker.check_extraction, golds, args.repeat))
        started = time.perf_counter()
        for _ in range(args.repeat):
            for doc in docs:
                checker.check_document(doc)
        batch = (time.perf_counter() - started) / args.repeat
        print(f"batch of {len(docs)} articles (extract + check): {batch:.3f} s, "
              f"{len(docs) / batch:.0f} articles/s")
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
