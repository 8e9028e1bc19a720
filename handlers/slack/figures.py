"""Indicator figures in Slack: the check-in's *Give figure* rows and their form, a figure given in words in the DM
(recorded, or asked about with *Record* and *Change* when it looks odd), *Undo*, and a theme lead's note.

Like updates, every figure carries a request key drawn from Slack's own ids (the form's view, the DM's event), so
a double submit or a retried event stores one entry; the core decides who may give a figure and what is odd.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from governance.conversation import Reply
from governance.errors import ReadinessError
from governance.figures import MAX_NOTE, MAX_SOURCE, FigureForm, FigureRecorded, FigureUnsure, shown
from governance.model import Channel, IndicatorValue
from governance.readiness import target_shown
from governance.reminders import FigureAsk
from handlers.slack import prompts
from handlers.slack.blocks import INDICATOR_NAME_CHARS, NOTE_ACTION, Block, button, clip, context, escape, section
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import FIELD_ERROR_CHARS, answering_errors, answering_view_errors

FORM_PREFIX = "figure_form:"
"""A check-in's *Give figure* button is `figure_form:{key}`: unique among the figures one check-in asks for."""
FORM_CALLBACK = "figure_form"
NOTE_CALLBACK = "figure_note_form"
UNDO_ACTION = "undo_figure"
RECORD_ACTION = "record_figure"
CHANGE_ACTION = "change_figure"
FIGURES_SHOWN = 8
"""Figures a check-in shows with a button each; with CHECK_IN_SHOWS actions it stays far inside 50 blocks."""
FIGURE_CHARS = 500
"""The most the form's figure field takes: a figure, or `n/a` and why (the core keeps 300 characters of that)."""
RIGHT = "right"
HINT = "69%, 155 of 224, 18.1 or n/a - why"
OUT_OF_DATE = ("This form is out of date, so nothing was recorded: close it and give the figure again, or reply "
               "with it in words, e.g. `repeat referrals 18.1%`.")


def _deps(context: dict[str, Any]) -> tuple[SlackDeps, Viewer]:
    return context["deps"], context["viewer"]


def ask_row(ask: FigureAsk) -> Block:
    """One figure a check-in asks for, why, the last figure and the target, with *Give figure* beside it."""
    indicator, last = ask.indicator, _last_before(ask)
    parts = [f"*{escape(clip(indicator.name, INDICATOR_NAME_CHARS))}* — {escape(ask.reason)}"]
    if last is not None:
        parts.append(f"last {escape(shown(indicator, last))}{last.provenance.mark} ({last.month:%b})")
    if indicator.target is not None:
        parts.append(f"target {target_shown(indicator)}")
    value = json.dumps({"key": indicator.key, "month": ask.month.isoformat()})
    return {**section(" · ".join(parts), block_id=f"figure:{indicator.key}"),
            "accessory": button("Give figure", f"{FORM_PREFIX}{indicator.key}", value)}


def _last_before(ask: FigureAsk) -> IndicatorValue | None:
    earlier = [v for v in ask.indicator.values if v.month < ask.month]
    return max(earlier, key=lambda v: v.month) if earlier else None


def ask_rows(asks: tuple[FigureAsk, ...]) -> list[Block]:
    """The figures a check-in asks for, at most FIGURES_SHOWN of them with buttons, the rest named."""
    rows = [ask_row(ask) for ask in asks[:FIGURES_SHOWN]]
    rest = asks[FIGURES_SHOWN:]
    if rest:
        keys = ", ".join(f"`{escape(ask.indicator.key)}`" for ask in rest)
        rows.append(context(f"and {len(rest)} more figure{'s' if len(rest) != 1 else ''} ({keys}) — reply with "
                            f"the key and the figure, e.g. `{escape(rest[0].indicator.key)} 18.1`"))
    return rows


def marked(asks: tuple[FigureAsk, ...]) -> bool:
    """A figure row shows an illustrative last figure or target, so the check-in ends with the mark's key."""
    return any(((last := _last_before(ask)) is not None and last.provenance.illustrative)
               or (ask.indicator.target is not None and ask.indicator.target_provenance.illustrative)
               for ask in asks[:FIGURES_SHOWN])


def recorded_message(recorded: FigureRecorded) -> dict[str, Any]:
    """What was stored, in the core's words, with *Undo*."""
    line = escape(recorded.said()) + (" (already recorded)" if recorded.repeated else "")
    return {"text": line, "blocks": [
        section(f"✅ {line}", block_id="figure_done"),
        {"type": "actions", "block_id": "figure_undo", "elements": [
            button("Undo", UNDO_ACTION, str(recorded.figure.id))]}]}


def unsure_message(unsure: FigureUnsure, event_id: str, words: str) -> dict[str, Any]:
    """An odd figure offered back: *Record* stores the kept reply as it was read, *Change* opens the form filled in
    with the reply's words. Record carries only the kept reply's id; Change the words too, cut to the form's field."""
    line = escape(unsure.said())
    change = json.dumps({"key": unsure.indicator.key, "month": unsure.figure.month.isoformat(),
                         "words": words[:FIGURE_CHARS]}, ensure_ascii=False)
    return {"text": line, "blocks": [
        section(f"{line}\nNothing is recorded until you choose.", block_id="figure_unsure"),
        {"type": "actions", "block_id": "figure_confirm", "elements": [
            button("Record", RECORD_ACTION, json.dumps({"event": event_id}), "primary"),
            button("Change", CHANGE_ACTION, change)]}]}


