"""The governance loop: a body's meetings moved, cancelled, added and confirmed as held, the actions arising from
them, and the readiness paper for the next one.

A change never touches the cadence: it is an entry in the body's meeting log, kept with who made it and when, and
the calendar, the reminders and "stale since the body last met" read the cadence with the log applied. Only the
body's chair and the programme office change its meetings or its actions arising; everyone may read its paper.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Mapping, Sequence
from zoneinfo import ZoneInfo

from governance.cadence import Meeting, coming_meetings, meeting_on, meetings
from governance.errors import ReadinessError, UnknownAction, UnknownPerson
from governance.model import (
    REF_PATTERN, Action, Body, Channel, MeetingChange, MeetingChangeKind, Person, PlanInfo, Theme, Withdrawal,
    theme_of_ref,
)
from governance.ports import UnitOfWork
from governance.readiness import ActionState, IndicatorReading, Readiness
from governance.reminders import Kind, Reminder, Status, short_name
from governance.services import _Context
from governance.template import parse_day
from governance.workdays import local_date

VERBS: dict[str, MeetingChangeKind] = {
    "move": MeetingChangeKind.MOVED, "cancel": MeetingChangeKind.CANCELLED, "add": MeetingChangeKind.ADDED,
    "held": MeetingChangeKind.HELD, "not-held": MeetingChangeKind.NOT_HELD,
}
EXAMPLE = "meeting csib move 2018-01-18 14:00"
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
FORM_MEETINGS = 10
"""Coming meetings a form offers to move or cancel: Slack's select takes 100, a person looks at a handful."""
RECENT_MEETINGS = 6
"""Past meetings an action arising may be said to come from."""
PLANNED_AHEAD = timedelta(days=2 * 366)
"""How far ahead a meeting may be moved or added: further is almost always a mistyped year."""
MAX_TITLE = 3000
MAX_REASON = 500
MAX_REF = 20
"""As long as a ref the plan file may give."""


@dataclass(frozen=True)
class MeetingRequest:
    """One change to one meeting of a body, as asked for in words or a form."""

    body: str
    kind: MeetingChangeKind
    meeting: date | None = None
    """The meeting changed; for a move None means the next meeting, for held or not held the last one."""
    to: date | None = None
    """The day a meeting moves to, or the day of the meeting added."""
    time: time | None = None


@dataclass(frozen=True)
class MeetingChanged:
    body: Body
    """The body as it now stands, its log holding the change."""
    change: MeetingChange
    meeting: Meeting | None
    """The meeting as it now stands: None once it is cancelled or said not to have been held."""
    repeated: bool = False

    def said(self) -> str:
        """One line for every front end: what changed, and when the papers are now due."""
        change, name = self.change, self.body.name
        before = f"the meeting of {change.meeting:%a %d %b %Y}"
        match change.kind:
            case MeetingChangeKind.MOVED:
                line = f"{name}: {before} moves to {self._when()}"
            case MeetingChangeKind.CANCELLED:
                line = f"{name}: {before} is cancelled; nobody is reminded about it"
            case MeetingChangeKind.ADDED:
                line = f"{name}: a meeting is added on {self._when()}"
            case MeetingChangeKind.HELD:
                line = f"{name}: {before} is recorded as held"
            case MeetingChangeKind.NOT_HELD:
                line = f"{name}: {before} is recorded as not held; staleness counts from the meeting before it"
        return line + (" (already recorded)" if self.repeated else "") + "."

    def _when(self) -> str:
        meeting = self.meeting
        if meeting is None:
            return f"{self.change.to or self.change.meeting:%a %d %b %Y}"
        return f"{meeting.starts:%a %d %b %Y at %H:%M}; papers due {meeting.paper_deadline:%a %d %b}"


@dataclass(frozen=True)
class MeetingForm:
    body: Body
    coming: tuple[Meeting, ...]
    """The next meetings, soonest first: those that may be moved or cancelled."""


