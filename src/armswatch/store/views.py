"""One release of one database, resolved once: a ``ReleaseView`` (issue 16).

A shell resolves ``--db`` and ``--release`` once (``release_view``: the release asked for, else the
chosen one, else the latest whole register; an unknown id is ``unknown-release`` with the choices)
and hands the view to analytics and the checker, which read the resolved ``Release`` from it
instead of resolving a bare release id again in each layer.

What the layers above derive from a release is kept on the view, made when first asked for
(``derived``): the years it covers (here), the checker's deal index (reconcile/index.py
``deal_index``), the extractor's designations of that release (extract/gazetteer.py
``use_release``, kept per release by the gazetteer itself). A view on another connection of the
same database (``on``: a web request's cursor) shares them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import duckdb

from armswatch.model import Release
from armswatch.store.memo import remembered
from armswatch.store.releases import current_release

T = TypeVar("T")


@dataclass(frozen=True)
class ReleaseView:
    """A connection and the release its queries read. ``con`` belongs to whoever made the view
    (``close`` closes it, for a view that owns its connection)."""

    con: duckdb.DuckDBPyConnection
    release: Release
    # what the layers above derived from the release, made once per view (shared by ``on``)
    derived_values: dict[Hashable, object] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def release_id(self) -> int:
        return self.release.release_id

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last delivery year the release holds (None: it holds no deliveries),
        read once per view: the checker's statistics and every analytics range check use it."""
        return self.derived("years", _covered_years)

    def derived(self, key: Hashable, compute: Callable[[ReleaseView], T]) -> T:
        """``compute(self)`` the first time ``key`` is asked for, then kept with the view."""
        found = self.derived_values.get(key, _MISSING)
        if found is _MISSING:
            value = compute(self)
            with self._lock:
                found = self.derived_values.setdefault(key, value)
        return found  # type: ignore[return-value]

    def on(self, con: duckdb.DuckDBPyConnection) -> ReleaseView:
        """The same release read through ``con`` (another cursor on the same database), sharing
        what was derived: a server resolves a view once per copy and gives each request its own."""
        return replace(self, con=con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ReleaseView:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_MISSING = object()


def release_view(con: duckdb.DuckDBPyConnection, release_id: int | None = None) -> ReleaseView:
    """The view of release ``release_id`` of ``con``'s database (None: the one queries read by
    default). Costs no statement once the connection has read the releases (store/memo.py)."""
    return ReleaseView(con, current_release(con, release_id))


def _covered_years(view: ReleaseView) -> tuple[int, int] | None:
    con, release_id = view.con, view.release_id
    lo, hi = remembered(con, ("covered_years", release_id), lambda: con.execute(
        "SELECT min(year), max(year) FROM deliveries WHERE release_id = ?",
        [release_id]).fetchall()[0])  # fetchall: no result left open (DuckDB 2.0)
    return None if lo is None else (lo, hi)
