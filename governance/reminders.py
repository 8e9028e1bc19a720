"""Which reminders fall on a working day, and why: the chasing a programme office does by hand.

The rules are planned for one day at a time from the plan as it stands now. Planning the same
day again later answers "is this reminder still owed?": an owner who has since updated, an
action that went Blue or a visit that was cancelled simply drops out, so the dispatcher sends
only what is still true when it sends.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from governance.brag import BragKey
from governance.cadence import Meeting, last_meeting_before, meetings
from governance.model import Action, Body, Theme, Update, Visit
from governance.workdays import DEFAULT_TZ, add_working_days, is_working_day, local_date, next_working_day

PMO_CHANNEL = "#pmo"
"""The recipient of digests: the programme office's channel, configured where the bot runs."""

DEADLINE_WORKING_DAYS = (5, 1)
PRE_VISIT_WORKING_DAYS = (15, 10, 5, 1)
COLLECT_BEFORE_PAPERS = 3
"""Owners are asked this many working days before a body's paper deadline, so papers can be written."""
ESCALATE_OVERDUE = 10
ESCALATE_TO_CHAIR_AFTER = 5
ANSWERED_WITHIN = 5
"""An update within this many working days answers a deadline or overdue reminder."""
FIRST_VISIT_LOOKBACK = timedelta(days=30)


class Kind(StrEnum):
    DEADLINE = "deadline"
    OVERDUE = "overdue"
    PRE_VISIT = "pre_visit"
    PRE_MEETING = "pre_meeting"
    ESCALATION = "escalation"
    PAPERS = "papers"
    VISIT_DIGEST = "visit_digest"
    WEEKLY_DIGEST = "weekly_digest"


OWNER_KINDS = (Kind.OVERDUE, Kind.DEADLINE, Kind.PRE_VISIT, Kind.PRE_MEETING)
"""Kinds that ask an owner for an update, most pressing first: one DM per action a day."""


@dataclass(frozen=True)
class Reminder:
    kind: Kind
    subject: str
    """An action ref, a body key, a visit's start date (ISO) or "plan", depending on the kind."""
    recipient: str
    """A person's e-mail, or PMO_CHANNEL."""
    day: date
    reason: str
    asks_update: bool = False
    """Whether the recipient may update the action, so the message carries the update prompt."""

    @property
    def key(self) -> str:
        """Unique per subject, kind, recipient and day: what makes a reminder impossible to send twice."""
        return f"{self.kind}:{self.subject}:{self.recipient}:{self.day.isoformat()}"


@dataclass(frozen=True)
class PlanSnapshot:
    """The plan as it stands, with every update recorded so far."""

    actions: Sequence[Action]
    histories: Mapping[str, Sequence[Update]]
    themes: Mapping[int, Theme]
    bodies: Mapping[str, Body]
    visits: Sequence[Visit]
    key: BragKey
    tz: str = DEFAULT_TZ

    def rating(self, ref: str) -> str | None:
        history = self.histories.get(ref)
        return history[-1].rating if history else None

    def is_open(self, action: Action) -> bool:
        return not self.key.is_complete(self.rating(action.ref))

    def updated_since(self, ref: str, since: datetime) -> bool:
        return any(update.at >= since for update in self.histories.get(ref, ()))

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(self.tz))


def reminders_on(day: date, plan: PlanSnapshot) -> list[Reminder]:
    """Everything the bot should send on `day`; nothing on weekends and bank holidays."""
    if not is_working_day(day):
        return []
    planned = [*_owner_reminders(day, plan), *_escalations(day, plan), *_papers(day, plan),
               *_visit_digests(day, plan), *_weekly_digest(day)]
    return list({reminder.key: reminder for reminder in reversed(planned)}.values())[::-1]


@dataclass(frozen=True)
class _Ask:
    """One reason to ask an owner about an action, and since when an update answers it."""

    kind: Kind
    since: datetime
    reason: str


def _owner_reminders(day: date, plan: PlanSnapshot) -> Iterator[Reminder]:
    collections = _collections(day, plan)
    visits = _visits_counting_down(day, plan)
    for action in plan.actions:
        if not plan.is_open(action):
            continue
        asks = [*_deadline_asks(day, action, plan), *_visit_asks(action, visits),
                *_meeting_asks(action, collections, plan)]
        owed = [ask for ask in asks if not plan.updated_since(action.ref, ask.since)]
        if owed:
            ask = min(owed, key=lambda a: OWNER_KINDS.index(a.kind))
            yield Reminder(ask.kind, action.ref, action.owner, day, ask.reason, asks_update=True)


