"""`armswatch diff` benchmark (issue 20): the bundled 2025 register against SIPRI's 2026 per-year
release, whole and for one pair and period.

    .venv/bin/python bench/bench_diff.py [--repeat 5]

A fresh in-memory database seeded from the data package; each case is timed ``--repeat`` times
after one warm-up, medians printed. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import statistics
import time

from armswatch import db
from armswatch.analytics.diff import DiffQuery, diff_releases

CASES = {
    "whole: register 2025 -> per-year 2026": DiffQuery(2, 1),
    "China -> Myanmar, 2014-2019, with the share": DiffQuery(2, 1, "China", "Myanmar", 2014, 2019),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    con = db.connect(":memory:")
    for name, query in CASES.items():
        diff_releases(con, query)  # warm-up: party registry, categories, the release memo
        times, rows = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            rows = len(diff_releases(con, query).rows)
            times.append(time.perf_counter() - started)
        print(f"{name}: {rows:,} differences, median {statistics.median(times) * 1000:,.0f} ms "
              f"(min {min(times) * 1000:,.0f}, max {max(times) * 1000:,.0f}; {args.repeat} runs)")


if __name__ == "__main__":
    main()
