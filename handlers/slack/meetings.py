"""The governance loop in Slack, from a body's view: *Change a meeting* (a form that moves, cancels or adds one),
*Add action arising* (a form for an action from the last meeting), *Agenda paper* (the readiness paper for the next
meeting, uploaded into the clicker's DM as Markdown and HTML), and a chair's check-in asking whether a meeting was
held. The same requests typed after the app's command, in a DM or in an @mention reach `act`, the one place a
governance request is mapped to its use case.

Handlers stay thin: the core decides who may change a body's meetings, which meeting is meant, the next ref and
whether a day will do; a refusal comes back as one line, on the form's field when it came from a form. A meeting's
change carries a request key from Slack's own ids (the form's view, the click), so a double submit stores one change;
an action arising given twice is recognised by the core as the same action and added once.
"""
from __future__ import annotations

import json
import re
from concurrent.futures import Executor
from datetime import date, time
from typing import Any, Sequence, assert_never

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from governance.cadence import Meeting
from governance.errors import ReadinessError, UnknownPerson
from governance.meetings import MAX_TITLE, ArisingForm, MeetingForm, MeetingRequest, NewAction
from governance.model import Channel, MeetingChangeKind, Person
from governance.questions import AgendaRequest, ArisingRequest, GovernanceRequest, MeetingFormRequest, WithdrawRequest
from governance.reminders import HeldAsk, short_name
from handlers.report.agenda import render_agenda_html, render_agenda_markdown
from handlers.slack import prompts
from handlers.slack.blocks import (
    AGENDA_ACTION, ARISING_FORM_ACTION, MEETING_FORM_ACTION, Block, button, clip, context, escape, section,
)
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import FieldError, answered_later, answering_errors, answering_view_errors

Message = dict[str, Any]
MEETING_CALLBACK = "meeting_change_form"
ARISING_CALLBACK = "arising_action_form"
HELD_PREFIX = "meeting_held:"
NOT_HELD_PREFIX = "meeting_not_held:"
"""A held ask's buttons are `meeting_held:{body}:{day}` and `meeting_not_held:{body}:{day}`: unique in a check-in."""
BODY_FORM = "body_form"
"""Block id of the button that opens a form where Slack gave no trigger (a DM, an @mention)."""
ASKED, ANSWERS = "held:", "held_buttons:"
"""Block id prefixes of one held ask's rows, `held:{body}:{day}`, so a click redraws just that meeting's rows."""
HELD_SHOWN = 5
"""Held asks a check-in shows with buttons (two blocks each); with the actions and figures it stays inside 50."""
MOVE, CANCEL, ADD = "move", "cancel", "add"
WHAT = {MOVE: ("Move it", MeetingChangeKind.MOVED), CANCEL: ("Cancel it", MeetingChangeKind.CANCELLED),
        ADD: ("Add a meeting on the day below", MeetingChangeKind.ADDED)}
SELECT_OPTIONS = 100
"""Slack's static select takes 100 options; with more people the owner is typed instead."""
OPTION_VALUE_CHARS = 150
OPTION_TEXT_CHARS = 75
REF_CHARS = 20
"""The longest ref the plan keeps."""
OUT_OF_DATE = "This form is out of date, so nothing was changed: close it and open it again from the body's view."


def _deps(context: dict[str, Any]) -> tuple[SlackDeps, Viewer]:
    return context["deps"], context["viewer"]


def _option(text: str, value: str, description: str = "") -> dict[str, Any]:
    option: dict[str, Any] = {"text": {"type": "plain_text", "text": clip(text, OPTION_TEXT_CHARS)}, "value": value}
    if description:
        option["description"] = {"type": "plain_text", "text": clip(description, OPTION_TEXT_CHARS)}
    return option


def _select(options: Sequence[dict[str, Any]], placeholder: str, *, first: bool = False) -> dict[str, Any]:
    select: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": list(options),
                              "placeholder": {"type": "plain_text", "text": placeholder}}
    if first and options:
        select["initial_option"] = options[0]
    return select


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False,
           hint: str = "") -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label},
                    "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _meeting_label(meeting: Meeting) -> str:
    """`Wed 21 Feb 2018, 14:00`, saying when the day was moved there or added."""
    changed = " (moved)" if meeting.scheduled else " (added)" if meeting.added else ""
    return f"{meeting.starts:%a %d %b %Y, %H:%M}{changed}"


