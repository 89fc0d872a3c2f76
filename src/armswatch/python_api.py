"""The Python API: one object over one database, DataFrames out.

    import armswatch
    aw = armswatch.open()                       # the default database (created on first use)
    aw.deals(supplier="Russia", recipient="Burma")
    aw.flows(recipient="Myanmar", year_from=2014, year_to=2019, by=("supplier",))
    aw.factsheet("2020-2024")["exporters"][:3]

Each method calls the same core function as the CLI command of the same name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from armswatch import db
from armswatch.analytics import DependenceQuery, FlowQuery, dependence, factsheet, flows
from armswatch.analytics.periods import parse_period
from armswatch.register.deals import DealQuery, find_deals
from armswatch.register.summary import info


class Armswatch:
    def __init__(self, path: str | Path | None = None, release_id: int | None = None) -> None:
        self.path = str(path or db.default_path())
        self.release_id = release_id
        self.con = db.connect(path)

    def info(self) -> dict[str, object]:
        return info(self.con, self.path, self.release_id).to_dict()

    def deals(self, **filters: object) -> pd.DataFrame:
        """Deals matching ``DealQuery`` filters (supplier, recipient, year_from, year_to, ...)."""
        filters.setdefault("release_id", self.release_id)
        return find_deals(self.con, DealQuery(**filters)).to_pandas()  # type: ignore[arg-type]

    def flows(self, **query: object) -> pd.DataFrame:
        """Delivered TIV by any grouping, with shares (``FlowQuery`` fields)."""
        query.setdefault("release_id", self.release_id)
        return flows(self.con, FlowQuery(**query)).rows  # type: ignore[arg-type]

    def factsheet(self, period: str = "2020-2024", top: int = 25) -> dict[str, object]:
        return factsheet(self.con, parse_period(period), top=top,
                         release_id=self.release_id).to_dict()

    def dependence(self, **query: object) -> pd.DataFrame:
        query.setdefault("release_id", self.release_id)
        return dependence(self.con, DependenceQuery(**query)).to_frame()  # type: ignore[arg-type]

    def close(self) -> None:
        self.con.close()


def open(path: str | Path | None = None, release_id: int | None = None) -> Armswatch:  # noqa: A001
    """Open the armswatch database (``path``, else $ARMSWATCH_DB, else the user data directory)."""
    return Armswatch(path, release_id)
