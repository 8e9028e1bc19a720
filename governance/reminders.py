"""Who is asked what on a working day, and why: the chasing a programme office does by hand.

Each person gets at most one check-in a day: every action that needs them (a deadline, an
overdue action, a visit or a board's papers coming up, an escalation to them as theme lead or
chair, an action still without a date), most pressing first, each with its reason, as a data
owner the monthly figures due from them (governance/collection.py says when), and as a chair (or the
programme office, for a body without one) whether a meeting just past was held. Only the PMO
channel's digests are separate, and the news of an action arising, told to its owner at once.

The rules are planned for one day at a time from the plan as it stands now. Planning the same
day again later answers "what is still owed?": an owner who has since updated, an action that
went Blue, a visit that was cancelled or a check-in that was snoozed simply drops out, so the
dispatcher decides what a check-in shows when it sends it, and sends nothing once nothing is owed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from governance.brag import BragKey
from governance.cadence import Meeting, last_meeting_before, meetings
from governance.collection import bodies_needing, chase, collected, collection_date, has_figure, owed_month
from governance.model import Action, Body, Indicator, Person, Theme, Update, Visit
from governance.readiness import ESCALATE_OVERDUE, current_rating, due_order, rated
from governance.workdays import DEFAULT_TZ, add_working_days, is_working_day, local_date, next_working_day

PMO_CHANNEL = "#pmo"
"""The recipient of digests: the programme office's channel, configured where the bot runs."""

DEADLINE_WORKING_DAYS = (5, 1)
PRE_VISIT_WORKING_DAYS = (15, 10, 5, 1)
COLLECT_BEFORE_PAPERS = 3
"""Owners are asked, and missing figures chased, this many working days before a body's paper deadline, so papers
can be written."""
ESCALATE_TO_CHAIR_AFTER = 5
ANSWERED_WITHIN = 5
"""An update within this many working days answers a deadline or overdue reminder."""
FIRST_VISIT_LOOKBACK = timedelta(days=30)
CHECK_IN_SHOWS = 8
"""Actions a check-in shows with their buttons; the rest are named in one line. Two blocks each, so a
check-in stays near 25 of Slack's 50 blocks, and a person can still see it all without scrolling far."""
WAITING_NAMED = 10
"""Refs (or missing figures) a papers summary names before it says how many more."""
SAID_SHOWN = 80
"""Characters of a data owner's "not available" reason repeated when their figure is asked for again."""


class Kind(StrEnum):
    """What an outbox row sends; each kind has one view (governance/messages.py), checked when it is imported."""

    CHECK_IN = "check_in"
    VISIT_DIGEST = "visit_digest"
    WEEKLY_DIGEST = "weekly_digest"
    NOTICE = "notice"
    NEW_ACTION = "new_action"
    """An action arising told to its owner at once, with its update buttons; its subject is the action's ref."""


class Reason(StrEnum):
    """Why a check-in asks about an action: a line inside a check-in, never a message of its own."""

    DEADLINE = "deadline"
    OVERDUE = "overdue"
    PRE_VISIT = "pre_visit"
    PRE_MEETING = "pre_meeting"
    ESCALATION = "escalation"
    NO_DATE = "no_date"
    """The plan gives the action no date yet ("TBC", "Ongoing"): its owner is asked for one each month."""


PRESSING = (Reason.OVERDUE, Reason.ESCALATION, Reason.DEADLINE, Reason.PRE_VISIT, Reason.PRE_MEETING, Reason.NO_DATE)
"""Why a check-in asks about an action, most pressing first: the order its actions are shown in."""


class PauseKind(StrEnum):
    SNOOZE = "snooze"
    LEAVE = "leave"
    NOT_MINE = "not_mine"
    """One action its owner says is not theirs: they are not asked about it while the PMO finds its owner."""


@dataclass(frozen=True)
class Pause:
    """Days from `starts` up to the day before `until` on which a person's check-ins are held back:
    all of them (snooze, leave), or only about the action `ref` (not mine)."""

    person: str
    kind: PauseKind
    starts: date
    until: date
    ref: str | None = None
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.starts <= day < self.until


