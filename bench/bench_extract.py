"""Throughput of the extractor on one core: the dev corpus repeated to ~10,000 documents.

    .venv/bin/python bench/bench_extract.py [CORPUS_DOCS_DIR] [--documents 10000] [--rounds 5]

Prints the gazetteer build time, documents per second and peak memory (resident set size).
The machine is shared and its speed drifts by up to 20% from minute to minute, so the 10,000
documents are extracted ``--rounds`` times: the best round is the code's speed with the least
interference (as ``timeit`` reports), the median what a user on a busy machine sees. Each round's
CPU time is printed too (documents per CPU second): on a machine whose cores are shared it moves
far less than the wall clock.

The extractor runs compiled where ``make install`` could build it (armswatch/extract/compiled.py).
The baseline is the same extractor as plain Python: a second process started with
``ARMSWATCH_PURE_PYTHON=1`` (a module is compiled or not for the life of a process) runs its
rounds in turns with this one's, one at a time, and the ratio of the two is printed;
``--no-baseline`` skips it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from armswatch.extract.compiled import compiled_modules, pure_python
from armswatch.extract.documents import read_path
from armswatch.extract.gazetteer import gazetteer
from armswatch.extract.pipeline import extract_document

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev" / "docs"))
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the rounds of the plain-Python extractor")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer()
    build = time.perf_counter() - started
    documents = [item.document for item in read_path(Path(args.docs)) if item.document]
    batch = (documents * (args.documents // len(documents) + 1))[:args.documents]
    for document in documents:
        extract_document(document)  # imports and caches warmed, as in the other process
    if args.worker:
        serve_rounds(batch)
        return
    mode = "compiled" if compiled_modules() else "python"
    print(f"gazetteer build: {build:.2f} s; {len(compiled_modules())} modules compiled"
          + ("" if compiled_modules() else " (not built, or ARMSWATCH_PURE_PYTHON is set)"))
    baseline = start_baseline(args) if args.baseline and mode == "compiled" else None
    rates: dict[str, list[float]] = {mode: []}
    cpu_rates: dict[str, list[float]] = {mode: []}
    claims: dict[str, int] = {}
    if baseline:
        rates["python"] = []
        cpu_rates["python"] = []
    for round_ in range(args.rounds):
        order = list(rates) if round_ % 2 == 0 else list(rates)[::-1]  # in turns: neither always first
        for name in order:
            if name == mode:
                seconds, cpu, count = timed_round(batch)
            else:
                seconds, cpu, count = baseline_round(baseline)
            claims[name] = count
            rates[name].append(len(batch) / seconds)
            cpu_rates[name].append(len(batch) / cpu)
            print(f"round {round_ + 1} {name:8}: {len(batch):,} documents, {count:,} claims in "
                  f"{seconds:.1f} s: {rates[name][-1]:,.0f} documents/s ({cpu_rates[name][-1]:,.0f} "
                  f"per CPU second)", flush=True)
    if baseline:
        baseline.stdin.close()
        baseline.wait()
    if len(set(claims.values())) > 1:
        raise SystemExit(f"compiled and plain Python found different claims: {claims}")
    for name, values in rates.items():
        print(f"{name:8} documents/s: best {max(values):,.0f}, median {statistics.median(values):,.0f}, "
              f"worst {min(values):,.0f} ({args.rounds} rounds); per CPU second: median "
              f"{statistics.median(cpu_rates[name]):,.0f}")
    if baseline:
        pairs = [c / p for c, p in zip(rates["compiled"], rates["python"])]
        print(f"compiled / python: median of the round pairs {statistics.median(pairs):.2f}x "
              f"(range {min(pairs):.2f}-{max(pairs):.2f}x); per CPU second "
              f"{statistics.median(c / p for c, p in zip(cpu_rates['compiled'], cpu_rates['python'])):.2f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB (this process)")


def start_baseline(args: argparse.Namespace) -> subprocess.Popen[str]:
    """The plain-Python process, ready (gazetteer built, warmed) when this returns."""
    command = [sys.executable, __file__, args.docs, "--documents", str(args.documents), "--worker"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "ARMSWATCH_PURE_PYTHON": "1"})
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise SystemExit("the baseline process did not start")
    return process


def timed_round(batch: list) -> tuple[float, float, int]:  # type: ignore[type-arg]
    """Wall seconds, CPU seconds of this process, and claims found, for one round."""
    started, cpu = time.perf_counter(), time.process_time()
    count = sum(len(r.transfers) + len(r.statistics) + len(r.events) for r in map(extract_document, batch))
    return time.perf_counter() - started, time.process_time() - cpu, count


def baseline_round(process: subprocess.Popen[str]) -> tuple[float, float, int]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("go\n")
    process.stdin.flush()
    seconds, cpu, count = process.stdout.readline().split()
    return float(seconds), float(cpu), int(count)


def serve_rounds(batch: list) -> None:  # type: ignore[type-arg]
    """The baseline process: one round per line read, answered with its seconds and claims."""
    if compiled_modules() or not pure_python():
        raise SystemExit("the baseline process must run as plain Python")
    print("ready", flush=True)
    for _ in sys.stdin:
        seconds, cpu, count = timed_round(batch)
        print(f"{seconds} {cpu} {count}", flush=True)


if __name__ == "__main__":
    main()
