"""Throughput of the extractor on one core: the dev corpus repeated to ~10,000 documents.

    .venv/bin/python bench/bench_extract.py [CORPUS_DOCS_DIR] [--documents 10000]

Prints the gazetteer build time, documents per second and peak memory (resident set size).
"""

from __future__ import annotations

import argparse
import resource
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
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer()
    build = time.perf_counter() - started
    documents = [item.document for item in read_path(Path(args.docs)) if item.document]
    batch = (documents * (args.documents // len(documents) + 1))[:args.documents]
    started = time.perf_counter()
    claims = sum(len(r.transfers) + len(r.statistics) + len(r.events)
                 for r in map(extract_document, batch))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer build: {build:.2f} s")
    print(f"{len(batch):,} documents, {claims:,} claims in {seconds:.1f} s: "
          f"{len(batch) / seconds:,.0f} documents/s; peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
