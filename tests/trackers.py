"""PMO trackers as council programme offices keep them, built with openpyxl for the import tests.

Each builder writes one tracker laid out as a PMO lays out their own (BRAG as fill colour, hidden columns, title
rows, a sheet per theme, months for dates, job titles for owners) from the example plan's people, themes and refs,
so that it imports into a store holding the example, and returns what the PMO expects the bot to make of it.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from storage.plan_files import example_path

EXAMPLE = yaml.safe_load(example_path("barnet-2018").read_text(encoding="utf-8"))
ACTIONS: dict[str, dict[str, Any]] = {a["ref"]: a for a in EXAMPLE["actions"]}
NAMES: dict[str, str] = {p["email"]: p["name"] for p in EXAMPLE["people"]}

FILLS = {"blue": "0070C0", "green": "00B050", "amber": "FFC000", "red": "FF0000"}
"""The fills Excel offers as standard colours, which PMOs use for BRAG."""
COLUMNS = ("Ref", "Theme", "Action", "Owner", "Due date", "BRAG", "Comments")
EditMap = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Expected:
    """What a PMO expects from their tracker: what the preview shows, then what the plan holds once imported."""

    outcome: str
    """The preview's counts before the problems: "16 actions, 12 rated, 9 comments"."""
    sheets: dict[str, tuple[str, int | None, str]]
    """Each sheet: what it is read as, its header row, and a word of why."""
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A header: what it is read as ("ignored" for none) and a word of why ("" when there need be none), without a
    map."""
    mapped_columns: dict[str, tuple[str, str]] | None = None
    """The same, read with the PMO's edited map, when the map changes how columns are read."""
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Where a warning is ("Tracker, row 2, column Due date:") and words it holds."""
    ratings: dict[str, str] = field(default_factory=dict)
    """An action's rating once imported, as a BRAG code."""
    comments: dict[str, str] = field(default_factory=dict)
    """Text that an update the import recorded for the action holds."""
    comment_only: tuple[str, ...] = ()
    """Actions whose last update is a comment with no rating."""
    due: dict[str, date | None] = field(default_factory=dict)
    on_time: tuple[str, ...] = ()
    """Actions past their plan's due date that must not show overdue (complete, or with no date)."""
    owners: dict[str, str] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    new_people: tuple[str, ...] = ()
    map_needed: tuple[str, ...] = ()
    """Words of the problem shown until the PMO edits the saved map; empty when none is needed."""
    edit_map: EditMap | None = None
    """What the PMO changes in the saved map (as loaded from its YAML)."""
    flags: tuple[str, ...] = ()
    """Options the import needs, and words of its refusal without them."""
    refused_without_flags: tuple[str, ...] = ()
    own_plan: bool = False
    """A plan of its own (themes and people in the workbook), imported into an empty store."""


def brag_as_fill(path: Path) -> Expected:
    """BRAG kept as the fill of an empty cell, as most council trackers keep it, with comments on rows with and
    without a fill, and one cell whose text (Amber) disagrees with its fill (Green)."""
    rows = [  # ref, fill, text of the BRAG cell, comment
        ("5a", "green", None, "Double-locked QA in place in all D&A teams."),
        ("5b(i)", "green", "Amber", "Audit of fathers' involvement slipping to February."),
        ("5b(ii)", "amber", None, None),
        ("5c(i)", "green", None, None),
        ("5c(ii)", "blue", None, "Strategy discussions are now multi-agency in every case."),
        ("5d", None, None, "Return Home Interview analysis waits on police data."),
        ("5e", "red", None, "SEAM actions not yet tracked into plans."),
        ("5f", "blue", None, None),
        ("6a", "amber", None, "40 of 62 CiN plans over 6 months reviewed."),
        ("6b", "green", None, None),
        ("6c", "blue", None, "Every child in care's plan reviewed; findings to CPOG."),
        ("6d", None, None, "IHA capacity being agreed with the CCG."),
        ("6e", None, None, None),
        ("6f", None, None, None),
        ("6g", "green", None, None),
        ("6h(i)", "red", None, "NEET to EET project has no provider yet."),
    ]
    book = Workbook()
    sheet = _named(book.active, "Action Plan")
    sheet.append(COLUMNS)
    for ref, fill, text, comment in rows:
        sheet.append([*_action(ref), text, comment])
        if fill:
            _fill(sheet.cell(sheet.max_row, 6), fill)
    book.save(path)
    return Expected(
        outcome="16 actions, 12 rated, 9 comments",
        sheets={"Action Plan": ("actions", 1, "")},
        columns={"Ref": ("ref", ""), "BRAG": ("rating", ""), "Comments": ("commentary", "")},
        warnings={"Action Plan, row 3, column BRAG:": ("Green", "Amber")},
        ratings={"5a": "green", "5b(i)": "amber", "5b(ii)": "amber", "5c(ii)": "blue", "5d": "green", "5e": "red",
                 "5f": "blue", "6c": "blue", "6e": "green", "6h(i)": "red"},
        comments={"5a": "Double-locked QA", "5d": "Return Home Interview", "6d": "IHA capacity",
                  "6c": "findings to CPOG"},
        comment_only=("5d", "6d"),
        on_time=("5c(ii)", "5f", "6c"),
    )