@dataclass(frozen=True)
class NewAction:
    """An action arising, as the chair or the programme office gives it."""

    body: str
    title: str
    owner: str
    """An e-mail or a name of someone in the plan's people."""
    due: date | None
    theme: int | str
    meeting: date | None = None
    """The meeting it arose at; None for the body's last meeting."""
    ref: str | None = None
    """None for the next free ref in the theme."""


@dataclass(frozen=True)
class ArisingForm:
    body: Body
    people: tuple[Person, ...]
    themes: tuple[Theme, ...]
    meetings: tuple[Meeting, ...]
    """The body's recent meetings, newest first: the first is the one an action arises from unless another is said."""
    next_refs: Mapping[int, str]
    """Per theme, the ref an action arising would get."""


@dataclass(frozen=True)
class ActionRaised:
    action: Action
    body: Body
    owner: Person
    repeated: bool = False

    def said(self) -> str:
        action = self.action
        due = f"due {action.due:%a %d %b %Y}" if action.due else "no due date yet"
        arising = f"arising from the {self.body.name} on {action.raised_at:%a %d %b %Y}" if action.raised_at else ""
        if self.repeated:
            return f"{action.ref} is already in the plan ({arising}): nothing was added."
        return (f"Added {action.ref} {action.title} (theme {action.theme}), owned by {self.owner.name}, {due}, "
                f"{arising}; {self.owner.name} is told in a DM now.")


@dataclass(frozen=True)
class ActionWithdrawn:
    action: Action
    on: date
    """The local day it was withdrawn."""
    repeated: bool = False

    def said(self) -> str:
        withdrawn = self.action.withdrawn
        when = f" on {self.on:%a %d %b %Y}"
        if self.repeated:
            return f"{self.action.ref} was already withdrawn{when}."
        reason = f" ({withdrawn.reason})" if withdrawn and withdrawn.reason else ""
        return (f"{self.action.ref} is withdrawn as no longer needed{reason}: it stays in the plan and its history, "
                "and nobody is asked about it again.")


@dataclass
class AgendaPaper:
    """The readiness paper for a body's next meeting: the pack, restricted to what the body oversees."""

    info: PlanInfo
    as_of: datetime
    body: Body
    chair_name: str | None
    meeting: Meeting | None
    """The next meeting: the paper is for it."""
    last: Meeting | None
    """The body's last meeting before now."""
    readiness: Readiness
    """The actions the body oversees, with the indicators of their themes."""
    escalations: list[ActionState]
    indicators: list[IndicatorReading]
    arising: list[ActionState]
    """Actions arising from the last meeting, with their state."""
    withdrawn: list[Action]
    """Actions arising from the last meeting since withdrawn as no longer needed."""

    @property
    def illustrative(self) -> bool:
        return (self.body.provenance.illustrative or self.readiness.illustrative
                or any(s.action.provenance.illustrative for s in self.escalations))


def parse_meeting(words: str) -> MeetingRequest:
    """`BODY VERB …` as typed after `meeting`: `csib move 2018-01-18 14:00`, `csib move 11/01/2018 to 18/01/2018`,
    `csib cancel 2018-08-09`, `csib add 25 Jan 2018 14:00`, `csib held`, `csib not-held 2018-01-11`."""
    tokens = words.split()
    verbs = [n for n, token in enumerate(tokens) if token.lower().replace("_", "-") in VERBS]
    if not verbs:
        raise ReadinessError(f"Say what happens to the meeting: move, cancel, add, held or not-held, e.g. `{EXAMPLE}`.")
    at = verbs[0]
    body, kind, rest = " ".join(tokens[:at]), VERBS[tokens[at].lower().replace("_", "-")], tokens[at + 1:]
    if not body:
        raise ReadinessError(f"Say which body first, e.g. `{EXAMPLE}`.")
    if kind is MeetingChangeKind.MOVED:
        if "to" in (t.lower() for t in rest):
            split = [t.lower() for t in rest].index("to")
            to, at_time = _when(rest[split + 1:], kind)
            return MeetingRequest(body, kind, meeting=_day_of(rest[:split]), to=to, time=at_time)
        to, at_time = _when(rest, kind)
        return MeetingRequest(body, kind, to=to, time=at_time)
    if kind is MeetingChangeKind.ADDED:
        to, at_time = _when(rest, kind)
        return MeetingRequest(body, kind, to=to, time=at_time)
    if kind is MeetingChangeKind.CANCELLED:
        if not rest:
            raise ReadinessError("Say which meeting to cancel, e.g. `meeting csib cancel 2018-08-09`.")
        return MeetingRequest(body, kind, meeting=_day_of(rest))
    return MeetingRequest(body, kind, meeting=_day_of(rest) if rest else None)