def meeting_view(form: MeetingForm) -> dict[str, Any]:
    """Which coming meeting, what happens to it (move, cancel, or a meeting added), and the new day and time. A body
    with no meeting coming can only have one added."""
    body, coming = form.body, form.coming
    kinds = [ADD] if not coming else [MOVE, CANCEL, ADD]
    options = [{"text": {"type": "plain_text", "text": WHAT[kind][0]}, "value": kind} for kind in kinds]
    blocks: list[Block] = [section(f"*{escape(body.name)}*" + ("" if coming else "\nNo meeting is coming: add one."))]
    if coming:
        blocks.append(_input("meeting", "Which meeting", _select(
            [_option(_meeting_label(m), m.day.isoformat()) for m in coming[:SELECT_OPTIONS]], "Choose a meeting",
            first=True)))
    blocks += [
        _input("what", "What happens", {"type": "radio_buttons", "action_id": "value", "options": options,
                                        "initial_option": options[0]}),
        _input("date", "New day", {"type": "datepicker", "action_id": "value"}, optional=True,
               hint="For a move or a meeting added."),
        _input("time", "New time", {"type": "timepicker", "action_id": "value"}, optional=True,
               hint=f"Leave empty to keep the meeting's time (the {short_name(body)} usually meets at "
                    f"{body.time:%H:%M})."),
    ]
    return {"type": "modal", "callback_id": MEETING_CALLBACK, "private_metadata": json.dumps({"body": body.key}),
            "title": {"type": "plain_text", "text": "Change a meeting"},
            "submit": {"type": "plain_text", "text": "Save"}, "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": blocks}


def arising_view(form: ArisingForm) -> dict[str, Any]:
    """Title, owner, due date, theme (each with the ref the action would get), the meeting it arose at (the last
    one first) and an optional ref of its own."""
    body = form.body
    themes = [_option(f"{t.number} {t.title}", str(t.number), f"next ref {form.next_refs.get(t.number, '')}")
              for t in form.themes[:SELECT_OPTIONS]]
    blocks: list[Block] = [
        section(f"An action arising from the *{escape(body.name)}*: its owner hears at once, with its update buttons."),
        _input("title", "Action", {"type": "plain_text_input", "action_id": "value", "multiline": True,
                                   "max_length": MAX_TITLE}),
        _owner_input(form.people),
        _input("due", "Due", {"type": "datepicker", "action_id": "value"}),
        _input("theme", "Theme", _select(themes, "Choose a theme")),
    ]
    if form.meetings:
        blocks.append(_input("meeting", "Arising from the meeting of", _select(
            [_option(f"{m.starts:%a %d %b %Y}", m.day.isoformat()) for m in form.meetings[:SELECT_OPTIONS]],
            "Choose a meeting", first=True)))
    blocks.append(_input("ref", "Ref", {"type": "plain_text_input", "action_id": "value", "max_length": REF_CHARS,
                                        "placeholder": {"type": "plain_text", "text": "the theme's next ref"}},
                         optional=True, hint="Leave empty for the next ref in the theme, shown beside each theme."))
    return {"type": "modal", "callback_id": ARISING_CALLBACK, "private_metadata": json.dumps({"body": body.key}),
            "title": {"type": "plain_text", "text": "Action arising"},
            "submit": {"type": "plain_text", "text": "Add"}, "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": blocks}


def _owner_input(people: Sequence[Person]) -> Block:
    """A pick of the plan's people; a plan with more people than a select holds has the owner typed instead."""
    if len(people) <= SELECT_OPTIONS and all(len(p.email) <= OPTION_VALUE_CHARS for p in people):
        return _input("owner", "Owner", _select([_option(p.name, p.email) for p in people], "Choose the owner"))
    return _input("owner", "Owner", {"type": "plain_text_input", "action_id": "value", "max_length": 254},
                  hint="Their e-mail, or their name as the plan has it.")


