"""Snooze, leave and "not mine": a person telling the bot when, and about what, not to ask them.

Check-in bots people keep using let them say "not today" in a word. Here, in a button or in
words in the DM: `snooze` (to the next working day), `remind me Monday`, `snooze until 5 Feb`,
`on leave until 5 Feb`, and `not mine` (with a ref, or in a check-in's thread about one action).
Leave and "not mine" also tell the people who must act: the theme leads of the person's actions
and the PMO channel hear who owns what while they are away; the PMO channel hears which action
needs a new owner. Those notices go into the outbox in the same transaction as the pause, so
they are sent once, by the dispatcher, however the request was repeated.

Dates are read by the reply reader (day first; `31/02` is an error, never a guess); a day that
is not after today is refused with a one-line answer and nothing is stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Sequence

from governance.brag import DEFAULT_KEY
from governance.errors import ReadinessError, UnknownAction, UnknownPerson
from governance.model import REF_PATTERN, Action, Person, Theme
from governance.ports import UnitOfWork
from governance.readiness import current_rating
from governance.reminders import PMO_CHANNEL, Kind, Pause, PauseKind, Reminder, Status
from governance.reply_reader import read_day, read_reply
from governance.workdays import add_working_days, local_date, next_working_day

NOT_MINE_WORKING_DAYS = 10
"""How long an owner is not asked about an action they disowned: time for the PMO to find its owner."""
LONGEST_PAUSE = timedelta(days=366)
LISTED = 15
"""Actions a leave notice names before it says how many more."""

SNOOZE = re.compile(r"^\s*(?:snooze|remind\s+me)(?:\s+later)?"
                    r"(?:\s+(?:again\s+)?(?:until|till|til|to|on|from))?(?P<when>(?:[\s.,;:!].*)?)$",
                    re.IGNORECASE | re.DOTALL)
LEAVE = re.compile(r"^\s*(?:i'?m\s+|i\s+am\s+)?(?:on\s+(?:annual\s+)?leave|out\s+of\s+(?:the\s+)?office)"
                   r"(?:\s+(?:until|till|til|to|back(?:\s+on)?|returning(?:\s+on)?))?(?P<when>(?:[\s.,;:!].*)?)$",
                   re.IGNORECASE | re.DOTALL)
NOT_MINE = re.compile(r"^\s*(?:(?:this|that|it)(?:'s|\s+is)?\s+|(?P<before>\S+)\s+(?:is\s+)?)?"
                      r"(?:not\s+(?:mine|my\s+action)|isn'?t\s+mine)"
                      r"(?:\s*[,:\-–—]?\s*(?P<after>[^\s.!][^\s!]*?))?\s*[.!]*\s*$", re.IGNORECASE)
"""`not mine`, `5b(ii) is not mine`, `not mine: 1.1.` (a ref may hold dots, a full stop after it is not part of it)."""
YEAR_WRITTEN = re.compile(r"\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}")
RECENT = timedelta(days=183)
"""A day and month without a year that fell this recent is a day gone by, not one next year."""
FILLER = re.compile(r"^[\s,.;:!\-–—]*(?:please|thanks|thank\s+you|ta)?[\s,.;:!\-–—]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Instruction:
    """What a person asked: a snooze or leave until a day (None: snooze to the next working day), or
    "not mine" about a ref (None: the action of the thread it was said in)."""

    kind: PauseKind
    until: date | None = None
    ref: str | None = None


def read_instruction(text: str, *, today: date) -> Instruction | None:
    """The instruction in a DM, or None when the words are something else (an update, a question).
    A snooze or leave whose day cannot be read, or has passed, raises ReadinessError saying how to
    write it; words that also carry a rating or a ref are an update, not an instruction."""
    if match := NOT_MINE.match(text):
        refs = [word.lower() for word in (match["before"], match["after"]) if word]
        if len(refs) > 1 or any(not REF_PATTERN.match(word) for word in refs):
            return None
        return Instruction(PauseKind.NOT_MINE, ref=refs[0] if refs else None)
    for kind, pattern, example in ((PauseKind.SNOOZE, SNOOZE, "`snooze until 5 Feb` or `remind me Monday`"),
                                   (PauseKind.LEAVE, LEAVE, "`on leave until 5 Feb`")):
        if match := pattern.match(text):
            words = match["when"]
            if FILLER.match(words):
                return Instruction(kind)
            reading = read_reply(words, key=DEFAULT_KEY, today=today)
            if reading.rating or reading.ref:
                return None
            day, rest = read_day(words, today=today)
            if day is None or not FILLER.match(rest):
                raise ReadinessError(f"I couldn't read a day in “{words.strip()}”: try {example}.")
            return Instruction(kind, until=_not_gone_by(day, words, today))
    return None


def _not_gone_by(day: date, words: str, today: date) -> date:
    """The reader takes `5 Jan`, said on 16 Jan, as next January, as a forecast would be; for a pause
    that is a day gone by, refused as any day in the past is, as is a day written with its year that has passed."""
    if day.year > today.year and not YEAR_WRITTEN.search(words):
        try:
            this_year = day.replace(year=today.year)
        except ValueError:
            return day
        if this_year < today and today - this_year <= RECENT:
            _check_future(this_year, today)
    _check_future(day, today)
    return day


@dataclass(frozen=True)
class Answered:
    """What was stored, and the one line that tells the person."""

    pause: Pause
    text: str
    repeated: bool = False

    @property
    def said(self) -> str:
        """The line as the person reads it, the same whether they clicked or typed, the first time or again."""
        return self.text + (" (Already noted.)" if self.repeated else "")


def follow(instruction: Instruction, *, person: str, uow: UnitOfWork, now: datetime, tz: str,
           thread_refs: Sequence[str] = ()) -> Answered:
    """Carries out a snooze, leave or "not mine"; `thread_refs` are the actions of the check-in it answers."""
    if instruction.kind is PauseKind.SNOOZE:
        return snooze(person, instruction.until, uow=uow, now=now, tz=tz)
    if instruction.kind is PauseKind.LEAVE:
        if instruction.until is None:
            raise ReadinessError("Say until when, e.g. `on leave until 5 Feb`: your check-ins start again that day.")
        return go_on_leave(person, instruction.until, uow=uow, now=now, tz=tz)
    return not_mine(person, instruction.ref, uow=uow, now=now, tz=tz, thread_refs=thread_refs)


def snooze(person: str, until: date | None, *, uow: UnitOfWork, now: datetime, tz: str) -> Answered:
    """No check-ins before `until` (default: the next working day)."""
    today = local_date(now, tz)
    until = until or next_working_day(today + timedelta(days=1))
    _check_future(until, today)
    with uow:
        _person(uow, person)
        pause, repeated = _add(uow, Pause(person, PauseKind.SNOOZE, today, until), now)
        uow.commit()
    return Answered(pause, f"Snoozed: no check-in before {until:%a %d %b}; the next comes that day if anything "
                           "is still owed.", repeated)


def go_on_leave(person: str, until: date, *, uow: UnitOfWork, now: datetime, tz: str) -> Answered:
    """No check-ins before `until`, and the theme leads of the person's open actions and the PMO
    channel told who owns what while they are away."""
    today = local_date(now, tz)
    _check_future(until, today)
    with uow:
        who = _person(uow, person)
        pause, repeated = _add(uow, Pause(person, PauseKind.LEAVE, today, until), now)
        if not repeated:
            for notice in _leave_notices(uow, who, pause, now):
                uow.outbox.add(notice, due_at=now, status=Status.PENDING)
        uow.commit()
    return Answered(pause, f"Noted: you're on leave until {until:%a %d %b}, with no check-ins before then. "
                           "I've told your theme leads and the programme office which actions are yours.", repeated)


def not_mine(person: str, ref: str | None, *, uow: UnitOfWork, now: datetime, tz: str,
             thread_refs: Sequence[str] = ()) -> Answered:
    """The PMO channel hears the action needs a new owner; its owner is not asked about it meanwhile."""
    today = local_date(now, tz)
    with uow:
        who = _person(uow, person)
        action = _which(uow, who, ref, thread_refs)
        until = add_working_days(today, NOT_MINE_WORKING_DAYS)
        pause, repeated = _add(uow, Pause(person, PauseKind.NOT_MINE, today, until, action.ref), now)
        if not repeated:
            theme = _theme(uow, action.theme)
            uow.outbox.add(Reminder(Kind.NOTICE, f"not_mine-{pause.id}", PMO_CHANNEL, today,
                                    f"{who.name} says {action.ref} {action.title} is not theirs: it needs a new "
                                    f"owner. Theme {action.theme}, lead {_name(uow, theme.lead)}. Change the owner "
                                    f"in the plan; {who.name} is not asked about it before {until:%a %d %b}."),
                           due_at=now, status=Status.PENDING)
        uow.commit()
    return Answered(pause, f"Thanks: I've told the programme office that {action.ref} needs a new owner, and won't "
                           f"ask you about it before {until:%a %d %b}.", repeated)


def _check_future(until: date, today: date) -> None:
    if until < today:
        raise ReadinessError(f"{until:%a %d %b %Y} is in the past: give a day after today, e.g. `snooze until "
                             f"{today + timedelta(days=7):%d %b}`.")
    if until == today:
        raise ReadinessError("That's today: give a day after today, e.g. `remind me tomorrow`.")
    if until - today > LONGEST_PAUSE:
        raise ReadinessError(f"{until:%d %b %Y} is more than a year away: give a nearer day.")


def _person(uow: UnitOfWork, email: str) -> Person:
    person = uow.plan.person(email)
    if person is None:
        raise UnknownPerson(email)
    return person


def _add(uow: UnitOfWork, pause: Pause, now: datetime) -> tuple[Pause, bool]:
    """Stores the pause once: the same instruction from the same person on the same day (a double click,
    a retried message, the words said twice) is one pause and one set of notices."""
    request_key = f"{pause.kind}:{pause.person}:{pause.ref or pause.until.isoformat()}:{pause.starts.isoformat()}"
    added = uow.outbox.add_pause(pause, at=now, request_key=request_key)
    if added is not None:
        return added, False
    earlier = uow.outbox.pause_by_request(request_key)
    assert earlier is not None
    return earlier, True


def _which(uow: UnitOfWork, person: Person, ref: str | None, thread_refs: Sequence[str]) -> Action:
    """The action named, else the only one of the check-in it answers, else the person's only action."""
    if ref is None:
        candidates = list(thread_refs) or [a.ref for a in uow.plan.actions(owner=person.email)]
        if len(candidates) != 1:
            raise ReadinessError("Which action isn't yours? Say its ref, e.g. `not mine 5b(ii)`.")
        ref = candidates[0]
    action = uow.plan.action(ref.strip().lower())
    if action is None:
        raise UnknownAction(ref.strip(), uow.plan.refs())
    if action.owner != person.email:
        raise ReadinessError(f"{action.ref} isn't yours: it is owned by {_name(uow, action.owner)}, so there is "
                             "nothing to pass on. Nothing was changed.")
    return action


