"""The tracker reader lays a PMO's workbook out as template sheets the way the PMO laid it out: the header row under
a banner, themes from headings or sheet names, the column for each field, BRAG from text or fill, and a map that
reads the same file the same way when passed back."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from governance.brag import DEFAULT_KEY, BragKey, Rating
from governance.grids import Cell, Grid
from governance.tracker import ColumnUse, SheetUse, Tracked, read_tracker
from governance.tracker_map import IGNORE, TrackerMap

HEADER = ("Ref", "Action", "Action owner", "Due date")


def cells(*values: Any) -> tuple[Cell, ...]:
    return tuple(value if isinstance(value, Cell) else Cell(value) for value in values)


def grid(name: str, *rows: tuple[Any, ...], hidden_columns: frozenset[int] | set[int] = frozenset(),
         hidden: bool = False) -> Grid:
    return Grid(name, tuple(cells(*row) for row in rows), frozenset(hidden_columns), hidden)


def read(*grids: Grid, tracker_map: TrackerMap = TrackerMap(), key: BragKey = DEFAULT_KEY) -> Tracked:
    return read_tracker(grids, tracker_map, key)


def actions(tracked: Tracked) -> list[dict[str, Any]]:
    return [dict(row) for row in tracked.sheets.get("actions", [])]


def layout(tracked: Tracked, name: str) -> SheetUse:
    return next(use for use in tracked.layout if use.name == name)


def column(tracked: Tracked, sheet: str, header: str) -> ColumnUse:
    return next(use for use in layout(tracked, sheet).columns if use.header == header)


def rated(*values: Any, header: str = "BRAG") -> Tracked:
    """One actions sheet whose rating column holds the given cells, one action each."""
    rows = [(f"1{chr(ord('a') + i)}", "Audit", "jo@example.org", "31/01/2018", value) for i, value in enumerate(values)]
    return read(grid("Actions", (*HEADER, header), *rows))


def ratings(tracked: Tracked) -> list[Any]:
    return [row.get("rating") for row in actions(tracked)]


# Sheets and the header row


def test_the_header_row_is_found_under_a_title_banner_and_rows_keep_their_own_numbers() -> None:
    tracked = read(grid(
        "Action plan",
        ("Children's Services Improvement Plan",), ("Updated December 2017",), (), ("", "", "Key: B G A R"),
        HEADER + ("BRAG",),
        ("5a", "Audit case files", "jo@example.org", "31/01/2018", "Green"),
        (),
        ("5b", "Train staff", "sam@example.org", "28/02/2018", "Amber"),
    ))
    assert layout(tracked, "Action plan").header_row == 5
    assert actions(tracked) == [
        {"ref": "5a", "title": "Audit case files", "owner": "jo@example.org", "due": "31/01/2018", "rating": "green"},
        {"ref": "5b", "title": "Train staff", "owner": "sam@example.org", "due": "28/02/2018", "rating": "amber"},
    ]
    first, second = tracked.sheets["actions"]
    assert (first.origin.sheet, first.origin.row, second.origin.row) == ("Action plan", 6, 8)
    assert first.origin.column("owner") == "Action owner" and first.origin.column("rating") == "BRAG"
    assert tracked.problems == [] and tracked.warnings == []


def test_the_map_gives_the_header_row() -> None:
    sheet = grid("Actions", ("Ref", "Action", "Owner", "Due"), ("Ref", "Action", "Owner", "Due"),
                 ("1a", "Audit", "jo@example.org", "31/01/2018"))
    tracked = read(sheet, tracker_map=TrackerMap(header_row=2))
    assert layout(tracked, "Actions").header_row == 2
    assert [row["ref"] for row in actions(tracked)] == ["1a"]


def test_sheets_that_are_not_actions_are_skipped_with_the_reason() -> None:
    action = ("1a", "Audit", "jo@example.org", "31/01/2018")
    tracked = read(
        grid("Key", ("Blue", "Complete"), ("Green", "On track")),
        grid("BRAG key", ("B", "Complete")),
        grid("Summary", HEADER, action),
        grid("Dashboard", ("Theme", "Actions")),
        grid("Instructions", ("Fill in every row",)),
        grid("Lists", ("Blue",)),
        grid("Old actions", HEADER, action, hidden=True),
        grid("Notes", ("Ask Sam about the board",)),
        grid("Blank", (), ((None, ""))),
        grid("Actions", HEADER, action),
    )
    assert {use.name: use.note for use in tracked.layout if use.role == "skipped"} == {
        "Key": "a key/summary, not actions", "BRAG key": "a key/summary, not actions",
        "Summary": "a key/summary, not actions", "Dashboard": "a key/summary, not actions",
        "Instructions": "a key/summary, not actions", "Lists": "a key/summary, not actions",
        "Old actions": "hidden",
        "Notes": "no header row with a ref, an action and an owner in the first 20 rows",
        "Blank": "empty",
    }
    assert layout(tracked, "Actions").role == "actions" and len(actions(tracked)) == 1


def test_a_header_below_row_20_is_not_found() -> None:
    rows = [("banner",)] * 20 + [HEADER, ("1a", "Audit", "jo@example.org", "31/01/2018")]
    tracked = read(grid("Actions", *rows))
    assert layout(tracked, "Actions").role == "skipped"
    assert tracked.problems == ["no sheet of actions found (Actions: no header row with a ref, an action and an "
                                "owner in the first 20 rows)"]


def test_the_map_chooses_the_sheets() -> None:
    action = ("1a", "Audit", "jo@example.org", "31/01/2018")
    tracked = read(grid("Actions", HEADER, action), grid("Summary", HEADER, ("1b",) + action[1:]),
                   tracker_map=TrackerMap(sheets=("summary", "Theme 9")))
    assert layout(tracked, "Actions").note == "not in the map"
    assert [row["ref"] for row in actions(tracked)] == ["1b"]
    assert tracked.warnings == ["map: sheets: 'Theme 9' is not a sheet of this file (sheets: Actions, Summary)"]


def test_template_sheets_are_read_from_row_1_with_their_own_headers() -> None:
    tracked = read(
        grid("People", ("Email", "Name", "Aliases"), ("jo@example.org", "Jo Bloggs", "HoS MASH"), (None, None, None),
             ("sam@example.org", "Sam Roe", None)),
        grid("actions", ("ref", "theme", "title", "owner", "due", "rating", "evidence"),
             ("1a", 1, "Audit", "jo@example.org", date(2018, 1, 31), "blue", "https://example.org/audit")),
    )
    assert [dict(row) for row in tracked.sheets["people"]] == [
        {"email": "jo@example.org", "name": "Jo Bloggs", "aliases": "HoS MASH"},
        {"email": "sam@example.org", "name": "Sam Roe", "aliases": None}]
    jo, sam = tracked.sheets["people"]
    assert (jo.origin.sheet, jo.origin.row, sam.origin.row, jo.origin.column("email")) == ("People", 2, 4, "Email")
    assert layout(tracked, "People").role == "people"
    assert actions(tracked) == [{"ref": "1a", "theme": 1, "title": "Audit", "owner": "jo@example.org",
                                 "due": date(2018, 1, 31), "rating": "blue", "evidence": "https://example.org/audit"}]


# Themes


def test_theme_heading_rows_give_the_theme_of_the_actions_below_and_are_not_actions() -> None:
    tracked = read(grid(
        "Action plan",
        HEADER,
        ("Theme 5: Improving Assessment",),
        ("5a", "Audit", "jo@example.org", "31/01/2018"),
        ("5b", "Train", "jo@example.org", "31/01/2018"),
        ("THEME 6 - Management oversight",),
        ("6a", "Supervise", "jo@example.org", "31/01/2018"),
        ("7.", "Front door"),
        ("7a", "Triage", "jo@example.org", "31/01/2018"),
        ("Theme 5: Improving Assessment",),
        ("5c", "Review", "jo@example.org", "31/01/2018"),
    ))
    assert [(row["ref"], row["theme"]) for row in actions(tracked)] == [
        ("5a", 5), ("5b", 5), ("6a", 6), ("7a", 7), ("5c", 5)]
    themes = tracked.sheets["themes"]
    assert [dict(row) for row in themes] == [{"number": 5, "title": "Improving Assessment"},
                                             {"number": 6, "title": "Management oversight"},
                                             {"number": 7, "title": "Front door"}]
    assert all(row.origin.heading for row in themes) and [row.origin.row for row in themes] == [2, 5, 7]
    assert layout(tracked, "Action plan").note == "themes from heading rows"


def test_a_numbered_heading_is_a_theme_only_on_a_sheet_without_a_theme_column() -> None:
    tracked = read(grid("Actions", HEADER + ("Theme",), ("5. Improving assessment",),
                        ("5a", "Audit", "jo@example.org", "31/01/2018", "Theme 5 - Improving assessment")))
    assert [(row.get("ref"), row.get("theme")) for row in actions(tracked)] == [
        ("5. Improving assessment", None), ("5a", 5)]
    assert "themes" not in tracked.sheets


def test_a_sheet_per_theme_takes_its_theme_from_its_name() -> None:
    action = ("a", "Audit", "jo@example.org", "31/01/2018")
    tracked = read(
        grid("Key", ("Blue", "Complete")),
        grid("Theme 5", HEADER, ("5a",) + action[1:], ("5b",) + action[1:]),
        grid("T6", ("Theme 6 action plan",), HEADER, ("6a",) + action[1:]),
        grid("7 Assessment", HEADER, ("7a",) + action[1:]),
        grid("Summary", ("Theme", "Green"), (5, 1)),
    )
    assert [(row["ref"], row["theme"]) for row in actions(tracked)] == [("5a", 5), ("5b", 5), ("6a", 6), ("7a", 7)]
    assert [dict(row) for row in tracked.sheets["themes"]] == [
        {"number": 5}, {"number": 6}, {"number": 7, "title": "Assessment"}]
    assert layout(tracked, "Theme 5").note == "theme 5 from the sheet's name"
    assert layout(tracked, "7 Assessment").note == "theme 7 from the sheet's name"
    assert [use.name for use in tracked.layout if use.role == "skipped"] == ["Key", "Summary"]


# Columns


@pytest.mark.parametrize(("header", "field"), [
    ("BRAG Dec 17", "rating"), ("RAG status", "rating"), ("Rating", "rating"), ("BRAG", "rating"),
    ("Action owner", "owner"), ("Lead officer", "owner"), ("Responsible officer", "owner"), ("Lead", "owner"),
    ("Due", "due"), ("Deadline", "due"), ("Target date", "due"), ("Completion date", "due"),
    ("Timescale", "due"), ("By when", "due"),
    ("Ref", "ref"), ("Ref No.", "ref"), ("No.", "ref"), ("Action No", "ref"), ("ID", "ref"),
    ("Action", "title"), ("Action title", "title"), ("Description of action", "title"),
    ("Theme", "theme"), ("Theme no", "theme"),
    ("Board", "body"), ("Overseen by", "body"), ("Reporting to", "body"),
    ("Comments", "commentary"), ("Progress", "commentary"), ("Update", "commentary"),
    ("Comments/Progress update (Dec)", "commentary"),
    ("Forecast", "forecast"), ("Revised date", "forecast"), ("Revised due date", "forecast"),
    ("Date last updated", "updated"), ("Last updated", "updated"),
    ("Success measure", "note"), ("Measure of success", "note"), ("Outcome", "note"), ("Impact", "note"),
    ("Evidence of impact", "note"), ("Rationale", "note"),
    ("Evidence", "evidence"), ("Risks", None),
])
def test_common_council_headers_read_as_their_field(header: str, field: str | None) -> None:
    tracked = read(grid("Actions", (header,), (None,)), tracker_map=TrackerMap(header_row=1))
    assert column(tracked, "Actions", header).field == field


def test_the_map_names_a_column_s_field_whatever_its_header() -> None:
    tracked = read(grid("Actions", HEADER + ("Who", "Risks"), ("1a", "Audit", "jo@example.org", "31/01/2018",
                                                               "Jo", "None")),
                   tracker_map=TrackerMap(columns={"  who ": "body", "RISKS": "note", "Due date": IGNORE}))
    assert column(tracked, "Actions", "Who") == ColumnUse("E", "Who", "body", "from the map")
    assert column(tracked, "Actions", "Due date") == ColumnUse("D", "Due date", None, "from the map")
    assert actions(tracked) == [{"ref": "1a", "title": "Audit", "owner": "jo@example.org", "body": "Jo",
                                 "commentary": "Risks: None"}]


def test_a_hidden_last_month_brag_gives_way_to_the_visible_one() -> None:
    tracked = read(grid("Theme 5", HEADER + ("BRAG", "BRAG Dec 17"),
                        ("5a", "Audit", "jo@example.org", "31/01/2018", "Green", "Blue"),
                        hidden_columns={4}))
    assert ratings(tracked) == ["blue"]
    assert column(tracked, "Theme 5", "BRAG") == ColumnUse("E", "BRAG", None, "hidden")
    assert tracked.problems == []


def test_a_hidden_column_the_map_names_is_read() -> None:
    tracked = read(grid("Actions", HEADER + ("BRAG",), ("1a", "Audit", "jo@example.org", "31/01/2018", "Red"),
                        hidden_columns={4}), tracker_map=TrackerMap(columns={"BRAG": "rating"}))
    assert ratings(tracked) == ["red"]


def test_of_columns_for_several_months_the_latest_is_read() -> None:
    tracked = read(grid("Actions", HEADER + ("BRAG Nov 17", "BRAG Dec 17", "BRAG Oct 17", "Progress (Nov)",
                                             "Progress (Dec)"),
                        ("1a", "Audit", "jo@example.org", "31/01/2018", "Amber", "Green", "Red", "Late", "Caught up")))
    assert [(row["rating"], row["commentary"]) for row in actions(tracked)] == [("green", "Caught up")]
    assert column(tracked, "Actions", "BRAG Nov 17").note == "an earlier month than F (BRAG Dec 17)"
    assert column(tracked, "Actions", "BRAG Oct 17").field is None
    assert column(tracked, "Actions", "Progress (Nov)").note == "an earlier month than I (Progress (Dec))"
    assert tracked.problems == []


def test_a_january_column_is_later_than_december_of_the_year_before() -> None:
    tracked = read(grid("Actions", HEADER + ("BRAG Jan 18", "BRAG Dec 17"),
                        ("1a", "Audit", "jo@example.org", "31/01/2018", "Red", "Green")))
    assert ratings(tracked) == ["red"]


def test_two_owner_columns_are_a_problem_until_the_map_chooses_one() -> None:
    sheet = grid("Theme 5", ("Ref", "Action", "Action owner", "Lead officer", "Due date"),
                 ("5a", "Audit", "jo@example.org", "HoS MASH", "31/01/2018"))
    tracked = read(sheet)
    assert tracked.problems == ["Theme 5: columns C (Action owner) and D (Lead officer) both read as owner; choose "
                                "one in the map (columns: {Lead officer: ignore})"]
    assert column(tracked, "Theme 5", "Lead officer").note == "competes with C (Action owner) for owner"
    assert tracked.found_map.columns["Action owner"] == "owner"
    assert tracked.found_map.columns["Lead officer"] == IGNORE

    chosen = read(sheet, tracker_map=TrackerMap(columns={"Action owner": IGNORE, "Lead officer": "owner"}))
    assert chosen.problems == [] and [row["owner"] for row in actions(chosen)] == ["HoS MASH"]


def test_comments_and_notes_are_kept_in_the_commentary_each_under_its_header() -> None:
    tracked = read(grid(
        "Actions",
        HEADER + ("Comments", "Success measure", "Progress update", "Evidence of impact", "Evidence"),
        ("1a", "Audit", "jo@example.org", "31/01/2018", "Started", "Fewer re-referrals", "Half done", None,
         "Audit report"),
        ("1b", "Train", "jo@example.org", "31/01/2018", None, "All trained", None, "Better visits", None),
        ("1c", "Plan", "jo@example.org", "31/01/2018", None, None, None, None, None),
    ))
    assert [row["commentary"] for row in actions(tracked)] == [
        "Started\nSuccess measure: Fewer re-referrals\nProgress update: Half done\nEvidence: Audit report",
        "Success measure: All trained\nEvidence of impact: Better visits",
        None,
    ]
    assert column(tracked, "Actions", "Evidence") == ColumnUse(
        "I", "Evidence", "note", "its values are not links; added to the commentary")
    assert tracked.sheets["actions"][0].origin.column("commentary") == "Comments"


def test_an_evidence_column_of_links_is_evidence_and_the_date_last_updated_is_kept() -> None:
    tracked = read(grid("Actions", HEADER + ("Evidence", "Date last updated"),
                        ("1a", "Audit", "jo@example.org", "31/01/2018", "https://example.org/a", date(2017, 12, 4))))
    assert actions(tracked)[0] == {"ref": "1a", "title": "Audit", "owner": "jo@example.org",
                                     "due": "31/01/2018", "evidence": "https://example.org/a",
                                     "updated": date(2017, 12, 4)}


def test_a_status_of_open_and_closed_is_not_a_rating_unless_the_map_says_what_they_are() -> None:
    sheet = grid("Actions", HEADER + ("Status",), ("1a", "Audit", "jo@example.org", "31/01/2018", "Open"),
                 ("1b", "Train", "jo@example.org", "31/01/2018", "Closed"))
    tracked = read(sheet)
    assert column(tracked, "Actions", "Status") == ColumnUse("E", "Status", None,
                                                             "its values are not ratings (Open, Closed)")
    assert "rating" not in actions(tracked)[0]

    mapped = read(sheet, tracker_map=TrackerMap(ratings={"open": "amber", "CLOSED": "blue"}))
    assert column(mapped, "Actions", "Status").field == "rating"
    assert ratings(mapped) == ["amber", "blue"]
    assert mapped.found_map.ratings == {"Open": "amber", "Closed": "blue"}


def test_a_status_of_ratings_is_a_rating() -> None:
    tracked = read(grid("Actions", HEADER + ("Status",), ("1a", "Audit", "jo@example.org", "31/01/2018", "Green"),
                        ("1b", "Train", "jo@example.org", "31/01/2018", "Complete")))
    assert ratings(tracked) == ["green", "blue"]


# Ratings


def test_rating_words_read_by_the_key_the_map_and_common_words() -> None:
    tracked = read(grid(
        "Actions", HEADER + ("RAG",),
        *[(f"1{letter}", "Audit", "jo@example.org", "31/01/2018", word) for letter, word in zip(
            "abcdefghij", ("G", "AMBER", "Complete", "done", "On track", "at risk", "Slipping", "Off track",
                           "Behind", "n/a"))]),
        tracker_map=TrackerMap(ratings={"N/A": IGNORE}))
    assert ratings(tracked) == ["green", "amber", "blue", "blue", "green", "amber", "amber", "red", "red", None]
    assert tracked.found_map.ratings == {"Complete": "blue", "done": "blue", "On track": "green", "at risk": "amber",
                                         "Slipping": "amber", "Off track": "red", "Behind": "red", "n/a": IGNORE}
    assert tracked.warnings == []


def test_a_common_word_reads_only_as_a_code_the_key_has() -> None:
    key = BragKey((Rating("done", "Done", "Finished", "#0070c0", complete=True),
                   Rating("ok", "OK", "Fine", "#00b050")))
    tracked = read(grid("Actions", HEADER + ("RAG",), ("1a", "Audit", "jo@example.org", "31/01/2018", "Completed"),
                        ("1b", "Audit", "jo@example.org", "31/01/2018", "On track")), key=key)
    assert ratings(tracked) == ["done", "On track"]


def test_an_unknown_rating_word_is_kept_for_the_template_to_refuse_with_a_warning_saying_how_to_map_it() -> None:
    tracked = rated("Open", "Open", "Green")
    assert ratings(tracked) == ["Open", "Open", "green"]
    assert tracked.warnings == ["Actions, column BRAG: 'Open' is not a BRAG rating; give it one in the map's ratings "
                                "(Open: blue) and import with --map"]


@pytest.mark.parametrize(("fill", "code"), [
    ("FF0000", "red"), ("FFC000", "amber"), ("FFFF00", "amber"), ("92D050", "green"), ("00B050", "green"),
    ("00B0F0", "blue"), ("0070C0", "blue"),
    *[(rating.colour.lstrip("#").upper(), rating.code) for rating in DEFAULT_KEY.ratings],
    ("FFFFFF", None), ("D9D9D9", None), ("808080", None), ("000000", None), ("FFF2CC", None), ("E2EFDA", None),
    ("DDEBF7", None),
])
def test_an_empty_rating_cell_is_read_by_its_fill(fill: str, code: str | None) -> None:
    tracked = rated(Cell(None, fill))
    assert ratings(tracked) == [code]
    assert tracked.found_map.colours == ({fill: code} if code else {})


def test_the_map_s_colours_read_a_fill_the_key_does_not_have() -> None:
    tracker_map = TrackerMap(colours={"#7030a0": "blue", "ffff00": IGNORE})
    tracked = read(grid("Actions", HEADER + ("BRAG",),
                        ("1a", "Audit", "jo@example.org", "31/01/2018", Cell(None, "7030A0")),
                        ("1b", "Audit", "jo@example.org", "31/01/2018", Cell(None, "FFFF00"))),
                   tracker_map=tracker_map)
    assert ratings(tracked) == ["blue", None]


def test_text_and_fill_disagreeing_keeps_the_text_with_a_warning() -> None:
    tracked = read(grid("Theme 5", HEADER + ("BRAG",),
                        ("5a", "Audit", "jo@example.org", "31/01/2018", Cell("Amber", "00B050")),
                        ("5b", "Audit", "jo@example.org", "31/01/2018", Cell("Green", "00B050"))))
    assert ratings(tracked) == ["amber", "green"]
    assert tracked.warnings == ["Theme 5, row 2, column BRAG: the fill is Green but the text says Amber; Amber kept"]


def test_comments_are_kept_on_rows_without_a_rating() -> None:
    tracked = read(grid("Actions", HEADER + ("BRAG", "Comments"),
                        ("1a", "Audit", "jo@example.org", "31/01/2018", None, "Waiting on HR")))
    assert actions(tracked)[0]["rating"] is None and actions(tracked)[0]["commentary"] == "Waiting on HR"


# Dates


def test_a_date_typed_as_a_month_is_the_month_and_other_dates_are_as_they_are() -> None:
    tracked = read(grid("Actions", HEADER + ("Forecast",),
                        ("1a", "Audit", "jo@example.org", Cell(datetime(2018, 1, 1), month_only=True),
                         date(2018, 2, 14)),
                        ("1b", "Audit", "jo@example.org", "TBC", Cell(date(2018, 3, 1), month_only=True))))
    assert [(row["due"], row["forecast"]) for row in actions(tracked)] == [
        ("Jan 2018", date(2018, 2, 14)), ("TBC", "Mar 2018")]


# The map


def test_bad_map_entries_are_problems() -> None:
    tracked = read(grid("Actions", HEADER, ("1a", "Audit", "jo@example.org", "31/01/2018")),
                   tracker_map=TrackerMap(columns={"Action owner": "owenr"}, ratings={"Open": "gren"},
                                          colours={"red": "red", "FF0000": "crimson"}))
    assert tracked.problems == [
        "map: columns: 'owenr' is not a column (use: ref, theme, title, owner, due, body, rating, commentary, "
        "evidence, forecast, updated, source, illustrative, raised_at, withdrawn, withdrawn_reason, note, ignore)",
        "map: ratings: 'gren' is not a BRAG code (use: blue, green, amber, red, ignore)",
        "map: colours: 'red' is not a colour (use RRGGBB, such as FFC000)",
        "map: colours: 'crimson' is not a BRAG code (use: blue, green, amber, red, ignore)",
    ]
    assert column(tracked, "Actions", "Action owner").field == "owner"


MESSY = (
    grid("Cover", ("Improvement plan",)),
    grid("Key", ("Blue", "Complete")),
    grid("Theme 5", ("Theme 5 action plan",), (),
         ("Ref", "Action", "Action owner", "Lead officer", "Due date", "BRAG", "BRAG Nov 17", "BRAG Dec 17",
          "Comments/Progress update (Dec)", "Success measure", "Status", "Date last updated"),
         ("Theme 5: Improving Assessment",),
         ("5a", "Audit", "jo@example.org", "HoS MASH", Cell(date(2018, 1, 1), month_only=True), "Green", "Green",
          Cell(None, "0070C0"), "Done", "Fewer re-referrals", "Closed", date(2017, 12, 4)),
         ("5b", "Train", "jo@example.org", None, "TBC", "Amber", "Amber", Cell("Complete", "00B050"), None, None,
          "Open", None),
         hidden_columns={5}),
    grid("Theme 6", ("Ref", "Action", "Action owner", "Due date", "BRAG"),
         ("6a", "Supervise", "sam@example.org", "28/02/2018", Cell(None, "FFC000"))),
    grid("Summary", ("Theme", "Blue"), (5, 1)),
)


def test_the_found_map_reads_the_same_file_the_same_way() -> None:
    first = read(*MESSY)
    again = read(*MESSY, tracker_map=first.found_map)
    assert {name: [(dict(row), row.origin) for row in rows] for name, rows in again.sheets.items()} == {
        name: [(dict(row), row.origin) for row in rows] for name, rows in first.sheets.items()}
    assert again.found_map == first.found_map
    assert again.problems == []


def test_the_found_map_records_what_was_read() -> None:
    tracked = read(*MESSY, tracker_map=TrackerMap(owners={"HoS MASH": "jo@example.org"}))
    assert tracked.found_map == TrackerMap(
        sheets=("Theme 5", "Theme 6"), header_row=None,
        columns={"Ref": "ref", "Action": "title", "Action owner": "owner", "Lead officer": IGNORE, "Due date": "due",
                 "BRAG Nov 17": IGNORE, "BRAG Dec 17": "rating", "Comments/Progress update (Dec)": "commentary",
                 "Success measure": "note", "Status": IGNORE, "Date last updated": "updated"},
        ratings={"Complete": "blue"}, colours={"0070C0": "blue", "FFC000": "amber"}, owners={})
    assert [(row["ref"], row["theme"], row["rating"], row["due"], row.get("commentary")) for row in actions(tracked)] \
        == [("5a", 5, "blue", "Jan 2018", "Done\nSuccess measure: Fewer re-referrals"),
            ("5b", 5, "blue", "TBC", None), ("6a", 6, "amber", "28/02/2018", None)]
    assert [dict(row) for row in tracked.sheets["themes"]] == [{"number": 5, "title": "Improving Assessment"},
                                                              {"number": 6}]
    assert tracked.problems == ["Theme 5: columns C (Action owner) and D (Lead officer) both read as owner; choose "
                                "one in the map (columns: {Lead officer: ignore})"]
    assert tracked.warnings == ["Theme 5, row 6, column BRAG Dec 17: the fill is Green but the text says Blue; "
                                "Blue kept"]
    assert [(use.name, use.role, use.note) for use in tracked.layout] == [
        ("Cover", "skipped", "a key/summary, not actions"), ("Key", "skipped", "a key/summary, not actions"),
        ("Theme 5", "actions", "themes from heading rows"), ("Theme 6", "actions", "theme 6 from the sheet's name"),
        ("Summary", "skipped", "a key/summary, not actions")]
