"""The governance calendar: board meetings, their paper deadlines and Ofsted monitoring visits.

The PMO shares it as an iCalendar file so chairs, theme leads and owners see the same dates
the bot reminds them about, in whatever calendar app they already use.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import STATUS, TRANSP, Calendar, Event

from governance.cadence import Meeting, called_off, meetings
from governance.model import ILLUSTRATIVE_KEY, Body, FocusArea, Provenance, Visit
from governance.ports import UnitOfWork
from governance.workdays import DEFAULT_TZ, add_working_days

MEETING = "meeting"
PAPERS = "paper deadline"
VISIT = "visit"

MEETING_LENGTH = timedelta(hours=1)
"""Bodies record when they start, not how long they sit; an hour blocks the slot without guessing."""

UID_DOMAIN = "readiness"
UID_PREFIX = {MEETING: "meeting", PAPERS: "papers", VISIT: "visit"}
PRODID = "-//Readiness bot//Governance calendar//EN"


@dataclass(frozen=True)
class CalendarEntry:
    """One line of the calendar; `starts` is None for all-day entries, `end_day` is inclusive."""

    kind: str
    title: str
    day: date
    starts: datetime | None
    end_day: date
    body: str | None
    detail: str
    cancelled: bool = False
    meeting_day: date | None = None
    """For a meeting or its paper deadline, the day the meeting was first given (before any move): the UID keeps
    it, so a subscribed calendar moves the event when the meeting moves, and a deadline survives a change of rule."""
    provenance: Provenance = Provenance()
    """Of the body's cadence or the visit: an illustrative date is shown with the mark."""
    added: bool = False
    """For a meeting added outside the cadence, and its paper deadline: kept apart in the UID, so it never takes
    the identity of a meeting that moved away from its day."""

    @property
    def uid(self) -> str:
        """Stable across exports, so a re-imported or subscribed calendar updates events in place."""
        parts = [UID_PREFIX[self.kind], self.body, f"{self.meeting_day or self.day:%Y%m%d}",
                 "added" if self.added else ""]
        return "-".join(p for p in parts if p) + f"@{UID_DOMAIN}"


def calendar_entries(bodies: Iterable[Body], visits: Iterable[Visit], *, start: date, end: date,
                     tz: str = DEFAULT_TZ, chairs: Mapping[str, str] | None = None) -> list[CalendarEntry]:
    """Meetings starting, paper deadlines falling, and visits overlapping [start, end].

    A deadline inside the window counts even when its meeting falls after it: that is when the
    authors have to act. A meeting cancelled, or said not to have taken place, is listed as cancelled
    without its deadline. `chairs` maps a chair's e-mail to the name people know them by.
    """
    entries: list[CalendarEntry] = []
    for body in bodies:
        entries += _body_entries(body, start, end, tz, chairs or {})
    entries += [_visit_entry(v) for v in visits if v.start <= end and v.end >= start]
    return sorted(entries, key=_chronological)


def _body_entries(body: Body, start: date, end: date, tz: str, chairs: Mapping[str, str]) -> list[CalendarEntry]:
    # The last meeting whose papers can fall due by `end` is this many working days after it.
    horizon = add_working_days(end, max(body.paper_deadline_days, 0))
    entries = []
    for meeting in meetings(body, start, horizon, tz):
        if meeting.day <= end:
            entries.append(_meeting_entry(body, meeting, chairs))
        if start <= meeting.paper_deadline <= end:
            entries.append(_papers_entry(body, meeting))
    entries += [_meeting_entry(body, meeting, chairs, off=True) for meeting in called_off(body, start, end, tz)]
    return entries


def _meeting_entry(body: Body, meeting: Meeting, chairs: Mapping[str, str], *, off: bool = False) -> CalendarEntry:
    chair = f"Chair: {chairs.get(body.chair, body.chair)}" if body.chair else ""
    detail = "; ".join(part for part in (*_changed(meeting, off), chair) if part)
    return CalendarEntry(MEETING, body.name, meeting.day, meeting.starts, meeting.day, body.key, detail, cancelled=off,
                         meeting_day=meeting.scheduled or meeting.day, provenance=_provenance(body, meeting),
                         added=meeting.added)


