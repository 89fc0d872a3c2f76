"""The PostgreSQL backend (issue 19) against the DuckDB file, measured.

    .venv/bin/python bench/bench_postgres.py [--runs 5]

Starts a throwaway PostgreSQL server (tests/pg_server.py: Debian's binaries, a temporary data
directory and port) and times, on a database made from the bundle on each backend: making it;
a whole in-memory copy (what every process that reads PostgreSQL loads, and a server at start);
a CLI process (`info`, `flows`) from start to exit; a small write through a server's live copy
(a review decision's size: lock, bring the copy up to date, write, publish); an import of a
small SIPRI export. Medians of ``--runs``. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pg_server import start_server  # noqa: E402

from armswatch import db  # noqa: E402
from armswatch.store.database import LiveCopy, Store  # noqa: E402

FLOWS = ("flows", "--recipient", "Myanmar", "--from", "2014", "--to", "2019", "--by", "supplier")


def _median(timings: list[float]) -> str:
    return f"{statistics.median(timings) * 1000:,.0f} ms"


def _timed(action, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        out.append(time.perf_counter() - started)
    return out


def _cli(target: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "armswatch", "--db", target, *args], check=True,
                   capture_output=True, env={**os.environ, "ARMSWATCH_DB": ""})


def _small_write(live: LiveCopy, counter: list[int]) -> None:
    counter[0] += 1
    with live.writing() as con:
        con.execute("INSERT INTO settings VALUES (?, 'x')", [f"bench-{counter[0]}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    server = start_server()
    rows: list[tuple[str, str, str]] = []
    try:
        folder = Path(tempfile.mkdtemp(prefix="armswatch-bench-pg-"))
        targets = {"file": str(folder / "bench.duckdb"), "postgresql": server.new_database()}
        made = {}
        for name, target in targets.items():
            started = time.perf_counter()
            db.connect(target).close()
            made[name] = f"{(time.perf_counter() - started) * 1000:,.0f} ms"
        rows.append(("a new database from the bundle", made["file"], made["postgresql"]))
        copies = {n: _timed(lambda t=t: Store(t).snapshot().close(), runs)
                  for n, t in targets.items()}
        rows.append(("a whole in-memory copy (each reading process, a server at start)",
                     _median(copies["file"]), _median(copies["postgresql"])))
        for command in (("info",), FLOWS):
            times = {n: _timed(lambda t=t: _cli(t, *command), runs) for n, t in targets.items()}
            rows.append((f"`armswatch {command[0]}` process, start to exit",
                         _median(times["file"]), _median(times["postgresql"])))
        writes, counter = {}, [0]
        for name, target in targets.items():
            live = LiveCopy(Store(target), poll=None)
            writes[name] = _timed(lambda live=live: _small_write(live, counter), runs * 4)
            live.close()
        rows.append(("a small write through a server's live copy", _median(writes["file"]),
                     _median(writes["postgresql"])))
        fixture = str(ROOT / "tests" / "fixtures" / "classic-latin1.csv")
        imports = {n: _timed(lambda t=t: _cli(t, "import", fixture), 1) for n, t in targets.items()}
        rows.append(("`armswatch import` of an 18-deal export, start to exit",
                     _median(imports["file"]), _median(imports["postgresql"])))
    finally:
        server.stop()
    load = os.getloadavg()[0]
    print(f"| what | DuckDB file | PostgreSQL | (median of {runs}; load {load:.1f}) |")
    print("|---|---|---|---|")
    for what, file_ms, pg_ms in rows:
        print(f"| {what} | {file_ms} | {pg_ms} | |")


if __name__ == "__main__":
    main()
