"""What a connection has read about the store, kept until armswatch writes releases, settings or
deliveries (import, bundle seed, ``use``, a server's new copy), which call ``releases_changed``:
choosing the release then costs no statement per query (issue 3: flows within 10 ms).

In the store layer (issue 16): the writers (store/load.py, store/bundle.py) forget here, the
readers (register/releases.py, analytics) remember here, and neither imports the other.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import duckdb

T = TypeVar("T")

_lock = threading.Lock()
_generation = 0
_memos: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[int, dict[Hashable, object]]]
_memos = weakref.WeakKeyDictionary()  # per connection: (generation, key -> value)


def releases_changed() -> None:
    """Forget what every connection remembers of the store. Call after writing releases, settings
    or deliveries (and after a rollback of such a write)."""
    global _generation
    with _lock:
        _generation += 1
        _memos.clear()


def remembered(con: duckdb.DuckDBPyConnection, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per connection and key, until ``releases_changed``. Only for values
    derived from releases, settings or deliveries (written through armswatch, which calls it)."""
    with _lock:
        generation = _generation
        entry = _memos.get(con)
        if entry is not None and entry[0] == generation and key in entry[1]:
            return entry[1][key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if generation == _generation:  # nothing written meanwhile
            entry = _memos.get(con)
            if entry is None or entry[0] != generation:
                entry = _memos[con] = (generation, {})
            entry[1][key] = value
    return value