def extra_and_hidden_columns(path: Path) -> Expected:
    """A December tracker with two owner columns, last month's BRAG hidden left of this month's, progress,
    success and impact columns, the date each row was last updated, and an Open/Closed status."""
    headers = ["Ref", "Theme", "Action", "Action owner", "Lead officer", "Due date", "BRAG", "BRAG Dec 17",
               "Comments/Progress update (Dec)", "Success measure", "Evidence of impact", "Date last updated",
               "Status"]
    rows = [  # ref, BRAG (Nov, hidden), BRAG Dec 17, comment, success measure, evidence of impact, updated, status
        ("6a", "Green", "Amber", "40 of 62 CiN plans over 6 months reviewed.", "All CiN plans over 6 months reviewed",
         "Audit of 20 plans in January", date(2017, 12, 20), "Open"),
        ("6b", "Green", "Green", "PLO tracker in use by the Permanency Assurance Lead.", "No PLO case drifts", None,
         date(2017, 12, 20), "Open"),
        ("6c", "Amber", "Red", "Reviews behind: 30 plans left.", "Every plan reviewed", None, date(2017, 12, 22),
         "Open"),
        ("6f", "Green", "Blue", "Campaign complete; every case allocated.", "Cases allocated within 5 days",
         "Posters in all schools", date(2017, 12, 20), "Closed"),
        ("6g", "Amber", "Amber", "Trackers used in half of supervisions.", None, None, date(2017, 12, 20), "Open"),
        ("6h(ii)", "Green", "Amber", "Start dates not yet aligned.", None, None, date(2017, 12, 21), "Open"),
    ]
    book = Workbook()
    sheet = _named(book.active, "Improvement Plan")
    sheet.append(headers)
    lead = NAMES["od.social.care@example.org"]
    for ref, november, december, comment, measure, impact, updated, status in rows:
        _, theme, title, owner, due = _action(ref)
        sheet.append([ref, theme, title, owner, lead, due, november, december, comment, measure, impact, updated,
                      status])
    sheet.column_dimensions["G"].hidden = True
    book.save(path)
    return Expected(
        outcome="6 actions, 6 rated, 6 comments",
        sheets={"Improvement Plan": ("actions", 1, "")},
        columns={"Action owner": ("owner", ""), "Lead officer": ("ignored", "competes"), "BRAG": ("ignored", "hidden"),
                 "BRAG Dec 17": ("rating", ""), "Comments/Progress update (Dec)": ("commentary", ""),
                 "Success measure": ("note", ""), "Evidence of impact": ("note", ""),
                 "Date last updated": ("updated", ""), "Status": ("ignored", "not ratings")},
        mapped_columns={"Action owner": ("owner", ""), "Lead officer": ("note", "map"), "BRAG": ("ignored", ""),
                        "BRAG Dec 17": ("rating", ""), "Status": ("ignored", "")},
        ratings={"6c": "red", "6f": "blue", "6h(ii)": "amber"},
        comments={"6a": "Success measure: All CiN plans over 6 months reviewed", "6f": "Evidence of impact: Posters",
                  "6c": f"Lead officer: {lead}"},
        owners={ref: ACTIONS[ref]["owner"] for ref in ("6a", "6c", "6f")},
        map_needed=("Action owner", "Lead officer", "owner"),
        edit_map=lead_officer_as_a_note,
    )


def lead_officer_as_a_note(saved: dict[str, Any]) -> None:
    """The PMO's choice: the action owner owns the action, and the lead officer is kept in its commentary."""
    columns = saved.get("columns") or {}
    columns[_key(columns, "Action owner")] = "owner"
    columns[_key(columns, "Lead officer")] = "note"
    saved["columns"] = columns


