"""Importing SIPRI's Milex workbook: all of it in one transaction, or nothing; the same file twice is a no-op.

Milex country names are mapped to the register's parties ("Türkiye" → Turkey, "USSR" → Soviet
Union) through the one party door; a name the party table lacks becomes a new party, counted.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from armswatch import MILEX_ATTRIBUTION
from armswatch.parties import Parties, registry
from armswatch.report import Report
from armswatch.sources.milex import (Footnote, MilexFigure, MilexRegion, MilexSeries,
                                     MilexWorkbook, RegionalTotal, read_milex)
from armswatch.store import tables
from armswatch.store.parties import write_parties
from armswatch.store.tables import transaction


def import_milex(con: duckdb.DuckDBPyConnection, path: Path, *, dry_run: bool = False) -> Report:
    started = time.perf_counter()
    book = read_milex(path)
    report = book.report
    if report.valid:
        _import_valid(con, book, dry_run)
    report.seconds = time.perf_counter() - started
    return report


def _import_valid(con: duckdb.DuckDBPyConnection, book: MilexWorkbook, dry_run: bool) -> None:
    known = con.execute("SELECT milex_release_id FROM milex_releases WHERE sha256 = ?",
                        [book.sha256]).fetchone()
    if known:
        book.report.stats["already_imported_as_milex_release"] = known[0]
        return
    parties = registry().with_names({s.country for s in book.series})
    book.report.stats["new_parties"] = len(parties) - len(registry())
    if dry_run:
        return
    with transaction(con):
        release_id = _insert_release(con, book)
        write_parties(con, parties)
        _write_rows(con, book, parties, release_id)
    book.report.written = True
    book.report.stats["milex_release_id"] = release_id


def _insert_release(con: duckdb.DuckDBPyConnection, book: MilexWorkbook) -> int:
    years = [f.year for f in book.figures]
    row = con.execute(
        "INSERT INTO milex_releases VALUES ((SELECT coalesce(max(milex_release_id), 0) + 1 "
        "FROM milex_releases), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING milex_release_id",
        [book.file_name, book.sha256, book.last_year + 1 if book.last_year else None,
         min(years, default=None), max(years, default=None), book.constant_usd_base_year,
         book.workbook_created, datetime.now(), book.report.stats["countries"],
         book.report.stats["figures"], book.ignored_sheets, MILEX_ATTRIBUTION]).fetchone()
    assert row is not None
    return int(row[0])


def _write_rows(con: duckdb.DuckDBPyConnection, book: MilexWorkbook, parties: Parties,
                release_id: int) -> None:
    party = {s.country: parties.resolve(s.country) for s in book.series}
    series = tables.to_arrow(book.series, MilexSeries, milex_release_id=release_id)
    series = series.append_column("party", [[party[s.country] for s in book.series]])
    tables.insert(con, "milex_series", series)
    figures = tables.to_arrow(book.figures, MilexFigure, milex_release_id=release_id)
    figures = figures.set_column(figures.schema.get_field_index("country"), "party",
                                 pa.array([party[f.country] for f in book.figures], pa.string()))
    tables.insert(con, "milex_figures", figures)
    tables.insert(con, "milex_regions", tables.to_arrow(book.regions, MilexRegion,
                                                        milex_release_id=release_id))
    tables.insert(con, "milex_regional_totals", tables.to_arrow(
        book.totals, RegionalTotal, milex_release_id=release_id))
    tables.insert(con, "milex_footnotes", tables.to_arrow(book.footnotes, Footnote,
                                                          milex_release_id=release_id))