def _deadline_asks(day: date, action: Action, plan: PlanSnapshot) -> Iterator[_Ask]:
    since = plan.midnight(add_working_days(day, -ANSWERED_WITHIN))
    for count in DEADLINE_WORKING_DAYS:
        if add_working_days(action.due, -count) == day:
            days = "1 working day" if count == 1 else f"{count} working days"
            yield _Ask(Kind.DEADLINE, since, f"{action.ref} is due in {days}, on {action.due:%a %d %b %Y}.")
    if _is_overdue_reminder_day(day, action.due):
        yield _Ask(Kind.OVERDUE, since, f"{action.ref} was due on {action.due:%a %d %b %Y} and is overdue: "
                                        "give a rating and a new forecast date, or close it.")


def _is_overdue_reminder_day(day: date, due: date) -> bool:
    """The working day after the due date, then weekly (moved past weekends and bank holidays)."""
    first = add_working_days(due, 1)
    if day < first:
        return False
    weeks = (day - first).days // 7
    return any(next_working_day(first + timedelta(weeks=n)) == day for n in (weeks - 1, weeks) if n >= 0)


@dataclass(frozen=True)
class _Collection:
    body: Body
    meeting: Meeting
    since: datetime


def _collections(day: date, plan: PlanSnapshot) -> dict[str, _Collection]:
    """Bodies whose owners are asked today for the coming meeting's papers."""
    found = {}
    for body in plan.bodies.values():
        for meeting in meetings(body, day, day + timedelta(days=60), plan.tz):
            if add_working_days(meeting.paper_deadline, -COLLECT_BEFORE_PAPERS) == day:
                found[body.key] = _Collection(body, meeting, _since_last_meeting(body, meeting, plan))
    return found


def _since_last_meeting(body: Body, meeting: Meeting, plan: PlanSnapshot) -> datetime:
    last = last_meeting_before(body, meeting.day, plan.tz)
    return last.starts if last else plan.midnight(meeting.day - FIRST_VISIT_LOOKBACK)


def _meeting_asks(action: Action, collections: Mapping[str, _Collection], plan: PlanSnapshot) -> Iterator[_Ask]:
    collection = collections.get(action.body or "")
    if collection:
        meeting = collection.meeting
        yield _Ask(Kind.PRE_MEETING, collection.since,
                   f"The {collection.body.name} meets on {meeting.starts:%a %d %b}; papers are due "
                   f"{meeting.paper_deadline:%a %d %b} and {action.ref} has no update since its last meeting.")


@dataclass(frozen=True)
class _Countdown:
    visit: Visit
    working_days: int
    since: datetime


def _visits_counting_down(day: date, plan: PlanSnapshot) -> list[_Countdown]:
    """Visits 15, 10, 5 or 1 working days away, each with the end of the visit before it."""
    visits = sorted((v for v in plan.visits if not v.cancelled), key=lambda v: v.start)
    found = []
    for index, visit in enumerate(visits):
        for count in PRE_VISIT_WORKING_DAYS:
            if add_working_days(visit.start, -count) == day:
                since = (plan.midnight(visits[index - 1].end + timedelta(days=1)) if index
                         else plan.midnight(day) - FIRST_VISIT_LOOKBACK)
                found.append(_Countdown(visit, count, since))
    return found


def _visit_asks(action: Action, countdowns: Sequence[_Countdown]) -> Iterator[_Ask]:
    for countdown in countdowns:
        areas = [area.name for area in countdown.visit.focus_areas if action.theme in area.themes]
        if areas:
            yield _Ask(Kind.PRE_VISIT, countdown.since,
                       f"{countdown.visit.title} starts {countdown.visit.start:%a %d %b} "
                       f"({_working_days(countdown.working_days)} away) and looks at {'; '.join(areas)}: "
                       f"{action.ref} has no update since the last visit.")


