"""Which release a query reads: the one asked for, else the chosen one, else the latest full one
(store/releases.py, re-exported here: the store resolves a ``ReleaseView`` with it), and choosing
one (``use_release``).

What a connection has read about the store (the releases, the chosen one, and what ``remembered``
keeps for analytics) is kept per connection until armswatch writes releases, settings or deliveries
(import, bundle seed, ``use``), which call ``releases_changed``: choosing the release then costs no
statement per query (issue 3: flows within 10 ms). The memo itself is store/memo.py.
"""

from __future__ import annotations

import duckdb

from armswatch.model import REGISTER_FORMATS, Release  # noqa: F401  (imported from here too)
from armswatch.store.memo import releases_changed, remembered  # noqa: F401  (imported from here too)
from armswatch.store.releases import (RELEASE_COLUMNS, SETTING, current_release,  # noqa: F401
                                      list_releases, stored_settings)


def use_release(con: duckdb.DuckDBPyConnection, release_id: int | None) -> Release:
    """Make ``release_id`` the default for queries (None: back to the latest)."""
    try:
        con.execute("DELETE FROM settings WHERE key = ?", [SETTING])
        releases_changed()
        if release_id is not None:
            current_release(con, release_id)
            con.execute("INSERT INTO settings VALUES (?, ?)", [SETTING, str(release_id)])
    finally:
        releases_changed()
    return current_release(con)
