"""A spreadsheet as the tracker reader sees it: cells with the few things a PMO's tracker says beyond their
values (a BRAG kept as fill colour, a month typed as a date), and where each row came from.

Storage turns an Excel workbook or a CSV file into grids; the tracker reader (governance/tracker.py) finds the
header row, the themes and the columns in them; the template reader then checks every value, and names any
problem by the sheet's own row and column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cell:
    value: Any = None
    """As the file holds it: text (Excel's `_xHHHH_` escapes decoded), a number, a date or datetime, or None."""
    fill: str | None = None
    """The solid fill colour as `RRGGBB` (upper case), or None for no fill or one that cannot be resolved."""
    month_only: bool = False
    """A date cell whose number format shows no day (`mmm-yy`): the PMO typed a month, not a date."""


@dataclass(frozen=True)
class Grid:
    """One sheet. Rows are numbered from 1 as the spreadsheet numbers them: `rows[0]` is row 1."""

    name: str
    rows: tuple[tuple[Cell, ...], ...]
    hidden_columns: frozenset[int] = frozenset()
    """0-based indexes of columns the PMO hid."""
    hidden: bool = False
    """The sheet itself is hidden."""


@dataclass(frozen=True)
class Origin:
    """Where a row of a template sheet came from in the PMO's file, so a problem names what they see."""

    sheet: str
    row: int
    columns: dict[str, str] = field(default_factory=dict)
    """Template column to the sheet's own header, for the columns the row has."""
    heading: bool = False
    """A themes row read from a theme heading or a sheet's name: it names a theme, it does not redefine one."""

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


class SourcedRow(dict[str, Any]):
    """A template row (canonical column names) that knows its origin."""

    def __init__(self, values: dict[str, Any], origin: Origin) -> None:
        super().__init__(values)
        self.origin = origin
