"""Working days: statutory timescales and reminders skip weekends and England bank holidays."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

import holidays

from governance.errors import ReadinessError

DEFAULT_TZ = "Europe/London"


def programme_timezone(name: str) -> str:
    """`name` if it is an IANA timezone; checked once at start-up, since every local date and reminder
    time is reckoned in it and a bad name would otherwise fail deep inside whichever command ran first.
    Looked up in the list of zones rather than opened, as a folder (`Europe`) or a path opens as an error."""
    if name not in available_timezones():
        raise ReadinessError(f"READINESS_TZ {name!r} is not a timezone (use an IANA name such as {DEFAULT_TZ})")
    return name


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=8192)
def add_working_days(day: date, count: int) -> date:
    """The date `count` working days after (or, negative, before) `day`; cached, because every
    roll-up asks the same few questions of thousands of actions."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


@lru_cache(maxsize=65536)
def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.
    Counted by whole weeks, then bank holidays taken off, so a date years away costs no more; cached,
    as a roll-up asks it of every action against the same today."""
    if end < start:
        return -working_days_between(end, start)
    weeks, extra = divmod((end - start).days, 7)
    weekdays = weeks * 5 + sum(1 for n in range(1, extra + 1) if (start + timedelta(days=n)).weekday() < 5)
    holidays_on_weekdays = sum(1 for year in range(start.year, end.year + 1) for day in _bank_holidays(year)
                               if start < day <= end and day.weekday() < 5)
    return weekdays - holidays_on_weekdays


def local_date(instant: datetime, tz: str = DEFAULT_TZ) -> date:
    """The calendar date in the programme's timezone: 23:30 UTC in summer is already tomorrow."""
    return instant.astimezone(ZoneInfo(tz)).date()
