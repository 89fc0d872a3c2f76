"""Which Milex release queries read (the latest imported), with SIPRI's attribution and release date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from armswatch import MILEX_ATTRIBUTION
from armswatch.errors import NoMilexData


@dataclass(frozen=True)
class MilexRelease:
    milex_release_id: int
    file_name: str
    release_year: int | None
    workbook_created: datetime | None
    constant_usd_base_year: int | None
    attribution: str = MILEX_ATTRIBUTION

    @property
    def label(self) -> str:
        created = f", released {self.workbook_created:%Y-%m-%d}" if self.workbook_created else ""
        return f"SIPRI Milex {self.release_year} release{created}"

    def to_dict(self) -> dict[str, object]:
        return {"milex_release_id": self.milex_release_id, "file_name": self.file_name,
                "release_year": self.release_year,
                "release_date": self.workbook_created.date().isoformat()
                if self.workbook_created else None,
                "constant_usd_base_year": self.constant_usd_base_year,
                "attribution": self.attribution}


def current_milex_release(con: duckdb.DuckDBPyConnection) -> MilexRelease:
    row = con.execute("SELECT milex_release_id, file_name, release_year, workbook_created, "
                      "constant_usd_base_year, attribution FROM milex_releases "
                      "ORDER BY milex_release_id DESC LIMIT 1").fetchone()
    if row is None:
        raise NoMilexData()
    return MilexRelease(*row)
