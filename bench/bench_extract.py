"""Throughput of the extractor on one core: the dev corpus repeated to ~10,000 documents.

    .venv/bin/python bench/bench_extract.py [CORPUS_DOCS_DIR] [--documents 10000] [--rounds 5]

Prints the gazetteer build time, documents per second and peak memory (resident set size).
The machine is shared and its speed drifts by up to 20% from minute to minute, so the 10,000
documents are extracted ``--rounds`` times: the best round is the code's speed with the least
interference (as ``timeit`` reports), the median what a user on a busy machine sees.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from armswatch.extract.documents import read_path
from armswatch.extract.gazetteer import gazetteer
from armswatch.extract.pipeline import extract_document

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev" / "docs"))
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer()
    build = time.perf_counter() - started
    documents = [item.document for item in read_path(Path(args.docs)) if item.document]
    batch = (documents * (args.documents // len(documents) + 1))[:args.documents]
    print(f"gazetteer build: {build:.2f} s")
    rates = []
    for round_ in range(args.rounds):
        started = time.perf_counter()
        claims = sum(len(r.transfers) + len(r.statistics) + len(r.events)
                     for r in map(extract_document, batch))
        seconds = time.perf_counter() - started
        rates.append(len(batch) / seconds)
        print(f"round {round_ + 1}: {len(batch):,} documents, {claims:,} claims in {seconds:.1f} s: "
              f"{rates[-1]:,.0f} documents/s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents/s: best {max(rates):,.0f}, median {statistics.median(rates):,.0f}, "
          f"worst {min(rates):,.0f} ({args.rounds} rounds); peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