def _working_days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def _escalations(day: date, plan: PlanSnapshot) -> Iterator[Reminder]:
    """Overdue 10 working days, or Red twice: the theme lead first, the overseeing body's chair later."""
    for action in plan.actions:
        if not plan.is_open(action):
            continue
        starts = []
        if add_working_days(action.due, ESCALATE_OVERDUE) <= day:
            starts.append((add_working_days(action.due, ESCALATE_OVERDUE),
                           f"{action.ref} has been overdue since {action.due:%d %b %Y} "
                           f"({ESCALATE_OVERDUE} working days or more)."))
        red_since = _red_twice_since(action, plan)
        if red_since:
            starts.append((add_working_days(red_since, 1), f"{action.ref} has been Red in two updates running."))
        for start, why in starts:
            recipient = _escalation_recipient(day, start, action, plan)
            if recipient:
                yield Reminder(Kind.ESCALATION, action.ref, recipient, day,
                               f"Escalation: {why} Owner: {action.owner}.",
                               asks_update=recipient == _lead(action, plan))


def _red_twice_since(action: Action, plan: PlanSnapshot) -> date | None:
    """The day of the second Red in the run of Reds the history ends with."""
    run = []
    for update in reversed(plan.histories.get(action.ref, ())):
        if not plan.key.is_off_track(update.rating):
            break
        run.append(update)
    return local_date(run[-2].at, plan.tz) if len(run) >= 2 else None


def _lead(action: Action, plan: PlanSnapshot) -> str | None:
    theme = plan.themes.get(action.theme)
    lead = theme.lead if theme else None
    return lead if lead != action.owner else None


def _escalation_recipient(day: date, start: date, action: Action, plan: PlanSnapshot) -> str | None:
    """The lead on the first day, the chair some working days later; the chair at once when no one else leads."""
    body = plan.bodies.get(action.body or "")
    chair = body.chair if body and body.chair != action.owner else None
    lead = _lead(action, plan)
    if day == start:
        return lead or chair
    if day == add_working_days(start, ESCALATE_TO_CHAIR_AFTER) and lead and chair != lead:
        return chair
    return None


def _papers(day: date, plan: PlanSnapshot) -> Iterator[Reminder]:
    """On a paper deadline the chair hears who has and has not answered since the last meeting."""
    for body in plan.bodies.values():
        if not body.chair:
            continue
        for meeting in meetings(body, day, day + timedelta(days=60), plan.tz):
            if meeting.paper_deadline != day:
                continue
            since = _since_last_meeting(body, meeting, plan)
            overseen = [a for a in plan.actions if a.body == body.key and plan.is_open(a)]
            waiting = [a.ref for a in overseen if not plan.updated_since(a.ref, since)]
            yield Reminder(Kind.PAPERS, body.key, body.chair, day,
                           f"Papers for the {body.name} on {meeting.starts:%a %d %b} are due today: "
                           f"{len(overseen) - len(waiting)} of {len(overseen)} open actions updated since "
                           f"the last meeting" + (f"; waiting on {', '.join(waiting)}." if waiting else "."))


def _visit_digests(day: date, plan: PlanSnapshot) -> Iterator[Reminder]:
    for countdown in _visits_counting_down(day, plan):
        visit = countdown.visit
        yield Reminder(Kind.VISIT_DIGEST, visit.start.isoformat(), PMO_CHANNEL, day,
                       f"{visit.title} starts {visit.start:%a %d %b %Y}: "
                       f"{_working_days(countdown.working_days)} to go.")


def _weekly_digest(day: date) -> Iterator[Reminder]:
    """On the first working day of each week."""
    monday = day - timedelta(days=day.weekday())
    if next_working_day(monday) == day:
        yield Reminder(Kind.WEEKLY_DIGEST, "plan", PMO_CHANNEL, day, f"Readiness for the week of {monday:%d %b %Y}.")


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    OBSOLETE = "obsolete"
    """Its reason went before it was sent: the owner updated, the action went Blue, the visit was cancelled."""
    SKIPPED = "skipped"
    """It fell due while the bot was down, longer ago than the lateness window allows."""
    FAILED = "failed"


@dataclass(frozen=True)
class OutboxItem:
    """A reminder as the store holds it on its way out."""

    id: int
    reminder: Reminder
    due_at: datetime
    status: Status
    attempts: int = 0
    attempted_at: datetime | None = None
    """Set while a send is under way; still set after a crash, the send is in doubt until checked."""
    sent_at: datetime | None = None
    error: str = ""
    channel: str | None = None
    ts: str | None = None