def _changed(meeting: Meeting, off: bool) -> list[str]:
    """What the meeting log did to the meeting, in words: `cancelled`, `moved from Thu 11 Jan`, `added`."""
    said = []
    if off:
        said.append("did not take place" if meeting.held is False else "cancelled")
    if meeting.scheduled:
        said.append(f"moved from {meeting.scheduled:%a} {meeting.scheduled.day} {meeting.scheduled:%b}")
    if meeting.added:
        said.append("added")
    return said


def _provenance(body: Body, meeting: Meeting) -> Provenance:
    """The cadence's, unless the meeting's day was set by its chair or the programme office (moved or added)."""
    return Provenance() if meeting.scheduled or meeting.added else body.provenance


def _papers_entry(body: Body, meeting: Meeting) -> CalendarEntry:
    return CalendarEntry(PAPERS, f"Papers due: {body.name}", meeting.paper_deadline, None, meeting.paper_deadline,
                         body.key, f"for the meeting on {meeting.day:%a %d %b %Y}",
                         meeting_day=meeting.scheduled or meeting.day, provenance=_provenance(body, meeting),
                         added=meeting.added)


def _visit_entry(visit: Visit) -> CalendarEntry:
    detail = "; ".join(_focus(area) for area in visit.focus_areas)
    return CalendarEntry(VISIT, visit.title, visit.start, None, visit.end, None, detail, cancelled=visit.cancelled,
                         provenance=visit.provenance)


def _focus(area: FocusArea) -> str:
    if not area.themes:
        return area.name
    label = "theme" if len(area.themes) == 1 else "themes"
    return f"{area.name} ({label} {', '.join(str(n) for n in area.themes)})"


def _chronological(entry: CalendarEntry) -> tuple[date, bool, time, str, str]:
    """All-day entries head their day, as calendar apps show them; ties break by kind and title for stable output."""
    clock = entry.starts.timetz().replace(tzinfo=None) if entry.starts else time.min
    return entry.day, entry.starts is not None, clock, entry.kind, entry.title


def to_ical(entries: Sequence[CalendarEntry], *, calendar_name: str, stamp: datetime, tz: str = DEFAULT_TZ) -> bytes:
    """An RFC 5545 file that imports into any calendar app, byte-identical for the same input.

    Meetings carry the programme's timezone (with its VTIMEZONE) so they stay at 10:00 local
    across a DST change; deadlines and visits are all-day, as the papers give only dates.
    """
    calendar = Calendar.new(
        name=calendar_name,
        prodid=PRODID,
        # icalendar otherwise gives every export a fresh random UID.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{UID_DOMAIN}:{calendar_name}"),
    )
    zone = ZoneInfo(tz)
    for entry in entries:
        calendar.add_component(_event(entry, stamp.astimezone(UTC), zone))
    if entries:
        # Only the span the entries cover: a 1970-2038 VTIMEZONE is mostly noise.
        calendar.add_missing_timezones(
            first_date=min(e.day for e in entries),
            last_date=max(e.end_day for e in entries) + timedelta(days=1),
        )
    return calendar.to_ical()


def _event(entry: CalendarEntry, stamp: datetime, zone: ZoneInfo) -> Event:
    if entry.starts:
        starts: date | datetime = entry.starts.astimezone(zone)
        ends: date | datetime = starts + MEETING_LENGTH
    else:
        # All-day DTEND is exclusive: a visit on 30-31 Jan ends on 1 Feb.
        starts, ends = entry.day, entry.end_day + timedelta(days=1)
    return Event.new(
        uid=entry.uid,
        stamp=stamp,
        summary=entry.title + entry.provenance.mark,
        description="\n".join(part for part in (entry.detail, ILLUSTRATIVE_KEY if entry.provenance.illustrative else "")
                               if part) or None,
        start=starts,
        end=ends,
        categories=[entry.kind],
        status=STATUS.CANCELLED if entry.cancelled else None,
        # A deadline is a date to hit, not time spent: it should not mark the day busy.
        transparency=TRANSP.TRANSPARENT if entry.kind == PAPERS else None,
    )


def coming(*, uow: UnitOfWork, start: date, days: int, tz: str = DEFAULT_TZ) -> list[CalendarEntry]:
    """The plan's calendar for the next `days` days from `start`, chairs named as the plan knows them."""
    with uow:
        chairs = {person.email: person.name for person in uow.plan.people()}
        return calendar_entries(uow.plan.bodies(), uow.plan.visits(), start=start, end=start + timedelta(days=days),
                                tz=tz, chairs=chairs)
