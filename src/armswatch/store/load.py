"""Importing a SIPRI export into the store: all of it in one transaction, or nothing.

A file already imported (same sha256) is a no-op. A register of a newer release becomes a new release
beside the old ones. SIPRI's per-year deliveries file re-splits every register release it can.
"""

from __future__ import annotations

import time
from hashlib import sha1
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from armswatch import ATTRIBUTION
from armswatch.model import Deal, Delivery
from armswatch.parties import Parties, registry
from armswatch.report import Report
from armswatch.sources.categories import category_for
from armswatch.sources.detect import read_any
from armswatch.sources.model import SipriYear, SourceFile
from armswatch.store import tables
from armswatch.store.memo import releases_changed
from armswatch.store.parties import write_parties  # noqa: F401  (imported from here too)
from armswatch.store.schema import ensure_schema, memory
from armswatch.store.split import SipriIndex, SplitResult, index_sipri_years, split_deals
from armswatch.store.totals import build_totals


def import_file(con: duckdb.DuckDBPyConnection, path: Path, *, dry_run: bool = False,
                imported_by: str | None = None) -> Report:
    """Read, validate and (unless ``dry_run`` or invalid) write one file. Returns its report.
    ``imported_by``: the signed-in user kept with a trade register release (issue 19)."""
    if is_workbook(path):  # SIPRI's Milex workbook (issue 7) has its own reader and tables
        from armswatch.store.milex import import_milex

        return import_milex(con, path, dry_run=dry_run)
    started = time.perf_counter()
    source = read_any(path)
    report = source.report
    if report.valid:
        _import_valid(con, source, dry_run, imported_by)
    report.seconds = time.perf_counter() - started
    return report


def is_workbook(path: Path) -> bool:
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _import_valid(con: duckdb.DuckDBPyConnection, source: SourceFile, dry_run: bool,
                  imported_by: str | None = None) -> None:
    report = source.report
    known = con.execute("SELECT release_id FROM releases WHERE sha256 = ?", [source.sha256]).fetchone()
    if known:
        report.stats["already_imported_as_release"] = known[0]
        return
    parties = registry().with_names(_names(source))
    report.stats["new_parties"] = len(parties) - len(registry())
    split = None
    if source.format != "deliveries-json":
        split = split_deals(source.deals, source.yearly, _sipri_index(con, parties), parties)
        _count_split(report, split)
    if dry_run:  # the same writes into a private in-memory database: its types check too
        scratch = memory()
        ensure_schema(scratch)
        try:
            _write_checked(scratch, source, parties, split)
        finally:
            scratch.close()
        return
    try:
        release_id = _write_checked(con, source, parties, split, imported_by)
    finally:
        releases_changed()  # the real database only: a dry run changes nothing
    if release_id is not None:
        report.written = True
        report.stats["release_id"] = release_id


# What DuckDB raises for a value its column cannot hold: the readers' bounds should make these
# impossible, so one that gets through is a coded problem, not an internal error.
_REFUSED_VALUES = (duckdb.ConversionException, duckdb.OutOfRangeException,
                   duckdb.ConstraintException)


def _write_checked(con: duckdb.DuckDBPyConnection, source: SourceFile, parties: Parties,
                   split: SplitResult | None, imported_by: str | None = None) -> int | None:
    """Write in one transaction; the release id, or None when the database refused a value (the
    report then says which). Any failure rolls the whole write back and is raised as it was."""
    try:
        return _write(con, source, parties, split, imported_by)
    except _REFUSED_VALUES as exc:
        source.report.add("database-refused", f"The database refused the file's rows: {exc}")
        return None


def _write(con: duckdb.DuckDBPyConnection, source: SourceFile, parties: Parties,
           split: SplitResult | None, imported_by: str | None = None) -> int:
    con.execute("BEGIN TRANSACTION")
    try:
        release_id = _insert_release(con, source, split, imported_by)
        write_parties(con, parties)
        if split is None:
            tables.insert(con, "sipri_yearly", tables.to_arrow(source.sipri_years, SipriYear,
                                                             release_id=release_id))
            write_yearly_release(con, release_id, source.sipri_years, parties)
            resplit = resplit_all(con, parties)
        else:
            write_register(con, release_id, source.deals, split)
            resplit = []
        build_totals(con, [release_id, *resplit])  # flows' totals commit with the deliveries
        con.execute("COMMIT")
    except BaseException as exc:
        _rollback(con, exc)
        raise
    return release_id


