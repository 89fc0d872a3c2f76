"""Reader of SIPRI's Military Expenditure (Milex) workbook: typed rows plus a Report, no database.

One series per country per measure (one sheet per measure), the regional totals, and the footnotes.
Sheets that are not SIPRI's (the 2025 file carries a third party's "Share of govt. spending
cleaned") are skipped and named in the report. See docs/milex.md.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from armswatch.report import Report
from armswatch.sources.milex_cells import Status

Measure = Literal["local_currency_financial_years", "local_currency_calendar_years",
                  "constant_usd", "current_usd", "share_of_gdp", "per_capita",
                  "share_of_government_spending"]

# SIPRI's sheet names, exactly; the constant-US$ sheet names its base year, which moves each release.
SHEETS: dict[str, Measure] = {
    "Local currency financial years": "local_currency_financial_years",
    "Local currency calendar years": "local_currency_calendar_years",
    "Current US$": "current_usd",
    "Share of GDP": "share_of_gdp",
    "Per capita": "per_capita",
    "Share of Govt. spending": "share_of_government_spending",
}
CONSTANT_SHEET = re.compile(r"^Constant \((\d{4})\) US\$$")
OTHER_SIPRI_SHEETS = ("Front page", "Regional totals", "Footnotes")
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


def read_milex(path: Path) -> MilexWorkbook:
    """Read the workbook; every problem goes into the report (nothing raises for bad content)."""
    raw = path.read_bytes()
    result = MilexWorkbook(path.name, hashlib.sha256(raw).hexdigest(),
                           Report(source=path.name, format="milex"))
    book = _open(path, result.report)
    if book is None:
        return result
    result.workbook_created = book.properties.created
    _read_sheets(book, result)
    _count(result)
    return result


def _open(path: Path, report: Report) -> Workbook | None:
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        report.add("milex-not-a-workbook", f"{path.name} cannot be opened as an Excel workbook "
                   f"({type(exc).__name__}).", value=str(exc))
        return None


def _read_sheets(book: Workbook, result: MilexWorkbook) -> None:
    from armswatch.sources.milex_sheets import read_country_sheet, read_footnotes, read_regional

    measured = 0
    for sheet in book.worksheets:
        measure = _measure(sheet.title, result)
        if measure is not None:
            measured += 1
            read_country_sheet(sheet, measure, result)
        elif sheet.title == "Regional totals":
            read_regional(sheet, result)
        elif sheet.title == "Footnotes":
            read_footnotes(sheet, result)
        elif sheet.title not in OTHER_SIPRI_SHEETS:
            result.ignored_sheets.append(sheet.title)
    if measured and not result.series and result.report.valid:
        result.report.add("milex-no-countries", "The Milex sheets have headers but no country rows.")
    if not measured:
        result.report.add("milex-no-sipri-sheets", "No sheet of SIPRI's Milex workbook (such as "
                          "'Constant (2023) US$' or 'Share of GDP') was found.",
                          value="; ".join(book.sheetnames))


def _measure(title: str, result: MilexWorkbook) -> Measure | None:
    found = CONSTANT_SHEET.match(title)
    if found:
        result.constant_usd_base_year = int(found.group(1))
        return "constant_usd"
    return SHEETS.get(title)


def _count(result: MilexWorkbook) -> None:
    report = result.report
    report.rows_read = len(result.series)
    report.stats.update(
        countries=len({s.country for s in result.series}),
        series=len(result.series), figures=sum(f.status == "figure" for f in result.figures),
        regional_totals=len(result.totals),
        ignored_sheets="; ".join(result.ignored_sheets))

