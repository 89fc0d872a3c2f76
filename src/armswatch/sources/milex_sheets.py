"""Reading the three kinds of sheet in SIPRI's Milex workbook: country sheets, regional totals, footnotes.

Each sheet has legend lines, then a header row ("Country" or "Region", label columns, then years),
then region and subregion heading rows (a name and no figures) between the country rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from armswatch.report import Report
from armswatch.sources.milex_model import (REGIONS, Footnote, Measure, MilexFigure, MilexRegion,
                                           MilexSeries, MilexWorkbook, RegionalTotal)
from armswatch.sources.milex_cells import CellReading, FigureOutOfRange, NotAFigure, read_cell

HEADER_SEARCH_ROWS = 20
CURRENT_PRICES = re.compile(r"^(\d{4}) \(current prices\)$")
SPECIAL_MARKS = "†‡§¶‖"


@dataclass(frozen=True)
class Header:
    row: int
    years: dict[int, int]  # 0-based column -> year
    labels: dict[str, int]  # SIPRI's label text -> 0-based column
    current_prices: dict[int, int]  # regional totals only: the last year at current prices


def read_country_sheet(sheet: Worksheet, measure: Measure, book: MilexWorkbook) -> None:
    header = find_header(sheet, "Country", book.report)
    if header is None:
        return
    region: str | None = None
    subregion: str | None = None
    seen: set[str] = set()
    for row in sheet.iter_rows(min_row=header.row + 1):
        name = _text(row[0].value)
        if name is None:
            continue
        if _is_heading(row, header):
            region, subregion = (name, None) if name in REGIONS else (region, name)
        elif name in seen:
            book.report.add("milex-country-duplicate", f"{name} appears twice in '{sheet.title}'.",
                            line=row[0].row, column=f"{sheet.title}!A", value=name)
        else:
            seen.add(name)
            book.series.append(MilexSeries(measure, name, region, subregion,
                                           _label(row, header, "Currency"),
                                           _label(row, header, "Fiscal Year"),
                                           _label(row, header, "Notes"), row[0].row))
            _figures(sheet, row, header, measure, name, book)


def _figures(sheet: Worksheet, row: tuple[Cell, ...], header: Header, measure: Measure,
             name: str, book: MilexWorkbook) -> None:
    for column, year in header.years.items():
        reading = _reading(sheet, row, column, book.report)
        if reading is not None:
            figure = reading.status == "figure"
            book.figures.append(MilexFigure(measure, name, year, reading.value, reading.status,
                                            figure and reading.colour == "blue",
                                            figure and reading.colour == "red"))


def read_regional(sheet: Worksheet, book: MilexWorkbook) -> None:
    header = find_header(sheet, "Region", book.report)
    if header is None:
        return
    region: str | None = None
    for row in sheet.iter_rows(min_row=header.row + 1):
        name = _text(row[0].value)
        if name is None or _is_heading(row, header):
            continue
        parent = None if name == "World" else "World" if name in REGIONS else region
        region = name if name in REGIONS else region
        book.regions.append(MilexRegion(name, parent, _label(row, header, "Omitted countries"),
                                        row[0].row))
        for measure, columns in (("constant_usd", header.years),
                                 ("current_usd", header.current_prices)):
            for column, year in columns.items():
                reading = _reading(sheet, row, column, book.report)
                if reading is not None:
                    book.totals.append(RegionalTotal(name, measure, year, reading.value,  # type: ignore[arg-type]
                                                     reading.status, reading.colour == "red"))


def read_footnotes(sheet: Worksheet, book: MilexWorkbook) -> None:
    """Rows of a mark (a special note's symbol or a footnote number) and its text."""
    for values in sheet.iter_rows(values_only=True, max_col=3):
        cells = [text for text in map(_text, values) if text is not None]
        mark_text, note = (cells + [None, None])[:2]
        if mark_text and note and (mark_text.isdigit() or mark_text in SPECIAL_MARKS):
            book.footnotes.append(Footnote(mark_text, note))


def find_header(sheet: Worksheet, first: str, report: Report) -> Header | None:
    for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS):
        if row and _text(row[0].value) == first:
            header = _header(row)
            if header.years:
                return header
    report.add("milex-header-missing", f"Sheet '{sheet.title}' has no header row starting "
               f"'{first}' followed by years in its first {HEADER_SEARCH_ROWS} rows.",
               column=sheet.title, value=sheet.title)
    return None


def _header(row: tuple[Cell, ...]) -> Header:
    years: dict[int, int] = {}
    labels: dict[str, int] = {}
    current: dict[int, int] = {}
    for i, cell in enumerate(row):
        text = _text(cell.value)
        if text is None:
            continue
        if text.isdigit() and 1900 <= int(text) <= 2100:
            years[i] = int(text)
        elif (found := CURRENT_PRICES.match(text)):
            current[i] = int(found.group(1))
        else:
            labels.setdefault(text, i)
    return Header(row[0].row, years, labels, current)


def _is_heading(row: tuple[Cell, ...], header: Header) -> bool:
    """A region or subregion row: a name and no cell in any year column."""
    return all(_text(row[c].value) is None for c in header.years if c < len(row))


def _label(row: tuple[Cell, ...], header: Header, prefix: str) -> str | None:
    column = next((c for label, c in header.labels.items() if label.startswith(prefix)), None)
    return None if column is None or column >= len(row) else _text(row[column].value)


def _reading(sheet: Worksheet, row: tuple[Cell, ...], column: int,
             report: Report) -> CellReading | None:
    if column >= len(row):
        return CellReading(None, "unavailable", "other")
    cell = row[column]
    try:
        return read_cell(cell)
    except FigureOutOfRange as exc:
        report.add("milex-figure-out-of-range", f"{sheet.title}!{cell.coordinate} holds {exc}: "
                   "a figure must be finite and not negative.", line=cell.row,
                   column=f"{sheet.title}!{cell.column_letter}", value=str(exc))
        return None
    except NotAFigure as exc:
        report.add("milex-figure-not-numeric", f"{sheet.title}!{cell.coordinate} is neither a "
                   "number nor SIPRI's '. .' or 'xxx'.", line=cell.row,
                   column=f"{sheet.title}!{cell.column_letter}", value=str(exc))
        return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
