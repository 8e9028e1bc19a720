"""Recording BRAG updates: who may, what makes one valid, and how a mistake is undone.

Whatever the channel (a button, a modal, a free-text reply, `/update`, the console, the
scheduler's prompt), an update goes through `record_update`, so the PMO can trust every record:
permission checked, rating on the key, commentary kept as written, one update per request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Sequence

from governance.brag import NOT_RATED, BragKey
from governance.errors import ReadinessError, UnknownAction, UnknownPerson
from governance.model import Action, Channel, Person, Theme, Update
from governance.ports import UnitOfWork
from governance.readiness import current_rating, rated
from governance.reply_reader import Reading, read_reply
from governance.workdays import DEFAULT_TZ, local_date

MAX_COMMENTARY = 3000
MAX_EVIDENCE = 2000
URL = re.compile(r"^https?://[^\s<>]+$")
ENTITY = re.compile(r"&(amp|lt|gt);")
CHARACTERS = {"amp": "&", "lt": "<", "gt": ">"}
EXAMPLE = "`amber - recruitment delayed, forecast 12 Feb` or `5b(ii) green, training delivered to all teams`"


class Refused(ReadinessError):
    """Someone asked to change what is not theirs to change; nothing was stored."""


class EvidenceNeeded(ReadinessError):
    pass


class Unreadable(ReadinessError):
    def __init__(self) -> None:
        super().__init__(f"I couldn't find a rating in that, so nothing was recorded. Try {EXAMPLE}.")


@dataclass(frozen=True)
class NewUpdate:
    ref: str
    rating: str
    by: str
    via: Channel
    commentary: str = ""
    evidence: str | None = None
    forecast: date | None = None
    request_key: str | None = None


@dataclass(frozen=True)
class Recorded:
    """What was recorded (or, for a repeated request, what had been) and the state it replaced."""

    update: Update
    previous: Update | None
    action: Action
    key: BragKey
    repeated: bool = False

    def details(self) -> tuple[str, ...]:
        """What the update said besides its rating, in the words every front end confirms it with."""
        update = self.update
        return tuple(part for part in (
            f"“{update.commentary}”" if update.commentary else "",
            f"forecast {update.forecast:%d %b %Y}" if update.forecast else "",
            "evidence linked" if update.evidence else "",
        ) if part)


@dataclass(frozen=True)
class Choice:
    """A reply that could be about several actions: the person picks one."""

    reading: Reading
    actions: list[Action]


@dataclass(frozen=True)
class Unsure:
    """A reply read with a doubt (two ratings, a negation, a date that may be context, "next Friday"): nothing is
    stored until the owner records this reading or changes it, because a wrong rating stored with confidence is
    worse than a question back."""

    reading: Reading
    action: Action
    key: BragKey
    evidence: str | None = None
    """The link the reply gave, so a form to change the reading starts with it."""

    @property
    def rating_label(self) -> str:
        return self.key.label(self.reading.rating or "")

    def forecast_words(self, emphasis: str = "") -> str:
        """`forecast Fri 26 Jan 2018` (the date between `emphasis` marks, such as Slack's `*`), or that there is
        none: said either way, since a missing date may be the doubt."""
        forecast = self.reading.forecast
        return f"forecast {emphasis}{forecast:%a %d %b %Y}{emphasis}" if forecast else "no forecast date"

    @property
    def doubts(self) -> str:
        """Why the owner is asked: "two ratings named; the date may not be a forecast"."""
        return "; ".join(self.reading.unsure)


def decode_entities(text: str) -> str:
    """Text as the person typed it, from a chat surface (Slack) that sends `&`, `<` and `>` as `&amp;`, `&lt;`
    and `&gt;`, so that a bare `<` only ever opens its own markup (a mention, a link). Those three and no other
    entity, in one pass: someone who types `&lt;` sends `&amp;lt;`, which must come back as `&lt;`."""
    return ENTITY.sub(lambda match: CHARACTERS[match[1]], text)


def refusal(person: Person, action: Action, theme: Theme) -> str | None:
    """Why `person` may not rate `action`, or None when they may."""
    if person.admin or action.owner == person.email or theme.lead == person.email:
        return None
    if person.role in ("chair", "viewer"):
        return f"you can read the plan but not rate actions ({person.role}s read; owners, theme leads and the programme office rate)"
    return (f"{action.ref} is owned by someone else; owners rate their own actions, theme leads those of "
            "their theme, and the programme office any")


def validate(new: NewUpdate, key: BragKey) -> None:
    if new.rating not in key.codes():
        raise ReadinessError(f"unknown rating {new.rating!r}: use {', '.join(r.label for r in key.ratings)}")
    if len(new.commentary) > MAX_COMMENTARY:
        raise ReadinessError(f"the commentary is {len(new.commentary)} characters; keep it under {MAX_COMMENTARY}")
    if new.evidence is not None and (len(new.evidence) > MAX_EVIDENCE or not URL.match(new.evidence)):
        raise ReadinessError("the evidence must be a link starting with https://")
    if key.get(new.rating).requires_evidence and not new.evidence:
        raise EvidenceNeeded(f"{key.label(new.rating)} means complete and evidenced: add an evidence link "
                             "(use *Add detail*, or put the link in your reply)")


def _permitted(uow: UnitOfWork, email: str, ref: str) -> tuple[Person, Action]:
    person = uow.plan.person(email)
    if person is None:
        raise UnknownPerson(email)
    action = uow.plan.action(ref.strip().lower())
    if action is None:
        raise UnknownAction(ref.strip(), uow.plan.refs())
    theme = next(t for t in uow.plan.themes() if t.number == action.theme)
    reason = refusal(person, action, theme)
    if reason:
        raise Refused(f"Nothing was recorded: {reason}.")
    if action.withdrawn is not None:
        raise Refused(f"Nothing was recorded: {action.ref} was withdrawn as no longer needed, so it takes no updates; "
                      "its body's chair or the programme office can add it again as a new action.")
    return person, action


def record_update(new: NewUpdate, *, uow: UnitOfWork, now: datetime) -> Recorded:
    """Checks and records one update; the same request key twice records it once."""
    with uow:
        person, action = _permitted(uow, new.by, new.ref)
        key = uow.plan.key()
        history = uow.updates.histories([action.ref], until=None).get(action.ref, [])
        if new.request_key and (earlier := uow.updates.by_request(new.request_key)):
            return Recorded(earlier, _before(history, earlier), action, key, repeated=True)
        validate(new, key)
        update = Update(action.ref, now, new.rating, person.email, new.via, new.commentary, new.evidence,
                        new.forecast)
        added = uow.updates.add(update, request_key=new.request_key)
        if added is None:
            earlier = uow.updates.by_request(new.request_key or "")
            assert earlier is not None
            return Recorded(earlier, _before(history, earlier), action, key, repeated=True)
        uow.commit()
        return Recorded(added, history[-1] if history else None, action, key)


def _before(history: Sequence[Update], update: Update) -> Update | None:
    earlier = [u for u in history if u.id != update.id and (u.at, u.id or 0) < (update.at, update.id or 0)]
    return earlier[-1] if earlier else None


def undo(update_id: int, *, by: str, via: Channel, uow: UnitOfWork, now: datetime) -> Recorded:
    """Restores the state before an update by recording a new one; history is never rewritten."""
    with uow:
        undone = uow.updates.get(update_id)
        if undone is None:
            raise ReadinessError("There is nothing to undo.")
        person, action = _permitted(uow, by, undone.action)
        key = uow.plan.key()
        history = uow.updates.histories([action.ref], until=None).get(action.ref, [])
        request_key = f"undo:{update_id}"
        if earlier := uow.updates.by_request(request_key):
            return Recorded(earlier, undone, action, key, repeated=True)
        if history and history[-1].id != undone.id:
            raise ReadinessError(f"{action.ref} has been updated since, so that can't be undone; "
                                 "give a new update instead.")
        previous = _before(rated(history), undone)
        restored = Update(
            action.ref, now, previous.rating if previous else NOT_RATED, person.email, via,
            f"Undo: back to {key.label(previous.rating if previous else NOT_RATED)}"
            + (f" ({previous.commentary})" if previous and previous.commentary else ""),
            previous.evidence if previous else None, previous.forecast if previous else None,
        )
        added = uow.updates.add(restored, request_key=request_key)
        uow.commit()
        return Recorded(added or restored, undone, action, key, repeated=added is None)


def read(text: str, *, uow: UnitOfWork, today: date) -> Reading:
    """What the reader takes from a reply on the plan's own BRAG key, so a PMO can see it without sending it."""
    with uow:
        key, refs = uow.plan.key(), uow.plan.refs()
    return read_reply(text, key=key, today=today, refs=refs)


def record_reply(text: str, *, by: str, via: Channel, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ,
                 thread_refs: Sequence[str] = (), request_key: str | None = None, read_on: date | None = None,
                 confirmed: bool = False) -> Recorded | Choice | Unsure:
    """A free-text reply: the rating, commentary and forecast it gives, about the action it names, the
    action of the thread it is in, or the person's only open action; else a choice to make, among the
    thread's actions when it is a check-in's thread about several, or among the person's open actions.
    A reading with a doubt is offered back (`Unsure`) unless the owner has `confirmed` it. Relative dates
    are read as of `read_on`, the day the reply was sent, when it is read again later."""
    with uow:
        key, refs = uow.plan.key(), uow.plan.refs()
        if uow.plan.person(by) is None:
            raise UnknownPerson(by)
    reading = read_reply(text, key=key, today=read_on or local_date(now, tz), refs=refs)
    if reading.rating is None:
        raise Unreadable()
    ref = reading.ref or (thread_refs[0] if len(thread_refs) == 1 else None)
    if ref is None:
        candidates = _actions(thread_refs, uow=uow) if thread_refs else open_actions(by, uow=uow, now=now)
        if not candidates:
            raise ReadinessError(f"You have no open actions, so say which action you mean: {EXAMPLE}.")
        if len(candidates) > 1:
            return Choice(reading, candidates)
        ref = candidates[0].ref
    if reading.confirm and not confirmed:
        with uow:
            _, action = _permitted(uow, by, ref)
        return Unsure(reading, action, key, evidence_in(text))
    return record_update(NewUpdate(ref, reading.rating, by, via, reading.commentary, evidence_in(text),
                                   reading.forecast, request_key), uow=uow, now=now)


def offered(text: str, *, ref: str, by: str, uow: UnitOfWork, today: date) -> Unsure:
    """The reading of a reply about one action as the owner is offered it to change: never recorded, whatever
    the reader makes of it, since the owner has asked to change it."""
    with uow:
        key, refs = uow.plan.key(), uow.plan.refs()
        _, action = _permitted(uow, by, ref)
    reading = read_reply(text, key=key, today=today, refs=refs)
    if reading.rating is None:
        raise Unreadable()
    return Unsure(reading, action, key, evidence_in(text))


def evidence_in(text: str) -> str | None:
    """A link in a reply is its evidence, so `done, see https://...` can make an action Blue."""
    match = re.search(r"<?(https?://[^\s<>|]+)", text)
    return match.group(1) if match else None


def _actions(refs: Sequence[str], *, uow: UnitOfWork) -> list[Action]:
    with uow:
        return [action for ref in refs if (action := uow.plan.action(ref)) is not None]


def open_actions(email: str, *, uow: UnitOfWork, now: datetime) -> list[Action]:
    """The actions a person owns that are not complete as of now."""
    with uow:
        key = uow.plan.key()
        actions = uow.plan.actions(owner=email)
        histories = uow.updates.current([a.ref for a in actions], until=now)
        return [a for a in actions if not key.is_complete(current_rating(histories.get(a.ref, ())))]
