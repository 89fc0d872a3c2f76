"""One door for reading a cell of SIPRI's Milex workbook: its figure, its status and its colour.

SIPRI's conventions (the legend lines atop each sheet): ". ." data unavailable (the 2025 workbook
writes "..."), "xxx" the country did not exist or was not independent; figures in blue are SIPRI
estimates, figures in red are highly uncertain. The colours are fonts, so the workbook is read in
openpyxl's full mode (read-only mode drops fonts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from openpyxl.cell.cell import Cell
from openpyxl.styles.colors import COLOR_INDEX

Status = Literal["figure", "unavailable", "not_a_state"]
Colour = Literal["blue", "red", "other"]

UNAVAILABLE = {"...", ". .", "..", ". . .", ""}
NOT_A_STATE = {"xxx"}


@dataclass(frozen=True)
class CellReading:
    value: float | None
    status: Status
    colour: Colour


class NotAFigure(ValueError):
    """A data cell that is neither a number nor one of SIPRI's symbols."""


class FigureOutOfRange(NotAFigure):
    """A number no spending figure can be: not finite, or negative (issue 14). SIPRI's 2025
    workbook has no negative figure; local-currency figures reach 2.4e22, so no upper bound."""


def read_cell(cell: Cell) -> CellReading:
    raw = cell.value
    if isinstance(raw, bool):
        raise NotAFigure(str(raw))
    if isinstance(raw, int | float):
        if not (math.isfinite(raw) and raw >= 0):
            raise FigureOutOfRange(str(raw))
        return CellReading(float(raw), "figure", font_colour(cell))
    text = "" if raw is None else str(raw).strip()
    if text in UNAVAILABLE:
        return CellReading(None, "unavailable", "other")
    if text.lower() in NOT_A_STATE:
        return CellReading(None, "not_a_state", "other")
    raise NotAFigure(text)


def font_colour(cell: Cell) -> Colour:
    """Blue or red by the font's RGB, whether the workbook gives it as ARGB or a palette index."""
    colour = cell.font.color if cell.font is not None else None
    rgb = _rgb(colour)
    if rgb is None:
        return "other"
    red, green, blue = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    if blue >= 0x80 and red < 0x60 and green < 0x80:
        return "blue"
    if red >= 0x80 and green < 0x60 and blue < 0x60:
        return "red"
    return "other"


def _rgb(colour: object) -> str | None:
    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str):  # type: ignore[union-attr]
        return colour.rgb[-6:]  # type: ignore[union-attr]
    if kind == "indexed" and 0 <= colour.indexed < len(COLOR_INDEX):  # type: ignore[union-attr]
        return COLOR_INDEX[colour.indexed][-6:]  # type: ignore[union-attr]
    return None  # theme colours: SIPRI's flags are plain blue and red
