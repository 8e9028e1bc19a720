"""A conversation with the bot, whatever carries it: what a reply means and what becomes of it.

Slack and the console only translate: a DM or a typed line becomes a `Reply`, and what comes back
(an answer to ask for, a recorded update, a choice to offer) is drawn by the front end. The rules
live here once: an instruction (snooze, leave, not mine) first, then a question or `update …`,
then a data owner's figure (`69%`, `repeat referrals 18.1%`, `n/a - …`) or a note on one, else an update to read about the action its words name, the action of the prompt it answers, or
the person's only open action; otherwise the person chooses. A reply is kept until it is recorded
(one transaction keeps it, one reads and records it), so one acknowledged and then lost in a crash
is read again, and the same reply twice is recorded once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from governance.availability import Answered, follow, read_instruction
from governance.errors import ReadinessError, UnknownAction
from governance.figures import FigureRecorded, FigureUnsure, figure_reply
from governance.model import Channel, Prompt
from governance.ports import Joined, Speaker, UnitOfWork
from governance.meetings import MeetingRequest
from governance.questions import (
    AgendaRequest, ArisingRequest, GovernanceRequest, MeetingFormRequest, Question, Request, UpdateRequest,
    WithdrawRequest, direct_request,
)
from governance.services import find_body
from governance.recording import Choice, Recorded, Unsure, offered, record_reply
from governance.workdays import local_date

REPLY_LEASE = timedelta(seconds=60)
"""How long a replica has to record a reply it kept before another may read it again, unless told otherwise."""


@dataclass(frozen=True)
class Reply:
    """Words a person sent the bot: where they were said, and the key that makes them count once."""

    text: str
    via: Channel
    channel: str = ""
    """The conversation: a Slack DM's id, or the console's."""
    thread: str | None = None
    """The message it answers (a prompt or a check-in), when it was said in its thread."""
    request_key: str | None = None
    commands_via: Channel = Channel.COMMAND
    """What an `update …` said here is recorded as coming through: in Slack the app's command, typed in a DM;
    in the console, the console."""


@dataclass(frozen=True)
class Asked:
    """The reply is a question or a governance request: the front end answers it as it answers the app's command."""

    question: Question | GovernanceRequest


@dataclass(frozen=True)
class PromptWanted:
    """`update 5b(ii)` alone: the person wants the action's prompt, with its buttons."""

    ref: str


Outcome = Asked | PromptWanted | Answered | Recorded | Choice | Unsure | FigureRecorded | FigureUnsure


def take_event(event_id: str, *, uow: UnitOfWork, now: datetime, reply: str | None = None,
               lease: timedelta = REPLY_LEASE) -> bool:
    """True the first time an event is seen (or a kept reply's lease has run out); a reply's body is kept
    until `converse` has recorded it. The one short write before a reply is acknowledged."""
    with uow:
        first = uow.conversations.claim_event(event_id, now, body=reply,
                                              lease_until=now + lease if reply is not None else None)
        uow.commit()
        return first


def converse(reply: Reply, *, speaker: Speaker, uow: UnitOfWork, now: datetime, tz: str,
             event_id: str | None = None) -> Outcome:
    """Reads and acts on a reply in one transaction, finishing its event there too. A reply that asks
    "which action?" or "did I read you right?" stays kept for `choose`; any other ending, a refusal included,
    lets it go."""
    try:
        with uow:
            joined = Joined(uow)
            person = speaker.person(joined)
            outcome = _act(reply, person.email, uow=joined, now=now, tz=tz)
            if event_id:
                uow.conversations.finish_event(event_id, now,
                                               keep_body=isinstance(outcome, Choice | Unsure | FigureUnsure))
            uow.commit()
            return outcome
    except Exception as failure:
        if event_id:
            _let_go(event_id, failure, uow=uow, now=now)
        raise