def title_rows_and_theme_headings(path: Path) -> Expected:
    """A banner merged across the top and title rows over a header on row 5, theme heading rows instead of a
    theme column; and another sheet whose theme column is merged down each theme's rows."""
    book = Workbook()
    plan = _named(book.active, "Action Plan")
    plan.append(["Barnet Children's Services Improvement Action Plan"])
    plan.merge_cells("A1:F1")
    _fill(plan["A1"], "1F3864")
    plan.append(["Progress tracker: position at 19 January 2018"])
    plan.append([])
    plan.append(["BRAG: Blue complete; Green on track; Amber at risk; Red off track"])
    plan.append(["Ref", "Action", "Owner", "Due date", "BRAG", "Comments"])
    ratings = {"5a": "Green", "5b(i)": "Amber", "5b(ii)": "Green", "5c(i)": "Green", "5c(ii)": "Red", "5d": "Green",
               "5e": "Amber", "5f": "Blue", "7a": "Green", "7b": "Green", "7c": "Amber", "7d": "Blue", "7e": "Green",
               "4a": "Green", "4b(i)": "Green", "4b(ii)": "Amber", "4c": "Green", "4d": "Blue"}
    comments = {"5e": "SEAM tracker now shared with planning teams.", "7c": "Survey closes on 2 February.",
                "4b(ii)": "South locality panel waits on a chair."}
    for heading, refs in (("Theme 5: Improving Assessment for children", ("5a", "5b(i)", "5b(ii)", "5c(i)", "5c(ii)",
                                                                         "5d", "5e", "5f")),
                          ("Theme 7: Effective Communications and Engagement", ("7a", "7b", "7c", "7d", "7e"))):
        plan.append([heading])
        plan.merge_cells(start_row=plan.max_row, start_column=1, end_row=plan.max_row, end_column=6)
        for ref in refs:
            _, _, title, owner, due = _action(ref)
            plan.append([ref, title, owner, due, ratings[ref], comments.get(ref)])
    front_door = book.create_sheet("Front door")
    front_door.append(["Theme", "Ref", "Action", "Owner", "Due date", "BRAG", "Comments"])
    for ref in ("4a", "4b(i)", "4b(ii)", "4c", "4d"):
        _, _, title, owner, due = _action(ref)
        front_door.append([None, ref, title, owner, due, ratings[ref], comments.get(ref)])
    front_door["A2"] = "Theme 4: Right interventions, right time"
    front_door.merge_cells("A2:A6")
    book.save(path)
    return Expected(
        outcome="18 actions, 18 rated, 3 comments",
        sheets={"Action Plan": ("actions", 5, "heading"), "Front door": ("actions", 1, "")},
        columns={"Ref": ("ref", ""), "Action": ("title", ""), "BRAG": ("rating", ""), "Theme": ("theme", "")},
        ratings={"5e": "amber", "5c(ii)": "red", "7c": "amber", "7d": "blue", "4b(ii)": "amber", "4d": "blue"},
        comments={"5e": "SEAM tracker", "7c": "Survey closes", "4b(ii)": "South locality"},
        themes={"5e": 5, "7c": 7, "4c": 4},
        on_time=("4d", "5f"),
    )


def sheet_per_theme(path: Path) -> Expected:
    """One sheet per theme, named after it, with a Summary sheet before them and a Key sheet of BRAG colours;
    ratings in the words PMOs write ("Complete", "On track", "At risk")."""
    book = Workbook()
    summary = _named(book.active, "Summary")
    summary.append(["Theme", "Actions", "Blue", "Green", "Amber", "Red"])
    key = book.create_sheet("Key")
    key.append(["BRAG", "Meaning"])
    for word, meaning in (("Blue", "Complete"), ("Green", "On track"), ("Amber", "At risk"), ("Red", "Off track")):
        key.append([word, meaning])
        _fill(key.cell(key.max_row, 1), word.lower())
    ratings = {"1a": "Amber", "1b": "Green", "1c": "On track", "2a": "Green", "2b(i)": "Green", "2b(ii)": "Blue",
               "2c": "Green", "2d": "Amber", "2e": "Blue", "3a": "Green", "3b": "Blue", "3c": "Green", "3d": "At risk",
               "3e": "Red", "3f": "Green", "3g": "Complete"}
    comments = {"3g": "Transfer meetings weekly; backlog cleared.", "2d": "Integra fix delayed to February.",
                "3e": "Care packages review not started."}
    for number in (1, 2, 3):
        sheet = book.create_sheet(f"Theme {number}")
        sheet.append(["Ref", "Action", "Owner", "Due date", "BRAG", "Comments"])
        refs = [ref for ref, action in ACTIONS.items() if action["theme"] == number]
        for ref in refs:
            _, _, title, owner, due = _action(ref)
            sheet.append([ref, title, owner, due, ratings[ref], comments.get(ref)])
        summary.append([f"Theme {number}", len(refs)])
    book.save(path)
    return Expected(
        outcome="16 actions, 16 rated, 3 comments",
        sheets={"Summary": ("skipped", None, "summary"), "Key": ("skipped", None, "key"),
                "Theme 1": ("actions", 1, "name"), "Theme 2": ("actions", 1, "name"),
                "Theme 3": ("actions", 1, "name")},
        columns={"Ref": ("ref", ""), "BRAG": ("rating", "")},
        ratings={"1c": "green", "2d": "amber", "3d": "amber", "3e": "red", "3g": "blue"},
        comments={"3g": "backlog cleared", "2d": "Integra fix"},
        themes={"1c": 1, "2d": 2, "3g": 3},
        on_time=("3g", "2e"),
    )