def _leave_notices(uow: UnitOfWork, person: Person, pause: Pause, now: datetime) -> list[Reminder]:
    themes = {t.number: t for t in uow.plan.themes()}
    key = uow.plan.key()
    owned = uow.plan.actions(owner=person.email)
    histories = uow.updates.current([a.ref for a in owned], until=now)
    open_actions = [a for a in owned if not key.is_complete(current_rating(histories.get(a.ref, ())))]
    away = f"{person.name} is on leave until {pause.until:%a %d %b} (no check-ins for them before then)"
    subject, day = f"leave-{pause.id}", pause.starts
    notices = []
    by_lead: dict[str, list[Action]] = {}
    for action in open_actions:
        lead = themes[action.theme].lead if action.theme in themes else None
        if lead and lead != person.email:
            by_lead.setdefault(lead, []).append(action)
    for lead, actions in sorted(by_lead.items()):
        notices.append(Reminder(Kind.NOTICE, subject, lead, day,
                                f"{away}. Their open actions in your theme, which you can update while they are "
                                f"away: {_listed(actions)}."))
    listing = _listed(open_actions, leads={n: _name(uow, t.lead) for n, t in themes.items()})
    notices.append(Reminder(Kind.NOTICE, subject, PMO_CHANNEL, day,
                            f"{away}. " + (f"Their open actions, and the theme lead who can update each meanwhile: "
                                           f"{listing}." if open_actions else "They own no open actions.")))
    return notices


def _listed(actions: Sequence[Action], leads: dict[int, str] | None = None) -> str:
    lines = [f"{a.ref} {a.title} ({f'due {a.due:%d %b}' if a.due else 'no date'})"
             + (f" — lead {leads[a.theme]}" if leads else "")
             for a in actions[:LISTED]]
    return "; ".join(lines) + (f"; and {len(actions) - LISTED} more" if len(actions) > LISTED else "")


def _theme(uow: UnitOfWork, number: int) -> Theme:
    return next(t for t in uow.plan.themes() if t.number == number)


def _name(uow: UnitOfWork, email: str | None) -> str:
    if not email:
        return "none named"
    person = uow.plan.person(email)
    return person.name if person else email
