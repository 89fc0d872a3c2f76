"""Refusal benchmark (issue 14, finding 8): how cheaply `armswatch import` refuses a big junk file.

    .venv/bin/python bench/bench_refuse.py [--rows 2000000] [--repeat 3]

Writes, in a temporary folder, a classic trade-register file (SIPRI's legend and header) followed by
~2 million junk rows (~105 MB), then times its refusal by ``import_file`` into a new database and
reads the peak memory (RSS). The baseline is pandas.read_csv of the same file (parsing only). Each
run is its own fresh Python process, so each peak RSS is that run's own; times are medians. Not a
test: no assertion on time. Aim: refused in < 10 s within < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "classic-latin1.csv"


def write_junk(path: Path, rows: int) -> None:
    """SIPRI's legend and header, then rows of the header's width whose every cell is wrong."""
    head = b"".join(FIXTURE.read_bytes().splitlines(keepends=True)[:12])
    with path.open("wb") as out:
        out.write(head)
        for start in range(0, rows, 100_000):
            out.write("".join(f"J{i},X{i % 97},19x9,?,many,?,d,e,lots,,soon,Old,c,-,-,-\n"
                              for i in range(start, min(rows, start + 100_000))).encode("ascii"))


def refuse(path: Path) -> dict[str, object]:
    from armswatch import db
    from armswatch.store.load import import_file

    con = db.connect(path.with_suffix(".duckdb"), seed=False)
    started = time.perf_counter()
    report = import_file(con, path)
    seconds = time.perf_counter() - started
    con.close()
    assert not report.valid and not report.written
    return {"seconds": seconds, "summary": report.summary()[:160]}


def pandas_parse(path: Path) -> dict[str, object]:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path, encoding="latin-1", skiprows=11, on_bad_lines="skip")
    return {"seconds": time.perf_counter() - started, "rows": len(frame)}


def one(kind: str, path: Path) -> None:
    result = {"refuse": refuse, "pandas": pandas_parse}[kind](path)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run(kind: str, path: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(path)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one[0], Path(args.one[1]))
        return
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "junk.csv"
        write_junk(path, args.rows)
        print(f"junk file: {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows")
        for kind in ("refuse", "pandas"):
            runs = [run(kind, path) for _ in range(args.repeat)]
            seconds = statistics.median(float(r["seconds"]) for r in runs)
            rss = max(float(r["peak_rss_mb"]) for r in runs)
            extra = runs[0].get("summary") or f"{runs[0]['rows']:,} rows"
            print(f"{kind:7s} median {seconds:6.2f} s, peak RSS {rss:5.0f} MB  ({extra})")


if __name__ == "__main__":
    main()
