"""Which release a query reads: the one asked for, else the chosen one, else the latest full one.

In the store layer (issue 16), so that the store can hand out a ``ReleaseView`` (store/views.py)
resolved once; register/releases.py re-exports these names and keeps ``use_release``.

What a connection has read about the store (the releases, the chosen one, and what ``remembered``
keeps for analytics) is kept per connection until armswatch writes releases, settings or deliveries
(import, bundle seed, ``use``), which call ``releases_changed``: choosing the release then costs no
statement per query (issue 3: flows within 10 ms). The memo itself is store/memo.py.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from armswatch.errors import NoSipriData, UnknownRelease
from armswatch.model import REGISTER_FORMATS, Release
from armswatch.store.memo import remembered

SETTING = "current_release"

RELEASE_COLUMNS = ("release_id, source_format, file_name, sha256, data_generated, scope, imported_at, "
                   "deals, deliveries, sipri_split_deals, attribution")


def list_releases(con: duckdb.DuckDBPyConnection) -> list[Release]:
    rows = con.execute(f"SELECT {RELEASE_COLUMNS} FROM releases ORDER BY release_id").fetchall()
    return [Release(*row) for row in rows]


def current_release(con: duckdb.DuckDBPyConnection, release_id: int | None = None) -> Release:
    """The release queries read.

    Default: the one set with ``armswatch use``, else the whole-register release with the latest
    "Data generated" date (a partial export, such as one supplier's deals, is never the default).
    Any release can be asked for by id, SIPRI's per-year deliveries file included (its deliveries,
    without deals).
    """
    every, settings = remembered(con, "releases", lambda: _read_store(con))
    by_id = {r.release_id: r for r in every}
    releases = [r for r in every if r.source_format in REGISTER_FORMATS]
    if release_id is None and SETTING in settings:
        release_id = int(settings[SETTING])  # type: ignore[arg-type]
    if release_id is not None:
        if not by_id:
            raise NoSipriData()
        if release_id not in by_id:
            raise UnknownRelease(f"No release {release_id}. Releases: "
                                 f"{', '.join(map(str, by_id)) or 'none; run armswatch import'}.",
                                 release=release_id, choices=list(by_id))
        return by_id[release_id]
    if not releases:
        raise NoSipriData()  # the code without SIPRI's data, or a database never given any
    whole = [r for r in releases if r.whole_register] or releases
    return max(whole, key=lambda r: (r.data_generated or datetime.min, r.release_id))


def stored_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """The settings table as a dict (the chosen release, which releases have flow totals)."""
    return remembered(con, "releases", lambda: _read_store(con))[1]


def _read_store(con: duckdb.DuckDBPyConnection) -> tuple[list[Release], dict[str, str | None]]:
    """Every release, and the settings, in one statement."""
    rows = con.execute(f"SELECT {RELEASE_COLUMNS}, NULL::VARCHAR AS key, NULL::VARCHAR AS value "
                       "FROM releases UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                       "NULL, NULL, NULL, key, value FROM settings").fetchall()
    every = sorted((Release(*row[:-2]) for row in rows if row[-2] is None), key=lambda r: r.release_id)
    return every, {row[-2]: row[-1] for row in rows if row[-2] is not None}
