"""A PMO's workbook and CSV as grids: values with the fill colour, month-only dates, merged cells, hidden
columns and sheets, and row numbers as the spreadsheet shows them."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.worksheet.worksheet import Worksheet

from governance.errors import ReadinessError
from governance.grids import Cell, Grid
from storage.workbook import read_csv_grid, read_workbook


def saved(workbook: Workbook, tmp_path: Path) -> list[Grid]:
    path = tmp_path / "tracker.xlsx"
    workbook.save(path)
    return read_workbook(path)


def one_sheet() -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    return workbook, sheet


def solid(colour: Color | str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


# --- fills ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fill", "expected"), [
    (solid("FFFFC000"), "FFC000"),                   # RGB: the alpha byte dropped
    (solid("ff00b050"), "00B050"),                   # upper case whatever the file says
    (solid(Color(indexed=10)), "FF0000"),            # Excel's old palette
    (solid(Color(indexed=50)), "99CC00"),
    (solid(Color(theme=9)), "F79646"),               # accent 6 of the Office theme openpyxl writes
    (solid(Color(theme=6, tint=0.3999755851924192)), "C3D69B"),   # accent 3, "lighter 40%"
    (solid(Color(theme=1)), "000000"),               # dark 1: a theme index counts light before dark
    (solid(Color(theme=0)), None),                   # light 1 is white: no fill
    (solid("FFFFFFFF"), None),
    (solid(Color(indexed=64)), None),                # the system colour: not in the palette
    (PatternFill("lightGray", fgColor="FFFF0000"), None),   # a pattern is not a BRAG colour
    (PatternFill(), None),
])
def test_a_solid_fill_is_its_colour(tmp_path: Path, fill: PatternFill, expected: str | None) -> None:
    workbook, sheet = one_sheet()
    sheet["A1"] = "Amber"
    sheet["A1"].fill = fill

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[0][0] == Cell("Amber", expected)


@pytest.mark.parametrize(("theme", "tint", "excel"), [
    (4, -0.249977111117893, "366092"),     # accent 1, darker 25%
    (4, 0.5999938962981048, "B8CCE4"),     # accent 1, lighter 60%
    (5, -0.499984740745262, "632523"),     # accent 2, darker 50%
    (9, 0.7999816888943144, "FDE9D9"),     # accent 6, lighter 80%
    (0, -0.149998474074526, "D8D8D8"),     # white, darker 15%
])
def test_a_tinted_theme_colour_is_within_one_step_of_the_colour_excel_shows(tmp_path: Path, theme: int,
                                                                             tint: float, excel: str) -> None:
    """Excel's own rounding of a tint is not documented; one step in 255 is far inside any BRAG match."""
    workbook, sheet = one_sheet()
    sheet["A1"] = "1a"
    sheet["A1"].fill = solid(Color(theme=theme, tint=tint))

    (grid,) = saved(workbook, tmp_path)

    fill = grid.rows[0][0].fill
    assert fill is not None
    assert all(abs(int(fill[i:i + 2], 16) - int(excel[i:i + 2], 16)) <= 1 for i in (0, 2, 4)), fill


def test_a_filled_cell_with_no_text_keeps_its_fill(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet.append(["1a", None, "Audit"])
    sheet["B1"].fill = solid("FF92D050")

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[0] == (Cell("1a"), Cell(None, "92D050"), Cell("Audit"))


# --- month-only dates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("number_format", "month_only"), [
    ("mmm-yy", True),
    ("mmmm yyyy", True),
    ("[$-809]mmm-yy", True),
    ("mm/yyyy", True),
    ('mmm "end" yy', True),          # quoted text is not a day
    ("[$-F800]dddd, mmmm dd, yyyy", False),
    ("dd/mm/yyyy", False),
    ("d-mmm-yy", False),
    ("yyyy-mm-dd h:mm", False),
])
def test_a_date_shown_without_its_day_is_a_month(tmp_path: Path, number_format: str, month_only: bool) -> None:
    workbook, sheet = one_sheet()
    sheet["A1"] = datetime(2018, 1, 1)
    sheet["A1"].number_format = number_format

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[0][0] == Cell(datetime(2018, 1, 1), None, month_only)