@dataclass(frozen=True)
class Reminder:
    """An outbox row: a person's check-in for a day, a digest for the PMO channel, or a notice."""

    kind: Kind
    subject: str
    """Empty for a check-in (its content is decided when sent); a visit's start date (ISO) or "plan"
    for a digest; what a notice is about (e.g. `leave-12`)."""
    recipient: str
    """A person's e-mail, or PMO_CHANNEL."""
    day: date
    reason: str
    asks_update: bool = False
    """Whether the message asks for an answer with buttons: an action the recipient may rate, or a figure."""

    @property
    def key(self) -> str:
        """What makes a message impossible to send twice: one check-in per person a day, and each digest
        or notice by kind, subject, recipient and day."""
        if self.kind is Kind.CHECK_IN:
            return f"{self.kind}:{self.recipient}:{self.day.isoformat()}"
        return f"{self.kind}:{self.subject}:{self.recipient}:{self.day.isoformat()}"


@dataclass(frozen=True)
class Ask:
    """One action a check-in asks about: its most pressing reason's kind, and every reason, most pressing first."""

    kind: Reason
    ref: str
    reason: str
    due: date | None
    may_rate: bool
    """The owner or the theme lead: shown with rating buttons. A chair sees the action's status only."""
    owns: bool
    """The recipient owns the action, so may say it is not theirs."""


@dataclass(frozen=True)
class FigureAsk:
    """One monthly figure a check-in asks its data owner for: due today, or chased once before a body's papers."""

    indicator: Indicator
    month: date
    """The month the figure is for (its first day)."""
    reason: str
    chased: bool


@dataclass(frozen=True)
class HeldAsk:
    """A meeting whose time has passed, asked about once: was it held? Asked of its body's chair, or of the programme
    office when the body has no chair."""

    body: Body
    meeting: Meeting


@dataclass(frozen=True)
class CheckIn:
    """Everything one person is asked on one working day, in one message."""

    person: str
    day: date
    asks: tuple[Ask, ...]
    summaries: tuple[str, ...] = ()
    """Lines for the person as a chair: who has answered before their board's papers are due today."""
    figures: tuple[FigureAsk, ...] = ()
    """The figures asked of the person as a data owner: those due today, then those chased, each by name."""
    meetings: tuple[HeldAsk, ...] = ()
    """Meetings of bodies the person chairs (or, as the programme office, of bodies without a chair) whose time has
    passed: was each held?"""
    papers: tuple[str, ...] = ()
    """Keys of the bodies whose papers `summaries` says are due today, in the same order: each may be asked for its
    readiness paper (the agenda) from the check-in."""

    @property
    def shown(self) -> tuple[Ask, ...]:
        return self.asks[:CHECK_IN_SHOWS]

    @property
    def more(self) -> tuple[Ask, ...]:
        return self.asks[CHECK_IN_SHOWS:]

    @property
    def thread_refs(self) -> tuple[str, ...]:
        """The actions shown with buttons: a reply in the check-in's thread is about one of these."""
        return tuple(ask.ref for ask in self.shown if ask.may_rate)

    @property
    def asks_update(self) -> bool:
        return any(ask.may_rate for ask in self.asks) or bool(self.figures) or bool(self.meetings)

    def outline(self) -> str:
        """One line for the outbox listing: what was owed when the check-in was planned."""
        parts = []
        if self.asks:
            more = f" and {len(self.more)} more" if self.more else ""
            parts.append(f"{len(self.asks)} action{'s' if len(self.asks) != 1 else ''}: "
                         f"{', '.join(ask.ref for ask in self.shown)}{more}")
        if self.summaries:
            parts.append(f"{len(self.summaries)} papers summar{'ies' if len(self.summaries) != 1 else 'y'}")
        if self.figures:
            parts.append(f"{len(self.figures)} figure{'s' if len(self.figures) != 1 else ''}: "
                         f"{', '.join(figure.indicator.key for figure in self.figures)}")
        if self.meetings:
            held = (f"{short_name(ask.body)} {_day_month(ask.meeting.day)}" for ask in self.meetings)
            parts.append(f"held? {', '.join(held)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class PlanSnapshot:
    """The plan as it stands, with every update and figure recorded so far: the whole plan, or the part that
    concerns one person (their actions, their themes as lead, their bodies as chair, the actions that say which
    bodies read the figures they give)."""

    actions: Sequence[Action]
    histories: Mapping[str, Sequence[Update]]
    themes: Mapping[int, Theme]
    bodies: Mapping[str, Body]
    visits: Sequence[Visit]
    key: BragKey
    tz: str = DEFAULT_TZ
    pauses: Sequence[Pause] = ()
    people: Mapping[str, Person] = field(default_factory=dict)
    indicators: Sequence[Indicator] = ()

    def rating(self, ref: str) -> str | None:
        """The latest rating given; a comment without one leaves it as it was."""
        return current_rating(self.histories.get(ref, ()))

    def forecast(self, ref: str) -> date | None:
        """The forecast date the latest update gives, if any."""
        history = self.histories.get(ref)
        return history[-1].forecast if history else None

    def is_open(self, action: Action) -> bool:
        """Still to be done: neither complete nor withdrawn, so some rule may ask about or escalate it."""
        return action.withdrawn is None and not self.key.is_complete(self.rating(action.ref))

    def updated_since(self, ref: str, since: datetime) -> bool:
        return any(update.at >= since for update in self.histories.get(ref, ()))

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(self.tz))

    def name(self, email: str) -> str:
        person = self.people.get(email)
        return person.name if person else email

    def paused(self, person: str, day: date) -> bool:
        return any(p.person == person and p.kind is not PauseKind.NOT_MINE and p.covers(day) for p in self.pauses)

    def disowned(self, person: str, ref: str, day: date) -> bool:
        return any(p.person == person and p.kind is PauseKind.NOT_MINE and p.ref == ref and p.covers(day)
                   for p in self.pauses)


