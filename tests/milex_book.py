"""A small Milex workbook written by the tests themselves, with SIPRI's layout and font colours.

Figures and notes are invented for the tests; the layout (legend lines, header, region and
subregion headings, ". .", "xxx", blue and red fonts) is SIPRI's.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

BLUE = Font(color="FF0000FF")  # a SIPRI estimate
RED = Font(color="FFFF0000")  # highly uncertain

CONSTANT = [
    ["Asia & Oceania"],
    ["South East Asia"],
    ["Myanmar", None, "§¶64", 2500.5, ("B", 2600.25), ("R", 3100.0)],
    ["Viet Nam", None, "§67", 5000, ". .", "..."],
    ["Europe"],
    ["Eastern Europe"],
    ["USSR", None, None, "xxx", "xxx", "xxx"],
    ["Russia", None, "83", 60000, 65000, ("B", 100000.0)],
]
GDP = [
    ["Asia & Oceania"],
    ["South East Asia"],
    ["Myanmar", "§¶64", 0.03, 0.04, ("R", 0.05)],
    ["Viet Nam", "§67", ". .", ". .", ". ."],
    ["Europe"],
    ["Eastern Europe"],
    ["USSR", None, "xxx", "xxx", "xxx"],
    ["Russia", "83", 0.04, 0.041, ("B", 0.059)],
]


def _append(sheet, row: list) -> None:
    sheet.append([c[1] if isinstance(c, tuple) else c for c in row])
    for i, c in enumerate(row, start=1):
        if isinstance(c, tuple):
            sheet.cell(row=sheet.max_row, column=i).font = BLUE if c[0] == "B" else RED


def country_sheet(book: Workbook, title: str, header: list, rows: list[list]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([f"Military expenditure by country, test figures      © SIPRI 2025"])
    sheet.append(["Figures in blue are SIPRI estimates. Figures in red indicate highly uncertain data."])
    sheet.append([])
    sheet.append(header)
    sheet.append([])
    for row in rows:
        _append(sheet, row)


def regional_sheet(book: Workbook) -> None:
    sheet = book.create_sheet("Regional totals")
    sheet.append(["Military expenditure by region in constant US dollars     © SIPRI 2025"])
    sheet.append([])
    sheet.append(["Region", 2021, 2022, "2022 (current prices)", "", "Omitted countries"])
    _append(sheet, ["World", ("R", 2000.0), 2100.5, 2150.0, "", None])
    _append(sheet, ["Asia & Oceania", 500.0, ". .", 520.0, "", "Korea, North, Laos"])
    _append(sheet, ["South East Asia", 50.0, 55.0, 56.0])


def make_workbook(path: Path, *, base_year: int = 2022, extra_sheet: bool = True) -> Path:
    book = Workbook()
    book.active.title = "Front page"
    regional_sheet(book)
    country_sheet(book, f"Constant ({base_year}) US$", ["Country", "", "Notes", 2020, 2021, 2022],
                  CONSTANT)
    country_sheet(book, "Share of GDP", ["Country", "Notes", 2020, 2021, 2022], GDP)
    if extra_sheet:  # a sheet someone added: not SIPRI's, skipped and named in the report
        extra = book.create_sheet("My cleaned copy")
        extra.append(["Country", 2020])
        extra.append(["Myanmar", 1])
    notes = book.create_sheet("Footnotes")
    notes.append(["Footnotes and special notes"])
    notes.append(["§", "Test note: adopted budget."])
    notes.append([64, "Test note about Myanmar."])
    book.properties.created = datetime(2025, 4, 28, 9, 0)
    book.save(path)
    return path
