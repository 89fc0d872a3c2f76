"""Countries ranked by their figure for one year and measure, as SIPRI's workbook gives them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from armswatch.sources.milex import Measure
from armswatch.spending.measures import MEASURES, unit
from armswatch.spending.release import MilexRelease, current_milex_release


@dataclass(frozen=True)
class RankedCountry:
    rank: int
    country: str
    value: float
    estimate: bool
    uncertain: bool


@dataclass(frozen=True)
class Ranking:
    year: int
    measure: Measure
    unit: str
    rows: list[RankedCountry]
    release: MilexRelease

    def to_arrow(self) -> pa.Table:
        return pa.Table.from_pylist([asdict(r) for r in self.rows], schema=RANK_SCHEMA)

    def to_dict(self) -> dict[str, object]:
        return {"year": self.year, "measure": self.measure, "unit": self.unit,
                "release": self.release.to_dict(), "ranking": [asdict(r) for r in self.rows]}


RANK_SCHEMA = pa.schema([("rank", pa.int32()), ("country", pa.string()), ("value", pa.float64()),
                         ("estimate", pa.bool_()), ("uncertain", pa.bool_())])


def ranking(con: duckdb.DuckDBPyConnection, year: int, measure: Measure,
            top: int | None = None) -> Ranking:
    """Countries with a figure for ``year``, largest first (ties by name); unavailable ones left out."""
    release = current_milex_release(con)
    rows = con.execute(
        "SELECT party, value, estimate, uncertain FROM milex_figures WHERE milex_release_id = ? "
        "AND measure = ? AND year = ? AND status = 'figure' ORDER BY value DESC, party LIMIT ?",
        [release.milex_release_id, measure, year, top if top is not None else 10_000]).fetchall()
    info = MEASURES[measure]
    ranked = [RankedCountry(i, p, info.shown(v), e, u)  # type: ignore[arg-type]
              for i, (p, v, e, u) in enumerate(rows, start=1)]
    return Ranking(year, measure, unit(measure, release.constant_usd_base_year), ranked, release)
