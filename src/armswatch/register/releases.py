"""Which release a query reads: the one asked for, else the chosen one, else the latest full one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from armswatch.errors import UnknownRelease

REGISTER_FORMATS = ("classic", "api")
SETTING = "current_release"


@dataclass(frozen=True)
class Release:
    release_id: int
    source_format: str
    file_name: str
    sha256: str
    data_generated: datetime | None
    scope: str | None
    imported_at: datetime
    deals: int
    deliveries: int
    sipri_split_deals: int
    attribution: str

    @property
    def whole_register(self) -> bool:
        """An export of all suppliers to all recipients (SIPRI's first legend line says so)."""
        scope = (self.scope or "").lower()
        return not scope or ("from all countries" in scope and "to all countries" in scope)

    @property
    def label(self) -> str:
        date = self.data_generated.strftime("%d %b %Y") if self.data_generated else "date unknown"
        return f"release {self.release_id}: {self.file_name} (data generated {date})"


def list_releases(con: duckdb.DuckDBPyConnection) -> list[Release]:
    rows = con.execute("SELECT release_id, source_format, file_name, sha256, data_generated, scope,"
                       " imported_at, deals, deliveries, sipri_split_deals, attribution"
                       " FROM releases ORDER BY release_id").fetchall()
    return [Release(*row) for row in rows]


def current_release(con: duckdb.DuckDBPyConnection, release_id: int | None = None) -> Release:
    """The release queries read.

    Default: the one set with ``armswatch use``, else the whole-register release with the latest
    "Data generated" date (a partial export, such as one supplier's deals, is never the default).
    Any release can be asked for by id, SIPRI's per-year deliveries file included (its deliveries,
    without deals).
    """
    every = list_releases(con)
    by_id = {r.release_id: r for r in every}
    releases = [r for r in every if r.source_format in REGISTER_FORMATS]
    if release_id is None:
        chosen = con.execute("SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone()
        release_id = int(chosen[0]) if chosen else None
    if release_id is not None:
        if release_id not in by_id:
            raise UnknownRelease(f"No release {release_id}. Releases: "
                                 f"{', '.join(map(str, by_id)) or 'none; run armswatch import'}.",
                                 release=release_id, choices=list(by_id))
        return by_id[release_id]
    if not releases:
        raise UnknownRelease("The database holds no register; run `armswatch import FILE`.")
    whole = [r for r in releases if r.whole_register] or releases
    return max(whole, key=lambda r: (r.data_generated or datetime.min, r.release_id))


def use_release(con: duckdb.DuckDBPyConnection, release_id: int | None) -> Release:
    """Make ``release_id`` the default for queries (None: back to the latest)."""
    con.execute("DELETE FROM settings WHERE key = ?", [SETTING])
    if release_id is not None:
        current_release(con, release_id)
        con.execute("INSERT INTO settings VALUES (?, ?)", [SETTING, str(release_id)])
    return current_release(con)