def held_rows(asks: Sequence[HeldAsk]) -> list[Block]:
    """A chair's past meetings nobody has said were held or not: at most HELD_SHOWN with *Held* and *Did not happen*,
    the rest named with the words that answer them."""
    rows: list[Block] = []
    for ask in asks[:HELD_SHOWN]:
        body, meeting = ask.body, ask.meeting
        where = f"{body.key}:{meeting.day.isoformat()}"
        value = json.dumps({"body": body.key, "day": meeting.day.isoformat()})
        rows += [section(f"{escape(short_name(body))} met on {meeting.starts:%a %d %b at %H:%M}: was it held?",
                         block_id=f"{ASKED}{where}"),
                 {"type": "actions", "block_id": f"{ANSWERS}{where}", "elements": [
                     button("Held", f"{HELD_PREFIX}{where}", value, "primary"),
                     button("Did not happen", f"{NOT_HELD_PREFIX}{where}", value)]}]
    rest = asks[HELD_SHOWN:]
    if rest:
        named = "; ".join(f"`meeting {escape(a.body.key)} held {a.meeting.day:%Y-%m-%d}`" for a in rest[:3])
        rows.append(context(f"and {len(rest)} more meeting{'s' if len(rest) != 1 else ''} to say about: {named}"
                            + ("…" if len(rest) > 3 else "")))
    return rows


def _carried(value: object) -> tuple[str, date]:
    """The body and the meeting's day a held ask's button carries, or a refusal: it is not one the bot made."""
    try:
        carried = json.loads(str(value))
        return str(carried["body"]), date.fromisoformat(str(carried["day"]))
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: say `meeting BODY held DATE` instead.") from None


def held_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond,
                context: dict[str, Any]) -> None:
    """*Held* or *Did not happen*: recorded once however often clicked, and the meeting's rows become the line
    saying so."""
    ack()
    deps, viewer = _deps(context)
    key, day = _carried(action.get("value"))
    kind = MeetingChangeKind.HELD if action["action_id"].startswith(HELD_PREFIX) else MeetingChangeKind.NOT_HELD
    changed = deps.programme.change_meeting(MeetingRequest(key, kind, meeting=day), by=viewer.person().email,
                                            via=Channel.SLACK_DM, request_key=f"action:{action.get('action_ts')}")
    line = escape(changed.said())
    where = f"{key}:{day.isoformat()}"
    blocks = list((body.get("message") or {}).get("blocks") or [])
    if not blocks:
        respond(replace_original=False, text=line)
        return
    row = section(f"✅ {line}", block_id=f"{ASKED}{where}")
    ids = {f"{ASKED}{where}", f"{ANSWERS}{where}"}
    at = next((n for n, b in enumerate(blocks) if b.get("block_id") in ids), len(blocks))
    kept = [b for b in blocks if b.get("block_id") not in ids]
    respond(replace_original=True, text=line, blocks=[*kept[:at], row, *kept[at:]])


def _body_of(action: dict[str, Any]) -> str:
    key = str(action.get("value") or "")
    if not key:
        raise ReadinessError("That button is out of date: ask for the body again with `status board BODY`.")
    return key


def meeting_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient,
                   context: dict[str, Any]) -> None:
    """*Change a meeting*: the form, for the body's chair and the programme office; anyone else is told in a line
    where they clicked (`respond`, which the refusal goes through)."""
    ack()
    deps, viewer = _deps(context)
    form = deps.programme.meeting_form(_body_of(action), by=viewer.person().email)
    client.views_open(trigger_id=body["trigger_id"], view=meeting_view(form))


def arising_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient,
                   context: dict[str, Any]) -> None:
    """*Add action arising*: the form, for the body's chair and the programme office."""
    ack()
    deps, viewer = _deps(context)
    form = deps.programme.arising_form(_body_of(action), by=viewer.person().email)
    client.views_open(trigger_id=body["trigger_id"], view=arising_view(form))


