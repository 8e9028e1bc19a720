"""Collecting updates in Slack: prompt buttons, the detail form, free-text DM replies, `update …`, undo.

Each listener acknowledges first, then parses, calls one use case and renders what it returned.
Every update carries a request key drawn from Slack's own ids, so a double click, a resubmitted
form or a retried event records one update. A click redraws only its own action's rows, so a
check-in about several actions keeps the others' buttons. A reply read with a doubt is recorded only
when its owner clicks *Record* (or changes it in the form): the core keeps the reply until then.
"""
from __future__ import annotations

import json
import re
from concurrent.futures import Executor
from datetime import date
from typing import Any, Callable, assert_never

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from governance.availability import Answered
from governance.conversation import Asked, Outcome, PromptWanted, Reply
from governance.errors import ReadinessError
from governance.figures import FigureRecorded, FigureUnsure
from governance.model import Channel
from governance.questions import Question, UpdateRequest
from governance.recording import URL, Choice, EvidenceNeeded, NewUpdate, Recorded, Unsure, decode_entities
from handlers.slack import checkin, figures, meetings, prompts
from handlers.slack.blocks import Block, Paging, escape
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import FieldError, answering_errors, answering_view_errors, shown_to_person
from handlers.slack.status import answer_message

Say = Callable[..., Any]


def _deps(context: dict[str, Any]) -> tuple[SlackDeps, Viewer]:
    return context["deps"], context["viewer"]


def _ref(action: dict[str, Any]) -> str:
    try:
        return str(json.loads(action["value"])["ref"])
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: ask again with `update REF`.") from None


def _kept(action: dict[str, Any]) -> tuple[str, str]:
    """The ref and the kept reply's id a choice, *Record* or *Change* button carries."""
    try:
        carried = json.loads(action["value"])
        return str(carried["ref"]), str(carried["event"])
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: send your update again.") from None


def send_prompt(client: WebClient, deps: SlackDeps, *, ref: str, user_id: str, email: str,
                intro: str = "") -> tuple[str, str]:
    """DMs the prompt about one action and remembers it, so a reply in its thread is about that action.
    Returns the DM's channel and the message's ts."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    return post_prompt(client, deps, channel=channel, ref=ref, email=email, intro=intro)


def post_prompt(client: WebClient, deps: SlackDeps, *, channel: str, ref: str, email: str, intro: str = "",
                metadata: dict[str, Any] | None = None) -> tuple[str, str]:
    """Posts the prompt about one action in `channel` (`intro` above it) and remembers it for the person. The ref
    travels in the message's metadata too (under `event_payload`), so a send whose answer was lost can remember it
    when it is found. Returns the channel and the message's ts."""
    status = deps.programme.action_status(ref)
    refs = [status.state.action.ref]
    carried = {"metadata": {**metadata, "event_payload": {**metadata.get("event_payload", {}), "refs": refs}}} \
        if metadata else {}
    posted = client.chat_postMessage(channel=channel, text=prompts.prompt_text(status),
                                     blocks=prompts.prompt_blocks(status, intro), **carried)
    deps.programme.remember_prompt(channel=posted["channel"], ts=posted["ts"], refs=refs, person=email)
    return posted["channel"], posted["ts"]


def _message_blocks(body: dict[str, Any]) -> list[Block]:
    return list((body.get("message") or {}).get("blocks") or [])


def rate(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient,
         context: dict[str, Any]) -> None:
    """A rating button: records at once, or opens the form when that rating needs evidence."""
    ack()
    deps, viewer = _deps(context)
    ref, rating = _ref(action), prompts.rating_of(action["action_id"])
    container = body.get("container", {})
    new = NewUpdate(ref, rating, viewer.person().email, Channel.SLACK_DM,
                    request_key=f"button:{container.get('channel_id')}:{container.get('message_ts')}:{ref}:{rating}")
    try:
        recorded = deps.programme.record_update(new)
    except EvidenceNeeded:
        _open_form(client, deps, body, ref, rating)
        return
    respond(replace_original=True, text=prompts.confirmation_line(recorded),
            blocks=prompts.with_rows(_message_blocks(body), ref, prompts.recorded_rows(recorded)))


