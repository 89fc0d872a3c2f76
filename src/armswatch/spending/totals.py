"""World, regional and subregional totals as SIPRI estimates them (US$ b.)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from armswatch.errors import UsageError, suggestions
from armswatch.sources.milex_cells import Status
from armswatch.spending.release import MilexRelease, current_milex_release
from armswatch.spending.series import check_years


@dataclass(frozen=True)
class RegionalTotalRow:
    region: str
    year: int
    value: float | None
    status: Status
    estimated_share_over_10pct: bool


@dataclass(frozen=True)
class RegionalTotals:
    region: str
    measure: str
    unit: str
    rows: list[RegionalTotalRow]
    omitted_countries: str | None
    release: MilexRelease

    def to_arrow(self) -> pa.Table:
        return pa.Table.from_pylist([asdict(r) for r in self.rows], schema=TOTAL_SCHEMA)

    def to_dict(self) -> dict[str, object]:
        return {"region": self.region, "measure": self.measure, "unit": self.unit,
                "omitted_countries": self.omitted_countries, "release": self.release.to_dict(),
                "totals": [asdict(r) for r in self.rows]}


TOTAL_SCHEMA = pa.schema([("region", pa.string()), ("year", pa.int32()), ("value", pa.float64()),
                          ("status", pa.string()), ("estimated_share_over_10pct", pa.bool_())])


def regional_totals(con: duckdb.DuckDBPyConnection, region: str = "World",
                    year_from: int | None = None, year_to: int | None = None) -> RegionalTotals:
    """SIPRI's totals for ``region`` (World, a region or a subregion) in constant US$ b."""
    check_years(year_from, year_to)
    release = current_milex_release(con)
    name, omitted = _region(con, release.milex_release_id, region)
    rows = con.execute(
        "SELECT region, year, value, status, estimated_share_over_10pct FROM milex_regional_totals"
        " WHERE milex_release_id = ? AND region = ? AND measure = 'constant_usd' AND year BETWEEN"
        " ? AND ? ORDER BY year", [release.milex_release_id, name, year_from or 0,
                                   year_to or 9999]).fetchall()
    unit = f"US$ b. at constant ({release.constant_usd_base_year}) prices and exchange rates"
    return RegionalTotals(name, "constant_usd", unit, [RegionalTotalRow(*r) for r in rows],
                          omitted, release)


def regions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The regions and subregions SIPRI totals, World first (the web's region selector)."""
    release = current_milex_release(con)
    return [r[0] for r in con.execute("SELECT region FROM milex_regions WHERE milex_release_id = ? "
                                      "ORDER BY region = 'World' DESC, region",
                                      [release.milex_release_id]).fetchall()]


def _region(con: duckdb.DuckDBPyConnection, release_id: int, region: str) -> tuple[str, str | None]:
    names = dict(con.execute("SELECT region, omitted_countries FROM milex_regions "
                             "WHERE milex_release_id = ?", [release_id]).fetchall())
    found = next((n for n in names if n.lower() == region.strip().lower()), None)
    if found is None:
        close = suggestions(region, names)
        hint = f" Did you mean {', '.join(close)}?" if close else f" Choose from {', '.join(names)}."
        raise UsageError(f"SIPRI's Milex totals have no region {region!r}.{hint}")
    return found, names[found]
