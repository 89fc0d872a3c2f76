"""The bundled default data: SIPRI's March 2025 register with per-year deliveries, as Parquet.

SIPRI's data is its own distribution, apart from the code (issue 20): the package
armswatch-data-sipri (packages/armswatch-data-sipri, module ``armswatch_data_sipri``), which
``make install`` installs beside armswatch. ``scripts/build_bundle.py`` writes it from the raw
exports; ``seed_from_bundle`` loads it into a new database on first use. NOTICE.md beside the files
carries SIPRI's attribution, the releases and SIPRI's terms.
"""

from __future__ import annotations

import json
import importlib
import os
from pathlib import Path

import duckdb

from armswatch import ATTRIBUTION, MILEX_ATTRIBUTION
from armswatch.errors import NoSipriData
from armswatch.store.memo import releases_changed

BUNDLE_TABLES = ("releases", "deals", "deliveries", "sipri_yearly",
                 "milex_releases", "milex_series", "milex_figures", "milex_regions",
                 "milex_regional_totals", "milex_footnotes")  # SIPRI's Milex workbook (issue 7)


# A folder holding the bundle instead of the data package, or "none" to run as the code alone does.
ENV_VAR = "ARMSWATCH_SIPRI_DATA"
PACKAGE = "armswatch_data_sipri"   # the distribution armswatch-data-sipri (packages/, issue 20)


def find_bundle() -> Path | None:
    """Where SIPRI's bundled data is: $ARMSWATCH_SIPRI_DATA, else the data package; None when the
    code runs alone (built and passed on without SIPRI's data)."""
    setting = os.environ.get(ENV_VAR)
    if setting is not None:
        path = Path(setting)
        return path if setting.strip().lower() not in ("", "none") and path.is_dir() else None
    try:
        package = importlib.import_module(PACKAGE)
    except ImportError:
        return None
    return Path(package.DATA)


def bundle_dir() -> Path:
    """The bundle's folder, or NoSipriData saying how to get SIPRI's data."""
    found = find_bundle()
    if found is None:
        raise NoSipriData()
    return found


def seed_from_bundle(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> None:
    """Fill an empty database from the bundle in one transaction; without one (the code alone),
    only the parties: `armswatch import` and `update` then bring SIPRI's data."""
    # imported here: finding the bundle (bundle_dir, for the extractor) needs none of them, and
    # writing the parties brings pyarrow
    from armswatch.parties import registry
    from armswatch.store.parties import write_parties
    from armswatch.store.totals import build_totals

    directory = directory or find_bundle()
    con.execute("BEGIN TRANSACTION")
    try:
        write_parties(con, registry())
        for table in BUNDLE_TABLES if directory is not None else ():
            path = directory / f"{table}.parquet"
            if path.exists():
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)", [str(path)])
        build_totals(con)  # flows' totals of every bundled release, in the same transaction
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        releases_changed()


def write_bundle(con: duckdb.DuckDBPyConnection, directory: Path) -> dict[str, int]:
    """Export the bundle tables to Parquet (zstd) and return their row counts."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in BUNDLE_TABLES:
        path = directory / f"{table}.parquet"
        order = "release_id, deal_id, year" if table == "deliveries" else "ALL"
        # who imported a release is this database's user (issue 19), not part of SIPRI's data
        columns = "* EXCLUDE (imported_by)" if table == "releases" else "*"
        con.execute(f"COPY (SELECT {columns} FROM {table} ORDER BY {order}) TO '{path}' "
                    "(FORMAT parquet, COMPRESSION zstd)")
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    (directory / "manifest.json").write_text(json.dumps(counts, indent=2) + "\n")
    (directory / "NOTICE.md").write_text(notice(con), encoding="utf-8")
    return counts


def notice(con: duckdb.DuckDBPyConnection) -> str:
    """The attribution shipped beside the bundled data: SIPRI's line and each release's date."""
    lines = ["# Bundled data", "", f"{ATTRIBUTION}.", "", "Releases in this bundle:", ""]
    for name, fmt, generated in con.execute(
            "SELECT file_name, source_format, data_generated FROM releases ORDER BY release_id"
            ).fetchall():
        date = generated.strftime("%d %b %Y") if generated else "date not stated in the file"
        lines.append(f"- `{name}` ({fmt}), data generated {date}")
    for name, year, created in con.execute(
            "SELECT file_name, release_year, workbook_created FROM milex_releases").fetchall():
        lines += ["", f"{MILEX_ATTRIBUTION}. `{name}`: the {year} release "
                  f"(workbook created {created:%d %b %Y})."]
    lines += ["", "TIV (trend-indicator value) is SIPRI's volume index in millions, not a price.", ""]
    milex_year = con.execute("SELECT max(release_year) FROM milex_releases").fetchone()[0]
    from armswatch.terms import terms_markdown

    return "\n".join(lines) + "\n" + terms_markdown(milex_year)
