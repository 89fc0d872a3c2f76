"""Analytics benchmark (issue 3): the same queries through armswatch and through plain pandas.

    .venv/bin/python bench/bench_analytics.py [--repeat 20] [--db /tmp/bench.duckdb]

Queries: Myanmar's imports by supplier 2014-2019; Russia's exports by year 1950-2024; India's
imports by year and supplier over every year (a country page's series); the full 2020-2024 fact
sheet (top 25 exporters and importers with change and main partners, world volume and counts). The pandas route reads the same classic register CSV
(../shared/data/sipri/trade-register-1950-2024.csv) and splits each deal's TIV evenly over its
delivery years (the register gives no yearly split). Two pandas figures are printed: the query on a
frame already in memory, and end to end (read the CSV, split, query), which is what a one-off
script pays. armswatch is timed on one connection (as the Python API and the CLI use it: the
release and the flow totals already read are remembered), and as a first query on a new cursor
(what a web request pays). Medians of ``--repeat`` runs, in one process. Not a test: no assertion
on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from armswatch.store.views import release_view
from armswatch import db
from armswatch.analytics import FlowQuery, factsheet, flows, parse_period

REGISTER = Path(__file__).resolve().parents[2] / "shared" / "data" / "sipri" / "trade-register-1950-2024.csv"


def timed(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def pandas_deliveries() -> pd.DataFrame:
    """The register as one row per deal per delivery year, TIV split evenly."""
    deals = pd.read_csv(REGISTER, encoding="latin-1", skiprows=11, on_bad_lines="skip")
    deals = deals.rename(columns={"Recipient": "recipient", "Supplier": "supplier",
                                  "Year(s) of delivery": "years", "SIPRI TIV of delivered weapons": "tiv"})
    deals["tiv"] = pd.to_numeric(deals["tiv"], errors="coerce").fillna(0)
    deals["year"] = deals["years"].astype(str).str.split(";")
    rows = deals.explode("year")
    rows["year"] = pd.to_numeric(rows["year"].str.strip(), errors="coerce")
    rows = rows.dropna(subset=["year"])
    rows["tiv"] = rows["tiv"] / rows.groupby(level=0)["year"].transform("size")
    return rows[["supplier", "recipient", "year", "tiv"]].reset_index(drop=True)


def pandas_recipient_by_supplier(d: pd.DataFrame) -> pd.DataFrame:
    sel = d[(d.recipient == "Myanmar") & d.year.between(2014, 2019)]
    out = sel.groupby("supplier")["tiv"].sum().sort_values(ascending=False).to_frame()
    out["share"] = 100 * out["tiv"] / out["tiv"].sum()
    return out


def pandas_supplier_by_year(d: pd.DataFrame) -> pd.DataFrame:
    world = d.groupby("year")["tiv"].sum()
    out = d[d.supplier == "Russia"].groupby("year")["tiv"].sum().to_frame()
    out["share_of_world"] = 100 * out["tiv"] / world.reindex(out.index)
    out["change_pct"] = 100 * out["tiv"].pct_change()
    return out


def pandas_recipient_by_year_supplier(d: pd.DataFrame) -> pd.DataFrame:
    world = d.groupby("year")["tiv"].sum()
    exports = d.groupby(["year", "supplier"])["tiv"].sum()
    out = d[d.recipient == "India"].groupby(["year", "supplier"])["tiv"].sum().to_frame()
    out["share"] = 100 * out["tiv"] / out["tiv"].sum()
    out["share_of_supplier_exports"] = 100 * out["tiv"] / exports.reindex(out.index)
    out["share_of_recipient_imports"] = 100 * out["tiv"] / out.groupby(level="year")["tiv"].transform("sum")
    out["share_of_world"] = 100 * out["tiv"] / world.reindex(out.index.get_level_values("year")).values
    out["change_pct"] = 100 * out.groupby(level="supplier")["tiv"].pct_change()
    return out


def pandas_factsheet(d: pd.DataFrame) -> dict:
    d = d.assign(period=(d.year - 2000) // 5)
    now, before = d[d.period == 4], d[d.period == 3]
    sheet = {"tiv_total": now.tiv.sum(),
             "change": {p: now.tiv.sum() / d[d.period == p].tiv.sum() - 1 for p in (3, 2)},
             "suppliers": now.supplier.nunique(), "recipients": now.recipient.nunique()}
    for role, other in (("supplier", "recipient"), ("recipient", "supplier")):
        totals = now.groupby(role)["tiv"].sum().sort_values(ascending=False).head(25)
        prev = before.groupby(role)["tiv"].sum()
        pairs = now.groupby([role, other])["tiv"].sum()
        sheet[role] = [{"party": p, "share": 100 * t / sheet["tiv_total"],
                        "change": 100 * (t / prev.get(p, float("nan")) - 1),
                        "partners": (100 * pairs[p] / t).sort_values(ascending=False).head(3).to_dict()}
                       for p, t in totals.items()]
    return sheet


def machine_load() -> str:
    """The machine's load, printed before and after: on the shared 2-core machine a figure taken
    under load is an upper bound (docs/performance.md)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path(tempfile.mkdtemp()) / "bench.duckdb")
    args = parser.parse_args()
    print(f"before: {machine_load()}", flush=True)
    con = db.connect(args.db)
    frame = pandas_deliveries()
    queries = [
        ("Myanmar by supplier, 2014-2019",
         lambda c: flows(release_view(c), FlowQuery(recipient="Myanmar", year_from=2014, year_to=2019, by=("supplier",))),
         pandas_recipient_by_supplier),
        ("Russia by year, 1950-2024",
         lambda c: flows(release_view(c), FlowQuery(supplier="Russia", year_from=1950, year_to=2024, by=("year",))),
         pandas_supplier_by_year),
        ("India by year x supplier, all",
         lambda c: flows(release_view(c), FlowQuery(recipient="India", by=("year", "supplier"))),
         pandas_recipient_by_year_supplier),
        ("fact sheet 2020-2024",
         lambda c: factsheet(release_view(c), parse_period("2020-2024")), pandas_factsheet),
    ]

    def on_new_cursor(ours) -> None:
        cursor = con.cursor()
        try:
            ours(cursor)
        finally:
            cursor.close()

    load = timed(pandas_deliveries, max(3, args.repeat // 5))
    print(f"pandas: read the CSV and split deals over years: {load:.0f} ms (paid once per script)")
    print(f"{'query':34} {'armswatch':>10} {'new cursor':>11} {'pandas':>10} {'ratio':>7} "
          f"{'pandas+CSV':>11} {'ratio':>7}")
    for name, ours, theirs in queries:
        a, p = timed(lambda: ours(con), args.repeat), timed(lambda: theirs(frame), args.repeat)
        cold = timed(lambda: on_new_cursor(ours), args.repeat)
        print(f"{name:34} {a:8.1f}ms {cold:9.1f}ms {p:8.1f}ms {p / a:6.1f}x {p + load:9.0f}ms "
              f"{(p + load) / a:6.0f}x")
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