def test_text_shown_with_a_month_format_is_not_month_only(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet["A1"] = "Jan-18"
    sheet["A1"].number_format = "mmm-yy"

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[0][0] == Cell("Jan-18")


# --- merged cells -----------------------------------------------------------------------------------------------

def test_a_vertical_merge_gives_its_value_and_fill_to_every_row_of_its_first_column(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet.append(["Owner", "Lead", "Ref"])
    for ref in ("1a", "1b", "1c"):
        sheet.append([None, None, ref])
    sheet["A2"], sheet["A2"].fill = "HoS MASH", solid("FFFFC000")
    sheet["B2"] = "Jo"
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:C3")

    (grid,) = saved(workbook, tmp_path)

    owner = Cell("HoS MASH", "FFC000")
    assert [row[0] for row in grid.rows[1:]] == [owner, owner, owner]
    assert [row[1:] for row in grid.rows[1:]] == [(Cell("Jo"), Cell()), (Cell("Jo"), Cell()),
                                                  (Cell(), Cell("1c"))]


def test_a_title_merged_across_one_row_stays_in_its_first_cell(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet["A1"] = "Improvement Plan: Theme 5"
    sheet.merge_cells("A1:E1")
    sheet.append(["Ref", "Action", "Owner", "Due", "BRAG"])

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[0] == (Cell("Improvement Plan: Theme 5"),) + (Cell(),) * 4


# --- hidden columns and sheets ----------------------------------------------------------------------------------

def test_hidden_columns_are_named_by_index_including_a_grouped_range(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet.append(["Ref", "BRAG Nov 17", "Action", "Old 1", "Old 2", "Old 3", "BRAG Dec 17"])
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions.group("D", "F", hidden=True)
    sheet.column_dimensions["G"].width = 30

    (grid,) = saved(workbook, tmp_path)

    assert grid.hidden_columns == frozenset({1, 3, 4, 5})


@pytest.mark.parametrize(("state", "hidden"), [("visible", False), ("hidden", True), ("veryHidden", True)])
def test_a_hidden_sheet_says_so(tmp_path: Path, state: str, hidden: bool) -> None:
    workbook, sheet = one_sheet()
    sheet.append(["Ref"])
    lookup = workbook.create_sheet("Lists")
    lookup.append(["Blue", "Green", "Amber", "Red"])
    lookup.sheet_state = state

    grids = saved(workbook, tmp_path)

    assert [(g.name, g.hidden) for g in grids] == [("Actions", False), ("Lists", hidden)]


# --- rows as the spreadsheet numbers them -----------------------------------------------------------------------

def test_a_header_on_row_5_keeps_the_spreadsheet_s_row_numbers(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet["A1"] = "Barnet Children's Services"
    sheet["A2"] = "Improvement Action Plan: tracker"
    sheet["A5"], sheet["B5"], sheet["C5"] = "Ref", "Action", "Due"
    sheet.append(["5a", "Audit", date(2018, 1, 31)])
    sheet.append([])
    sheet.append(["5b", "Supervise", "TBC"])
    sheet["A20"].fill = solid("FFFFC000")      # formatting below the last row, as trackers have

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[4] == (Cell("Ref"), Cell("Action"), Cell("Due"))
    assert grid.rows[5][0] == Cell("5a") and grid.rows[5][2].value == datetime(2018, 1, 31)
    assert grid.rows[7][:3] == (Cell("5b"), Cell("Supervise"), Cell("TBC"))
    assert all(cell.value is None for cell in grid.rows[6])
    assert len(grid.rows) == 8


def test_every_sheet_is_a_grid_and_an_empty_sheet_has_no_rows(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet.append(["Ref"])
    workbook.create_sheet("Summary")

    grids = saved(workbook, tmp_path)

    assert [(g.name, len(g.rows)) for g in grids] == [("Actions", 1), ("Summary", 0)]


def test_excel_escapes_in_text_are_decoded(tmp_path: Path) -> None:
    workbook, sheet = one_sheet()
    sheet["A1"] = "Slipping_x000D_see note"

    (grid,) = saved(workbook, tmp_path)

    assert grid.rows[0][0] == Cell("Slipping\rsee note")


def test_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    path.write_text("Ref,Action\n1a,Audit\n", encoding="utf-8")

    with pytest.raises(ReadinessError) as caught:
        read_workbook(path)

    assert str(caught.value) == "cannot read tracker.xlsx: it is not an Excel workbook (.xlsx)"


# --- CSV --------------------------------------------------------------------------------------------------------

def test_csv_is_one_grid_of_text_with_a_title_row_and_blank_lines_kept() -> None:
    text = ("Improvement plan tracker,,\r\n"
            "\r\n"
            "Ref,Action,Comments\r\n"
            "1a,'=1 priority: supervision,\"Slipping, see note\"\r\n"
            "\r\n"
            "1b,''+44 line,'quoted' and don't\r\n")

    grid = read_csv_grid(text)

    assert grid == Grid("actions", (
        (Cell("Improvement plan tracker"), Cell(""), Cell("")),
        (),
        (Cell("Ref"), Cell("Action"), Cell("Comments")),
        (Cell("1a"), Cell("=1 priority: supervision"), Cell("Slipping, see note")),
        (),
        (Cell("1b"), Cell("'+44 line"), Cell("'quoted' and don't")),
    ))


def test_csv_grid_takes_the_name_it_is_given() -> None:
    assert read_csv_grid("Ref\n1a\n", name="Theme 5").name == "Theme 5"