def months_and_no_dates(path: Path) -> Expected:
    """Due dates as trackers give them: a month typed as "Jan-18" (a date cell shown "mmm-yy"), a month in words,
    "TBC", "Ongoing", and an Excel serial number."""
    dues: dict[str, Any] = {"2a": datetime(2018, 1, 1), "2b(i)": "March 2018", "7a": "TBC", "7b": "Ongoing",
                            "7c": 43190, "7d": ACTIONS["7d"]["due"]}
    book = Workbook()
    sheet = _named(book.active, "Tracker")
    sheet.append(COLUMNS)
    for ref, due in dues.items():
        _, theme, title, owner, _ = _action(ref)
        sheet.append([ref, theme, title, owner, due, "Green", None])
    sheet["E2"].number_format = "mmm-yy"
    book.save(path)
    return Expected(
        outcome="6 actions, 6 rated, 0 comments",
        sheets={"Tracker": ("actions", 1, "")},
        columns={"Due date": ("due", "")},
        warnings={"Tracker, row 2, column Due date:": ("31 Jan 2018",),
                  "Tracker, row 3, column Due date:": ("March 2018", "31 Mar 2018"),
                  "Tracker, row 4, column Due date:": ("TBC",),
                  "Tracker, row 5, column Due date:": ("Ongoing",),
                  "Tracker, row 6, column Due date:": ("43190", "31 Mar 2018")},
        due={"2a": date(2018, 1, 31), "2b(i)": date(2018, 3, 31), "7a": None, "7b": None, "7c": date(2018, 3, 31),
             "7d": date(2018, 1, 16)},
        on_time=("2a", "7a", "7b"),
    )


