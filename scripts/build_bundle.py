"""Rebuild the bundled data (packages/armswatch-data-sipri) from SIPRI's raw exports.

    python scripts/build_bundle.py [--shared ../shared/data/sipri]

Imports SIPRI's per-year deliveries file, then the March 2025 trade register, into a fresh
in-memory database, and writes the tables as Parquet. Source: SIPRI Arms Transfers Database (c) SIPRI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from armswatch import db
from armswatch.store.bundle import bundle_dir, write_bundle
from armswatch.store.load import import_file

ROOT = Path(__file__).resolve().parents[1]
FILES = ("deliveries-by-year-1950-2025.json", "trade-register-1950-2024.csv")
MILEX = ROOT.parent / "shared" / "data" / "milex" / "SIPRI-Milex-data-1949-2024.xlsx"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "sipri")
    parser.add_argument("--out", type=Path, default=bundle_dir())
    parser.add_argument("--milex", type=Path, default=MILEX, help="SIPRI's Milex workbook.")
    args = parser.parse_args()
    con = db.connect(":memory:", seed=False)
    for path in [*(args.shared / name for name in FILES), args.milex]:
        report = import_file(con, path)
        print(report.summary(), report.stats)
        if not report.valid:
            return 1
    print(write_bundle(con, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
