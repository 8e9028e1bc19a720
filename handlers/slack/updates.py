"""Collecting updates in Slack: prompt buttons, the detail modal, free-text DM replies, `/update`, undo.

Each listener acknowledges first, then parses, calls one use case and renders what it returned.
Every update carries a request key drawn from Slack's own ids, so a double click, a resubmitted
modal or a retried event records one update.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from governance import services
from governance.errors import ReadinessError
from governance.model import REF_PATTERN, Channel, Prompt
from governance.recording import URL, Choice, EvidenceNeeded, NewUpdate, record_reply, record_update, undo
from handlers.slack import conversation
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import answering_errors

UPDATE_USAGE = "use `/update 5b(ii) amber - recruitment delayed, forecast 12 Feb`, or `/update 5b(ii)` to be asked"


def _deps(context: dict[str, Any]) -> tuple[SlackDeps, Viewer]:
    return context["deps"], context["viewer"]


def _ref(action: dict[str, Any]) -> str:
    try:
        return str(json.loads(action["value"])["ref"])
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: ask again with `/update REF`.") from None


def send_prompt(client: WebClient, deps: SlackDeps, *, ref: str, user_id: str, email: str, intro: str = "",
                metadata: dict[str, Any] | None = None) -> tuple[str, str]:
    """DMs the prompt about one action and remembers it, so a reply in its thread is about that action.
    Returns the DM's channel and the message's ts."""
    status = services.action_status(ref, uow=deps.store.uow(), now=deps.clock.now(), tz=deps.tz)
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    posted = client.chat_postMessage(channel=channel, text=conversation.prompt_text(status),
                                     blocks=conversation.prompt_blocks(status, intro), metadata=metadata)
    with deps.store.uow() as uow:
        uow.conversations.add_prompt(Prompt(channel, posted["ts"], status.state.action.ref, email, deps.clock.now()))
        uow.commit()
    return channel, posted["ts"]


def rate(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient,
         context: dict[str, Any]) -> None:
    """A rating button: records at once, or opens the modal when that rating needs evidence."""
    ack()
    deps, viewer = _deps(context)
    ref, rating = _ref(action), action["action_id"].removeprefix(conversation.RATE_PREFIX)
    container = body.get("container", {})
    new = NewUpdate(ref, rating, viewer.person().email, Channel.SLACK_DM,
                    request_key=f"button:{container.get('channel_id')}:{container.get('message_ts')}:{rating}")
    try:
        recorded = record_update(new, uow=deps.store.uow(), now=deps.clock.now())
    except EvidenceNeeded:
        _open_modal(client, deps, body, ref, rating)
        return
    respond(replace_original=True, text=conversation.confirmation_line(recorded),
            blocks=conversation.confirmation_blocks(recorded))


def add_detail(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient,
               context: dict[str, Any]) -> None:
    ack()
    deps, viewer = _deps(context)
    viewer.person()
    _open_modal(client, deps, body, _ref(action), None)


def _open_modal(client: WebClient, deps: SlackDeps, body: dict[str, Any], ref: str, rating: str | None) -> None:
    status = services.action_status(ref, uow=deps.store.uow(), now=deps.clock.now(), tz=deps.tz)
    container = body.get("container", {})
    client.views_open(trigger_id=body["trigger_id"], view=conversation.modal_view(
        status, status.key, channel=container.get("channel_id"), ts=container.get("message_ts"), rating=rating))


def submit_modal(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """Field errors go back into the modal; a valid submission is recorded and confirmed in the DM."""
    deps, viewer = _deps(context)
    values = conversation.modal_values(view)
    errors = {}
    if not values["rating"]:
        errors["rating"] = "Choose a rating."
    evidence = values["evidence"]
    if evidence and not URL.match(evidence):
        errors["evidence"] = "Give a link starting with https://"
    if errors:
        ack(response_action="errors", errors=errors)
        return
    metadata = json.loads(view.get("private_metadata") or "{}")
    forecast = date.fromisoformat(values["forecast"]) if values["forecast"] else None
    new = NewUpdate(metadata.get("ref", ""), values["rating"] or "", viewer.person().email, Channel.MODAL,
                    values["commentary"] or "", evidence, forecast, request_key=f"view:{view['id']}")
    try:
        recorded = record_update(new, uow=deps.store.uow(), now=deps.clock.now())
    except EvidenceNeeded as missing:
        ack(response_action="errors", errors={"evidence": str(missing)[:150]})
        return
    except ReadinessError as refused:
        ack(response_action="errors", errors={"rating": str(refused)[:150]})
        return
    ack()
    channel = metadata.get("channel") or viewer.user_id
    client.chat_postMessage(channel=channel, text=conversation.confirmation_line(recorded),
                            blocks=conversation.confirmation_blocks(recorded))


def is_owner_reply(event: dict[str, Any]) -> bool:
    """A person's own message in a DM with the bot: not an edit, a join or the bot's own post."""
    return (event.get("type") == "message" and event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id"))


def direct_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A free-text reply in the DM or in a prompt's thread; finished in the store however it ends."""
    if not is_owner_reply(event):
        return
    deps = context["deps"]
    try:
        _reply_to(event, client, context)
    finally:
        with deps.store.uow() as uow:
            uow.conversations.finish_event(body.get("event_id", ""), deps.clock.now())
            uow.commit()


