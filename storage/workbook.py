"""A PMO's workbook or CSV file as grids: every sheet as the PMO sees it, before anything decides what it means.

Beyond values, a tracker says things through formatting that the tracker reader needs: a BRAG kept as the
cell's fill colour, a month typed into a date cell shown as "Jan-18", merged cells that give one owner or theme
to several rows, and columns the PMO hid. So the workbook is loaded in full (a read-only load gives neither
merged cells nor hidden columns), and each cell keeps its value, its fill and whether it shows a month only.
"""
from __future__ import annotations

import colorsys
import csv
import io
import re
import warnings
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils.escape import unescape
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import DRAWING_NS
from openpyxl.xml.functions import fromstring

from governance.errors import ReadinessError
from governance.grids import Cell, Grid

EMPTY = Cell()
WHITE = "FFFFFF"
HEX_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")
DRAWING = f"{{{DRAWING_NS}}}"
THEME_SLOTS = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
               "hlink", "folHlink")
"""The theme's colours in the order a cell's `theme` index counts them: Excel puts light before dark in the
first two pairs, the reverse of their order in the theme's colour scheme."""

QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r\x00]")
"""A CSV cell the reader takes one quote off: a quoted formula, as plan_files' writer or a person in Excel writes
one. Any other quote (`'quoted'`, `don't`) is text and stays."""

LITERAL_FORMAT_TEXT = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|[_*].')
"""Parts of a number format that show text rather than a date part: quoted text, `[$-809]` locales and `[Red]`
colours, escaped characters, and the `_x` / `*x` spacing codes."""


def read_workbook(path: Path) -> list[Grid]:
    """Every worksheet of the workbook as a grid.

    openpyxl fails on a damaged or foreign file in many undocumented ways (zip, XML, key, type and value errors
    from deep inside, and again when a cell's style points at nothing), so any failure while it reads means the
    file is not a workbook, except a file that cannot be opened at all, which the caller names. Its warnings
    about parts it does not read (data validation, extensions) are not the PMO's concern.
    """
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = load_workbook(path, data_only=True)
            colours = _Colours(_theme_colours(workbook.loaded_theme))
            return [_grid(sheet, colours) for sheet in workbook.worksheets]
    except Exception as problem:
        if isinstance(problem, OSError) and problem.errno is not None:
            raise
        raise ReadinessError(f"cannot read {path.name}: it is not an Excel workbook (.xlsx)") from None


def read_csv_grid(text: str, name: str = "actions") -> Grid:
    """The CSV text (already decoded) as one grid of text cells. A blank line stays a row, so that row numbers
    are the ones a spreadsheet shows; a formula the writer or Excel quoted comes back without its quote."""
    rows = csv.reader(io.StringIO(text))
    return Grid(name, tuple(tuple(Cell(_csv_text(value)) for value in row) for row in rows))


def _csv_text(cell: str) -> str:
    return cell[1:] if QUOTED_FORMULA.match(cell) else cell


def _grid(sheet: Worksheet, colours: _Colours) -> Grid:
    rows = [[_cell(cell, colours) for cell in row] for row in sheet.iter_rows()]
    _carry_merged_down(sheet, rows)
    while rows and all(_is_blank(cell) for cell in rows[-1]):
        rows.pop()
    return Grid(sheet.title, tuple(tuple(row) for row in rows), _hidden_columns(sheet),
                hidden=sheet.sheet_state != "visible")


def _carry_merged_down(sheet: Worksheet, rows: list[list[Cell]]) -> None:
    """A range merged over several rows gives its value to each of them (one owner or theme for a block of
    actions), in its first column only; a range on one row is a banner or title and stays in its first cell."""
    for span in sheet.merged_cells.ranges:
        if span.max_row > span.min_row:
            column = span.min_col - 1
            top = rows[span.min_row - 1][column]
            for row in rows[span.min_row:min(span.max_row, len(rows))]:
                row[column] = top


def _is_blank(cell: Cell) -> bool:
    return cell.value is None or cell.value == ""


def _cell(cell: Any, colours: _Colours) -> Cell:
    if isinstance(cell, MergedCell) or (cell.value is None and not cell.has_style):
        return EMPTY
    value = unescape(cell.value) if isinstance(cell.value, str) else cell.value
    month_only = isinstance(value, date) and _shows_month_only(cell.number_format)
    return Cell(value, colours.fill(cell.fill), month_only)


@lru_cache(maxsize=256)
def _shows_month_only(number_format: str) -> bool:
    """`mmm-yy`, `mmmm yyyy`, `[$-809]mmm-yy`: a month and a year and no day, so the PMO gave a month and Excel
    stored its first day."""
    codes = LITERAL_FORMAT_TEXT.sub("", number_format).lower()
    return "m" in codes and "y" in codes and "d" not in codes


def _hidden_columns(sheet: Worksheet) -> frozenset[int]:
    """0-based indexes of hidden columns. openpyxl keeps neighbouring columns formatted alike as one range."""
    last = sheet.max_column
    return frozenset(index - 1 for dimension in sheet.column_dimensions.values() if dimension.hidden
                     for index in range(dimension.min, min(dimension.max, last) + 1))


def _theme_colours(theme: bytes | None) -> tuple[str | None, ...]:
    """The workbook theme's colours as `RRGGBB`, in THEME_SLOTS order; none when it has no theme."""
    scheme = fromstring(theme).find(f"{DRAWING}themeElements/{DRAWING}clrScheme") if theme else None
    if scheme is None:
        return ()
    return tuple(_scheme_colour(scheme.find(DRAWING + slot)) for slot in THEME_SLOTS)


def _scheme_colour(slot: Any) -> str | None:
    for colour in slot if slot is not None else ():
        value = colour.get("val") if colour.tag == DRAWING + "srgbClr" else colour.get("lastClr")
        if value and HEX_COLOUR.fullmatch(value):
            return value.upper()
    return None


class _Colours:
    """Resolves a cell's fill to `RRGGBB`, whether the file gives it as RGB, as an index into Excel's old
    palette, or as a theme colour lightened or darkened by a tint."""

    def __init__(self, theme: tuple[str | None, ...]) -> None:
        self.theme = theme

    def fill(self, fill: Any) -> str | None:
        if getattr(fill, "fill_type", None) != "solid":
            return None
        colour = fill.fgColor
        base = self._base(colour.type, colour.value)
        tinted = _tinted(base, colour.tint) if base else None
        return tinted if tinted != WHITE else None

    def _base(self, kind: str, value: Any) -> str | None:
        if kind == "rgb" and isinstance(value, str) and HEX_COLOUR.fullmatch(value[-6:]):
            return value[-6:].upper()
        if kind == "indexed" and isinstance(value, int) and 0 <= value < len(COLOR_INDEX):
            return COLOR_INDEX[value][-6:]
        if kind == "theme" and isinstance(value, int) and 0 <= value < len(self.theme):
            return self.theme[value]
        return None


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: the colour's lightness moved towards black (tint below 0) or white (above 0)."""
    if not tint:
        return rgb
    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return "".join(f"{round(part * 255):02X}" for part in colorsys.hls_to_rgb(hue, lightness, saturation))