def _meant(request: Request | None, uow: UnitOfWork) -> Request | None:
    """A governance request in a reply only when it names a body (or an action) the plan has: "meeting with the
    provider went well, 3a green" is an owner's update, not a form for a body called "with the provider…"."""
    if isinstance(request, (MeetingRequest, MeetingFormRequest, ArisingRequest, AgendaRequest)):
        return request if find_body(uow.plan.bodies(), request.body) else None
    if isinstance(request, WithdrawRequest):
        return request if uow.plan.action(request.ref.lower()) else None
    return request


def _act(reply: Reply, email: str, *, uow: UnitOfWork, now: datetime, tz: str) -> Outcome:
    instruction = read_instruction(reply.text, today=local_date(now, tz))
    if instruction is not None:
        return follow(instruction, person=email, uow=uow, now=now, tz=tz, thread_refs=_thread(reply, uow))
    request = _meant(direct_request(reply.text), uow)
    if isinstance(request, UpdateRequest):
        return give_update(request, by=email, via=reply.commands_via, request_key=reply.request_key, uow=uow, now=now,
                           tz=tz)
    if request is not None:
        return Asked(request)
    figure = figure_reply(reply.text, by=email, via=reply.via, uow=uow, now=now, tz=tz, request_key=reply.request_key)
    if figure is not None:
        return figure
    return record_reply(reply.text, by=email, via=reply.via, uow=uow, now=now, tz=tz, thread_refs=_thread(reply, uow),
                        request_key=reply.request_key)


def _thread(reply: Reply, uow: UnitOfWork) -> list[str]:
    """The actions of the prompt or check-in the reply answers, in the order it showed them."""
    if not reply.thread:
        return []
    return uow.conversations.thread_actions(reply.channel, reply.thread)


def _let_go(event_id: str, failure: Exception, *, uow: UnitOfWork, now: datetime) -> None:
    """A reply that ended in a refusal or an error is not read again. If even that cannot be stored (the store
    is down), the reply stays kept and is read again after its lease; the first failure is what is reported."""
    try:
        with uow:
            uow.conversations.finish_event(event_id, now)
            uow.commit()
    except Exception as also:
        failure.add_note(f"the reply was kept to be read again: {also}")


def give_update(request: UpdateRequest, *, by: str, via: Channel = Channel.COMMAND, request_key: str | None,
                uow: UnitOfWork, now: datetime, tz: str, keep: str | None = None) -> Recorded | PromptWanted | Unsure:
    """`update REF rating text` records at once, unless the reading needs the owner's word: then `keep` (the
    front end's record of the request) is kept under its request key for `choose` to confirm; `update REF`
    alone asks for the action's prompt."""
    if request.asks_for_prompt:
        with uow:
            action = uow.plan.action(request.ref.lower())
            if action is None:
                raise UnknownAction(request.ref, uow.plan.refs())
            return PromptWanted(action.ref)
    with uow:
        outcome = record_reply(request.text, by=by, via=via, uow=Joined(uow), now=now, tz=tz,
                               thread_refs=[request.ref], request_key=request_key)
        assert not isinstance(outcome, Choice), "one thread ref always names the action"
        if isinstance(outcome, Unsure) and request_key and keep is not None:
            uow.conversations.claim_event(request_key, now, body=keep)
            uow.conversations.finish_event(request_key, now, keep_body=True)
        uow.commit()
        return outcome


def choose(event_id: str, ref: str, *, speaker: Speaker, unpack: Callable[[str], Reply], uow: UnitOfWork,
           now: datetime, tz: str, confirmed: bool = False) -> Recorded | Unsure:
    """The answer to "which action is this about?" or, `confirmed`, to "did I read you right?": the kept reply,
    read again as of the day it was sent, is recorded against `ref` under its own request key, so once however
    often it is clicked. An unconfirmed reading with a doubt is offered back first. A click on a reply the action
    has been updated since is refused: an old reading must not overwrite a newer one."""
    with uow:
        joined = Joined(uow)
        person = speaker.person(joined)
        kept = _kept(event_id, unpack, uow=joined, tz=tz)
        _not_overtaken(kept, ref, uow=joined, now=now)
        outcome = record_reply(kept.text, by=person.email, via=kept.via, uow=joined, now=now, tz=tz,
                               thread_refs=[ref], request_key=kept.request_key, confirmed=confirmed,
                               read_on=kept.read_on)
        assert not isinstance(outcome, Choice), "one thread ref always names the action"
        uow.commit()
        return outcome


