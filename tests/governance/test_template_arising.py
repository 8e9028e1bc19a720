"""The actions sheet's meeting arisen at and withdrawal: export writes them (the withdrawal as its day in London),
import reads them back, and a day that cannot be one, or that says nothing without another column, is a problem
naming its row and column; a sheet without the columns says nothing of them."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY
from governance.grids import Cell, Grid
from governance.model import Action, Body, Person, PlanDocument, Theme, Withdrawal
from governance.template import DocumentReading, Known, read_document, write_document
from governance.tracker import read_tracker
from governance.tracker_map import TrackerMap

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2018, 6, 20, 12, 0, tzinfo=timezone.utc)
OWNER = Person("owner@example.org", "Olu Owner")
KNOWN = Known(themes={1}, people={OWNER.email: OWNER.name}, bodies={"csib"})
ARISEN = Action("1d", 1, "Share the audit with partners", OWNER.email, date(2018, 7, 31), "csib",
                raised_at=date(2018, 6, 14))


def read(**columns: Any) -> DocumentReading:
    row = {"ref": "1d", "title": "Share the audit with partners", "owner": OWNER.email, "due": "2018-07-31",
           "body": "csib", **columns}
    return read_document({"actions": [row]}, key=DEFAULT_KEY, known=KNOWN, now=NOW, tz="Europe/London")


def test_export_writes_the_meeting_arisen_at_and_the_day_withdrawn_in_london_and_import_reads_them_back() -> None:
    late_in_june = datetime(2018, 6, 18, 23, 30, tzinfo=timezone.utc)
    withdrawn = Action("1e", 1, "Audit again", OWNER.email, None, "csib",
                       withdrawn=Withdrawal(late_in_june, OWNER.email, "Covered by the MASH audit"))
    doc = PlanDocument(themes=[Theme(1, "Thresholds")], people=[OWNER],
                       bodies=[Body("csib", "Improvement Board", dates=(date(2018, 6, 14),))],
                       actions=[ARISEN, withdrawn, Action("1f", 1, "Keep going", OWNER.email, None)])

    sheets = write_document(doc)
    again = read_document(sheets, key=DEFAULT_KEY, known=Known(), now=NOW, tz="Europe/London")

    assert [(a["raised_at"], a["withdrawn"], a["withdrawn_reason"]) for a in sheets["actions"]] == [
        (date(2018, 6, 14), None, None), (None, date(2018, 6, 19), "Covered by the MASH audit"), (None, None, None)]
    assert again.problems == []
    assert again.doc.actions[0] == ARISEN and again.doc.actions[2] == doc.actions[2]
    assert again.doc.actions[1].withdrawn == Withdrawal(datetime(2018, 6, 19, tzinfo=LONDON), None,
                                                        "Covered by the MASH audit")


@pytest.mark.parametrize("day", ["2018-06-14", "14/06/2018", "14 Jun 2018", datetime(2018, 6, 14, 0, 0)])
def test_a_day_is_read_as_a_pmo_writes_one(day: Any) -> None:
    reading = read(raised_at=day, withdrawn=day, withdrawn_reason="Merged into 1a")

    assert reading.problems == []
    assert reading.doc.actions == [Action(
        "1d", 1, ARISEN.title, OWNER.email, date(2018, 7, 31), "csib", raised_at=date(2018, 6, 14),
        withdrawn=Withdrawal(datetime.combine(date(2018, 6, 14), time(0), tzinfo=LONDON), None, "Merged into 1a"))]


def test_a_withdrawal_needs_no_reason() -> None:
    reading = read(withdrawn="2018-06-14")

    assert reading.problems == []
    assert reading.doc.actions[0].withdrawn == Withdrawal(datetime(2018, 6, 14, tzinfo=LONDON))


@pytest.mark.parametrize("columns, problem", [
    ({"body": None, "raised_at": "2018-06-14"}, "raised_at: there is no body for the meeting it arose at"),
    ({"raised_at": "31/02/2018"}, "raised_at: 31/02/2018 is not a date (use 2018-01-31 or 31/01/2018)"),
    ({"raised_at": "2018-06-21"}, "raised_at: 2018-06-21 is in the future"),
    ({"withdrawn": "2018-02-30"}, "withdrawn: 2018-02-30 is not a date (use 2018-01-31 or 31/01/2018)"),
    ({"withdrawn": "soon"}, "withdrawn: soon is not a date (use 2018-01-31 or 31/01/2018)"),
    ({"withdrawn": "21/06/2018"}, "withdrawn: 2018-06-21 is in the future"),
    ({"withdrawn_reason": "Merged into 1a"}, "withdrawn_reason: there is no withdrawn day for it to explain"),
])
def test_a_day_that_cannot_be_one_or_says_nothing_is_refused_naming_its_row_and_column(
        columns: dict[str, Any], problem: str) -> None:
    reading = read(**columns)

    assert reading.doc.actions == []
    assert reading.problems == [f"actions, row 2, column {problem}"]


def test_the_reading_names_the_columns_the_sheet_has_and_a_sheet_without_them_says_nothing_of_them() -> None:
    given = read(raised_at="2018-06-14", withdrawn=None, withdrawn_reason="")
    silent = read()

    assert {"raised_at", "withdrawn", "withdrawn_reason"} <= given.columns["actions"]
    assert not {"raised_at", "withdrawn", "withdrawn_reason"} & silent.columns["actions"]
    assert (silent.doc.actions[0].raised_at, silent.doc.actions[0].withdrawn) == (None, None)


def test_a_tracker_s_own_headers_for_them_are_read() -> None:
    header = ("Ref", "Action", "Action owner", "Due date", "Governance body", "Raised at", "Withdrawn",
              "Withdrawn reason")
    row = ("1d", ARISEN.title, OWNER.email, "31/07/2018", "csib", datetime(2018, 6, 14), "18/06/2018", "Merged")
    grid = Grid("Actions", tuple(tuple(Cell(value) for value in values) for values in (header, row)))
    tracked = read_tracker([grid], TrackerMap(), DEFAULT_KEY)

    reading = read_document(tracked.sheets, key=DEFAULT_KEY, known=KNOWN, now=NOW, tz="Europe/London")

    assert tracked.problems == [] and reading.problems == []
    assert reading.doc.actions == [Action("1d", 1, ARISEN.title, OWNER.email, date(2018, 7, 31), "csib",
                                          raised_at=date(2018, 6, 14),
                                          withdrawn=Withdrawal(datetime(2018, 6, 18, tzinfo=LONDON), None, "Merged"))]