def papers_row(line: str, body: str) -> Block:
    """A chair's papers line in the check-in, with *Agenda paper* for that body beside it (its id names the body,
    so two bodies' papers due the same day keep their buttons apart)."""
    return {**section(escape(line)), "accessory": button("Agenda paper", f"{AGENDA_ACTION}:{body}", body)}


def agenda_button(ack: Ack, action: dict[str, Any], respond: Respond, client: WebClient,
                  context: dict[str, Any]) -> None:
    """*Agenda paper* (on the body view, or beside a papers line in the check-in): both papers into the clicker's DM,
    and a line saying so where they clicked."""
    ack()
    deps, viewer = _deps(context)
    respond(response_type="ephemeral", replace_original=False,
            text=send_agenda(client, deps, viewer, _body_of(action)))


def send_agenda(client: WebClient, deps: SlackDeps, viewer: Viewer, body: str) -> str:
    """Uploads the body's readiness paper, as `agenda-<body>-<date>.md` and `.html`, into the person's DM with the
    bot (files.getUploadURLExternal, the upload, files.completeUploadExternal), and says where it went."""
    viewer.person()
    paper = deps.programme.agenda(body)
    day = paper.meeting.day if paper.meeting else paper.readiness.as_of
    name = f"agenda-{paper.body.key}-{day.isoformat()}"
    title = f"Readiness paper: {paper.body.name}, {day:%a %d %b %Y}"
    channel = client.conversations_open(users=viewer.user_id)["channel"]["id"]
    client.files_upload_v2(channel=channel, initial_comment=clip(escape(title), 3000), file_uploads=[
        {"filename": f"{name}.md", "content": render_agenda_markdown(paper), "title": f"{title} (Markdown)"},
        {"filename": f"{name}.html", "content": render_agenda_html(paper), "title": f"{title} (web page)"}])
    return escape(f"The readiness paper for the {paper.body.name} is in our DM: {name}.md and {name}.html.")


def _origin(view: dict[str, Any]) -> tuple[str, str]:
    """The body a form is about and the view's id, both written by the bot; anything else is refused."""
    try:
        key = json.loads(view.get("private_metadata") or "{}")["body"]
    except (KeyError, TypeError, ValueError):
        key = None
    view_id = view.get("id")
    if not isinstance(key, str) or not key or not isinstance(view_id, str) or not view_id:
        raise ReadinessError(OUT_OF_DATE)
    return key, view_id


def _picked_day(view: dict[str, Any], block: str) -> date | None:
    """The day a select (an ISO date as its value) or a datepicker holds; a forged one is answered on the field."""
    value = prompts.input_value(view, block)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(block, "That is not a date: choose one from the calendar.") from None


def _picked_time(view: dict[str, Any]) -> time | None:
    value = prompts.input_value(view, "time")
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise FieldError("time", "That is not a time: choose one from the list, e.g. 14:00.") from None


def meeting_request(key: str, view: dict[str, Any]) -> MeetingRequest:
    """The form as the core's request: the radio says what happens; which meeting, day and time are taken as given,
    for the core to say whether they will do."""
    chosen = prompts.input_value(view, "what")
    if chosen not in WHAT:
        raise FieldError("what", "Choose what happens: move, cancel or add.")
    kind, meeting = WHAT[chosen][1], _picked_day(view, "meeting")
    if kind is MeetingChangeKind.CANCELLED:
        return MeetingRequest(key, kind, meeting=meeting)
    day, at = _picked_day(view, "date"), _picked_time(view)
    if kind is MeetingChangeKind.ADDED:
        return MeetingRequest(key, kind, to=day, time=at)
    return MeetingRequest(key, kind, meeting=meeting, to=day, time=at)