def reminders_on(day: date, plan: PlanSnapshot) -> list[Reminder]:
    """The outbox rows of `day`: one check-in per person owed one, and the PMO channel's digests;
    nothing on weekends and bank holidays."""
    if not is_working_day(day):
        return []
    check_ins = [Reminder(Kind.CHECK_IN, "", c.person, day, c.outline(), c.asks_update)
                 for c in check_ins_on(day, plan).values()]
    return [*check_ins, *digests_on(day, plan)]


def check_ins_on(day: date, plan: PlanSnapshot, *, person: str | None = None) -> dict[str, CheckIn]:
    """Each person's check-in on `day` (only `person`'s when given), for those owed one and not paused."""
    if not is_working_day(day):
        return {}
    asks: dict[str, dict[str, list[_Reason]]] = {}
    for reason in [*_owner_reasons(day, plan, person), *_escalations(day, plan, person)]:
        asks.setdefault(reason.recipient, {}).setdefault(reason.action.ref, []).append(reason)
    summaries: dict[str, list[tuple[str, str]]] = {}
    for chair, body, line in _papers(day, plan, person):
        summaries.setdefault(chair, []).append((body, line))
    figures: dict[str, list[FigureAsk]] = {}
    for owner, figure in _figure_asks(day, plan, person):
        figures.setdefault(owner, []).append(figure)
    held: dict[str, list[HeldAsk]] = {}
    for recipient, ask in _held_asks(day, plan, person):
        held.setdefault(recipient, []).append(ask)
    found = {}
    for recipient in sorted(asks.keys() | summaries.keys() | figures.keys() | held.keys()):
        if plan.paused(recipient, day):
            continue
        ordered = sorted((_ask(reasons) for reasons in asks.get(recipient, {}).values()),
                         key=lambda a: (PRESSING.index(a.kind), due_order(a.due), a.ref))
        owed = sorted(figures.get(recipient, ()), key=lambda f: (f.chased, f.indicator.name))
        papers = summaries.get(recipient, [])
        found[recipient] = CheckIn(recipient, day, tuple(ordered), tuple(line for _, line in papers), tuple(owed),
                                   tuple(held.get(recipient, ())), tuple(body for body, _ in papers))
    return found


def check_in_for(person: str, day: date, plan: PlanSnapshot) -> CheckIn | None:
    """What `person` is owed on `day`, planned with everything known now; None when nothing is."""
    return check_ins_on(day, plan, person=person).get(person)


