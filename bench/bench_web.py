"""Web benchmark (issue 6): 20 concurrent clients on loopback against a server this script starts.

    .venv/bin/python bench/bench_web.py [--clients 20] [--requests 600] [--seconds 30]

Each scenario sends at most ``--requests`` requests (or stops after ``--seconds``) from
``--clients`` threads, each with its own keep-alive HTTP connection to 127.0.0.1, and reports
throughput and p50/p95 latency. Scenarios:

- country page, 20 countries in turn: steady state, where the server's per-generation cache answers
  (every write through the server clears it);
- country page, new filter: each request asks a deals filter never asked before, so the deals
  table is queried and the page rendered (the country's series stay cached);
- country page, cold: the first visit of each of 40 other countries, one client at a time (every
  query of the page runs: two flows series, dependence, deals, claims; then rendering);
- flows query, 20 recipients in turn (cached), and flows with a new year range each time (uncached);
- the fact sheet API, cached.

Aims (issue 6): country page p95 < 100 ms, flows p95 < 30 ms. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import os
import http.client
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

COUNTRIES = ["Myanmar", "India", "Ukraine", "Saudi Arabia", "Pakistan", "China", "Egypt", "Qatar",
             "Japan", "Australia", "Algeria", "Israel", "Turkiye", "Viet Nam", "Indonesia",
             "South Korea", "Brazil", "Greece", "Iran", "Nigeria"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(db_path: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "armswatch", "--db", str(db_path), "serve",
                                "--port", str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def run(port: int, urls, clients: int, limit: int, seconds: float) -> dict[str, float]:
    counter = itertools.count()
    source = iter(urls)
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    def client() -> None:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while next(counter) < limit and time.monotonic() < deadline:
            with lock:
                url = next(source)
            started = time.perf_counter()
            con.request("GET", url, headers={"accept": "text/html"})
            response = con.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors[0] += response.status != 200
        con.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "errors": errors[0], "rps": len(latencies) / wall,
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000}


def scenarios():
    cycle = itertools.cycle
    yield "country page (cached)", cycle(f"/country/{c.replace(' ', '%20')}" for c in COUNTRIES)
    yield "country page (new filter)", (f"/country/{COUNTRIES[i % 20].replace(' ', '%20')}?designation=zz{i}"
                                        for i in itertools.count())
    yield "flows API (cached)", cycle(f"/api/flows?recipient={c.replace(' ', '%20')}&from=2014&to=2019&by=supplier"
                                      for c in COUNTRIES)
    yield "flows API (uncached)", (f"/api/flows?recipient={COUNTRIES[i % 20].replace(' ', '%20')}"
                                   f"&from={1960 + i % 50}&to={1970 + i % 50 + i // 50 % 5}&by=supplier"
                                   for i in itertools.count())
    yield "factsheet API (cached)", cycle(["/api/factsheet?period=2020-2024"])


def cold_countries(port: int, count: int = 40) -> list[str]:
    import json
    from urllib.parse import quote

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/parties?kind=state") as answer:
        names = [p["name"] for p in json.load(answer) if p["name"] not in COUNTRIES]
    return [f"/country/{quote(n)}" for n in names[:count]]


def machine_load() -> str:
    """The machine's load, printed before and after: on the shared 2-core machine a figure taken
    under load is an upper bound (docs/performance.md)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    print(f"before: {machine_load()}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start(Path(folder) / "bench.duckdb", port)
        try:
            print(f"{args.clients} clients, at most {args.requests} requests or {args.seconds:.0f} s "
                  "per scenario, server on 127.0.0.1")
            print(f"{'scenario':28} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
            for name, urls in scenarios():
                run(port, itertools.islice(urls, 0, None), 2, 20, 10)  # warm the server up
                r = run(port, urls, args.clients, args.requests, args.seconds)
                print(f"{name:28} {r['requests']:>8} {r['errors']:>6} {r['rps']:>8.1f} "
                      f"{r['p50']:>8.1f} {r['p95']:>8.1f}", flush=True)
            cold = cold_countries(port)
            r = run(port, iter(cold), 1, len(cold), args.seconds)
            print(f"{'country page (cold, 1 client)':28} {r['requests']:>8} {r['errors']:>6} "
                  f"{r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
