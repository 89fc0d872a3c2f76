"""Scale-out (issue 8): the batch layer on Dask against the plain sequential extractor.

    .venv/bin/python bench/bench_batch.py [--documents 200000] [--shard-size 5000]

Builds (once, cached under /tmp) a synthetic archive from the project's own sentences and the
register, then, in this one process:
  1. baseline: the plain sequential extractor on one core (read each shard, extract_document),
     no Dask, nothing written;
  2. `batch extract` on a LocalCluster with 1 worker (reading, extracting, writing Parquet);
  3. the same with 2 workers.
Prints documents per second, the batch layer's overhead (2 vs 1) and the speed-up (3 vs 2).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from armswatch import db
from armswatch.batch import extract_archive
from armswatch.batch.engine import Engine
from armswatch.batch.shards import find_shards, read_shard
from armswatch.batch.synthetic import synthesise
from armswatch.extract.gazetteer import gazetteer
from armswatch.extract.pipeline import extract_document


def archive(documents: int, shard_size: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"armswatch-synth-{documents}-{shard_size}"
    if not (folder / "DONE").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        con = db.connect(read_only=True)
        synthesise(con, folder, documents, shard_size, seed=1)
        con.close()
        (folder / "DONE").write_text("")
        print(f"synthetic archive: {documents:,} documents in {time.perf_counter() - started:.0f} s")
    return folder


def plain_sequential(folder: Path) -> tuple[int, int, float]:
    gazetteer()
    started = time.perf_counter()
    documents = claims = 0
    for shard in find_shards([f"{folder}/*.jsonl.gz"]):
        for item in read_shard(shard):
            if item.document is not None:
                result = extract_document(item.document)
                documents += 1
                claims += len(result.transfers) + len(result.statistics) + len(result.events)
    return documents, claims, time.perf_counter() - started


def batch(folder: Path, workers: int) -> tuple[int, int, float]:
    out = Path(tempfile.mkdtemp(prefix=f"armswatch-claims-{workers}w-"))
    try:
        report = extract_archive([f"{folder}/*.jsonl.gz"], str(out), Engine(workers), resume=False)
        assert not report.failed, report.failed
        return report.documents, report.claims, report.seconds
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--shard-size", type=int, default=5_000)
    args = parser.parse_args()
    folder = archive(args.documents, args.shard_size)
    runs = {"plain sequential extractor (1 core, no Dask)": plain_sequential(folder),
            "batch extract, Dask LocalCluster, 1 worker": batch(folder, 1),
            "batch extract, Dask LocalCluster, 2 workers": batch(folder, 2)}
    rates = []
    for name, (documents, claims, seconds) in runs.items():
        rates.append(documents / seconds)
        print(f"{name}: {documents:,} documents, {claims:,} claims in {seconds:.1f} s: "
              f"{rates[-1]:,.0f} documents/s")
    counts = {(d, c) for d, c, _ in runs.values()}
    print(f"same documents and claims in every run: {len(counts) == 1}")
    print(f"batch layer overhead (1 worker vs plain): {100 * (rates[0] / rates[1] - 1):.1f}% "
          f"(aim <= 15%)")
    print(f"speed-up, 2 workers vs 1: {rates[2] / rates[1]:.2f}x (aim >= 1.7x)")


if __name__ == "__main__":
    main()