def confirm_figure(event_id: str, *, speaker: Speaker, unpack: Callable[[str], Reply], uow: UnitOfWork,
                   now: datetime, tz: str) -> FigureRecorded:
    """*Record* on a figure in doubt: the kept reply, read again as of the day it was sent, stored under its own
    request key, so once however often it is clicked."""
    with uow:
        joined = Joined(uow)
        person = speaker.person(joined)
        kept = _kept(event_id, unpack, uow=joined, tz=tz)
        outcome = figure_reply(kept.text, by=person.email, via=kept.via, uow=joined, now=now, tz=tz,
                               request_key=kept.request_key, confirmed=True, read_on=kept.read_on)
        if not isinstance(outcome, FigureRecorded):
            raise ReadinessError("I no longer read a figure in that reply, so nothing was recorded: send it again.")
        uow.commit()
        return outcome


def reconsider(event_id: str, ref: str, *, speaker: Speaker, unpack: Callable[[str], Reply], uow: UnitOfWork,
               tz: str) -> Unsure:
    """The kept reply's reading, for the owner who asked to change it: what a form to change it starts from."""
    with uow:
        joined = Joined(uow)
        person = speaker.person(joined)
        kept = _kept(event_id, unpack, uow=joined, tz=tz)
        return offered(kept.text, ref=ref, by=person.email, uow=joined, today=kept.read_on)


@dataclass(frozen=True)
class _Kept:
    text: str
    via: Channel
    request_key: str | None
    received: datetime
    read_on: date


def _kept(event_id: str, unpack: Callable[[str], Reply], *, uow: UnitOfWork, tz: str) -> _Kept:
    """A kept reply as the core first read it: through `unpack` (the front end's own record of it), with
    `update REF …` read as the command's words, as of the day it arrived."""
    body = uow.conversations.event_body(event_id)
    received = uow.conversations.event_received(event_id)
    reply = unpack(body) if body else None
    if reply is None or not reply.text or received is None:
        raise ReadinessError("I no longer have that reply: send your update again, starting with the action's ref.")
    request = _meant(direct_request(reply.text), uow)
    if isinstance(request, UpdateRequest):
        return _Kept(request.text, reply.commands_via, reply.request_key, received, local_date(received, tz))
    return _Kept(reply.text, reply.via, reply.request_key, received, local_date(received, tz))


def _not_overtaken(kept: _Kept, ref: str, *, uow: UnitOfWork, now: datetime) -> None:
    if kept.request_key and uow.updates.by_request(kept.request_key):
        return
    latest = uow.updates.current([ref.lower()], until=now).get(ref.lower())
    if latest and latest[-1].at >= kept.received:
        raise ReadinessError(f"{ref} has been updated since you sent that, so nothing was recorded: send it again "
                             "if it still stands.")


def remember_prompt(*, channel: str, ts: str, refs: list[str], person: str, uow: UnitOfWork, now: datetime) -> None:
    """A message that asked about these actions, in this order: a reply in its thread is about them."""
    with uow:
        for ref in refs:
            uow.conversations.add_prompt(Prompt(channel, ts, ref, person, now))
        uow.commit()


def unfinished_replies(*, uow: UnitOfWork, now: datetime) -> list[tuple[str, str]]:
    """(event id, body) of replies kept and never recorded whose lease has run out: to be read again."""
    with uow:
        return uow.conversations.unfinished_events(at=now)