def figure_view(form: FigureForm, *, month: date, channel: str | None, ts: str | None,
                words: str = "") -> dict[str, Any]:
    """The figure, where it comes from, and a tick for a figure that is right though it looks odd. The private
    metadata says what the figure is for and where to confirm it."""
    indicator, last = form.indicator, form.last
    facts = [f"*{escape(clip(indicator.name, INDICATOR_NAME_CHARS))}* — {month:%B %Y}"]
    if last is not None:
        facts.append(f"last {escape(shown(indicator, last))}{last.provenance.mark} ({last.month:%b %Y})")
    if indicator.target is not None:
        facts.append(f"target {target_shown(indicator)}")
    figure: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "max_length": FIGURE_CHARS}
    if words:
        figure["initial_value"] = words[:FIGURE_CHARS]
    tick = {"text": {"type": "plain_text", "text": "It is right (record it even though it looks unusual)"},
            "value": RIGHT}
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": json.dumps({"key": indicator.key, "month": month.isoformat(), "channel": channel,
                                        "ts": ts}),
        "title": {"type": "plain_text", "text": "Give a figure"},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(" · ".join(facts)),
            {"type": "input", "block_id": "figure", "label": {"type": "plain_text", "text": "Figure"},
             "hint": {"type": "plain_text", "text": HINT}, "element": figure},
            {"type": "input", "block_id": "source", "optional": True, "label": {"type": "plain_text", "text": "Source"},
             "element": {"type": "plain_text_input", "action_id": "value", "max_length": MAX_SOURCE}},
            {"type": "input", "block_id": "confirmed", "optional": True,
             "label": {"type": "plain_text", "text": "If it looks unusual"},
             "element": {"type": "checkboxes", "action_id": "value", "options": [tick]}},
        ],
    }


def note_view(key: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": NOTE_CALLBACK,
        "private_metadata": json.dumps({"key": key}),
        "title": {"type": "plain_text", "text": "Add a note"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"One line on why `{escape(key)}` moved, shown beside its latest figure in status and the pack."),
            {"type": "input", "block_id": "note", "label": {"type": "plain_text", "text": "Note"},
             "element": {"type": "plain_text_input", "action_id": "value", "max_length": MAX_NOTE}},
        ],
    }


def _carried(value: object, *keys: str) -> dict[str, str]:
    """The strings a button or a form carries under `keys`, or a refusal: it is not one the bot made."""
    try:
        carried = json.loads(str(value))
        found = {key: carried[key] for key in keys}
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: give the figure again in words.") from None
    if not all(isinstance(found[key], str) and found[key] for key in keys):
        raise ReadinessError("That button is out of date: give the figure again in words.")
    return found


