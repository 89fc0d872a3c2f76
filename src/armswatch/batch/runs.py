"""Batch runs: ``extract_archive`` (news shards → claims dataset) and ``check_dataset`` (claims
dataset → checked dataset). Each skips shards already written (resume), maps the rest on the
engine, and returns a ``RunReport`` that is also written as ``OUT/_run.json``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import fsspec

from armswatch.batch.engine import Engine, mapped
from armswatch.batch.output import shard_report, written_shards
from armswatch.batch.report import RunReport, ShardReport
from armswatch.batch.shards import Shard, find_shards
from armswatch.batch.tasks import (CheckTask, ExtractTask, RegisterRef, check_shard,
                                   extract_shard)
from armswatch.errors import UsageError
from armswatch.store.urls import is_url


class Progress:
    """What a shell hears during a run: the engine starting, then each shard as it finishes."""

    def started(self, engine: str, dashboard: str | None, todo: int, total: int) -> None:
        pass

    def shard_done(self, report: ShardReport, done: int, total: int) -> None:
        pass


def extract_archive(inputs: list[str], out: str, engine: Engine = Engine(), *,
                    resume: bool = True, progress: Progress | None = None,
                    min_confidence: float | None = None) -> RunReport:
    """Extract every document of every shard the globs match into ``out`` (Parquet, by shard)."""
    shards = find_shards(inputs)
    tasks = [ExtractTask(shard, out, min_confidence) for shard in shards]
    return _run("extract", tasks, extract_shard, out, engine, resume, progress)


def check_dataset(claims: str, out: str, engine: Engine = Engine(), *, db: str | None = None,
                  release: int | None = None, resume: bool = True,
                  progress: Progress | None = None) -> RunReport:
    """Check every claim of a claims dataset (``batch extract``'s output) against the register."""
    found = written_shards(claims)
    if not found:
        raise UsageError(f"No claims under {claims!r}: give the --out folder of "
                         f"`armswatch batch extract`.")
    register = _register(db, release)
    tasks = [CheckTask(Shard(path, key), out, register) for key, path in sorted(found.items())]
    return _run("check", tasks, check_shard, out, engine, resume, progress)


def _run(step, tasks, task, out, engine, resume, progress) -> RunReport:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    done = written_shards(out) if resume else {}
    reports = [_resumed(t.shard, done[t.shard.key]) for t in tasks if t.shard.key in done]
    todo = [t for t in tasks if t.shard.key not in done]
    progress = progress or Progress()
    with mapped(engine, task, todo) as run:
        progress.started(engine.describe(), run.dashboard, len(todo), len(tasks))
        for report in run.reports:
            reports.append(report)
            progress.shard_done(report, len(reports), len(tasks))
        dashboard = run.dashboard
    order = {t.shard.key: i for i, t in enumerate(tasks)}
    reports.sort(key=lambda r: order[r.shard])
    result = RunReport(step, out, engine.describe(), reports, time.perf_counter() - started,
                       dashboard)
    _write_run(out, result)
    return result


def _resumed(shard: Shard, path: str) -> ShardReport:
    report = shard_report(path) or ShardReport(shard.key, shard.url)
    report.resumed = True
    return report


def _write_run(out: str, report: RunReport) -> None:
    fs, root = fsspec.core.url_to_fs(out)
    fs.makedirs(root, exist_ok=True)
    with fs.open(f"{root.rstrip('/')}/_run.json", "w") as handle:
        json.dump(report.to_dict(), handle, indent=2)


def _register(path: str | None, release_id: int | None) -> RegisterRef:
    """The release to check against, identified by its checksum. The database is created from
    the bundle here (once) if it is new, so workers on this machine only open it read-only."""
    from armswatch import db
    from armswatch.register.releases import current_release

    target = db.resolve_path(path)
    if not is_url(target):                     # a team's PostgreSQL URL is no path (issue 19)
        target = str(Path(target).resolve())
    con = db.connect(target, read_only=True)
    try:
        release = current_release(con, release_id)
    finally:
        con.close()
    return RegisterRef(target, release.release_id, release.sha256)
