"""The typed rows of SIPRI's Military Expenditure (Milex) workbook, as the reader gives them
(sources/milex.py reads the workbook, sources/milex_sheets.py its sheets; store/milex.py writes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from armswatch.report import Report
from armswatch.sources.milex_cells import Status

Measure = Literal["local_currency_financial_years", "local_currency_calendar_years",
                  "constant_usd", "current_usd", "share_of_gdp", "per_capita",
                  "share_of_government_spending"]

# SIPRI's five regions; every other heading row in a country sheet is a subregion.
REGIONS = ("Africa", "Americas", "Asia & Oceania", "Europe", "Middle East")


@dataclass(frozen=True)
class MilexSeries:
    """A country's row in one measure's sheet: what SIPRI says about the series as a whole."""

    measure: Measure
    country: str
    region: str | None
    subregion: str | None
    currency: str | None
    fiscal_year: str | None
    notes: str | None  # SIPRI's footnote marks: † ‡ § ¶ ‖ and footnote numbers, e.g. "§¶64"
    source_row: int


@dataclass(frozen=True)
class MilexFigure:
    measure: Measure
    country: str
    year: int
    value: float | None
    status: Status
    estimate: bool  # blue: a SIPRI estimate
    uncertain: bool  # red: highly uncertain


@dataclass(frozen=True)
class RegionalTotal:
    region: str
    measure: Literal["constant_usd", "current_usd"]
    year: int
    value: float | None  # US$ b.
    status: Status
    estimated_share_over_10pct: bool  # red: over 10% of the total is estimates for missing countries


@dataclass(frozen=True)
class MilexRegion:
    region: str
    parent: str | None
    omitted_countries: str | None  # as SIPRI lists them ("Korea, North, Laos, ...")
    source_row: int


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str


@dataclass
class MilexWorkbook:
    file_name: str
    sha256: str
    report: Report
    constant_usd_base_year: int | None = None
    workbook_created: datetime | None = None
    series: list[MilexSeries] = field(default_factory=list)
    figures: list[MilexFigure] = field(default_factory=list)
    totals: list[RegionalTotal] = field(default_factory=list)
    regions: list[MilexRegion] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)

    @property
    def last_year(self) -> int | None:
        return max((f.year for f in self.figures), default=None)
