"""Scale-out (issue 8): the batch layer on Dask against the plain sequential extractor.

    .venv/bin/python bench/bench_batch.py [--documents 200000] [--shard-size 5000] [--chunk 8]

Builds (once, cached under /tmp) a synthetic archive from the project's own sentences and the
register, then, in this one process, runs every document through four configurations:
  1. plain: the sequential extractor on one core (read each shard, extract_document), no Dask,
     nothing written — the baseline;
  2. `batch extract` sequential in this process (reading, extracting, writing Parquet), no Dask;
  3. `batch extract` on a LocalCluster with 1 worker;
  4. the same with 2 workers.

This machine is shared: the same shard's extraction takes from 3.4 to 5.1 s from one minute to
the next. Four runs of the whole archive one after the other would measure the machine's mood as
much as the code, so the archive is cut into chunks of ``--chunk`` shards and each chunk goes
through all four configurations in turn (the order rotating from chunk to chunk); a slow spell
then falls on every configuration alike. The two clusters are started once, and their start and
stop times are added to their totals. Each chunk makes the 2-worker run wait once for its last
shard, which a real run does only once: 8 shards per chunk keeps that to ~2% of the run.

Prints documents per second per configuration, the batch layer's overhead (3 vs 1, aim <= 15%)
and the speed-up (4 vs 3, aim >= 1.7x).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from armswatch import db
from armswatch.batch import extract_archive
from armswatch.batch.engine import Engine, connected
from armswatch.batch.shards import find_shards, read_shard
from armswatch.batch.synthetic import synthesise
from armswatch.extract.gazetteer import gazetteer
from armswatch.extract.pipeline import extract_document

Run = Callable[[list[str]], tuple[int, int]]  # shard paths -> (documents, claims)
TASK_SECONDS: dict[str, float] = {}  # per batch configuration: the shards' own times, summed


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


def plain(paths: list[str]) -> tuple[int, int]:
    documents = claims = 0
    for shard in find_shards(paths):
        for item in read_shard(shard):
            if item.document is not None:
                result = extract_document(item.document)
                documents += 1
                claims += len(result.transfers) + len(result.statistics) + len(result.events)
    return documents, claims


def batch(engine: Engine, out: Path, name: str) -> Run:
    def run(paths: list[str]) -> tuple[int, int]:
        report = extract_archive(paths, str(out), engine, resume=False)
        assert not report.failed, report.failed
        TASK_SECONDS[name] = TASK_SECONDS.get(name, 0.0) + sum(s.seconds for s in report.shards)
        return report.documents, report.claims
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--shard-size", type=int, default=5_000)
    parser.add_argument("--chunk", type=int, default=8, help="shards per chunk (default 8)")
    args = parser.parse_args()
    folder = archive(args.documents, args.shard_size)
    paths = sorted(str(p) for p in folder.glob("*.jsonl.gz"))
    gazetteer()

    scratch = Path(tempfile.mkdtemp(prefix="armswatch-bench-batch-"))
    names = ["plain sequential extractor (1 core, no Dask)", "batch extract in this process (no Dask)",
             "batch extract, Dask LocalCluster, 1 worker", "batch extract, Dask LocalCluster, 2 workers"]
    seconds = dict.fromkeys(names, 0.0)
    counts: dict[str, list[int]] = {name: [0, 0] for name in names}
    clusters: list[tuple[str, contextlib.ExitStack]] = []
    runs: dict[str, Run] = {names[0]: plain, names[1]: batch(Engine(0), scratch / "in-process", names[1])}
    for name, workers in ((names[2], 1), (names[3], 2)):
        started = time.perf_counter()
        stack = contextlib.ExitStack()
        client = stack.enter_context(connected(Engine(workers)))  # as `batch extract` starts one
        client.run(gazetteer)  # as a real run's first shard would: counted in the start-up
        clusters.append((name, stack))
        seconds[name] += time.perf_counter() - started
        runs[name] = batch(Engine(client=client), scratch / f"{workers}w", name)
    try:
        chunks = [paths[i:i + args.chunk] for i in range(0, len(paths), args.chunk)]
        for number, chunk in enumerate(chunks):
            order = names[number % 4:] + names[:number % 4]
            for name in order:
                started = time.perf_counter()
                documents, claims = runs[name](chunk)
                seconds[name] += time.perf_counter() - started
                counts[name][0] += documents
                counts[name][1] += claims
            print(f"chunk {number + 1}/{len(chunks)}: "
                  + ", ".join(f"{seconds[n]:.0f}" for n in names) + " s so far", flush=True)
    finally:
        for name, stack in reversed(clusters):  # last started, first stopped (log levels)
            started = time.perf_counter()
            stack.close()
            seconds[name] += time.perf_counter() - started
        shutil.rmtree(scratch, ignore_errors=True)
    rates = []
    for name in names:
        documents, claims = counts[name]
        rates.append(documents / seconds[name])
        print(f"{name}: {documents:,} documents, {claims:,} claims in {seconds[name]:.1f} s: "
              f"{rates[-1]:,.0f} documents/s")
    for name in names[1:]:
        print(f"{name}: the shards' own times (read, extract, write) sum to "
              f"{TASK_SECONDS[name]:.1f} s")
    print(f"same documents and claims in every configuration: "
          f"{len({tuple(c) for c in counts.values()}) == 1}")
    print(f"batch layer overhead in this process (no Dask) vs plain: "
          f"{100 * (rates[0] / rates[1] - 1):.1f}%")
    print(f"batch layer overhead, 1 worker vs plain: {100 * (rates[0] / rates[2] - 1):.1f}% "
          f"(aim <= 15%)")
    print(f"speed-up, 2 workers vs 1: {rates[3] / rates[2]:.2f}x (aim >= 1.7x); "
          f"vs plain: {rates[3] / rates[0]:.2f}x")


if __name__ == "__main__":
    main()
