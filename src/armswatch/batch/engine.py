"""The engine: map a task over shards, sequentially in this process or on a Dask cluster.

``workers=0`` runs in this process (the reference run the tests compare with); otherwise a
``LocalCluster`` of that many single-threaded worker processes, or the cluster at ``scheduler``,
or a ``Client`` the caller already holds. Results come back as each shard finishes, so a progress
bar can follow. Dask re-runs the task of a worker that dies (up to its allowed-failures setting).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar

from armswatch.batch.report import ShardReport
from armswatch.batch.shards import Shard
from armswatch.errors import UsageError


class Task(Protocol):
    @property
    def shard(self) -> Shard: ...


T = TypeVar("T", bound=Task)
HAS_DASHBOARD = importlib.util.find_spec("bokeh") is not None   # Dask's dashboard needs bokeh


@dataclass(frozen=True)
class Engine:
    workers: int = 2
    scheduler: str | None = None
    client: object | None = None     # a distributed.Client the caller manages

    def describe(self) -> str:
        if self.client is not None:
            return f"Dask client ({self.client.scheduler.address})"  # type: ignore[attr-defined]
        if self.scheduler:
            return f"Dask cluster at {self.scheduler}"
        if self.workers == 0:
            return "sequential (this process)"
        return f"Dask local cluster ({self.workers} workers)"


@dataclass
class Mapped:
    reports: Iterator[ShardReport]
    dashboard: str | None


@contextmanager
def mapped(engine: Engine, task: Callable[[T], ShardReport], items: list[T]) -> Iterator[Mapped]:
    """The tasks' reports in completion order, inside the engine's lifetime."""
    if not items:
        yield Mapped(iter(()), None)
    elif engine.client is None and engine.scheduler is None and engine.workers == 0:
        yield Mapped((_guarded(task, item) for item in items), None)
    else:
        with connected(engine) as client:
            yield Mapped(_distributed(client, task, items), _dashboard(client))


def _guarded(task: Callable[[T], ShardReport], item: T) -> ShardReport:
    try:
        return task(item)
    except Exception as exc:  # noqa: BLE001 - one shard's failure must not stop the run
        return _crashed(item, exc)


def _distributed(client, task, items):  # type: ignore[no-untyped-def]
    from distributed import as_completed

    stamp = time.strftime("%Y%m%dT%H%M%S")
    futures = client.map(task, items, pure=False,
                         key=[f"armswatch-{item.shard.key}-{stamp}" for item in items])
    by_key = {future.key: item for future, item in zip(futures, items)}
    for future in as_completed(futures):
        try:
            yield future.result()
        except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after repeated deaths
            yield _crashed(by_key[future.key], exc)
        future.release()


def _crashed(item: Task, exc: Exception) -> ShardReport:
    return ShardReport(item.shard.key, item.shard.url, failed={
        "code": "shard-failed", "message": f"{type(exc).__name__}: {exc}; the shard was not "
        "written — run the same command again to retry it"})


@contextmanager
def connected(engine: Engine):  # type: ignore[no-untyped-def]
    """The engine's Dask client, for as long as the ``with`` block runs: the caller's, one to the
    scheduler at ``engine.scheduler``, or one to a new LocalCluster that is shut down after."""
    if engine.client is not None:
        yield engine.client
        return
    from distributed import Client, LocalCluster

    if engine.scheduler:
        try:
            client = Client(engine.scheduler, timeout="20s")
        except OSError as exc:
            raise UsageError(f"No Dask scheduler answers at {engine.scheduler} ({exc}); start one "
                             f"with `dask scheduler` or check the address.") from exc
        with client:
            yield client
        return
    if engine.workers < 0:
        raise UsageError("--workers must be 0 (this process) or more.")
    with LocalCluster(n_workers=engine.workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0" if HAS_DASHBOARD else None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        yield client


def _dashboard(client) -> str | None:  # type: ignore[no-untyped-def]
    try:
        return client.dashboard_link if HAS_DASHBOARD else None
    except Exception:  # noqa: BLE001 - a dashboard is a nicety; no dashboard is not an error
        return None