def _when(tokens: Sequence[str], kind: MeetingChangeKind) -> tuple[date, time | None]:
    """A day and perhaps a time (`2018-01-18 14:00`, `18 Jan 2018`)."""
    if not tokens:
        raise ReadinessError(f"Say the day it {'moves to' if kind is MeetingChangeKind.MOVED else 'is on'}, "
                             f"e.g. `{EXAMPLE}`.")
    clock = TIME.match(tokens[-1])
    if clock:
        return _day_of(tokens[:-1]), time(int(clock.group(1)), int(clock.group(2)))
    if ":" in tokens[-1]:
        raise ReadinessError(f"`{tokens[-1][:20]}` is not a time: use 24-hour HH:MM, e.g. 14:00.")
    return _day_of(tokens), None


def _day_of(tokens: Sequence[str]) -> date:
    return parse_typed_day(" ".join(tokens))


def parse_typed_day(text: str) -> date:
    """A day as people type it: 2018-01-18, 18/01/2018 or 18 Jan 2018; one line saying how otherwise."""
    day = parse_day(text.strip()) if text.strip() else None
    if day is None:
        shown = text.strip()[:30] or "nothing"
        raise ReadinessError(f"`{shown}` is not a date: use 2018-01-18, 18/01/2018 or 18 Jan 2018.")
    return day


def change_meeting(request: MeetingRequest, *, by: str, via: Channel, uow: UnitOfWork, now: datetime, tz: str,
                   request_key: str | None = None) -> MeetingChanged:
    """Moves, cancels or adds one meeting, or says whether a past one was held; a repeated request (the same form
    submitted twice, or the same answer given again) records nothing new."""
    with uow:
        context = _Context(uow)
        person = context.person(by)
        body = _locked(context.body(request.body), uow)
        _may_govern(person, body, context, "change the {}'s meetings")
        held = uow.plan.meeting_change_by_request(request_key) if request_key else None
        if held is not None:
            return _changed(body, held, tz, repeated=True)
        change = _change(request, body, person, via, now, tz)
        if change.kind in (MeetingChangeKind.HELD, MeetingChangeKind.NOT_HELD) and _held_state(body, change.meeting) \
                == (change.kind is MeetingChangeKind.HELD):
            said = next(c for c in reversed(body.changes) if c.meeting == change.meeting and c.kind is change.kind)
            return _changed(body, said, tz, repeated=True)
        stored = uow.plan.add_meeting_change(change, request_key=request_key)
        if stored is None:
            return _changed(body, uow.plan.meeting_change_by_request(request_key or "") or change, tz, repeated=True)
        uow.commit()
        return _changed(replace(body, changes=(*body.changes, stored)), stored, tz)


def _locked(body: Body, uow: UnitOfWork) -> Body:
    """The body held for this unit of work and read again: a change made a moment ago by someone else is in its log
    before this one is checked against it."""
    uow.plan.lock_body(body.key)
    return next(b for b in uow.plan.bodies() if b.key == body.key)