def is_owed(reminder: Reminder, plan: PlanSnapshot) -> bool:
    """Whether a reminder still holds: a digest of a visit since cancelled does not, nor the news of an action
    arising once it is withdrawn or given to someone else. `plan` holds at least the recipient's part."""
    if reminder.kind is Kind.NOTICE:
        return True
    if reminder.kind is Kind.NEW_ACTION:
        return any(action.ref == reminder.subject and action.owner == reminder.recipient and action.withdrawn is None
                   for action in plan.actions)
    if reminder.kind is Kind.CHECK_IN:
        return check_in_for(reminder.recipient, reminder.day, plan) is not None
    return reminder.key in {digest.key for digest in digests_on(reminder.day, plan)}


@dataclass(frozen=True)
class _Reason:
    """One reason to ask one person about one action."""

    recipient: str
    kind: Reason
    action: Action
    text: str
    may_rate: bool


def _ask(reasons: Sequence[_Reason]) -> Ask:
    ordered = sorted(reasons, key=lambda r: PRESSING.index(r.kind))
    texts = list(dict.fromkeys(r.text for r in ordered))
    first = ordered[0]
    return Ask(first.kind, first.action.ref, "; ".join(texts), first.action.due, any(r.may_rate for r in ordered),
               first.action.owner == first.recipient)


@dataclass(frozen=True)
class _OwnerAsk:
    """One reason to ask an owner about an action, and since when an update answers it; None when only what
    the rule itself looks for answers it (a date for an action without one)."""

    kind: Reason
    since: datetime | None
    text: str


def _owner_reasons(day: date, plan: PlanSnapshot, person: str | None) -> Iterator[_Reason]:
    collections = _collections(day, plan)
    visits = _visits_counting_down(day, plan)
    for action in plan.actions:
        if (person is not None and action.owner != person) or not plan.is_open(action):
            continue
        if plan.disowned(action.owner, action.ref, day):
            continue
        asks = [*_deadline_asks(day, action, plan), *_no_date_asks(day, action, plan), *_visit_asks(action, visits),
                *_meeting_asks(action, collections)]
        for ask in asks:
            if ask.since is None or not plan.updated_since(action.ref, ask.since):
                yield _Reason(action.owner, ask.kind, action, ask.text, may_rate=True)


def _deadline_asks(day: date, action: Action, plan: PlanSnapshot) -> Iterator[_OwnerAsk]:
    if action.due is None:
        return
    since = plan.midnight(add_working_days(day, -ANSWERED_WITHIN))
    for count in DEADLINE_WORKING_DAYS:
        if add_working_days(action.due, -count) == day:
            yield _OwnerAsk(Reason.DEADLINE, since, f"due in {_working_days(count)}")
    if _is_overdue_reminder_day(day, action.due):
        yield _OwnerAsk(Reason.OVERDUE, since, f"overdue since {_short_date(action.due, day)}")


def _no_date_asks(day: date, action: Action, plan: PlanSnapshot) -> Iterator[_OwnerAsk]:
    """On the first working day of each month, an action with no date yet, until its owner forecasts one: any
    other update leaves the question open."""
    if action.due is None and day == next_working_day(day.replace(day=1)) and plan.forecast(action.ref) is None:
        yield _OwnerAsk(Reason.NO_DATE, None, "has no due date yet: when will it be done?")


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


def _meeting_asks(action: Action, collections: Mapping[str, _Collection]) -> Iterator[_OwnerAsk]:
    collection = collections.get(action.body or "")
    if collection:
        yield _OwnerAsk(Reason.PRE_MEETING, collection.since,
                        f"before {short_name(collection.body)}'s papers on {_day_month(collection.meeting.paper_deadline)}")


