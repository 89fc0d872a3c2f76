"""What the database holds: releases, counts and attribution (``armswatch info``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from armswatch import ATTRIBUTION
from armswatch.register.releases import list_releases
from armswatch.store.urls import redacted
from armswatch.store.views import ReleaseView
from armswatch.terms import TERMS


@dataclass(frozen=True)
class Info:
    database: str
    current_release: int
    deals: int
    deliveries: int
    tiv_delivered_total: float
    sipri_split_deals: int
    parties: int
    releases: list[dict[str, object]]
    attribution: str
    terms: str = TERMS  # SIPRI's terms for its data (armswatch.terms, issue 20)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def info(view: ReleaseView, database: str) -> Info:
    """What ``database`` holds, and the counts of the view's release. A PostgreSQL URL is shown
    without its password (``/api/info`` answers anyone)."""
    con, release = view.con, view.release
    deals, tiv = con.execute("SELECT count(*), coalesce(sum(tiv_delivered), 0) FROM deals "
                             "WHERE release_id = ?", [release.release_id]).fetchone()
    deliveries = con.execute("SELECT count(*) FROM deliveries WHERE release_id = ?",
                             [release.release_id]).fetchone()[0]
    parties = con.execute("SELECT count(*) FROM parties").fetchone()[0]
    releases = [{"release_id": r.release_id, "format": r.source_format, "file_name": r.file_name,
                 "data_generated": r.data_generated.isoformat() if r.data_generated else None,
                 "deals": r.deals, "deliveries": r.deliveries, "whole_register": r.whole_register,
                 "sha256": r.sha256, "attribution": r.attribution}
                for r in list_releases(con)]
    return Info(redacted(database), release.release_id, deals, deliveries, round(tiv, 2),
                release.sipri_split_deals, parties, releases,
                f"{ATTRIBUTION}. {release.label}.")