def _reply_to(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    deps, viewer = _deps(context)
    channel, thread = event["channel"], event.get("thread_ts")
    reply_in = {"channel": channel, "thread_ts": thread} if thread else {"channel": channel}
    try:
        person = viewer.person()
        prompt = None
        if thread:
            with deps.store.uow() as uow:
                prompt = uow.conversations.prompt(channel, thread)
        outcome = record_reply(event.get("text", ""), by=person.email, via=Channel.SLACK_DM, uow=deps.store.uow(),
                               now=deps.clock.now(), tz=deps.tz, thread_ref=prompt.action if prompt else None,
                               request_key=f"message:{channel}:{event['ts']}")
    except ReadinessError as refusal:
        client.chat_postMessage(text=conversation.escape(str(refusal)), **reply_in)
        return
    if isinstance(outcome, Choice):
        if len(outcome.reading.commentary) > conversation.CHOICE_COMMENTARY:
            client.chat_postMessage(text="That's a long update: please send it again starting with the action's "
                                         "ref, e.g. `5b(ii) amber - ...`", **reply_in)
            return
        client.chat_postMessage(text="Which action is this about?", blocks=conversation.choice_blocks(outcome),
                                **reply_in)
        return
    client.chat_postMessage(text=conversation.confirmation_line(outcome),
                            blocks=conversation.confirmation_blocks(outcome), **reply_in)


def choose(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond,
           context: dict[str, Any]) -> None:
    """The answer to "which action is this about?": records the reply that asked it."""
    ack()
    deps, viewer = _deps(context)
    try:
        carried = json.loads(action["value"])
        forecast = date.fromisoformat(carried["forecast"]) if carried.get("forecast") else None
        ref, rating, commentary = carried["ref"], carried["rating"], carried["commentary"]
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: send your update again.") from None
    container = body.get("container", {})
    new = NewUpdate(ref, rating, viewer.person().email, Channel.SLACK_DM, commentary, None, forecast,
                    request_key=f"choose:{container.get('channel_id')}:{container.get('message_ts')}")
    recorded = record_update(new, uow=deps.store.uow(), now=deps.clock.now())
    respond(replace_original=True, text=conversation.confirmation_line(recorded),
            blocks=conversation.confirmation_blocks(recorded))


def undo_button(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    ack()
    deps, viewer = _deps(context)
    try:
        update_id = int(action["value"])
    except (KeyError, ValueError):
        raise ReadinessError("That button is out of date.") from None
    recorded = undo(update_id, by=viewer.person().email, via=Channel.SLACK_DM, uow=deps.store.uow(),
                    now=deps.clock.now())
    respond(replace_original=True, text=f"Undone: {recorded.action.ref}", blocks=conversation.undone_blocks(recorded))


def update_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient,
                   context: dict[str, Any]) -> None:
    """`/update REF RATING text` records at once; `/update REF` sends the prompt as a DM."""
    ack()
    deps, viewer = _deps(context)
    text = command.get("text", "").strip()
    person = viewer.person()
    words = text.split()
    if not words:
        raise ReadinessError(f"Say which action and how it is going: {UPDATE_USAGE}.")
    if not REF_PATTERN.match(words[0].lower()):
        raise ReadinessError(f"Start with the action's ref: {UPDATE_USAGE}.")
    if len(words) == 1:
        send_prompt(client, deps, ref=words[0], user_id=viewer.user_id, email=person.email)
        respond(response_type="ephemeral",
                text=f"I've sent you the prompt for `{conversation.escape(words[0])}` in a direct message.")
        return
    recorded = record_reply(text, by=person.email, via=Channel.COMMAND, uow=deps.store.uow(), now=deps.clock.now(),
                            tz=deps.tz, thread_ref=words[0], request_key=f"command:{command.get('trigger_id')}")
    assert not isinstance(recorded, Choice), "a thread_ref always names the action"
    respond(response_type="ephemeral", text=conversation.confirmation_line(recorded),
            blocks=conversation.confirmation_blocks(recorded))


def register(app: App) -> None:
    app.action(re.compile(f"^{conversation.RATE_PREFIX}"))(answering_errors(rate))
    app.action(conversation.DETAIL_ACTION)(answering_errors(add_detail))
    app.action(re.compile(f"^{conversation.CHOOSE_PREFIX}"))(answering_errors(choose))
    app.action(conversation.UNDO_ACTION)(answering_errors(undo_button))
    app.view(conversation.MODAL_CALLBACK)(submit_modal)
    app.event("message")(answering_errors(direct_message))
    app.command("/update")(answering_errors(update_command))