def _changed(body: Body, change: MeetingChange, tz: str, *, repeated: bool = False) -> MeetingChanged:
    if not any(c.id == change.id for c in body.changes):
        body = replace(body, changes=(*body.changes, change))
    day = change.to if change.kind is MeetingChangeKind.MOVED else change.meeting
    gone = change.kind in (MeetingChangeKind.CANCELLED, MeetingChangeKind.NOT_HELD)
    return MeetingChanged(body, change, None if gone or day is None else meeting_on(body, day, tz), repeated)


def _change(request: MeetingRequest, body: Body, person: Person, via: Channel, now: datetime,
            tz: str) -> MeetingChange:
    """The entry the request makes, or one line saying why it cannot be made."""
    kind, today = request.kind, local_date(now, tz)
    entry = MeetingChange(body.key, kind, today, now, by=person.email, via=via, time=request.time)
    if kind is MeetingChangeKind.MOVED:
        current = _coming(body, request.meeting, now, tz)
        day = _new_day(body, request.to, current.day, now, tz)
        starts = datetime.combine(day, request.time or current.starts.time(), tzinfo=ZoneInfo(tz))
        _not_past(starts, now)
        if starts == current.starts:
            raise ReadinessError(f"The {body.name} already meets then ({starts:%a %d %b %Y at %H:%M}).")
        return replace(entry, meeting=current.day, to=day)
    if kind is MeetingChangeKind.CANCELLED:
        return replace(entry, meeting=_coming(body, request.meeting, now, tz).day)
    if kind is MeetingChangeKind.ADDED:
        day = _new_day(body, request.to, None, now, tz)
        _not_past(datetime.combine(day, request.time or body.time, tzinfo=ZoneInfo(tz)), now)
        return replace(entry, meeting=day)
    return replace(entry, meeting=_past(body, request.meeting, now, tz))


def _coming(body: Body, day: date | None, now: datetime, tz: str) -> Meeting:
    """The meeting on `day`, or the next one, refused once it has begun: a past meeting is held or not, not moved."""
    today = local_date(now, tz)
    if day is None:
        coming = coming_meetings(body, now, tz, PLANNED_AHEAD)
        if not coming:
            raise ReadinessError(f"The {body.name} has no meeting coming: add one, e.g. `meeting {body.key} add "
                                 f"{today + timedelta(days=7):%Y-%m-%d}`.")
        return coming[0]
    meeting = meeting_on(body, day, tz)
    if meeting is None:
        raise ReadinessError(f"The {body.name} has no meeting on {day:%a %d %b %Y}{_next_ones(body, now, tz)}.")
    if meeting.starts <= now:
        raise ReadinessError(f"The {body.name}'s meeting of {day:%a %d %b %Y} is in the past: say whether it was held "
                             f"instead (`meeting {body.key} held {day:%Y-%m-%d}`).")
    return meeting


def _next_ones(body: Body, now: datetime, tz: str) -> str:
    coming = coming_meetings(body, now, tz)[:3]
    return ": its next are " + ", ".join(f"{m.day:%a %d %b}" for m in coming) if coming else ""


def _new_day(body: Body, day: date | None, moving: date | None, now: datetime, tz: str) -> date:
    """The day a meeting moves to or is added on: within reach, and not one the body already meets on."""
    if day is None:
        raise ReadinessError(f"Say the day, e.g. `{EXAMPLE}`.")
    today = local_date(now, tz)
    if day > today + PLANNED_AHEAD:
        raise ReadinessError(f"{day:%d %b %Y} is more than two years ahead: check the year.")
    if day != moving and meeting_on(body, day, tz) is not None:
        raise ReadinessError(f"The {body.name} already meets on {day:%a %d %b %Y}.")
    return day


def _not_past(starts: datetime, now: datetime) -> None:
    if starts <= now:
        raise ReadinessError(f"{starts:%a %d %b %Y at %H:%M} is in the past: a meeting can only move to or be added "
                             "on a time to come.")


