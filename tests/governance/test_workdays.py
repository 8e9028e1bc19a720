"""Working days in England: weekends and bank holidays (holidays, subdiv ENG) are not working days."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.workdays import (
    add_working_days,
    is_bank_holiday,
    is_working_day,
    local_date,
    next_working_day,
    working_days_between,
)

UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")

BANK_HOLIDAYS_2017_2018 = [
    date(2017, 1, 2),    # New Year's Day (substitute)
    date(2017, 4, 14),   # Good Friday
    date(2017, 4, 17),   # Easter Monday
    date(2017, 5, 1),    # Early May
    date(2017, 5, 29),   # Spring
    date(2017, 8, 28),   # Summer
    date(2017, 12, 25),  # Christmas Day
    date(2017, 12, 26),  # Boxing Day
    date(2018, 1, 1),
    date(2018, 3, 30),
    date(2018, 4, 2),
    date(2018, 5, 7),
    date(2018, 5, 28),
    date(2018, 8, 27),
    date(2018, 12, 25),
    date(2018, 12, 26),
]


@pytest.mark.parametrize("day", BANK_HOLIDAYS_2017_2018, ids=str)
def test_england_bank_holidays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5, "every bank holiday in the table falls on a weekday"
    assert is_bank_holiday(day)
    assert not is_working_day(day)


def test_the_table_is_every_weekday_bank_holiday_of_2017_and_2018() -> None:
    days = (date(2017, 1, 1) + timedelta(days=n) for n in range(730))
    non_working_weekdays = [d for d in days if d.weekday() < 5 and not is_working_day(d)]
    assert non_working_weekdays == BANK_HOLIDAYS_2017_2018


@pytest.mark.parametrize(
    "day",
    [
        date(2017, 12, 23),  # Saturday before Christmas
        date(2017, 12, 24),  # Sunday
        date(2018, 1, 6),    # Saturday
        date(2018, 1, 7),    # Sunday
        date(2018, 1, 20),   # Saturday
        date(2018, 3, 31),   # Easter Saturday
    ],
    ids=str,
)
def test_weekends_are_not_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert not is_bank_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2017, 12, 22),  # Friday before Christmas
        date(2017, 12, 27),  # Wednesday between Boxing Day and New Year
        date(2017, 12, 29),
        date(2018, 1, 2),    # first working day of 2018
        date(2018, 1, 17),
        date(2018, 3, 29),   # Maundy Thursday is a working day
        date(2018, 4, 3),    # Tuesday after Easter Monday
    ],
    ids=str,
)
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert not is_bank_holiday(day)
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2017, 12, 22), 0, date(2017, 12, 22)),
        (date(2017, 12, 22), 1, date(2017, 12, 27)),   # over the weekend, Christmas and Boxing Day
        (date(2017, 12, 22), 2, date(2017, 12, 28)),
        (date(2017, 12, 22), 3, date(2017, 12, 29)),
        (date(2017, 12, 22), 4, date(2018, 1, 2)),     # over New Year's Day
        (date(2017, 12, 22), 10, date(2018, 1, 10)),
        (date(2018, 3, 29), 1, date(2018, 4, 3)),      # over Easter
        (date(2017, 12, 23), 1, date(2017, 12, 27)),   # from a Saturday
    ],
)
def test_add_working_days_forwards(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # paper deadlines: N working days before a meeting
        (date(2018, 1, 2), -1, date(2017, 12, 29)),
        (date(2018, 1, 2), -4, date(2017, 12, 22)),
        (date(2018, 1, 2), -5, date(2017, 12, 21)),
        (date(2018, 1, 3), -5, date(2017, 12, 22)),
        (date(2017, 12, 27), -1, date(2017, 12, 22)),
        (date(2018, 4, 3), -1, date(2018, 3, 29)),
    ],
)
def test_add_working_days_backwards(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


def test_add_working_days_forward_then_back_returns_to_a_working_day() -> None:
    start = date(2017, 12, 20)
    for count in range(1, 15):
        there = add_working_days(start, count)
        assert is_working_day(there)
        assert add_working_days(there, -count) == start


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2018, 1, 6), date(2018, 1, 8)),      # Saturday -> Monday
        (date(2017, 12, 30), date(2018, 1, 2)),    # Saturday before New Year's Day -> Tuesday
        (date(2017, 12, 23), date(2017, 12, 27)),  # Saturday before Christmas -> Wednesday
        (date(2017, 12, 25), date(2017, 12, 27)),  # Christmas Day -> Wednesday
        (date(2018, 3, 30), date(2018, 4, 3)),     # Good Friday -> Tuesday after Easter Monday
        (date(2018, 5, 7), date(2018, 5, 8)),      # Early May bank holiday -> Tuesday
        (date(2018, 1, 17), date(2018, 1, 17)),    # a working day is its own next working day
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2017, 12, 22), date(2018, 1, 2), 4),     # 27, 28, 29 Dec and 2 Jan
        (date(2018, 1, 2), date(2017, 12, 22), -4),
        (date(2018, 1, 17), date(2018, 1, 17), 0),
        (date(2017, 12, 22), date(2017, 12, 26), 0),   # only the weekend and bank holidays in between
        (date(2018, 1, 5), date(2018, 1, 8), 1),       # Friday to Monday
        (date(2018, 1, 6), date(2018, 1, 7), 0),       # Saturday to Sunday
        (date(2018, 1, 1), date(2018, 1, 31), 22),     # January 2018
        (date(2018, 1, 31), date(2018, 1, 1), -22),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_between_agrees_with_add_working_days() -> None:
    start = date(2017, 12, 20)
    for count in range(-12, 13):
        assert working_days_between(start, add_working_days(start, count)) == count


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2018, 1, 20, 23, 30, tzinfo=UTC), date(2018, 1, 20)),    # GMT: still the same day
        (datetime(2018, 3, 25, 0, 30, tzinfo=UTC), date(2018, 3, 25)),     # before the clocks go forward
        (datetime(2018, 3, 25, 23, 30, tzinfo=UTC), date(2018, 3, 26)),    # BST: already tomorrow
        (datetime(2018, 10, 27, 23, 30, tzinfo=UTC), date(2018, 10, 28)),  # last night of BST
        (datetime(2018, 10, 28, 23, 30, tzinfo=UTC), date(2018, 10, 28)),  # back on GMT
        (datetime(2018, 1, 20, 12, 0, tzinfo=LONDON), date(2018, 1, 20)),
    ],
)
def test_local_date_in_london(instant: datetime, expected: date) -> None:
    assert local_date(instant) == expected


def test_local_date_in_another_timezone() -> None:
    instant = datetime(2018, 3, 25, 23, 30, tzinfo=UTC)
    assert local_date(instant, "UTC") == date(2018, 3, 25)
    assert local_date(instant, "Asia/Tokyo") == date(2018, 3, 26)
