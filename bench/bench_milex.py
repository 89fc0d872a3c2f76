"""Milex benchmark (issue 7): import of SIPRI's workbook, a country series, a year's ranking.

    .venv/bin/python bench/bench_milex.py [--repeat 3]

The workbook is read in openpyxl's full mode because the estimate/uncertain flags are font colours,
which read-only mode cannot see; the baseline line shows what read-only mode would cost (values only).
Prints median wall times. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from armswatch import db
from armswatch.spending import country_series, ranking
from armswatch.store.load import import_file

WORKBOOK = (Path(__file__).resolve().parents[2] / "shared" / "data" / "milex"
            / "SIPRI-Milex-data-1949-2024.xlsx")


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fresh_import() -> None:
    con = db.connect(":memory:", seed=False)
    assert import_file(con, WORKBOOK).written


def read_only_baseline() -> None:
    book = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    print(f"import (full mode, fonts, one transaction): {timed(fresh_import, repeat):.2f} s")
    print(f"baseline: openpyxl read-only pass over values: {timed(read_only_baseline, repeat):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb", seed=False)
        import_file(con, WORKBOOK)
        series = timed(lambda: country_series(con, "Myanmar", "constant_usd", 2010, 2024), 20)
        top = timed(lambda: ranking(con, 2024, "constant_usd", 15), 20)
        print(f"series Myanmar constant_usd 2010-2024: {series * 1000:.1f} ms")
        print(f"ranking 2024 top 15: {top * 1000:.1f} ms")


if __name__ == "__main__":
    main()