def _past(body: Body, day: date | None, now: datetime, tz: str) -> date:
    """The meeting whose holding is being said: the one on `day` (said not held before, to correct), or the last."""
    if day is None:
        recent = _recent(body, now, tz)
        if not recent:
            raise ReadinessError(f"The {body.name} has not met in the past year.")
        return recent[0].day
    meeting = meeting_on(body, day, tz)
    if meeting is None and _held_state(body, day) is not False:
        raise ReadinessError(f"The {body.name} had no meeting on {day:%a %d %b %Y}.")
    if meeting is not None and meeting.starts > now:
        raise ReadinessError(f"The {body.name}'s meeting of {day:%a %d %b %Y} has not taken place yet.")
    return day


def _held_state(body: Body, day: date) -> bool | None:
    """What the log last said about the meeting on `day` being held: True, False, or None when nothing."""
    said = [c.kind for c in body.changes if c.meeting == day
            and c.kind in (MeetingChangeKind.HELD, MeetingChangeKind.NOT_HELD)]
    return said[-1] is MeetingChangeKind.HELD if said else None


def _may_govern(person: Person, body: Body, context: _Context, what: str) -> None:
    """Only the body's chair and the programme office change its meetings and actions arising; `what` they may do
    names the body where it has `{}`."""
    if person.admin or (body.chair is not None and body.chair == person.email):
        return
    chair = f"{context.person_name(body.chair)} (chair) and " if body.chair else ""
    raise ReadinessError(f"Only {chair}the programme office can {what.format(body.name)}.")


def meeting_form(body_name: str, *, by: str, uow: UnitOfWork, now: datetime, tz: str) -> MeetingForm:
    """What the meeting form offers; refused up front to someone who may not change the body's meetings."""
    with uow:
        context = _Context(uow)
        body = context.body(body_name)
        _may_govern(context.person(by), body, context, "change the {}'s meetings")
        return MeetingForm(body, tuple(coming_meetings(body, now, tz, PLANNED_AHEAD)[:FORM_MEETINGS]))


def arising_form(body_name: str, *, by: str, uow: UnitOfWork, now: datetime, tz: str) -> ArisingForm:
    """What the action-arising form offers: the plan's people and themes, the body's recent meetings, next refs."""
    with uow:
        context = _Context(uow)
        body = context.body(body_name)
        _may_govern(context.person(by), body, context, "add actions arising at the {}")
        refs, pattern = uow.plan.refs(), _pattern(uow)
        return ArisingForm(body, tuple(sorted(context.people.values(), key=lambda p: p.name.lower())),
                           tuple(t for _, t in sorted(context.themes.items())), _recent(body, now, tz),
                           {n: next_ref(n, refs, pattern) for n in context.themes})


def _recent(body: Body, now: datetime, tz: str) -> tuple[Meeting, ...]:
    today = local_date(now, tz)
    past = [m for m in meetings(body, today - timedelta(days=366), today, tz) if m.starts <= now]
    return tuple(reversed(past[-RECENT_MEETINGS:]))


def raise_action(new: NewAction, *, by: str, uow: UnitOfWork, now: datetime, tz: str) -> ActionRaised:
    """Adds an action arising and tells its owner at once, through the outbox in the same transaction. The same
    action arising given twice (a form submitted again) is added once."""
    with uow:
        context = _Context(uow)
        body = context.body(new.body)
        _may_govern(context.person(by), body, context, "add actions arising at the {}")
        uow.plan.lock_body(body.key)
        theme = context.theme(new.theme)
        owner = _owner(new.owner, context)
        title = " ".join(new.title.split())
        meeting = _arose_at(body, new.meeting, now, tz)
        same = [a for a in uow.plan.actions(body=body.key) if a.raised_at == meeting.day and a.owner == owner.email
                and a.title.lower() == title.lower() and a.theme == theme.number]
        if same:
            return ActionRaised(same[0], body, owner, repeated=True)
        action = _added(Action(_ref(new.ref, theme, uow), theme.number, _title(title), owner.email,
                               _due(new.due, now, tz), body.key, raised_at=meeting.day), given=bool(new.ref), uow=uow)
        uow.outbox.add(Reminder(Kind.NEW_ACTION, action.ref, owner.email, local_date(now, tz),
                                _told(action, body, meeting), asks_update=True), due_at=now, status=Status.PENDING)
        uow.commit()
        return ActionRaised(action, body, owner)


