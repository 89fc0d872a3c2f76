"""Register benchmark (issue 2): full import, first use from the bundle, a filtered deals query.

    .venv/bin/python bench/bench_register.py [--repeat 5]

Prints median wall times and, where a baseline exists, the ratio against it in the same process:
pandas.read_csv of the same file (parsing only, none of the quirks, checks or writes) for the import;
a pandas filter over the deals already in memory for the query. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from armswatch import db
from armswatch.register.deals import DealQuery, find_deals
from armswatch.store.load import import_file
from armswatch.store.views import release_view

SIPRI = Path(__file__).resolve().parents[2] / "shared" / "data" / "sipri"
REGISTER = SIPRI / "trade-register-1950-2024.csv"


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine_load() -> str:
    """The machine's load, printed before and after: on the shared 2-core machine a figure taken
    under load is an upper bound (docs/performance.md)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"before: {machine_load()}", flush=True)
    work = Path(tempfile.mkdtemp())
    counter = iter(range(10_000))

    def full_import() -> None:
        con = db.connect(work / f"import-{next(counter)}.duckdb", seed=False)
        report = import_file(con, REGISTER)
        assert report.written
        con.close()

    with_yearly = []
    for _ in range(args.repeat):  # the per-year file is imported first, untimed
        con = db.connect(work / f"yearly-{next(counter)}.duckdb", seed=False)
        import_file(con, SIPRI / "deliveries-by-year-1950-2025.json")
        start = time.perf_counter()
        assert import_file(con, REGISTER).written
        with_yearly.append(time.perf_counter() - start)
        con.close()
    t_yearly = statistics.median(with_yearly)

    def pandas_parse() -> None:
        pd.read_csv(REGISTER, encoding="latin-1", skiprows=11, on_bad_lines="skip")

    def first_use() -> None:
        db.connect(work / f"first-{next(counter)}.duckdb").close()

    t_import = timed(full_import, args.repeat)
    t_pandas = timed(pandas_parse, args.repeat)
    t_first = timed(first_use, args.repeat)

    con = db.connect(work / "query.duckdb")
    query = DealQuery(supplier="Russia", recipient="Myanmar", year_from=2010, year_to=2024)
    find_deals(release_view(con), query)  # warm
    t_query = timed(lambda: find_deals(release_view(con), query), args.repeat * 20)
    frame = con.execute("SELECT * FROM deals").df()

    def pandas_query() -> None:
        mask = (frame.supplier == "Russia") & (frame.recipient == "Myanmar")
        years = frame.delivery_years.map(lambda ys: any(2010 <= y <= 2024 for y in ys))
        frame[mask & ((frame.order_year.between(2010, 2024)) | years)]

    t_pquery = timed(pandas_query, args.repeat * 20)
    rows = find_deals(release_view(con), query).num_rows
    print(f"full import of the register (29,515 deals): {t_import * 1000:8.0f} ms "
          f"(pandas.read_csv parse only: {t_pandas * 1000:.0f} ms; ratio {t_import / t_pandas:.1f}x)")
    print(f"same, split by SIPRI's per-year file:        {t_yearly * 1000:8.0f} ms")
    print(f"first use, database from the bundle:        {t_first * 1000:8.0f} ms")
    print(f"deals query Russia->Myanmar 2010-2024:       {t_query * 1000:8.2f} ms ({rows} deals; "
          f"pandas filter in memory {t_pquery * 1000:.2f} ms; ratio {t_pquery / t_query:.1f}x)")
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
