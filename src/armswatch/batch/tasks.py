"""The per-shard tasks the engine maps: each reads one shard, runs the single-document pipeline
(the same code as `armswatch extract` and `armswatch check`) and writes the shard's file.

A task never raises for bad input: a bad document is skipped and counted, a bad shard comes back
as a failed report with nothing written. Only a worker dying interrupts a task, and Dask then
runs it again elsewhere; the write is atomic, so nothing is lost or doubled.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

import pyarrow as pa

from armswatch.batch.claims import CHECKED_SCHEMA, CLAIMS_SCHEMA, claim_rows, claims
from armswatch.batch.output import read_shard_table, write_shard
from armswatch.batch.report import ShardReport
from armswatch.batch.shards import Shard, ShardUnreadable, read_shard
from armswatch.extract.pipeline import extract_document
from armswatch.store.urls import is_url, redacted


@dataclass(frozen=True)
class RegisterRef:
    """The release a check runs against: the database a worker opens read-only (the same path on
    every machine), and the release's id and file checksum, which the worker verifies."""

    db: str
    release_id: int
    sha256: str


class RegisterMismatch(Exception):
    pass


@dataclass(frozen=True)
class ExtractTask:
    shard: Shard
    out: str
    min_confidence: float | None = None  # None: the models' thresholds


@dataclass(frozen=True)
class CheckTask:
    shard: Shard            # a claims file, by key
    out: str
    register: RegisterRef


def extract_shard(task: ExtractTask) -> ShardReport:
    report = ShardReport(task.shard.key, task.shard.url)
    started = time.perf_counter()
    rows: list[dict] = []
    skipped: Counter[str] = Counter()
    try:
        for item in read_shard(task.shard):
            if item.problem is not None:
                _note(report, item.problem.to_dict())
            if item.document is None:
                skipped[item.problem.code if item.problem else "document-skipped"] += 1
                continue
            report.documents += 1
            rows.extend(claim_rows(item.document, item.source, extract_document(item.document,
                                                                           task.min_confidence)))
    except ShardUnreadable as exc:
        return _failed(report, exc.code, exc.message, started)
    report.skipped, report.claims = dict(skipped), len(rows)
    report.seconds = round(time.perf_counter() - started, 3)
    write_shard(task.out, task.shard.key, pa.Table.from_pylist(rows, CLAIMS_SCHEMA), report)
    return report


def check_shard(task: CheckTask) -> ShardReport:
    report = ShardReport(task.shard.key, task.shard.url)
    started = time.perf_counter()
    try:
        table = read_shard_table(task.shard.url)
    except (OSError, pa.ArrowException) as exc:
        return _failed(report, "shard-unreadable", f"{type(exc).__name__}: {exc}", started)
    missing = [n for n in CLAIMS_SCHEMA.names if n not in table.column_names]
    if missing:
        return _failed(report, "shard-not-claims", f"not a claims file of `batch extract` "
                       f"(no {', '.join(missing[:3])})", started)
    try:
        checker = _checker(task.register)
    except RegisterMismatch as exc:
        return _failed(report, "register-mismatch", str(exc), started)
    out: list[dict] = []
    for _, group in groupby(table.to_pylist(), key=lambda r: (r["source"], r["document_id"])):
        rows = list(group)
        first = rows[0]
        checked = checker.check_claims(claims(rows), document_id=first["document_id"] or "",
                                       published=first["published"],
                                       document_key=first["document_sha256"])
        for row, claim in zip(rows, checked.claims):
            out.append({**row, "claim_id": claim.claim_id, "verdict": claim.verdict.verdict,
                        "explanation": claim.verdict.explanation,
                        "deal_ids": claim.verdict.deal_ids, "release_id": checked.release_id})
        report.documents += 1
    report.claims = len(out)
    report.verdicts = dict(sorted(Counter(r["verdict"] for r in out).items()))
    report.seconds = round(time.perf_counter() - started, 3)
    write_shard(task.out, task.shard.key, pa.Table.from_pylist(out, CHECKED_SCHEMA), report,
                checker.view.release.attribution)
    return report


@lru_cache(maxsize=2)
def _checker(register: RegisterRef):  # type: ignore[no-untyped-def]
    """One checker per worker process: the register loaded once. A worker without the database
    file (another machine) loads the bundled register in memory; either way the release must be
    the very file the run was started against."""
    from pathlib import Path

    from armswatch import db as database
    from armswatch.reconcile.pipeline import Checker
    from armswatch.store.database import Store
    from armswatch.store.views import release_view

    # a team's PostgreSQL database is reachable from every worker, as a file on this machine is
    here = is_url(register.db) or Path(register.db).exists()
    # an in-memory copy: a worker never holds the file, so a server and the CLI can write it while
    # a run checks (issue 16)
    con = Store(register.db).snapshot() if here else database.connect(":memory:")
    row = con.execute("SELECT sha256 FROM releases WHERE release_id = ?",
                      [register.release_id]).fetchone()
    if row is None or row[0] != register.sha256:
        shown = redacted(register.db)   # a run's report never shows a password
        where = shown if here else "the bundled data (no database at that path here)"
        raise RegisterMismatch(f"release {register.release_id} in {where} is not the one the run "
                               f"checks against; give every worker the same database at {shown}")
    return Checker(release_view(con, register.release_id))


def _note(report: ShardReport, problem: dict) -> None:
    if len(report.problems) < ShardReport.MAX_PROBLEMS:
        report.problems.append(problem)


def _failed(report: ShardReport, code: str, message: str, started: float) -> ShardReport:
    report.failed = {"code": code, "message": message}
    report.documents, report.claims, report.skipped = 0, 0, {}
    report.seconds = round(time.perf_counter() - started, 3)
    return report
