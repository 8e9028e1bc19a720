"""Meetings of governance bodies, materialised from their cadence in local time.

A cadence is one iCalendar RRULE repeating daily or more slowly. Every expansion costs what the
window asked about costs, never the body's history nor how far the rule could run: the rule is
restarted in its period just before the window, and evaluated some 400-year cycles later, near the
end of the calendar, so that a rule with no meeting after the window stops within one cycle.

The calendar is the cadence and the plan's dates with the body's meeting log applied in the order it was written:
a meeting moved, cancelled or added, and whether a past one was held. The log costs its own length, once per body.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import MAXYEAR, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Callable, Iterator, TypeVar
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from governance.model import Body, MeetingChangeKind
from governance.workdays import DEFAULT_TZ, add_working_days

log = logging.getLogger("readiness.cadence")
Day = TypeVar("Day", bound=date)

CADENCE_EPOCH = date(2000, 1, 3)
"""Where a rule without a start date counts from, so "every 4 weeks" lands on the same days
whichever window is asked about; the template asks for `starts` with every cadence."""

FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
"""A body meets at most once a day; a finer rule made every view and tick cost minutes of CPU."""

REFUSED_PARTS = {
    "COUNT": "COUNT counts meetings from the start, so every view would replay the whole history; "
             "end the cadence with UNTIL instead",
    "BYHOUR": "the meeting's time goes in the time column, not in BYHOUR",
    "BYMINUTE": "the meeting's time goes in the time column, not in BYMINUTE",
    "BYSECOND": "the meeting's time goes in the time column, not in BYSECOND",
    "BYEASTER": "BYEASTER is not part of the iCalendar standard",
}

CYCLE_YEARS = 400
"""The calendar repeats exactly every 400 years (146,097 days, a whole number of weeks): a rule gives
the same days, weekdays and week numbers a cycle later."""

FIRST_MEETING_WITHIN_YEARS = 5
"""A cadence with no meeting this soon after it starts is a mistake (30 February, week 60)."""

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_PARTS = frozenset({"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY"})
_UNTIL_FORMATS = ("%Y%m%d", "%Y%m%dT%H%M%S")


class CadenceError(ValueError):
    """A cadence the bot will not expand, with the sentence that says why."""


@dataclass(frozen=True)
class Meeting:
    body: str
    starts: datetime
    paper_deadline: date
    scheduled: date | None = None
    """For a moved meeting, the day the cadence (or the plan's dates) gave it: what the calendar's UID keeps."""
    added: bool = False
    """Outside the cadence: added to the calendar by its chair or the programme office."""
    held: bool | None = None
    """True once its chair said it was held; None until anyone says (a meeting said not to have happened is not one)."""

    @property
    def day(self) -> date:
        return self.starts.date()


@dataclass(frozen=True)
class Cadence:
    """A checked rule with the parts that restarting it elsewhere needs."""

    rule: rrule
    first: datetime
    parts: frozenset[str]
    frequency: str
    interval: int
    week_start: int
    until: datetime | None


def parse_cadence(text: str, starts: date | None = None, at: time = time(10, 0)) -> Cadence:
    """The rule `text` starting on `starts` at `at`, or a CadenceError saying what to change."""
    first = datetime.combine(starts or CADENCE_EPOCH, at)
    try:
        rule = rrulestr(text, dtstart=first)
    except (ValueError, TypeError, OverflowError, LookupError) as exc:
        raise CadenceError(f"cadence {text!r} is not an rrule: {exc}") from None
    lines = text.strip().splitlines()
    if not isinstance(rule, rrule) or len(lines) != 1 or "DTSTART" in text.upper():
        raise CadenceError(f"cadence {text!r} must be one RRULE line; its first day goes in the starts column")
    parts = _parts(lines[0])
    frequency = parts.get("FREQ", "")
    if frequency not in FREQUENCIES:
        raise CadenceError(f"cadence {text!r} repeats {frequency.lower()}: a body meets at most daily "
                           "(use DAILY, WEEKLY, MONTHLY or YEARLY)")
    for part, reason in REFUSED_PARTS.items():
        if part in parts:
            raise CadenceError(f"cadence {text!r}: {reason}")
    interval = int(parts.get("INTERVAL", "1"))
    if interval < 1:
        raise CadenceError(f"cadence {text!r}: INTERVAL must be 1 or more")
    return Cadence(rule, first, frozenset(parts), frequency, interval,
                   _WEEKDAYS.index(parts.get("WKST", "MO")), _until(text, parts.get("UNTIL")))


def _parts(line: str) -> dict[str, str]:
    """The rule's NAME=VALUE parts. rrulestr has already refused any part it cannot read, so only a part given
    twice (which it would silently let the last one win) is left to refuse here."""
    body = line.strip().upper().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for name, value in (item.split("=", 1) for item in body.split(";")):
        if name in parts:
            raise CadenceError(f"cadence {line!r} gives {name} twice")
        parts[name] = value
    return parts


def _until(text: str, value: str | None) -> datetime | None:
    """UNTIL as RFC 5545 writes it; dateutil would also guess at text such as `1` (1 November this year)."""
    if value is None:
        return None
    for form in _UNTIL_FORMATS:
        try:
            return datetime.strptime(value, form)
        except ValueError:
            continue
    raise CadenceError(f"cadence {text!r}: UNTIL must be a date such as 20190131 or 20190131T235959")


def validate_cadence(text: str, starts: date | None = None, at: time = time(10, 0)) -> Cadence:
    """The rule, or a CadenceError when the bot will not expand it or it gives no meeting within a few years
    of its start (30 February, week 60): such a rule is a mistake, and would be an unbounded search."""
    cadence = parse_cadence(text, starts, at)
    begin = cadence.first.date()
    if next(_occurrences(cadence, begin, _days_after(begin, 366 * FIRST_MEETING_WITHIN_YEARS)), None) is None:
        raise CadenceError(f"cadence {text!r} gives no meeting in the {FIRST_MEETING_WITHIN_YEARS} years "
                           f"from {begin:%d %b %Y}")
    return cadence


def rule_days(cadence: Cadence, start: date, end: date) -> list[date]:
    """The rule's days from `start` to `end` inclusive, at a cost bounded by the window."""
    return list(_occurrences(cadence, start, end))


def _occurrences(cadence: Cadence, start: date, end: date) -> Iterator[date]:
    """The rule's days in the window, lazily: the rule restarted in its period holding the window's first
    day and moved whole 400-year cycles towards the year 9999, where dateutil stops even a rule with
    no further meeting within one cycle."""
    last = min(end, cadence.until.date()) if cadence.until else end
    begin = max(start, cadence.first.date())
    if last < begin:
        return
    until = datetime.combine(last, time.max)
    if cadence.until:
        until = min(until, cadence.until)
    later = CYCLE_YEARS * ((MAXYEAR - last.year) // CYCLE_YEARS)
    rule = cadence.rule.replace(dtstart=_years_later(_restart(cadence, begin), later),
                                until=_years_later(until, later), **_anchors(cadence))
    after = _years_later(datetime.combine(begin, time.min), later)
    yield from (_years_later(occurrence, -later).date() for occurrence in rule if occurrence >= after)


def _restart(cadence: Cadence, begin: date) -> datetime:
    """Where the rule can start instead of its first day without changing any day from `begin` on:
    the start of its period holding `begin`, stepped back to keep the rule's INTERVAL in step."""
    index, start_of = _periods(cadence.frequency, cadence.week_start)
    first = index(cadence.first.date())
    period = index(begin) - (index(begin) - first) % cadence.interval
    if period == first:
        return cadence.first
    return datetime.combine(start_of(period), cadence.first.time())


def _periods(frequency: str, week_start: int) -> tuple[Callable[[date], int], Callable[[int], date]]:
    """Numbers the rule's periods (days, weeks from `week_start`, months, years), and gives each one's first day."""
    if frequency == "DAILY":
        return date.toordinal, date.fromordinal
    if frequency == "WEEKLY":
        return (lambda d: (d.toordinal() - 1 - week_start) // 7), (lambda n: date.fromordinal(n * 7 + 1 + week_start))
    if frequency == "MONTHLY":
        return (lambda d: d.year * 12 + d.month - 1), (lambda n: date(n // 12, n % 12 + 1, 1))
    return (lambda d: d.year), (lambda n: date(n, 1, 1))


def _anchors(cadence: Cadence) -> dict[str, Any]:
    """The days a rule takes from its first day when it names none (RFC 5545 3.3.10), given explicitly
    so that restarting it on another day keeps them."""
    if cadence.parts & _DAY_PARTS:
        return {}
    first = cadence.first
    if cadence.frequency == "YEARLY":
        return {"bymonthday": first.day, **({} if "BYMONTH" in cadence.parts else {"bymonth": first.month})}
    if cadence.frequency == "MONTHLY":
        return {"bymonthday": first.day}
    if cadence.frequency == "WEEKLY":
        return {"byweekday": first.weekday()}
    return {}


def _days_after(day: date, days: int) -> date:
    """`days` after `day`, or the last day there is."""
    return day + timedelta(days=days) if day < date.max - timedelta(days=days) else date.max


def _years_later(moment: Day, years: int) -> Day:
    """`moment` whole 400-year cycles later (or earlier): always a real day, 29 February included."""
    return moment.replace(year=moment.year + years)


@lru_cache(maxsize=256)
def _stored_cadence(body: str, text: str, starts: date | None, at: time) -> Cadence | None:
    """A stored rule, or None with one warning when import would refuse it now (it was stored before
    such rules were refused): the body keeps only its explicit dates."""
    try:
        return validate_cadence(text, starts, at)
    except CadenceError as exc:
        log.warning("body %s: %s; its cadence gives no meetings until the plan is imported again", body, exc)
        return None


def _base_days(body: Body, start: date, end: date) -> list[date]:
    """The days the plan gives the body from `start` to `end` inclusive, before its meeting log: rule dates and
    explicit dates."""
    days = {d for d in body.dates if start <= d <= end}
    cadence = _stored_cadence(body.key, body.cadence, body.starts, body.time) if body.cadence else None
    if cadence:
        days.update(rule_days(cadence, start, end))
    return sorted(days)


@dataclass(frozen=True)
class _Slot:
    """A meeting on one day as the body's log leaves it."""

    at: time
    scheduled: date | None = None
    added: bool = False
    held: bool | None = None
    """False once said not held: kept, so that saying later it was held brings it back (the latest entry wins)."""
    cancelled: bool = False

    @property
    def happens(self) -> bool:
        """To happen or happened: neither cancelled nor said not to have taken place."""
        return not self.cancelled and self.held is not False


@lru_cache(maxsize=256)
def _log_applied(body: Body) -> dict[date, _Slot | None]:
    """The days the body's log touches, each with the meeting the log leaves there (None: none, as on the day a
    meeting moved away from); every other day keeps what the plan gives. Costs the log's length and a one-day
    expansion of the rule per day the log names, never the cadence's history; cached per body, whose log is part
    of it, and read only."""
    slots: dict[date, _Slot | None] = {}

    def on(day: date) -> _Slot | None:
        if day in slots:
            return slots[day]
        return _Slot(body.time) if _base_days(body, day, day) else None

    for change in body.changes:
        current = on(change.meeting)
        if change.kind is MeetingChangeKind.ADDED:
            slots[change.meeting] = _Slot(change.time or body.time, added=True)
        elif change.kind in (MeetingChangeKind.HELD, MeetingChangeKind.NOT_HELD):
            if current is not None and not current.cancelled:
                slots[change.meeting] = replace(current, held=change.kind is MeetingChangeKind.HELD)
        elif current is None or not current.happens:
            continue
        elif change.kind is MeetingChangeKind.CANCELLED:
            slots[change.meeting] = replace(current, cancelled=True)
        elif change.kind is MeetingChangeKind.MOVED and change.to is not None:
            scheduled = current.scheduled or change.meeting
            slots[change.meeting] = None
            slots[change.to] = _Slot(change.time or current.at, scheduled if scheduled != change.to else None,
                                     current.added)
    return slots


def _slots(body: Body, start: date, end: date) -> list[tuple[date, _Slot]]:
    """Every day from `start` to `end` inclusive holding a meeting of the body, or one cancelled or said not held,
    after its log."""
    touched = _log_applied(body) if body.changes else {}
    found = {day: _Slot(body.time) for day in _base_days(body, start, end) if day not in touched}
    found.update((day, slot) for day, slot in touched.items() if slot is not None and start <= day <= end)
    return sorted(found.items())


def _meeting(body: Body, day: date, slot: _Slot, zone: ZoneInfo) -> Meeting:
    return Meeting(body=body.key, starts=datetime.combine(day, slot.at, tzinfo=zone),
                   paper_deadline=add_working_days(day, -body.paper_deadline_days), scheduled=slot.scheduled,
                   added=slot.added, held=slot.held)


def meeting_days(body: Body, start: date, end: date) -> list[date]:
    """The body's meeting dates from `start` to `end` inclusive: rule dates and explicit dates with its meeting log
    applied (moves, cancellations, meetings added); a meeting said not to have taken place is left out."""
    return [day for day, slot in _slots(body, start, end) if slot.happens]


def meetings(body: Body, start: date, end: date, tz: str = DEFAULT_TZ) -> list[Meeting]:
    """Meetings as aware local times, so a meeting at 10:00 stays at 10:00 across DST changes: those to happen or
    that happened, after the body's log; cancelled ones and those said not held are left out."""
    zone = ZoneInfo(tz)
    return [_meeting(body, day, slot, zone) for day, slot in _slots(body, start, end) if slot.happens]


def called_off(body: Body, start: date, end: date, tz: str = DEFAULT_TZ) -> list[Meeting]:
    """The meetings from `start` to `end` that the log cancelled (`held` not False) or said did not take place
    (`held` False): what a calendar shows as cancelled, keeping each one's `scheduled` day."""
    zone = ZoneInfo(tz)
    return [_meeting(body, day, slot, zone) for day, slot in _slots(body, start, end) if not slot.happens]


def meeting_on(body: Body, day: date, tz: str = DEFAULT_TZ) -> Meeting | None:
    """The body's meeting on `day`; None when there is none, or it was cancelled or said not held
    (`called_off` lists those)."""
    found = meetings(body, day, day, tz)
    return found[0] if found else None


@lru_cache(maxsize=1024)
def last_meeting_before(body: Body, today: date, tz: str = DEFAULT_TZ) -> Meeting | None:
    """The body's most recent meeting strictly before `today` (within the past year); cached, as a
    roll-up asks it once per action and a plan has few bodies."""
    past = meetings(body, today - timedelta(days=366), today - timedelta(days=1), tz)
    return past[-1] if past else None


def coming_meetings(body: Body, now: datetime, tz: str = DEFAULT_TZ, within: timedelta = timedelta(days=366)
                    ) -> list[Meeting]:
    """The body's meetings that start after `now` (within `within`), soonest first: on a meeting's day, once it has
    begun, the next one is the one after it."""
    today = now.astimezone(ZoneInfo(tz)).date()
    return [m for m in meetings(body, today, today + within, tz) if m.starts > now]


@lru_cache(maxsize=1024)
def next_meeting(body: Body, today: date, tz: str = DEFAULT_TZ) -> Meeting | None:
    """The body's next meeting on or after `today` (within the coming year)."""
    coming = meetings(body, today, today + timedelta(days=366), tz)
    return coming[0] if coming else None
