"""Sharing the database (issue 16): CLI processes beside a running server, measured.

    .venv/bin/python bench/bench_shared.py [--clients 20] [--reads 50] [--writes 20]

Starts `armswatch serve` on a temporary copy of the bundled database, keeps ``--clients`` threads
loading pages and API answers from it, and meanwhile runs ``--reads`` CLI reads (`info`, `deals`)
and ``--writes`` CLI writes (`use 1` / `use`, alternating) one after another. Reports failures, how
long each CLI process took, how long the server took to show each write (from the write's exit
to the first answer that shows it, polled every 20 ms), and the clients' latencies. Also times the
in-memory copy the server makes of the file. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PAGES = ["/country/Myanmar", "/api/info", "/api/flows?recipient=India&by=supplier",
         "/pair/Russia/India", "/api/deals?supplier=Russia&recipient=Myanmar"]


def cli(path: Path, *args: str) -> tuple[int, float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "armswatch", *args], capture_output=True,
                          text=True, env={**os.environ, "ARMSWATCH_DB": str(path)})
    return done.returncode, time.perf_counter() - started, done.stderr


def get(port: int, route: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{route}", timeout=60) as answer:
        return answer.status, answer.read()


def quantiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms (n={len(ordered)})")


def copy_times(path: Path, runs: int = 5) -> list[float]:
    from armswatch.store.database import Store

    store, times = Store(path), []
    for _ in range(runs):
        started = time.perf_counter()
        store.snapshot().close()
        times.append(time.perf_counter() - started)
    return times


def machine_load() -> str:
    """The machine's load, printed before and after: on the shared 2-core machine a figure taken
    under load is an upper bound (docs/performance.md)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--reads", type=int, default=50)
    parser.add_argument("--writes", type=int, default=20)
    args = parser.parse_args()
    print(f"before: {machine_load()}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shared.duckdb"
        assert cli(path, "info")[0] == 0
        print(f"database {path.stat().st_size / 1e6:.1f} MB; in-memory copy: "
              f"{quantiles(copy_times(path))}")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        log = Path(folder) / "serve.log"
        with log.open("w") as handle:
            server = subprocess.Popen([sys.executable, "-m", "armswatch", "--db", str(path),
                                       "serve", "--port", str(port)], stderr=handle)
            try:
                run(path, port, args)
            finally:
                server.terminate()
                server.wait(timeout=30)
        errors = [line for line in log.read_text().splitlines() if line.strip()
                  and not line.startswith((" ", "Traceback", "armswatch on", "stops it"))]
        print(f"server log: {len(errors)} lines", *sorted(set(errors))[:10], sep="\n  ")
    print(f"after: {machine_load()}")


def run(path: Path, port: int, args: argparse.Namespace) -> None:
    while True:
        try:
            get(port, "/api/info")
            break
        except OSError:
            time.sleep(0.2)
    stop, latencies, failures = threading.Event(), [], []

    def client(number: int) -> None:
        turn = number
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status, _ = get(port, PAGES[turn % len(PAGES)])
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    failures.append(f"page {status}")
            except Exception as exc:  # noqa: BLE001 - counted, not raised
                failures.append(f"page {exc}")
            turn += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    reads, writes, seen = [], [], []
    for n in range(args.reads):
        code, seconds, stderr = cli(path, *(("info",) if n % 2 else
                                           ("deals", "--supplier", "Russia", "--limit", "5")))
        reads.append(seconds)
        if code:
            failures.append(f"read exit {code}: {stderr.strip()[-200:]}")
    for n in range(args.writes):
        release = 1 if n % 2 == 0 else 2
        code, seconds, stderr = cli(path, *(("use", "1") if release == 1 else ("use",)))
        writes.append(seconds)
        if code:
            failures.append(f"write exit {code}: {stderr.strip()[-200:]}")
            continue
        exited = time.perf_counter()
        while json.loads(get(port, "/api/info")[1])["current_release"] != release:
            time.sleep(0.02)
        seen.append(time.perf_counter() - exited)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    print(f"{args.clients} clients: {len(latencies)} answers, {quantiles(latencies)}")
    print(f"CLI reads (whole process): {quantiles(reads)}")
    print(f"CLI writes (whole process): {quantiles(writes)}")
    print(f"write seen by the server after the CLI exited: {quantiles(seen)}")
    print(f"failures: {len(failures)}", *failures[:10], sep="\n  ")


if __name__ == "__main__":
    main()