def submit_meeting(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A refusal (a day in the past, a day the body already meets) goes back under the new day; a change is stored
    once under the view's id and said to the person in their DM."""
    deps, viewer = _deps(context)
    person = viewer.person()
    key, view_id = _origin(view)
    changed = deps.programme.change_meeting(meeting_request(key, view), by=person.email, via=Channel.MODAL,
                                            request_key=f"view:{view_id}")
    ack()
    client.chat_postMessage(channel=viewer.user_id, text=escape(changed.said()))


def submit_arising(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A refusal goes back into the form (someone not in the plan under the owner, anything else under the action);
    an action added is said to the person in their DM. Its owner hears from the outbox, not from here."""
    deps, viewer = _deps(context)
    person = viewer.person()
    key, _ = _origin(view)
    new = NewAction(key, prompts.input_value(view, "title") or "", prompts.input_value(view, "owner") or "",
                    prompts.picked_date(prompts.input_value(view, "due"), "due"),
                    prompts.input_value(view, "theme") or "", _picked_day(view, "meeting"),
                    prompts.input_value(view, "ref"))
    try:
        raised = deps.programme.raise_action(new, by=person.email)
    except UnknownPerson as unknown:
        raise FieldError("owner", str(unknown)) from None
    ack()
    client.chat_postMessage(channel=viewer.user_id, text=escape(raised.said()))


def act(request: GovernanceRequest, *, deps: SlackDeps, viewer: Viewer, client: WebClient, via: Channel,
        request_key: str, trigger_id: str | None) -> Message | None:
    """What a governance request typed after the command, in a DM or in an @mention does, in one place: a change
    is recorded and said; a form opens where Slack gave a trigger, and elsewhere (a DM, a mention) the answer carries
    the button that opens it; the paper goes to the person's DM. Returns the message to answer with, if any."""
    by = viewer.person().email
    match request:
        case MeetingRequest():
            return {"text": escape(deps.programme.change_meeting(request, by=by, via=via,
                                                                 request_key=request_key).said())}
        case MeetingFormRequest(body):
            meeting_form = deps.programme.meeting_form(body, by=by)
            if trigger_id:
                client.views_open(trigger_id=trigger_id, view=meeting_view(meeting_form))
                return None
            return _opener(f"Change a meeting of the {meeting_form.body.name}:", "Change a meeting",
                           MEETING_FORM_ACTION, meeting_form.body.key)
        case ArisingRequest(body):
            arising = deps.programme.arising_form(body, by=by)
            if trigger_id:
                client.views_open(trigger_id=trigger_id, view=arising_view(arising))
                return None
            return _opener(f"Add an action arising from the {arising.body.name}:", "Add action arising",
                           ARISING_FORM_ACTION, arising.body.key)
        case WithdrawRequest(ref, reason):
            return {"text": escape(deps.programme.withdraw_action(ref, reason, by=by).said())}
        case AgendaRequest(body):
            return {"text": send_agenda(client, deps, viewer, body)}
        case _:
            assert_never(request)


def _opener(line: str, label: str, action_id: str, key: str) -> Message:
    """A line with the button that opens a form, where Slack gave no trigger to open it at once."""
    text = escape(line)
    return {"text": text, "blocks": [section(text), {"type": "actions", "block_id": BODY_FORM,
                                                     "elements": [button(label, action_id, key, "primary")]}]}


def is_quick(request: GovernanceRequest) -> bool:
    """Recorded or opened on the listener's own thread: a form must open within the three seconds its trigger
    lasts. Only the paper, which is heavy, queues with the answers."""
    return not isinstance(request, AgendaRequest)


def register(app: App, answers: Executor) -> None:
    """The paper is drawn on `answers`, like any heavy answer; the forms open at once."""
    app.action(MEETING_FORM_ACTION)(answering_errors(meeting_button))
    app.action(ARISING_FORM_ACTION)(answering_errors(arising_button))
    app.action(re.compile(f"^{re.escape(AGENDA_ACTION)}(?::|$)"))(answered_later(agenda_button, answers))
    app.action(re.compile(f"^(?:{re.escape(HELD_PREFIX)}|{re.escape(NOT_HELD_PREFIX)})"))(
        answering_errors(held_button))
    app.view(MEETING_CALLBACK)(answering_view_errors(submit_meeting, field="date"))
    app.view(ARISING_CALLBACK)(answering_view_errors(submit_arising, field="title"))