def add_detail(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient,
               context: dict[str, Any]) -> None:
    ack()
    deps, viewer = _deps(context)
    viewer.person()
    _open_form(client, deps, body, _ref(action), None)


def _open_form(client: WebClient, deps: SlackDeps, body: dict[str, Any], ref: str, rating: str | None, *,
               commentary: str = "", forecast: date | None = None, evidence: str | None = None) -> None:
    """The detail form, told which message to redraw once it is submitted: none for an ephemeral message, which
    only its response URL can change, so the form's confirmation goes to the person's DM instead."""
    status = deps.programme.action_status(ref)
    container = body.get("container", {})
    redraw = not container.get("is_ephemeral")
    client.views_open(trigger_id=body["trigger_id"], view=prompts.modal_view(
        status, status.key, channel=container.get("channel_id") if redraw else None,
        ts=container.get("message_ts") if redraw else None, rating=rating, commentary=commentary, forecast=forecast,
        evidence=evidence))


def submit_form(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """Field errors go back into the form; a valid submission is recorded and shown on the prompt it came
    from (or, from the Home tab, confirmed in the DM)."""
    deps, viewer = _deps(context)
    person = viewer.person()
    origin = prompts.form_origin(view, f"This form is out of date, so nothing was recorded: close it and ask "
                                       f"again with `{deps.command} update REF`.", needs=("ref",))
    values = prompts.modal_values(view)
    errors = {}
    if not values["rating"]:
        errors["rating"] = "Choose a rating."
    evidence = values["evidence"]
    if evidence and not URL.match(evidence):
        errors["evidence"] = "Give a link starting with https://"
    if errors:
        ack(response_action="errors", errors=errors)
        return
    forecast = prompts.picked_date(values["forecast"], "forecast")
    new = NewUpdate(origin["ref"] or "", values["rating"] or "", person.email, Channel.MODAL,
                    values["commentary"] or "", evidence, forecast, request_key=f"view:{origin['id']}")
    try:
        recorded = deps.programme.record_update(new)
    except EvidenceNeeded as missing:
        raise FieldError("evidence", str(missing)) from None
    ack()
    _show_on_prompt(client, recorded, channel=origin["channel"], ts=origin["ts"], fallback=viewer.user_id)


def _show_on_prompt(client: WebClient, recorded: Recorded, *, channel: str | None, ts: str | None,
                    fallback: str) -> None:
    """Redraws the prompt the form was opened from with what was recorded; with no prompt to redraw (the
    form came from the Home tab, or the prompt is gone), confirms in a DM instead."""
    text, rows = prompts.confirmation_line(recorded), prompts.recorded_rows(recorded)
    if channel and ts:
        try:
            found = client.conversations_history(channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1)
            prompt = next((m for m in found.get("messages") or [] if m.get("ts") == ts), None)
            if prompt:
                blocks = prompts.with_rows(prompt.get("blocks") or [], recorded.action.ref, rows)
                client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
                return
        except SlackApiError:
            pass
    client.chat_postMessage(channel=channel or fallback, text=text, blocks=rows)


def is_owner_reply(event: dict[str, Any]) -> bool:
    """A person's own message in a DM with the bot: not an edit, a join or the bot's own post, and never one
    that names no sender, which no one could be identified from or answered."""
    return (event.get("type") == "message" and event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and bool(event.get("user")))


def typed_text(text: object) -> str:
    """A message's or a command's text as the person typed it: Slack sends `&`, `<` and `>` encoded. Decoded
    before anything reads it, mentions and links keep their brackets, so the reply reader still sees
    `<https://…>` whole, and the evidence taken from it has its `&` back."""
    return decode_entities(text) if isinstance(text, str) else ""


def reply_of(event: dict[str, Any]) -> Reply:
    """A DM as the core reads it: the words as typed, where they were said (the prompt's thread, if any),
    and the key, drawn from Slack's own ids, that records them once however often Slack delivers them."""
    channel, ts = event.get("channel") or "", event.get("ts") or ""
    return Reply(typed_text(event.get("text")), Channel.SLACK_DM, channel=channel, thread=event.get("thread_ts"),
                 request_key=f"message:{channel}:{ts}")


def command_record(request: UpdateRequest, request_key: str) -> str:
    """What the core keeps of `/readiness update …` read with a doubt, for `kept_reply` to read back when the
    owner clicks *Record*."""
    return json.dumps({"command": {"text": request.text, "request_key": request_key}})


def kept_reply(body: str) -> Reply:
    """The reply a kept body held: a command's record (`command_record`), or the raw Slack request
    `take_event` stored for a DM."""
    kept = json.loads(body)
    if "command" in kept:
        command = kept["command"]
        return Reply(str(command["text"]), Channel.COMMAND, request_key=str(command["request_key"]))
    return reply_of(kept.get("event") or {})


def direct_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A DM: a question, an instruction (snooze, leave, not mine), or an update to read, in the DM or in a
    prompt's thread. The core reads, records and finishes it in one transaction; a reply that asks "which
    action?" keeps its body there, so the choice buttons carry only the event's id. The reply was kept before
    the acknowledgement, so nothing that can fail comes before `converse`, which finishes it whatever happens."""
    if not is_owner_reply(event):
        return
    deps, viewer = _deps(context)
    event_id = str(body.get("event_id") or "")
    thread = event.get("thread_ts")
    reply_in = {"channel": event.get("channel") or viewer.user_id, **({"thread_ts": thread} if thread else {})}

    def say(**message: Any) -> None:
        """Answers in the DM (or the thread), where everything the bot says is for this person alone."""
        client.chat_postMessage(**reply_in, **message)

    try:
        reply = reply_of(event)
        outcome = deps.programme.converse(reply, speaker=viewer.speaker, event_id=event_id)
        _say_outcome(outcome, say=say, event_id=event_id, viewer=viewer, deps=deps, client=client, reply=reply)
    except ReadinessError as refusal:
        say(text=escape(shown_to_person(refusal)))


def _say_outcome(outcome: Outcome, *, say: Say, event_id: str, viewer: Viewer, deps: SlackDeps,
                client: WebClient, reply: Reply) -> None:
    """What became of a DM, said back in it: one case per outcome the core can return. A governance request is done
    as the command does it, under the reply's own key; an odd figure's *Change* fills the form in with the reply's
    words."""
    match outcome:
        case Asked(Question() as question):
            asker = viewer.person().email if question.about_asker else None
            say(**answer_message(question, deps=deps, asker=asker,
                                 paging=Paging(question.text, who=viewer.user_id, shareable=False)))
        case Asked(request):
            said = meetings.act(request, deps=deps, viewer=viewer, client=client, via=Channel.SLACK_DM,
                                request_key=reply.request_key or f"event:{event_id}", trigger_id=None)
            if said:
                say(**said)
        case PromptWanted(ref):
            send_prompt(client, deps, ref=ref, user_id=viewer.user_id, email=viewer.person().email)
        case Answered():
            say(text=checkin.answered_line(outcome))
        case Choice():
            say(text="Which action is this about?", blocks=prompts.choice_blocks(outcome, event_id))
        case Unsure():
            say(text=prompts.unsure_text(outcome), blocks=prompts.unsure_rows(outcome, event_id))
        case Recorded():
            say(text=prompts.confirmation_line(outcome), blocks=prompts.recorded_rows(outcome))
        case FigureRecorded():
            say(**figures.recorded_message(outcome))
        case FigureUnsure():
            say(**figures.unsure_message(outcome, event_id, reply.text))
        case _:
            assert_never(outcome)


def choose(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    """The answer to "which action is this about?": the kept reply is read again against the chosen action and
    recorded under the reply's own request key, so once however often it is clicked; or, read with a doubt,
    offered to its owner to record or change."""
    ack()
    deps, viewer = _deps(context)
    ref, event_id = _kept(action)
    outcome = deps.programme.choose(event_id, ref, speaker=viewer.speaker, unpack=kept_reply)
    _show_chosen(outcome, respond=respond, event_id=event_id)


def record_reading(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    """*Record* under a reading in doubt: the owner's word that it is right. The kept reply is read again as of
    the day it was sent and recorded under its own request key, so a second click records nothing more."""
    ack()
    deps, viewer = _deps(context)
    ref, event_id = _kept(action)
    outcome = deps.programme.choose(event_id, ref, speaker=viewer.speaker, unpack=kept_reply, confirmed=True)
    _show_chosen(outcome, respond=respond, event_id=event_id)


def _show_chosen(outcome: Recorded | Unsure, *, respond: Respond, event_id: str) -> None:
    """The message clicked on, redrawn with what was recorded, or with the reading its owner is to confirm."""
    match outcome:
        case Recorded():
            respond(replace_original=True, text=prompts.confirmation_line(outcome),
                    blocks=prompts.recorded_rows(outcome))
        case Unsure():
            respond(replace_original=True, text=prompts.unsure_text(outcome),
                    blocks=prompts.unsure_rows(outcome, event_id))
        case _:
            assert_never(outcome)


def change_reading(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient,
                   context: dict[str, Any]) -> None:
    """*Change* under a reading in doubt: the update form, filled in with the reading, so the owner puts it
    right and records it there. The kept reply is read again and never recorded here."""
    ack()
    deps, viewer = _deps(context)
    ref, event_id = _kept(action)
    unsure = deps.programme.reconsider(event_id, ref, speaker=viewer.speaker, unpack=kept_reply)
    reading = unsure.reading
    _open_form(client, deps, body, ref, reading.rating, commentary=reading.commentary, forecast=reading.forecast,
               evidence=unsure.evidence)
    respond(replace_original=True, text=f"Change {escape(ref)} in the form.",
            blocks=prompts.with_rows(_message_blocks(body), ref, prompts.changing_rows(ref)))


def undo_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond,
                context: dict[str, Any]) -> None:
    """Undo records the state before, and puts the action's rating buttons back for a new update."""
    ack()
    deps, viewer = _deps(context)
    recorded = deps.programme.undo(prompts.undone_id(action), by=viewer.person().email, via=Channel.SLACK_DM)
    status = deps.programme.action_status(recorded.action.ref)
    rows = prompts.undone_rows(recorded, status)
    respond(replace_original=True, text=f"Undone: {recorded.action.ref}",
            blocks=prompts.with_rows(_message_blocks(body), recorded.action.ref, rows))


def give_update(request: UpdateRequest, *, viewer: Viewer, deps: SlackDeps, client: WebClient, respond: Say,
                request_key: str) -> None:
    """`update REF RATING text` records at once, or, read with a doubt, is kept under its request key and
    offered back with *Record* and *Change*; `update REF` sends the prompt as a DM."""
    person = viewer.person()
    outcome = deps.programme.give_update(request, by=person.email, request_key=request_key,
                                         keep=command_record(request, request_key))
    match outcome:
        case PromptWanted(ref):
            send_prompt(client, deps, ref=ref, user_id=viewer.user_id, email=person.email)
            respond(response_type="ephemeral",
                    text=f"I've sent you the prompt for `{escape(ref)}` in a direct message.")
        case Unsure():
            respond(response_type="ephemeral", text=prompts.unsure_text(outcome),
                    blocks=prompts.unsure_rows(outcome, request_key))
        case Recorded():
            respond(response_type="ephemeral", text=prompts.confirmation_line(outcome),
                    blocks=prompts.recorded_rows(outcome))
        case _:
            assert_never(outcome)


def register(app: App, replies: Executor) -> None:
    """A DM is read and recorded on `replies`, its body already kept by the acknowledgement's one write."""

    def replied(ack: Ack, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
        ack()
        replies.submit(answering_errors(direct_message), event=event, body=body, client=client, context=context)

    app.action(re.compile(f"^{prompts.RATE_PREFIX}"))(answering_errors(rate))
    app.action(re.compile(f"^{prompts.DETAIL_ACTION}"))(answering_errors(add_detail))
    app.action(re.compile(f"^{prompts.CHOOSE_PREFIX}"))(answering_errors(choose))
    app.action(re.compile(f"^{prompts.RECORD_ACTION}:"))(answering_errors(record_reading))
    app.action(re.compile(f"^{prompts.CHANGE_ACTION}:"))(answering_errors(change_reading))
    app.action(re.compile(f"^{prompts.UNDO_ACTION}"))(answering_errors(undo_button))
    app.view(prompts.MODAL_CALLBACK)(answering_view_errors(submit_form))
    app.event("message")(replied)
