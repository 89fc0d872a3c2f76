"""Reader of SIPRI's Military Expenditure (Milex) workbook: typed rows plus a Report, no database.

One series per country per measure (one sheet per measure), the regional totals, and the footnotes.
Sheets that are not SIPRI's (the 2025 file carries a third party's "Share of govt. spending
cleaned") are skipped and named in the report. See docs/milex.md.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from armswatch.report import Report
from armswatch.sources.milex_model import (REGIONS, Footnote, Measure, MilexFigure,  # noqa: F401
                                           MilexRegion, MilexSeries, MilexWorkbook, RegionalTotal)
from armswatch.sources.milex_sheets import read_country_sheet, read_footnotes, read_regional

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

