"""Regenerate src/armswatch/sources/categories.csv and check it against SIPRI's category totals.

    python scripts/build_categories.py [DATA_DIR]

DATA_DIR (default /work/shared/data/sipri) holds the reference exports described in
/work/shared/data/README.md. Every weapon description of the API export keeps SIPRI's own category
(source ``api``); every other description of the classic register, its re-saved variant, the China
register and the per-year JSON gets the category of the keyword rules in
armswatch.sources.categories (source ``rule``).

The check splits each deal of the classic register evenly over its delivery years, sums the TIV by
category for 1950-2022 and 2013-2022, and prints each category's share next to SIPRI's world totals
by category (tiv-world-by-category-1950-2022.csv). The totals come from an earlier release (2023)
and SIPRI's own per-year split, so a few per cent of difference per category is expected.

Two categories differ by more, and neither comes from the mapping. Artillery is about 11% higher
(1950-2022) in every decade alike, and the API export, which has SIPRI's own categories, is also
above the 2023 totals for 2000 and 2001 (404 against 333, 152 against 137): SIPRI revised its
artillery data after 2023. Engines is 20% lower for 2013-2022 only: every Engines description
except "turbojet" and "turboprop" comes from the API, SIPRI's own per-year JSON (2026 release)
shows the same shortfall, and no description of another category has the size or shape to explain
it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from armswatch.sources.categories import CATEGORIES, rule_category

DEFAULT_DATA = Path("/work/shared/data/sipri")
OUT = Path(__file__).resolve().parents[1] / "src" / "armswatch" / "sources" / "categories.csv"

API = "api-trade-register-2000-2001.csv"
CLASSIC = "trade-register-1950-2024.csv"
RESAVED = "trade-register-1950-2024-resaved-utf8.csv"
CHINA = "trade-register-china-2000-2025.csv"
JSON = "deliveries-by-year-1950-2025.json"
WORLD = "tiv-world-by-category-1950-2022.csv"
PERIODS = ((1950, 2022), (2013, 2022))


def register_rows(path: Path, encoding: str) -> list[dict[str, str]]:
    """Rows of a register CSV as dicts, past any legend lines, broken deals rejoined."""
    lines = path.read_text(encoding=encoding).lstrip("\ufeff").splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith(("Recipient,Supplier", "SIPRI AT Database ID")))
    rows = list(csv.reader(lines[start:]))
    header, body = rows[0], rows[1:]
    joined: list[list[str]] = []
    for row in body:
        # An unquoted line break in Comments leaves a short row whose rest starts the next row.
        if joined and len(joined[-1]) < len(header):
            tail = joined.pop()
            row = tail[:-1] + [f"{tail[-1]} {row[0]}"] + row[1:]
        joined.append(row)
    return [dict(zip(header, row)) for row in joined if len(row) >= len(header)]


def api_pairs(data: Path) -> dict[str, str]:
    pairs: dict[str, set[str]] = defaultdict(set)
    for row in register_rows(data / API, "utf-8-sig"):
        pairs[row["Description"]].add(row["Armament category"])
    for description, found in pairs.items():
        if len(found) != 1:
            raise SystemExit(f"API gives {description!r} several categories: {sorted(found)}")
    return {description: found.pop() for description, found in pairs.items()}


def all_descriptions(data: Path) -> set[str]:
    found: set[str] = set()
    for name, encoding in ((CLASSIC, "latin-1"), (RESAVED, "utf-8-sig"), (CHINA, "latin-1")):
        found.update(row["Weapon description"] for row in register_rows(data / name, encoding))
    by_supplier = json.loads((data / JSON).read_text(encoding="utf-8"))
    for by_year in by_supplier.values():
        for by_recipient in by_year.values():
            for records in by_recipient.values():
                found.update(record[2] for record in records)
    return {description for description in found if description.strip()}


def build(data: Path) -> dict[str, tuple[str, str]]:
    api = api_pairs(data)
    table = {description: (category, "api") for description, category in api.items()}
    for description in all_descriptions(data) - api.keys():
        table[description] = (rule_category(description), "rule")
    misses = {d: (c, rule_category(d)) for d, c in api.items() if rule_category(d) != c}
    for description, (sipri, rule) in sorted(misses.items()):
        print(f"rule disagrees with the API: {description!r}: API {sipri}, rule {rule}")
    return table


def write(table: dict[str, tuple[str, str]]) -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["description", "category", "source"])
        for description in sorted(table, key=lambda d: (d.casefold(), d)):
            writer.writerow([description, *table[description]])
    print(f"wrote {len(table)} descriptions to {OUT}")


def register_by_category(data: Path,
                         table: dict[str, tuple[str, str]]) -> dict[str, dict[int, float]]:
    """TIV of the classic register by category and year, each deal split evenly over its years."""
    totals: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for row in register_rows(data / CLASSIC, "latin-1"):
        tiv = float(row["SIPRI TIV of delivered weapons"] or 0)
        years = [int(year) for year in row["Year(s) of delivery"].split(";") if year.strip()]
        if not tiv or not years:
            continue
        category = table[row["Weapon description"]][0]
        for year in years:
            totals[category][year] += tiv / len(years)
    return totals


def world_by_category(data: Path) -> dict[str, dict[int, float]]:
    with (data / WORLD).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["Arms Category"]: {int(year): float(value or 0) for year, value in row.items()
                                   if year.isdigit()}
            for row in rows if row["Arms Category"] != "Total"}


def check(data: Path, table: dict[str, tuple[str, str]]) -> None:
    ours, sipri = register_by_category(data, table), world_by_category(data)
    unknown = set(sipri) - set(CATEGORIES)
    if unknown:
        raise SystemExit(f"SIPRI's totals have categories we do not know: {sorted(unknown)}")
    for first, last in PERIODS:
        def period(by_year: dict[int, float]) -> float:
            return sum(value for year, value in by_year.items() if first <= year <= last)
        our_sum = {c: period(ours.get(c, {})) for c in CATEGORIES}
        sipri_sum = {c: period(sipri.get(c, {})) for c in CATEGORIES}
        our_total, sipri_total = sum(our_sum.values()), sum(sipri_sum.values())
        print(f"\nWorld TIV {first}-{last}: armswatch {our_total:,.0f}, SIPRI {sipri_total:,.0f}")
        print(f"{'category':<31}{'armswatch':>11}{'SIPRI':>11}{'share':>8}{'SIPRI':>8}{'diff':>8}")
        for category in CATEGORIES:
            a, s = our_sum[category], sipri_sum[category]
            diff = f"{a / s - 1:+.1%}" if s else "-"
            print(f"{category:<31}{a:>11,.0f}{s:>11,.0f}{a / our_total:>8.2%}"
                  f"{s / sipri_total:>8.2%}{diff:>8}")


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    table = build(data)
    write(table)
    check(data, table)


if __name__ == "__main__":
    main()