def _month(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReadinessError("That button is out of date: give the figure again in words.") from None


def _where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """The DM and the message a form's confirmation goes under: the clicked message's thread, or the message itself.
    An ephemeral message has no thread to answer in, so the confirmation goes to the person's DM."""
    container = body.get("container", {})
    if container.get("is_ephemeral"):
        return None, None
    message = body.get("message") or {}
    return container.get("channel_id"), message.get("thread_ts") or container.get("message_ts")


def give_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
    """*Give figure* on a check-in: the form for that indicator and month, for someone who may give it."""
    ack()
    deps, viewer = _deps(context)
    asked = _carried(action.get("value"), "key", "month")
    form = deps.programme.figure_form(asked["key"], by=viewer.person().email)
    channel, ts = _where(body)
    client.views_open(trigger_id=body["trigger_id"], view=figure_view(form, month=_month(asked["month"]),
                                                                      channel=channel, ts=ts))


def submit_figure(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """An odd figure goes back into the form until its giver ticks *It is right*; a refusal is shown under the figure
    (answering_view_errors); a stored one is confirmed under the check-in it came from, with *Undo*."""
    deps, viewer = _deps(context)
    person = viewer.person()
    origin = _form_origin(view)
    words = prompts.input_value(view, "figure")
    if not words:
        ack(response_action="errors", errors={"figure": f"Give the figure, e.g. {HINT}."})
        return
    outcome = deps.programme.record_figure(
        words, key=origin["key"], by=person.email, via=Channel.MODAL, month=_month(origin["month"]),
        source=prompts.input_value(view, "source") or "", request_key=f"view:{origin['id']}", confirmed=_ticked(view))
    if isinstance(outcome, FigureUnsure):
        ack(response_action="errors", errors={"figure": _doubted(outcome)})
        return
    ack()
    where = {"channel": origin["channel"] or viewer.user_id, **({"thread_ts": origin["ts"]} if origin["ts"] else {})}
    client.chat_postMessage(**where, **recorded_message(outcome))


def _doubted(unsure: FigureUnsure) -> str:
    """The doubts under the figure, cut so the way to record it anyway is always read."""
    tick = " Tick “It is right” to record it."
    doubts = "; ".join(unsure.doubts)
    return clip(doubts[:1].upper() + doubts[1:] + ".", FIELD_ERROR_CHARS - len(tick)) + tick


def _form_origin(view: dict[str, Any]) -> dict[str, str | None]:
    """What the bot wrote into the form: the indicator's key and month (both needed), and where to confirm."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except (TypeError, ValueError):
        metadata = None
    if not isinstance(metadata, dict):
        raise ReadinessError(OUT_OF_DATE)
    origin = {"id": view.get("id"), **{key: metadata.get(key) for key in ("key", "month", "channel", "ts")}}
    if not all(value is None or isinstance(value, str) for value in origin.values()) or not (
            origin["id"] and origin["key"] and origin["month"]):
        raise ReadinessError(OUT_OF_DATE)
    return origin


def _ticked(view: dict[str, Any]) -> bool:
    """*It is right* is ticked; a forged payload with anything else there is read as not ticked."""
    selected: Any = view
    for key in ("state", "values", "confirmed", "value", "selected_options"):
        selected = selected.get(key) if isinstance(selected, dict) else None
    return isinstance(selected, list) and any(isinstance(o, dict) and o.get("value") == RIGHT for o in selected)


def undo_button(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    """*Undo* appends what the month stood at before; the confirmation says so in place."""
    ack()
    deps, viewer = _deps(context)
    undone = deps.programme.undo_figure(prompts.undone_id(action), by=viewer.person().email, via=Channel.SLACK_DM)
    line = f"↩️ Undone: {escape(undone.said())}"
    respond(replace_original=True, text=line, blocks=[section(line, block_id="figure_done")])


def record_button(unpack: Callable[[str], Reply]) -> Callable[..., None]:
    """*Record* under an odd figure given in words: the kept reply, read again and stored under its own key, so a
    second click stores nothing more."""

    def record(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
        ack()
        deps, viewer = _deps(context)
        event_id = _carried(action.get("value"), "event")["event"]
        recorded = deps.programme.confirm_figure(event_id, speaker=viewer.speaker, unpack=unpack)
        respond(replace_original=True, **recorded_message(recorded))

    return record


def change_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, client: WebClient,
                  context: dict[str, Any]) -> None:
    """*Change* under an odd figure: the form, filled in with the reply's words; *Record* goes, so only the form
    can store it now."""
    ack()
    deps, viewer = _deps(context)
    asked = _carried(action.get("value"), "key", "month", "words")
    form = deps.programme.figure_form(asked["key"], by=viewer.person().email)
    channel, ts = _where(body)
    client.views_open(trigger_id=body["trigger_id"], view=figure_view(
        form, month=_month(asked["month"]), channel=channel, ts=ts, words=asked["words"]))
    line = "✏️ Change the figure in the form and press *Record* there: nothing is recorded until then."
    respond(replace_original=True, text=line, blocks=[section(line, block_id="figure_unsure")])


def note_button(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
    """*Add a note* under `status indicator KEY`: a one-line form; whether this person may note it is the core's
    to say when it is saved."""
    ack()
    viewer: Viewer = context["viewer"]
    viewer.person()
    key = str(action.get("value") or "")
    if not key:
        raise ReadinessError("That button is out of date: ask `status indicator KEY` again.")
    client.views_open(trigger_id=body["trigger_id"], view=note_view(key))


def submit_note(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A refusal (not a theme lead, too long) is shown under the note; a saved note is confirmed in the DM."""
    deps, viewer = _deps(context)
    person = viewer.person()
    try:
        key = json.loads(view.get("private_metadata") or "{}")["key"]
    except (KeyError, TypeError, ValueError):
        key = None
    if not isinstance(key, str) or not key or not view.get("id"):
        raise ReadinessError("This form is out of date, so nothing was saved: ask `status indicator KEY` again.")
    text = prompts.input_value(view, "note")
    if not text:
        ack(response_action="errors", errors={"note": "Write the note: one line on why the figure moved."})
        return
    recorded = deps.programme.note_figure(key, text, by=person.email, via=Channel.MODAL,
                                          request_key=f"view:{view['id']}")
    ack()
    client.chat_postMessage(channel=viewer.user_id, **recorded_message(recorded))


def register(app: App, unpack: Callable[[str], Reply]) -> None:
    """`unpack` reads a kept DM back (updates.kept_reply), for *Record* on an odd figure given in words."""
    app.action(re.compile(f"^{re.escape(FORM_PREFIX)}"))(answering_errors(give_button))
    app.action(UNDO_ACTION)(answering_errors(undo_button))
    app.action(RECORD_ACTION)(answering_errors(record_button(unpack)))
    app.action(CHANGE_ACTION)(answering_errors(change_button))
    app.action(NOTE_ACTION)(answering_errors(note_button))
    app.view(FORM_CALLBACK)(answering_view_errors(submit_figure, field="figure"))
    app.view(NOTE_CALLBACK)(answering_view_errors(submit_note, field="note"))
