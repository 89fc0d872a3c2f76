"""A bounded load test of the web app and API (issue 14, finding 11): ``make soak``.

    .venv/bin/python bench/soak_web.py [--clients 20] [--seconds 60] [--requests 20000] [--seed 14]

Starts ``armswatch serve`` on a free 127.0.0.1 port with a fresh database (it never talks to
another host), then ``--clients`` threads, each with its own keep-alive connection, send a mix
for at most ``--seconds`` or ``--requests``, whichever comes first:

- 40% pages: a country page (20 countries), the overview of a period, or a pair page;
- 40% flows with a random year range (mostly uncached: each range is a new query);
- 20% checks of a short article written here (POST /api/check, nothing stored).

It reports, per kind and overall, the count, errors (any non-2xx; server errors apart), p50, p95,
p99 and the slowest request, and the server's resident memory (RSS) before, at its peak (sampled
every 0.5 s) and at the end. The first request of a kind pays its cold start and is counted. The
exit code is 1 when any answer was a server error, so it can gate a release. Not a test: no
assertion on time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_web import COUNTRIES, free_port, start  # noqa: E402

PERIODS = ["2020-2024", "2015-2019", "2010-2014", "2005-2009", "2000-2004"]
PAIRS = [("Russia", "India"), ("China", "Pakistan"), ("United States", "Japan"),
         ("France", "Egypt"), ("Russia", "Myanmar"), ("Germany", "Israel")]
SYSTEMS = ["T-90 tanks", "Su-30 fighter aircraft", "K-8 trainer aircraft", "Mi-17 helicopters"]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def request_for(rng: random.Random) -> tuple[str, str, str, bytes | None]:
    """(kind, method, path, body) drawn from the mix."""
    draw = rng.random()
    if draw < 0.4:
        country = rng.choice(COUNTRIES).replace(" ", "%20")
        supplier, recipient = (p.replace(" ", "%20") for p in rng.choice(PAIRS))
        path = rng.choice([f"/country/{country}", f"/?period={rng.choice(PERIODS)}",
                           f"/pair/{supplier}/{recipient}"])
        return "page", "GET", path, None
    if draw < 0.8:
        start_year = rng.randint(1950, 2020)
        end_year = rng.randint(start_year, min(start_year + 30, 2024))
        country = rng.choice(COUNTRIES).replace(" ", "%20")
        return ("flows", "GET", f"/api/flows?recipient={country}&from={start_year}&to={end_year}"
                f"&by=supplier", None)
    supplier, recipient = rng.choice(PAIRS)
    text = (f"{supplier} delivered {rng.randint(2, 60)} {rng.choice(SYSTEMS)} to {recipient} in "
            f"{rng.randint(1990, 2024)}, officials said.")
    return "check", "POST", "/api/check", json.dumps({"text": text}).encode()


class Soak:
    def __init__(self, port: int, pid: int, args: argparse.Namespace) -> None:
        self.port, self.pid, self.args = port, pid, args
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.server_errors: dict[str, int] = defaultdict(int)
        self.sent = 0
        self.deadline = time.monotonic() + args.seconds
        self.peak_rss = rss_mb(pid)

    def _next(self) -> bool:
        with self.lock:
            self.sent += 1
            return self.sent <= self.args.requests and time.monotonic() < self.deadline

    def client(self, seed: int) -> None:
        rng = random.Random(seed)
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while self._next():
            kind, method, path, body = request_for(rng)
            headers = {"accept": "text/html"} if kind == "page" else {"content-type": "application/json"}
            started = time.perf_counter()
            try:
                con.request(method, path, body=body, headers=headers)
                response = con.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 599   # the connection failed: counted as a server error
                con.close()
                con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies[kind].append(elapsed)
                self.errors[kind] += not 200 <= status < 300
                self.server_errors[kind] += status >= 500
        con.close()

    def sample_memory(self, stop: threading.Event) -> None:
        while not stop.wait(0.5):
            self.peak_rss = max(self.peak_rss, rss_mb(self.pid))


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))] * 1000


def report(soak: Soak, wall: float, rss: tuple[float, float, float]) -> int:
    print(f"{'kind':8} {'requests':>8} {'errors':>6} {'5xx':>4} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'max ms':>8}")
    everything = [x for values in soak.latencies.values() for x in values]
    rows = [*sorted(soak.latencies.items()), ("all", everything)]
    for kind, values in rows:
        values = sorted(values)
        errors = sum(soak.errors.values()) if kind == "all" else soak.errors[kind]
        fives = sum(soak.server_errors.values()) if kind == "all" else soak.server_errors[kind]
        print(f"{kind:8} {len(values):>8} {errors:>6} {fives:>4} {statistics.median(values) * 1000:>8.1f} "
              f"{percentile(values, 0.95):>8.1f} {percentile(values, 0.99):>8.1f} "
              f"{values[-1] * 1000:>8.1f}")
    print(f"{len(everything)} requests in {wall:.1f} s ({len(everything) / wall:.0f} req/s); server "
          f"RSS {rss[0]:.0f} MB at start, {rss[1]:.0f} MB peak, {rss[2]:.0f} MB at the end")
    return 1 if sum(soak.server_errors.values()) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start(Path(folder) / "soak.duckdb", port)
        try:
            soak = Soak(port, server.pid, args)
            before = rss_mb(server.pid)
            print(f"{args.clients} clients for at most {args.seconds:.0f} s or {args.requests} "
                  f"requests against 127.0.0.1:{port} (40% pages, 40% flows, 20% checks)")
            stop = threading.Event()
            sampler = threading.Thread(target=soak.sample_memory, args=(stop,), daemon=True)
            sampler.start()
            started = time.perf_counter()
            threads = [threading.Thread(target=soak.client, args=(args.seed * 1000 + i,))
                       for i in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
            stop.set()
            return report(soak, wall, (before, max(soak.peak_rss, rss_mb(server.pid)),
                                       rss_mb(server.pid)))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