ADD_ATTEMPTS = 5
"""Free refs tried in turn when others add actions to the same theme at the same moment."""


def _added(action: Action, *, given: bool, uow: UnitOfWork) -> Action:
    """The action stored under its ref, or under the next free one when another transaction took that ref first
    (a ref the person gave is refused instead): a ref is never given to two actions."""
    for _ in range(ADD_ATTEMPTS):
        if uow.plan.add_action(action):
            return action
        if given:
            raise ReadinessError(f"{action.ref} was added by someone else a moment ago: leave the ref empty for the "
                                 "next free one.")
        action = replace(action, ref=next_ref(action.theme, [*uow.plan.refs(), action.ref], _pattern(uow)))
    raise ReadinessError("Others are adding actions to this theme right now: try again in a moment.")


def _told(action: Action, body: Body, meeting: Meeting) -> str:
    due = f", due {action.due:%a %d %b %Y}" if action.due else ""
    return (f"New action {action.ref} for you, arising from the {short_name(body)} on {meeting.day:%a %d %b}{due}: "
            "how is it going?")


def _owner(asked: str, context: _Context) -> Person:
    """Someone in the plan's people, by e-mail or by name."""
    wanted = " ".join(asked.split()).lower()
    found = context.people.get(wanted) or next((p for p in context.people.values() if p.name.lower() == wanted), None)
    if found is None:
        raise UnknownPerson(asked.strip()[:80] or "nobody")
    return found


def _title(title: str) -> str:
    if not title:
        raise ReadinessError("Give the action a title.")
    if len(title) > MAX_TITLE:
        raise ReadinessError(f"The title is {len(title)} characters; keep it under {MAX_TITLE}.")
    return title


def _due(due: date | None, now: datetime, tz: str) -> date:
    if due is None:
        raise ReadinessError("Give the action a due date.")
    if due < local_date(now, tz):
        raise ReadinessError(f"The due date {due:%a %d %b %Y} is in the past.")
    return due


def _arose_at(body: Body, day: date | None, now: datetime, tz: str) -> Meeting:
    """The meeting an action arises from: one that has taken place, by default the last."""
    recent = _recent(body, now, tz)
    if day is None:
        if not recent:
            raise ReadinessError(f"The {body.name} has not met in the past year, so nothing has arisen from it yet.")
        return recent[0]
    meeting = meeting_on(body, day, tz)
    if meeting is None:
        raise ReadinessError(f"The {body.name} had no meeting on {day:%a %d %b %Y}.")
    if meeting.starts > now:
        raise ReadinessError(f"The {body.name}'s meeting of {day:%a %d %b %Y} has not taken place yet.")
    return meeting


def _pattern(uow: UnitOfWork) -> re.Pattern[str]:
    info = uow.plan.info()
    return re.compile(info.ref_pattern) if info and info.ref_pattern else REF_PATTERN


def _ref(asked: str | None, theme: Theme, uow: UnitOfWork) -> str:
    """The ref given, checked, or the next free one in the theme."""
    refs, pattern = uow.plan.refs(), _pattern(uow)
    following = next_ref(theme.number, refs, pattern)
    if not asked or not asked.strip():
        return following
    ref = asked.strip().lower()
    if len(ref) > MAX_REF or not pattern.match(ref):
        raise ReadinessError(f"`{asked.strip()[:20]}` is not a ref the plan uses (e.g. {following}).")
    carried = theme_of_ref(ref, pattern)
    if carried is not None and carried != theme.number:
        raise ReadinessError(f"{ref} is a ref of theme {carried}, not theme {theme.number}.")
    if ref in refs:
        raise ReadinessError(f"{ref} is already an action: leave the ref empty for {following}.")
    return ref