def _rollback(con: duckdb.DuckDBPyConnection, cause: BaseException) -> None:
    """Undo the write; a rollback that fails too (a lost connection) is noted on the cause, which
    stays the error raised: the cause, not its clean-up, is what the user needs (issue 14)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error as exc:
        cause.add_note(f"The rollback failed too: {exc}")


def _names(source: SourceFile) -> set[str]:
    return {n for d in source.deals for n in (d.supplier, d.recipient)}


def _sipri_index(con: duckdb.DuckDBPyConnection, parties: Parties) -> SipriIndex:
    rows = con.execute("SELECT supplier, recipient, year, designation, description, "
                       "number_delivered, tiv_delivered FROM sipri_yearly").fetchall()
    return index_sipri_years((SipriYear(*row) for row in rows), parties)


def _count_split(report: Report, split: SplitResult) -> None:
    report.deliveries = len(split.rows)
    report.stats.update(sipri_split_deals=split.sipri_split_deals,
                        single_year_deals=split.single_year_deals,
                        even_split_deals=split.even_split_deals)


def _insert_release(con: duckdb.DuckDBPyConnection, source: SourceFile,
                    split: SplitResult | None, imported_by: str | None = None) -> int:
    row = con.execute(
        "INSERT INTO releases (release_id, source_format, file_name, sha256, data_generated, scope,"
        " imported_at, deals, deliveries, sipri_split_deals, attribution, imported_by) VALUES ("
        "(SELECT coalesce(max(release_id), 0) + 1 FROM releases), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING release_id",
        [source.format, source.file_name, source.sha256, source.data_generated, source.scope,
         datetime.now(), len(source.deals),
         len(split.rows) if split else len(source.sipri_years),
         split.sipri_split_deals if split else 0, ATTRIBUTION, imported_by]).fetchone()
    assert row is not None
    return int(row[0])


def write_register(con: duckdb.DuckDBPyConnection, release_id: int, deals: list[Deal],
                   split: SplitResult) -> None:
    by_id = {d.deal_id: d for d in deals}
    table = tables.to_arrow(deals, Deal, release_id=release_id)
    table = table.append_column("split", [[split.method.get(d.deal_id, "none") for d in deals]])
    tables.insert(con, "deals", table)
    write_deliveries(con, release_id, by_id, split.rows)


def write_deliveries(con: duckdb.DuckDBPyConnection, release_id: int, by_id: dict[str, Deal],
                     rows: list[Delivery]) -> None:
    data = tables.to_arrow(rows, Delivery, release_id=release_id)
    for column in ("supplier", "recipient", "category"):
        data = data.append_column(column, [[getattr(by_id[r.deal_id], column) for r in rows]])
    tables.insert(con, "deliveries", data)


def write_yearly_release(con: duckdb.DuckDBPyConnection, release_id: int,
                         records: list[SipriYear], parties: Parties) -> None:
    """The per-year file is also a release of its own: its deliveries, as SIPRI split them.

    Queries can then read SIPRI's own yearly figures of that (later) release side by side with the
    register's (``--release``). Names are resolved to parties; each record gets a synthetic deal id.
    """
    deals: dict[str, Deal] = {}
    rows = []
    for rec in records:
        supplier = parties.lookup(rec.supplier) or rec.supplier
        recipient = parties.lookup(rec.recipient) or rec.recipient
        deal_id = "y" + sha1(f"{supplier}\x1f{recipient}\x1f{rec.designation}\x1f{rec.description}"
                             .encode()).hexdigest()[:11]
        deals.setdefault(deal_id, Deal(deal_id, supplier, recipient, None, False, None, False,
                                       rec.designation, rec.description,
                                       category_for(rec.description), None, False, [], None, None,
                                       None, None, None))
        rows.append(Delivery(deal_id, rec.year, rec.number_delivered, rec.tiv_delivered))
    write_deliveries(con, release_id, deals, rows)


def resplit_all(con: duckdb.DuckDBPyConnection, parties: Parties) -> list[int]:
    """Re-split the register releases that lack SIPRI's own rows (classic exports); returns their
    ids (their deliveries changed: the caller rebuilds their flow totals)."""
    index = _sipri_index(con, parties)
    releases = con.execute("SELECT release_id FROM releases WHERE source_format = 'classic'").fetchall()
    for (release_id,) in releases:
        deals = tables.read_deals(con, release_id)
        split = split_deals(deals, [], index, parties)
        con.execute("DELETE FROM deliveries WHERE release_id = ?", [release_id])
        write_deliveries(con, release_id, {d.deal_id: d for d in deals}, split.rows)
        methods = pa.table({"deal_id": list(split.method), "split": list(split.method.values())})
        con.register("_armswatch_split", methods)
        con.execute("UPDATE deals SET split = m.split FROM _armswatch_split m "
                    "WHERE deals.deal_id = m.deal_id AND deals.release_id = ?", [release_id])
        con.unregister("_armswatch_split")
        con.execute("UPDATE releases SET sipri_split_deals = ?, deliveries = ? WHERE release_id = ?",
                    [split.sipri_split_deals, len(split.rows), release_id])
    return [release_id for (release_id,) in releases]


