"""A country's military expenditure series for one measure, with SIPRI's flags per year."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from armswatch.errors import UnknownParty, UsageError
from armswatch.parties import registry
from armswatch.sources.milex import Measure
from armswatch.sources.milex_cells import Status
from armswatch.spending.measures import MEASURES, unit
from armswatch.spending.release import MilexRelease, current_milex_release


@dataclass(frozen=True)
class SpendingFigure:
    year: int
    value: float | None  # in the measure's unit (shares as per cent)
    status: Status
    estimate: bool
    uncertain: bool


@dataclass(frozen=True)
class SpendingSeries:
    party: str
    country: str  # as the Milex workbook names it
    measure: Measure
    unit: str
    notes: str | None
    figures: list[SpendingFigure]
    release: MilexRelease

    def to_arrow(self) -> pa.Table:
        rows = [{"country": self.party, **asdict(f)} for f in self.figures]
        return pa.Table.from_pylist(rows, schema=FIGURE_SCHEMA)

    def to_dict(self) -> dict[str, object]:
        return {"country": self.party, "milex_country": self.country, "measure": self.measure,
                "unit": self.unit, "notes": self.notes, "release": self.release.to_dict(),
                "figures": [asdict(f) for f in self.figures]}


FIGURE_SCHEMA = pa.schema([("country", pa.string()), ("year", pa.int32()),
                           ("value", pa.float64()), ("status", pa.string()),
                           ("estimate", pa.bool_()), ("uncertain", pa.bool_())])


def check_years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to}.")


def country_series(con: duckdb.DuckDBPyConnection, country: str, measure: Measure,
                   year_from: int | None = None, year_to: int | None = None) -> SpendingSeries:
    """The series of ``country`` (any alias: Burma, Turkey) from ``year_from`` to ``year_to``."""
    check_years(year_from, year_to)
    release = current_milex_release(con)
    party, milex_country, notes = _series_head(con, release.milex_release_id, measure, country)
    rows = con.execute(
        "SELECT year, value, status, estimate, uncertain FROM milex_figures WHERE milex_release_id = ?"
        " AND measure = ? AND party = ? AND year BETWEEN ? AND ? ORDER BY year",
        [release.milex_release_id, measure, party, year_from or 0, year_to or 9999]).fetchall()
    info = MEASURES[measure]
    figures = [SpendingFigure(y, info.shown(v), s, e, u) for y, v, s, e, u in rows]
    return SpendingSeries(party, milex_country, measure,
                          unit(measure, release.constant_usd_base_year), notes, figures, release)


def _series_head(con: duckdb.DuckDBPyConnection, release_id: int, measure: Measure,
                 country: str) -> tuple[str, str, str | None]:
    """The party, the workbook's name and SIPRI's notes for a name, via the one party door."""
    party = registry().lookup(country) or country
    head = con.execute("SELECT party, country, notes FROM milex_series WHERE milex_release_id = ? "
                       "AND measure = ? AND (party = ? OR country = ?)",
                       [release_id, measure, party, country]).fetchone()
    if head is not None:
        return head
    names = [r[0] for r in con.execute("SELECT DISTINCT party FROM milex_series WHERE "
                                       "milex_release_id = ?", [release_id]).fetchall()]
    if party in names:
        raise UsageError(f"SIPRI's Milex workbook has no {measure} series for {party}.")
    raise UnknownParty(country, names)