LETTERED = re.compile(r"^(\d+)([a-z]{1,2})(?:\(|$)")
DOTTED = re.compile(r"^(\d+)\.(\d+)")


def next_ref(theme: int, refs: Sequence[str], pattern: re.Pattern[str] = REF_PATTERN) -> str:
    """The next ref in the theme's own style: after 5a…5k comes 5l (after 5z, 5aa); after 1.1…1.4 comes 1.5; a theme
    with no actions yet starts at 5a, or 1.1 when the plan numbers with dots."""
    mine = [r for r in refs if theme_of_ref(r, pattern) == theme]
    letters = [m.group(2) for r in mine if (m := LETTERED.match(r)) and int(m.group(1)) == theme]
    numbers = [int(m.group(2)) for r in mine if (m := DOTTED.match(r)) and int(m.group(1)) == theme]
    dotted = len(numbers) > len(letters) or (not mine and any(DOTTED.match(r) for r in refs))
    taken = set(refs)
    if dotted:
        step = max(numbers, default=0) + 1
        while f"{theme}.{step}" in taken:
            step += 1
        return f"{theme}.{step}"
    candidate = _after(max(letters, key=lambda s: (len(s), s)) if letters else "")
    while f"{theme}{candidate}" in taken:
        candidate = _after(candidate)
    return f"{theme}{candidate}"


def _after(letters: str) -> str:
    """a → b, z → aa, az → ba: the letters that follow, as a spreadsheet's columns run."""
    if not letters:
        return "a"
    if letters[-1] != "z":
        return letters[:-1] + chr(ord(letters[-1]) + 1)
    return _after(letters[:-1]) + "a" if len(letters) > 1 else "aa"


def withdraw_action(ref: str, reason: str, *, by: str, uow: UnitOfWork, now: datetime, tz: str) -> ActionWithdrawn:
    """Closes an action as no longer needed: kept, shown as withdrawn, never asked about again."""
    with uow:
        context = _Context(uow)
        action = uow.plan.action(ref.strip().lower())
        if action is None:
            raise UnknownAction(ref.strip()[:20], uow.plan.refs())
        person = context.person(by)
        body = context.bodies.get(action.body or "")
        if body is not None:
            _may_govern(person, body, context, "withdraw the {}'s actions")
        elif not person.admin:
            raise ReadinessError(f"{action.ref} is overseen by no body: only the programme office can withdraw it.")
        if action.withdrawn is not None:
            return ActionWithdrawn(action, local_date(action.withdrawn.at, tz), repeated=True)
        why = " ".join(reason.split())
        if len(why) > MAX_REASON:
            raise ReadinessError(f"The reason is {len(why)} characters; keep it under {MAX_REASON}.")
        withdrawn = replace(action, withdrawn=Withdrawal(now, person.email, why))
        uow.plan.save_action(withdrawn)
        uow.commit()
        return ActionWithdrawn(withdrawn, local_date(now, tz))


def agenda(body_name: str, *, uow: UnitOfWork, now: datetime, tz: str) -> AgendaPaper:
    """The readiness paper for the body's next meeting: its actions, its escalations, the indicators of its themes,
    and the actions arising from its last meeting with their state."""
    with uow:
        context = _Context(uow)
        body = context.body(body_name)
        board = context.body_readiness(uow, body, now=now, tz=tz, with_indicators=True)
        last = _recent(body, now, tz)
        met = last[0] if last else None
        arising = [s for s in board.readiness.states if met and s.action.raised_at == met.day]
        withdrawn = [a for a in board.readiness.withdrawn if met and a.raised_at == met.day]
        return AgendaPaper(uow.plan.info() or PlanInfo(), now, body, board.chair_name, board.meeting, met,
                           board.readiness, board.escalations, list(board.readiness.indicators), arising, withdrawn)
