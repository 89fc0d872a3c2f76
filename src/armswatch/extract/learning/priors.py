"""Register priors of the learned transfer model: what SIPRI's register says about a designation
and a pair of parties (does it list this designation from this supplier, to this recipient?).

Read from the bundled register's deals (``deals.parquet``) through the store's in-memory door
(``db.memory()``, docs/architecture.md), once per process, and kept on disk between processes
(extract/derived.py: ~0.1 s CPU to build, a few ms to load; issue 17, check's start-up).
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

from armswatch import db
from armswatch.extract import derived
from armswatch.extract.gazetteer import weapon_key
from armswatch.store.bundle import bundle_dir

Priors = tuple[frozenset[tuple[str, str]], dict[str, frozenset[str]], dict[str, frozenset[str]],
               dict[str, str]]


# the code that builds them: this module and weapon_key's (the disk cache's key)
_BUILT_BY = ("learning/priors.py", "gazetteer.py")


@functools.cache
def register_priors() -> Priors:
    """From the bundled register: supplier-recipient pairs; per designation key its suppliers,
    its recipients and its commonest supplier (the maker's state, most often)."""
    path = bundle_dir() / "deals.parquet"
    return derived.cached("priors", derived.file_key(path), _BUILT_BY, lambda: _build(path))


def _build(path: Path) -> Priors:
    with db.memory() as con:
        rows = con.execute("SELECT supplier, recipient, designation, count(*) FROM read_parquet(?)"
                           " GROUP BY ALL", [str(path)]).fetchall()
    pairs = frozenset((s, r) for s, r, _, _ in rows)
    by_sup: dict[str, set[str]] = {}
    by_rec: dict[str, set[str]] = {}
    counts: dict[str, Counter[str]] = {}
    for supplier, recipient, designation, n in rows:
        if designation:
            for key in {weapon_key(designation), weapon_key(designation.split(" ")[0])}:
                by_sup.setdefault(key, set()).add(supplier)
                by_rec.setdefault(key, set()).add(recipient)
                counts.setdefault(key, Counter())[supplier] += n
    return (pairs, {k: frozenset(v) for k, v in by_sup.items()},
            {k: frozenset(v) for k, v in by_rec.items()},
            # the commonest supplier; a tie goes to the first name in order, not to the order
            # DuckDB happened to return the groups in (which varies from run to run)
            {k: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, c in counts.items()})


Timelines = dict[tuple[str, str, str], tuple[tuple[int, int | None, int | None], ...]]


@functools.cache
def register_timelines() -> Timelines:
    """(supplier, recipient, designation key) -> each register deal's (order year, first and last
    delivery year), in order; from the bundled register's deals."""
    path = bundle_dir() / "deals.parquet"
    return derived.cached("timelines", derived.file_key(path), _BUILT_BY,
                          lambda: _build_timelines(path))


def _build_timelines(path: Path) -> Timelines:
    with db.memory() as con:
        rows = con.execute("SELECT supplier, recipient, designation, order_year, "
                           "list_min(delivery_years), list_max(delivery_years) FROM read_parquet(?)",
                           [str(path)]).fetchall()
    out: dict[tuple[str, str, str], list[tuple[int, int | None, int | None]]] = {}
    for supplier, recipient, designation, order, first, last in rows:
        if designation and order:
            for key in {weapon_key(designation), weapon_key(designation.split(" ")[0])}:
                out.setdefault((supplier, recipient, key), []).append((order, first, last))
    return {k: tuple(sorted(v, key=lambda d: (d[0], d[1] or 0, d[2] or 0))) for k, v in out.items()}


@functools.cache
def register_last_year() -> int:
    """The last year of the bundled register's deliveries (the year its data run to): an article
    written after it may tell of deliveries the register does not hold yet."""
    return max((last for deals in register_timelines().values() for _, _, last in deals if last),
               default=0)
