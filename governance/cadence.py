"""Meetings of governance bodies, materialised from their cadence in local time."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from governance.model import Body
from governance.workdays import DEFAULT_TZ, add_working_days


CADENCE_EPOCH = date(2000, 1, 3)
"""Where a rule without a start date counts from, so "every 4 weeks" lands on the same days
whichever window is asked about; the template asks for `starts` with every cadence."""


class CadenceError(ValueError):
    """A cadence that python-dateutil cannot read as an rrule."""


@dataclass(frozen=True)
class Meeting:
    body: str
    starts: datetime
    paper_deadline: date

    @property
    def day(self) -> date:
        return self.starts.date()


def validate_cadence(rule: str) -> None:
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise CadenceError(f"cadence {rule!r} is not an rrule: {exc}") from None


def meeting_days(body: Body, start: date, end: date) -> list[date]:
    """The body's meeting dates from `start` to `end` inclusive: rule dates and explicit dates."""
    days = {d for d in body.dates if start <= d <= end}
    if body.cadence:
        rule = rrulestr(body.cadence, dtstart=datetime.combine(body.starts or CADENCE_EPOCH, body.time))
        days.update(
            occurrence.date()
            for occurrence in rule.between(
                datetime.combine(start, datetime.min.time()),
                datetime.combine(end, datetime.max.time()),
                inc=True,
            )
        )
    return sorted(days)


def meetings(body: Body, start: date, end: date, tz: str = DEFAULT_TZ) -> list[Meeting]:
    """Meetings as aware local times, so a meeting at 10:00 stays at 10:00 across DST changes."""
    zone = ZoneInfo(tz)
    return [
        Meeting(
            body=body.key,
            starts=datetime.combine(day, body.time, tzinfo=zone),
            paper_deadline=add_working_days(day, -body.paper_deadline_days),
        )
        for day in meeting_days(body, start, end)
    ]


@lru_cache(maxsize=1024)
def last_meeting_before(body: Body, today: date, tz: str = DEFAULT_TZ) -> Meeting | None:
    """The body's most recent meeting strictly before `today` (within the past year); cached, as a
    roll-up asks it once per action and a plan has few bodies."""
    past = meetings(body, today - timedelta(days=366), today - timedelta(days=1), tz)
    return past[-1] if past else None


@lru_cache(maxsize=1024)
def next_meeting(body: Body, today: date, tz: str = DEFAULT_TZ) -> Meeting | None:
    """The body's next meeting on or after `today` (within the coming year)."""
    coming = meetings(body, today, today + timedelta(days=366), tz)
    return coming[0] if coming else None
