"""Meetings of governance bodies: rrule cadence plus explicit dates, local time, paper deadlines."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.cadence import (
    CadenceError,
    Meeting,
    last_meeting_before,
    meeting_days,
    meetings,
    next_meeting,
    validate_cadence,
)
from governance.model import Body

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")

CPOG = Body(
    key="cpog",
    name="Corporate Parenting Officers Group",
    cadence="FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3",  # monthly, third Wednesday
    starts=date(2017, 9, 1),
)


def dates_body(*days: date, deadline_days: int = 5) -> Body:
    return Body(key="board", name="Improvement Board", dates=days, paper_deadline_days=deadline_days)


# --- meeting days ------------------------------------------------------------------------------

def test_third_wednesday_in_december_and_january() -> None:
    assert meeting_days(CPOG, date(2017, 12, 1), date(2018, 1, 31)) == [date(2017, 12, 20), date(2018, 1, 17)]


def test_rule_starts_on_the_bodys_start_date() -> None:
    assert meeting_days(CPOG, date(2017, 6, 1), date(2017, 11, 30)) == [
        date(2017, 9, 20), date(2017, 10, 18), date(2017, 11, 15),
    ]


def test_window_is_inclusive_at_both_ends() -> None:
    assert meeting_days(CPOG, date(2017, 12, 20), date(2018, 1, 17)) == [date(2017, 12, 20), date(2018, 1, 17)]
    assert meeting_days(CPOG, date(2017, 12, 21), date(2018, 1, 16)) == []


def test_explicit_dates_merge_with_rule_dates_sorted_and_unique() -> None:
    body = Body(
        key="cpog",
        name="CPOG",
        cadence=CPOG.cadence,
        starts=CPOG.starts,
        dates=(date(2018, 1, 17), date(2018, 1, 5), date(2017, 12, 20), date(2018, 3, 1)),
    )
    assert meeting_days(body, date(2017, 12, 1), date(2018, 1, 31)) == [
        date(2017, 12, 20), date(2018, 1, 5), date(2018, 1, 17),
    ]


def test_a_body_with_dates_only() -> None:
    body = dates_body(date(2018, 3, 7), date(2017, 11, 8), date(2018, 1, 10))
    assert meeting_days(body, date(2017, 9, 1), date(2018, 12, 31)) == [
        date(2017, 11, 8), date(2018, 1, 10), date(2018, 3, 7),
    ]
    assert meeting_days(body, date(2018, 1, 11), date(2018, 3, 6)) == []


def test_rule_dates_do_not_depend_on_the_window_when_the_body_has_no_start_date() -> None:
    """"Every 4 weeks on Wednesday" is one series: asking about a later window must not move it."""
    body = Body(key="oig", name="Operational Improvement Group", cadence="FREQ=WEEKLY;INTERVAL=4;BYDAY=WE")
    wide = meeting_days(body, date(2018, 1, 1), date(2018, 3, 31))
    narrow = meeting_days(body, date(2018, 1, 8), date(2018, 3, 31))
    assert narrow == [d for d in wide if d >= date(2018, 1, 8)]


def test_last_and_next_meeting_of_a_four_weekly_body_are_four_weeks_apart() -> None:
    body = Body(key="oig", name="Operational Improvement Group", cadence="FREQ=WEEKLY;INTERVAL=4;BYDAY=WE")
    today = date(2018, 1, 15)
    last = last_meeting_before(body, today)
    coming = next_meeting(body, today)
    assert last is not None and coming is not None
    assert coming.day - last.day == timedelta(weeks=4)


# --- meetings in local time -------------------------------------------------------------------

def test_meetings_carry_body_key_local_time_and_day() -> None:
    [december] = meetings(CPOG, date(2017, 12, 1), date(2017, 12, 31))
    assert isinstance(december, Meeting)
    assert december.body == "cpog"
    assert december.starts == datetime(2017, 12, 20, 10, 0, tzinfo=LONDON)
    assert december.starts.tzinfo == LONDON
    assert december.day == date(2017, 12, 20)


def test_meeting_time_stays_ten_oclock_local_across_the_clocks_going_forward() -> None:
    weekly = Body(key="oig", name="OIG", cadence="FREQ=WEEKLY;BYDAY=WE", starts=date(2018, 3, 1))
    before, after = meetings(weekly, date(2018, 3, 21), date(2018, 3, 28))
    assert (before.day, after.day) == (date(2018, 3, 21), date(2018, 3, 28))
    assert before.starts.hour == after.starts.hour == 10
    assert before.starts.astimezone(UTC) == datetime(2018, 3, 21, 10, 0, tzinfo=UTC)  # GMT
    assert after.starts.astimezone(UTC) == datetime(2018, 3, 28, 9, 0, tzinfo=UTC)    # BST


def test_meeting_time_stays_local_across_the_clocks_going_back() -> None:
    weekly = Body(key="oig", name="OIG", cadence="FREQ=WEEKLY;BYDAY=WE", starts=date(2018, 10, 1),
                  time=time(14, 30))
    before, after = meetings(weekly, date(2018, 10, 24), date(2018, 10, 31))
    assert before.starts.astimezone(UTC) == datetime(2018, 10, 24, 13, 30, tzinfo=UTC)  # BST
    assert after.starts.astimezone(UTC) == datetime(2018, 10, 31, 14, 30, tzinfo=UTC)   # GMT


def test_meetings_in_another_timezone() -> None:
    [meeting] = meetings(CPOG, date(2018, 1, 1), date(2018, 1, 31), tz="America/New_York")
    assert meeting.starts.astimezone(UTC) == datetime(2018, 1, 17, 15, 0, tzinfo=UTC)


# --- paper deadlines --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("meeting_day", "deadline_days", "expected"),
    [
        # back from Wed 3 Jan 2018: 2 Jan, 29 Dec, 28 Dec, 27 Dec, 22 Dec (skipping 1 Jan, 26 and 25 Dec)
        (date(2018, 1, 3), 5, date(2017, 12, 22)),
        (date(2018, 1, 2), 5, date(2017, 12, 21)),
        (date(2018, 1, 2), 1, date(2017, 12, 29)),
        (date(2018, 4, 3), 2, date(2018, 3, 28)),    # over Easter Monday and Good Friday
        (date(2018, 1, 17), 5, date(2018, 1, 10)),   # an ordinary week
        (date(2018, 1, 17), 0, date(2018, 1, 17)),
    ],
)
def test_paper_deadline_is_working_days_before_the_meeting(meeting_day: date, deadline_days: int,
                                                          expected: date) -> None:
    [meeting] = meetings(dates_body(meeting_day, deadline_days=deadline_days), meeting_day, meeting_day)
    assert meeting.paper_deadline == expected


def test_cpog_december_papers_are_due_a_week_before() -> None:
    [december] = meetings(CPOG, date(2017, 12, 1), date(2017, 12, 31))
    assert december.paper_deadline == date(2017, 12, 13)


# --- last and next meeting --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2018, 1, 20), date(2018, 1, 17)),
        (date(2018, 1, 18), date(2018, 1, 17)),
        (date(2018, 1, 17), date(2017, 12, 20)),  # strictly before today
        (date(2017, 9, 20), None),                # the first meeting has not happened yet
    ],
)
def test_last_meeting_before(today: date, expected: date | None) -> None:
    meeting = last_meeting_before(CPOG, today)
    assert (meeting.day if meeting else None) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2018, 1, 17), date(2018, 1, 17)),   # on or after today
        (date(2018, 1, 18), date(2018, 2, 21)),
        (date(2017, 6, 1), date(2017, 9, 20)),    # before the cadence starts
    ],
)
def test_next_meeting(today: date, expected: date) -> None:
    meeting = next_meeting(CPOG, today)
    assert meeting is not None
    assert meeting.day == expected
    assert meeting.starts == datetime.combine(expected, time(10, 0), tzinfo=LONDON)


def test_no_next_meeting_after_a_bodys_last_date() -> None:
    body = dates_body(date(2017, 11, 8), date(2018, 1, 10))
    assert next_meeting(body, date(2018, 1, 11)) is None
    assert last_meeting_before(body, date(2018, 1, 11)).day == date(2018, 1, 10)
    assert last_meeting_before(body, date(2017, 11, 8)) is None


# --- validation -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3", "FREQ=WEEKLY;INTERVAL=4;BYDAY=TU", "FREQ=MONTHLY;BYDAY=2TH"],
)
def test_valid_cadences_are_accepted(rule: str) -> None:
    assert validate_cadence(rule).frequency == rule.split(";")[0].removeprefix("FREQ=")


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "monthly, third Wednesday", ""])
def test_invalid_cadences_raise_cadence_error(rule: str) -> None:
    with pytest.raises(CadenceError, match="is not an rrule"):
        validate_cadence(rule)


def test_cadence_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        validate_cadence("FREQ=SOMETIMES")