def short_name(body: Body) -> str:
    """What people call a body in a sentence: `CELS Committee` for one whose name gives its initials in
    brackets, `CPOG` for the Corporate Parenting Officers Group, the name itself when it is short."""
    name = body.name
    if "(" in name and ")" in name:
        inside = name[name.index("(") + 1:name.index(")")].strip()
        after = name[name.index(")") + 1:].strip()
        return " ".join(part for part in (inside, after) if part)
    words = [w for w in name.split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 3 else name


def _held_asks(day: date, plan: PlanSnapshot, person: str | None) -> Iterator[tuple[str, HeldAsk]]:
    """(recipient, ask) for each meeting whose first working day after is `day` and whose log does not yet say
    whether it was held: asked of its body's chair, or of every programme office admin when it has no chair."""
    admins = sorted(email for email, someone in plan.people.items() if someone.admin)
    found = []
    for body in plan.bodies.values():
        recipients = [r for r in ([body.chair] if body.chair else admins) if person is None or r == person]
        if not recipients:
            continue
        for meeting in meetings(body, add_working_days(day, -1), day - timedelta(days=1), plan.tz):
            if meeting.held is None and add_working_days(meeting.day, 1) == day:
                found += [(recipient, HeldAsk(body, meeting)) for recipient in recipients]
    yield from sorted(found, key=lambda pair: (pair[1].meeting.starts, pair[1].body.name))


def _figure_asks(day: date, plan: PlanSnapshot, person: str | None) -> Iterator[tuple[str, FigureAsk]]:
    """(data owner, figure) for each month owed and still without a figure: asked on its collection date, and
    chased once before the papers of a body that reads it. Saying it is not available leaves it owed."""
    for indicator in plan.indicators:
        if indicator.owner is None or (person is not None and indicator.owner != person):
            continue
        month = owed_month(indicator, day)
        if month is None or has_figure(indicator, month):
            continue
        said = _said(indicator, month)
        if collection_date(indicator, month) == day:
            yield indicator.owner, FigureAsk(indicator, month, f"{month:%B}'s figure is due today{said}", chased=False)
            continue
        chased = chase(indicator, month, bodies_needing(indicator, plan.bodies.values(), plan.actions),
                       before_papers=COLLECT_BEFORE_PAPERS, tz=plan.tz)
        if chased and chased.day == day:
            yield indicator.owner, FigureAsk(
                indicator, month, f"{month:%B}'s figure is still missing: {short_name(chased.body)}'s papers are due "
                                  f"{_day_month(chased.paper_deadline)}{said}", chased=True)


def _said(indicator: Indicator, month: date) -> str:
    """The data owner's own reason, when they said the month's figure is not available."""
    comment = next((f.comment.strip() for f in indicator.not_available if f.month == month), "")
    if not comment:
        return ""
    return f"; you said: {comment if len(comment) <= SAID_SHOWN else comment[:SAID_SHOWN - 1].rstrip() + '…'}"


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


def _visit_asks(action: Action, countdowns: Sequence[_Countdown]) -> Iterator[_OwnerAsk]:
    for countdown in countdowns:
        areas = [area.name for area in countdown.visit.focus_areas
                 if action.theme in area.themes or action.ref in area.actions]
        if areas:
            yield _OwnerAsk(Reason.PRE_VISIT, countdown.since,
                            f"before the {_day_month(countdown.visit.start)} visit ({'; '.join(areas)})")


def _working_days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def _day_month(day: date) -> str:
    return f"{day.day} {day:%b}"


def _short_date(day: date, today: date) -> str:
    """`12 Jan`, or `29 Dec 2017` when the year is not today's."""
    return _day_month(day) if day.year == today.year else f"{_day_month(day)} {day.year}"


def _escalations(day: date, plan: PlanSnapshot, person: str | None) -> Iterator[_Reason]:
    """Overdue 10 working days, or Red twice: the theme lead first, the overseeing body's chair later. An action
    with no date yet is never overdue, so only Red twice escalates it."""
    for action in plan.actions:
        if not plan.is_open(action):
            continue
        starts = []
        if action.due is not None and (overdue_from := add_working_days(action.due, ESCALATE_OVERDUE)) <= day:
            starts.append((overdue_from, f"escalated: overdue since {_short_date(action.due, day)} "
                                         f"({ESCALATE_OVERDUE}+ working days)"))
        red_since = _red_twice_since(action, plan)
        if red_since:
            starts.append((add_working_days(red_since, 1), "escalated: Red in two updates running"))
        for start, why in starts:
            recipient = _escalation_recipient(day, start, action, plan)
            if recipient and (person is None or recipient == person):
                yield _Reason(recipient, Reason.ESCALATION, action, f"{why}; owner {plan.name(action.owner)}",
                              may_rate=recipient == _lead(action, plan))


def _red_twice_since(action: Action, plan: PlanSnapshot) -> date | None:
    """The day of the second Red in the run of Reds the ratings end with; a comment without a rating neither
    breaks the run nor counts in it."""
    run = []
    for update in reversed(rated(plan.histories.get(action.ref, ()))):
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


def _papers(day: date, plan: PlanSnapshot, person: str | None) -> Iterator[tuple[str, str, str]]:
    """(chair, body, line): on a paper deadline the chair hears who has and has not answered since the last
    meeting."""
    for body in plan.bodies.values():
        if not body.chair or (person is not None and body.chair != person):
            continue
        for meeting in meetings(body, day, day + timedelta(days=60), plan.tz):
            if meeting.paper_deadline != day:
                continue
            since = _since_last_meeting(body, meeting, plan)
            overseen = [a for a in plan.actions if a.body == body.key and plan.is_open(a)]
            waiting = [a.ref for a in overseen if not plan.updated_since(a.ref, since)]
            escalated = _escalated(day, plan) if body.whole_plan else []
            missing = _figures_missing(day, body, plan)
            line = (f"Papers for the {body.name} on {meeting.starts:%a %d %b} are due today: "
                    f"{len(overseen) - len(waiting)} of {len(overseen)} open actions updated since "
                    f"the last meeting" + (f"; waiting on {_named(waiting)}" if waiting else "")
                    + (f"; escalated across the plan: {_named(escalated)}" if escalated else "")
                    + (f"; figures missing: {_named(missing)}" if missing else "") + ".")
            yield body.chair, body.key, line


def _figures_missing(day: date, body: Body, plan: PlanSnapshot) -> list[str]:
    """The collected figures `body` reads whose owed month has none yet, by indicator name: `NAME (Dec)`. A figure
    due this very day is not missing yet."""
    found = []
    for indicator in sorted(plan.indicators, key=lambda i: i.name):
        month = owed_month(indicator, day)
        if (collected(indicator) and month is not None and not has_figure(indicator, month)
                and collection_date(indicator, month) != day
                and any(b.key == body.key for b in bodies_needing(indicator, plan.bodies.values(), plan.actions))):
            found.append(f"{indicator.name} ({month:%b})")
    return found


def _escalated(day: date, plan: PlanSnapshot) -> list[str]:
    """Every open action escalated by `day` (Red twice, or overdue ESCALATE_OVERDUE working days), whichever
    body oversees it: what the body responsible for the whole plan must hear at each paper deadline."""
    return [f"{a.ref} ({why})" for a in plan.actions if plan.is_open(a) and (why := _escalated_why(day, a, plan))]


def _escalated_why(day: date, action: Action, plan: PlanSnapshot) -> str:
    if _red_twice_since(action, plan):
        return "Red twice"
    if action.due is not None and add_working_days(action.due, ESCALATE_OVERDUE) <= day:
        return f"overdue since {_short_date(action.due, day)}"
    return ""


def _named(refs: Sequence[str]) -> str:
    shown = ", ".join(refs[:WAITING_NAMED])
    return shown + (f" and {len(refs) - WAITING_NAMED} more" if len(refs) > WAITING_NAMED else "")


def digests_on(day: date, plan: PlanSnapshot) -> list[Reminder]:
    """The PMO channel's messages of `day`: each visit's countdown and the weekly digest."""
    if not is_working_day(day):
        return []
    return [*_visit_digests(day, plan), *_weekly_digest(day)]


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


WITHDRAWN = "withdrawn:"
"""How the error of a row withdrawn before its send time begins (status OBSOLETE): the outbox plans such a row
again, while nothing has been attempted, should it be owed once more that day."""


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    OBSOLETE = "obsolete"
    """Nothing was owed any more when it fell due, or before (withdrawn): the owner updated, the action went Blue
    or was withdrawn, the meeting moved, the visit was cancelled, the person snoozed or went on leave."""
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
    check_in: CheckIn | None = None
    """For a check-in, what it shows: planned by the dispatcher as it sends, never stored."""