def owners_and_refs(path: Path) -> Expected:
    """A plan of its own whose tracker names owners by job title (aliases on its people sheet, or only in the
    map), two owners in one cell, a mistyped e-mail, refs 1.1, 1.1.2 and A3, and a theme column merged down each
    theme's rows."""
    book = Workbook()
    themes = _named(book.active, "Themes")
    themes.append(["Number", "Title", "Lead"])
    themes.append([1, "Front door and assessment", "od.social.care@example.org"])
    themes.append([2, "Governance", "ad.strategy@example.org"])
    themes.append([3, "Communications", "ad.strategy@example.org"])
    people = book.create_sheet("People")
    people.append(["Email", "Name", "Role", "Aliases"])
    for email, aliases in (("head.mash@example.org", "HoS MASH; Head of Service - MASH"),
                           ("head.duty.assessment@example.org", "HoS D&A"),
                           ("od.social.care@example.org", "OD CSC"), ("ad.strategy@example.org", "AD Strategy"),
                           ("comms.lead@example.org", None)):
        people.append([email, NAMES[email], "owner", aliases])
    actions = book.create_sheet("Action plan")
    actions.append(COLUMNS)
    for row in (("1.1", 1, "Daily MASH threshold meetings", "HoS MASH", "Green", None),
                ("1.1.2", None, "Multi-agency strategy discussions", "HoS D&A / HoS MASH", "Amber", None),
                ("1.2", None, "MASH decision tracker", "Head of Service - MASH", "Green", None),
                ("2.1", 2, "Review governance", "haed.mash@example.org", "Green", None),
                ("A1", 3, "Service User Engagement Strategy", "Comms lead", "Green", None),
                ("A2", None, "Staff survey", "AD Strategy", "Amber", None),
                ("A3", None, "Content Strategy", "Comms lead", "Red", "Delayed by the restructure.")):
        ref, theme, title, owner, rating, comment = row
        actions.append([ref, theme, title, owner, date(2018, 3, 31), rating, comment])
    actions.merge_cells("B2:B4")
    actions.merge_cells("B6:B8")
    book.save(path)
    return Expected(
        outcome="3 themes, 7 actions, 7 rated, 2 comments",
        sheets={"Themes": ("themes", 1, ""), "People": ("people", 1, ""), "Action plan": ("actions", 1, "")},
        columns={"Owner": ("owner", ""), "Theme": ("theme", "")},
        warnings={"Action plan, row 3, column Owner:": ("HoS D&A / HoS MASH",)},
        ratings={"1.1": "green", "1.1.2": "amber", "a3": "red"},
        comments={"1.1.2": NAMES["head.mash@example.org"], "a3": "restructure"},
        owners={"1.1": "head.mash@example.org", "1.1.2": "head.duty.assessment@example.org",
                "1.2": "head.mash@example.org", "2.1": "haed.mash@example.org", "a1": "comms.lead@example.org",
                "a2": "ad.strategy@example.org", "a3": "comms.lead@example.org"},
        themes={"1.1": 1, "1.1.2": 1, "1.2": 1, "2.1": 2, "a1": 3, "a2": 3, "a3": 3},
        new_people=("haed.mash@example.org",),
        map_needed=("Action plan, row 6, column Owner:", "Comms lead"),
        edit_map=comms_lead_is_an_owner,
        flags=("--allow-new-people",),
        refused_without_flags=("haed.mash@example.org", "head.mash@example.org", "--allow-new-people"),
        own_plan=True,
    )


def comms_lead_is_an_owner(saved: dict[str, Any]) -> None:
    """The PMO names the job title their tracker uses for someone the people sheet gives no alias."""
    saved["owners"] = {**(saved.get("owners") or {}), "Comms lead": "comms.lead@example.org"}


def actions_only_csv(path: Path) -> Expected:
    """Actions alone, as a CSV saved from a tracker: no plan sheet, so nothing about the plan itself."""
    comments = {"3a": "Tracker live for managers from 15 January.", "3c": "Faculty launch moved to March."}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for ref, rating in (("3a", "Green"), ("3c", "Amber"), ("3e", "Red")):
            _, theme, title, owner, due = _action(ref)
            writer.writerow([ref, theme, title, owner, due.strftime("%d/%m/%Y"), rating, comments.get(ref, "")])
    return Expected(
        outcome="3 actions, 3 rated, 2 comments",
        sheets={"actions": ("actions", 1, "")},
        columns={"BRAG": ("rating", ""), "Due date": ("due", "")},
        ratings={"3a": "green", "3c": "amber", "3e": "red"},
        comments={"3c": "Faculty launch"},
    )


TRACKERS: dict[str, tuple[str, Callable[[Path], Expected]]] = {
    "brag-as-fill": ("BRAG fills Jan 18.xlsx", brag_as_fill),
    "extra-and-hidden-columns": ("Improvement Plan Dec 17.xlsx", extra_and_hidden_columns),
    "title-rows-and-theme-headings": ("Action plan tracker.xlsx", title_rows_and_theme_headings),
    "sheet-per-theme": ("Tracker by theme.xlsx", sheet_per_theme),
    "months-and-no-dates": ("Dates.xlsx", months_and_no_dates),
    "owners-and-refs": ("New plan.xlsx", owners_and_refs),
    "actions-only-csv": ("actions.csv", actions_only_csv),
}
"""Each tracker of issue 15 by name: the file it is saved as, and its builder."""


def _action(ref: str) -> list[Any]:
    """An example action as a tracker row starts: ref, theme, title, owner (by name, as trackers give one), due."""
    action = ACTIONS[ref]
    return [ref, action["theme"], action["title"], NAMES[action["owner"]], action["due"]]


def _named(sheet: Any, title: str) -> Worksheet:
    sheet.title = title
    return sheet


def _fill(cell: Any, colour: str) -> None:
    rgb = FILLS.get(colour, colour)
    cell.fill = PatternFill(fill_type="solid", fgColor=rgb)


def _key(columns: dict[str, str], header: str) -> str:
    """The key the saved map gives a header, matched as the reader matches one: without case or spaces."""
    return next((k for k in columns if str(k).strip().lower() == header.lower()), header)
