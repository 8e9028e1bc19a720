"""Block Kit for collecting updates: the prompt, the detail modal, confirmations and choices."""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any, Sequence

from governance.brag import BragKey
from governance.errors import ReadinessError
from governance.model import ILLUSTRATIVE_KEY
from governance.readiness import ActionState
from governance.recording import MAX_COMMENTARY, MAX_EVIDENCE, Choice, Recorded, Unsure
from governance.services import ActionStatus
from handlers.slack.blocks import (
    EMOJI, Block, button, clip, context, due_heading, escape, key_line, rating_given, section,
)
from handlers.slack.errors import FieldError

RATE_PREFIX = "rate_"
"""A rating button's action id is `rate_{code}:{ref}`: unique among the several actions of a check-in."""
DETAIL_ACTION = "add_detail"
CHOOSE_PREFIX = "choose_"
RECORD_ACTION = "record_reading"
CHANGE_ACTION = "change_reading"
"""*Record* and *Change* under a reading in doubt: `record_reading:{ref}` and `change_reading:{ref}`."""
UNDO_ACTION = "undo_update"
MODAL_CALLBACK = "update_modal"
UNDONE_ID = re.compile(r"[1-9][0-9]{0,8}")
"""An Undo button's value: the id of what it takes back, which a forged click must not make too big for the
database."""
MAX_CHOICES = 20
DETAIL_CHARS = 400
"""The most a confirmation shows of one thing an update said (its commentary, mostly)."""
CLOSING_QUOTE = "”"
ABOUT, PROMPT, DONE, CONFIRM = "about:", "prompt:", "done:", "confirm:"
"""Block id prefixes of one action's rows in a prompt or check-in, so a click can redraw just that action."""


def prompt_blocks(status: ActionStatus, intro: str = "") -> list[Block]:
    """One action, its last rating and comment, and a button per rating plus *Add detail*."""
    blocks: list[Block] = [section(escape(intro))] if intro else []
    blocks += prompt_rows(status)
    blocks.append(context("Or just reply in this thread, e.g. `amber - recruitment delayed, forecast 12 Feb`"))
    return blocks + key_line(status.state.action.provenance.illustrative)


def prompt_rows(status: ActionStatus, reason: str = "", extra: Sequence[dict[str, Any]] = ()) -> list[Block]:
    """An action's two rows: what it is and how it stands, then its rating buttons (and any `extra` buttons).
    Every id carries the ref, so several actions can share one message."""
    state, key = status.state, status.key
    ref = state.action.ref
    why = f"_{escape(reason)}_\n" if reason else ""
    value = json.dumps({"ref": ref})
    buttons = [button(_rating_label(key, r.code), f"{RATE_PREFIX}{r.code}:{ref}", value) for r in key.ratings]
    buttons.append(button("Add detail", f"{DETAIL_ACTION}:{ref}", value))
    return [section(f"{why}*{escape(ref)}* {escape(state.action.title)}\n"
                    f"{due_heading(state.action)} · {_last_update(state, key)}", block_id=f"{ABOUT}{ref}"),
            {"type": "actions", "block_id": f"{PROMPT}{ref}", "elements": [*buttons, *extra]}]


def _last_update(state: ActionState, key: BragKey) -> str:
    """`Last update 19 Jan: :large_orange_circle: Amber — …`; a comment without a rating says the rating it
    leaves in place, since the comment alone does not show it."""
    last = state.last_update
    if last is None:
        return "Not rated yet."
    standing = f" (BRAG {rating_given(key, state.rating)})" if last.rating is None else ""
    return (f"Last update {last.at:%d %b}: {rating_given(key, last.rating)}{standing}"
            + (f" — {escape(clip(last.commentary, 500))}" if last.commentary else ""))


def _rating_label(key: BragKey, code: str) -> str:
    """A rating that needs evidence says so on its button, before the form asking for the link opens."""
    label = key.label(code)
    return f"{label} (add evidence)" if key.get(code).requires_evidence else label


def rating_of(action_id: str) -> str:
    return action_id.removeprefix(RATE_PREFIX).split(":", 1)[0]


def prompt_text(status: ActionStatus) -> str:
    return escape(f"How is {status.state.action.ref} {status.state.action.title} going?")


def confirmation_line(recorded: Recorded) -> str:
    """The rating and action, then what else the update said in the core's words, each part kept short."""
    update, key = recorded.update, recorded.key
    parts = [f"{EMOJI.get(update.rating, '')} Recorded *{key.label(update.rating)}* for "
             f"`{escape(recorded.action.ref)}` {escape(clip(recorded.action.title, 120))}",
             *(escape(_clipped(detail)) for detail in recorded.details())]
    if recorded.repeated:
        parts.append("(already recorded)")
    return " · ".join(parts)


def _clipped(detail: str) -> str:
    """A detail within DETAIL_CHARS. A long commentary is clipped inside its quotation marks, so it still
    reads as a quotation."""
    if len(detail) <= DETAIL_CHARS or not detail.endswith(CLOSING_QUOTE):
        return clip(detail, DETAIL_CHARS)
    return clip(detail[:-1], DETAIL_CHARS - 1) + CLOSING_QUOTE


def recorded_rows(recorded: Recorded) -> list[Block]:
    """An action's rows once an update is recorded: one line saying what was recorded, and *Undo*."""
    ref = recorded.action.ref
    return [section(confirmation_line(recorded), block_id=f"{ABOUT}{ref}"),
            {"type": "actions", "block_id": f"{DONE}{ref}", "elements": [
                button("Undo", f"{UNDO_ACTION}:{ref}", str(recorded.update.id))]}]


def undone_rows(recorded: Recorded, status: ActionStatus) -> list[Block]:
    """After Undo: a line saying so, then the action's rating buttons again, ready for a new update."""
    rows = prompt_rows(status)
    rows[0] = section(f"↩️ Undone: `{escape(recorded.action.ref)}` is back to "
                      f"*{recorded.key.label(recorded.update.rating)}*.\n" + rows[0]["text"]["text"],
                      block_id=rows[0]["block_id"])
    return rows


def with_rows(blocks: Sequence[Block], ref: str, rows: Sequence[Block]) -> list[Block]:
    """The message's blocks with one action's rows replaced (in place, or at the end when it had none)."""
    ids = {f"{ABOUT}{ref}", f"{PROMPT}{ref}", f"{DONE}{ref}", f"{CONFIRM}{ref}"}
    at = next((n for n, b in enumerate(blocks) if b.get("block_id") in ids), None)
    kept = [b for b in blocks if b.get("block_id") not in ids]
    if at is None:
        return [*kept, *rows]
    return [*kept[:at], *rows, *kept[at:]]


def choice_blocks(choice: Choice, event_id: str) -> list[Block]:
    """Asks which action a reply is about. Each button carries the chosen ref and the id of the event the
    reply came in, which the store keeps; never the reply's text, which can be far longer than a button holds."""
    buttons = [button(clip(f"{a.ref} {a.title}", 75), f"{CHOOSE_PREFIX}{n}",
                      json.dumps({"ref": a.ref, "event": event_id}))
               for n, a in enumerate(choice.actions[:MAX_CHOICES])]
    rows = [{"type": "actions", "block_id": f"choose_{n // 5}", "elements": buttons[n:n + 5]}
            for n in range(0, len(buttons), 5)]
    return [section("You have several open actions: which one is this about?"), *rows]


def unsure_text(unsure: Unsure) -> str:
    """A reading in doubt as the owner is asked to confirm it: "I read *Amber*, forecast *Fri 26 Jan 2018* for
    `5b(ii)` — two ratings named", then what the commentary will say and whether a link goes with it: the
    console's words, in bold where Slack can."""
    reading = unsure.reading
    line = (f"{EMOJI.get(reading.rating or '', '')} I read *{unsure.rating_label}*, {unsure.forecast_words('*')} "
            f"for `{escape(unsure.action.ref)}` — {escape(unsure.doubts)}")
    said = f"\n{escape(_clipped(f'“{reading.commentary}”'))}" if reading.commentary else ""
    linked = "\nevidence linked" if unsure.evidence else ""
    return f"{line.strip()}{said}{linked}\nNothing is recorded until you choose."


def unsure_rows(unsure: Unsure, event_id: str) -> list[Block]:
    """The reading in doubt, with *Record* and *Change*. Like the choice buttons, both carry only the ref and the
    id under which the reply is kept, never its text."""
    ref = unsure.action.ref
    value = json.dumps({"ref": ref, "event": event_id})
    return [section(unsure_text(unsure), block_id=f"{ABOUT}{ref}"),
            {"type": "actions", "block_id": f"{CONFIRM}{ref}", "elements": [
                button("Record", f"{RECORD_ACTION}:{ref}", value, "primary"),
                button("Change", f"{CHANGE_ACTION}:{ref}", value)]}]


def changing_rows(ref: str) -> list[Block]:
    """Once *Change* has opened the form, the reading's buttons go: the form records it, so a later click on
    *Record* cannot record the reading as well."""
    return [section(f"✏️ Change `{escape(ref)}` in the form and press *Record* there: nothing is recorded until "
                    "then. If you closed it, send your update again.", block_id=f"{ABOUT}{ref}")]


def modal_view(status: ActionStatus, key: BragKey, *, channel: str | None, ts: str | None,
               rating: str | None = None, commentary: str = "", forecast: date | None = None,
               evidence: str | None = None) -> dict[str, Any]:
    """Rating (required, and filled in with the clicked or current rating), commentary, evidence link and
    forecast date for one action; `commentary`, `forecast` and `evidence` fill the form in with a reading to
    change."""
    options = [{"text": {"type": "plain_text", "text": r.label}, "value": r.code} for r in key.ratings]
    select: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options,
                              "placeholder": {"type": "plain_text", "text": "Choose a rating"}}
    chosen = rating or status.state.rating
    if chosen in key.codes():
        select["initial_option"] = next(o for o in options if o["value"] == chosen)
    said: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": True,
                            "max_length": MAX_COMMENTARY}
    if commentary:
        said["initial_value"] = commentary[:MAX_COMMENTARY]
    link: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "max_length": MAX_EVIDENCE,
                            "placeholder": {"type": "plain_text", "text": "https://..."}}
    if evidence:
        link["initial_value"] = evidence[:MAX_EVIDENCE]
    day: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
    if forecast:
        day["initial_date"] = forecast.isoformat()
    action = status.state.action
    explained = f"\n_{ILLUSTRATIVE_KEY}_" if action.provenance.illustrative else ""
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK,
        "private_metadata": json.dumps({"ref": action.ref, "channel": channel, "ts": ts}),
        "title": {"type": "plain_text", "text": "Update"},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{escape(action.ref)}* {escape(clip(action.title, 500))}\n"
                    f"{due_heading(action)}{explained}"),
            {"type": "input", "block_id": "rating", "label": {"type": "plain_text", "text": "Rating"},
             "element": select},
            {"type": "input", "block_id": "commentary", "optional": True,
             "label": {"type": "plain_text", "text": "Commentary"}, "element": said},
            {"type": "input", "block_id": "evidence", "optional": True,
             "label": {"type": "plain_text", "text": "Evidence link"}, "element": link},
            {"type": "input", "block_id": "forecast", "optional": True,
             "label": {"type": "plain_text", "text": "Forecast date"}, "element": day},
        ],
    }


def modal_values(view: dict[str, Any]) -> dict[str, str | None]:
    """The submitted values by block id, as text (None when left empty)."""
    return {block: input_value(view, block) for block in ("rating", "commentary", "evidence", "forecast")}


def input_value(view: dict[str, Any], block: str) -> str | None:
    """What a form's input block (its element's action id is `value`) holds: the option chosen (from a select or
    radio buttons), the day or time picked or the text typed; None when empty, or when the payload holds anything
    but text there."""
    field = _at(view, "state", "values", block, "value")
    for found in (_at(field, "selected_option", "value"), _at(field, "selected_date"), _at(field, "selected_time"),
                  _at(field, "value")):
        if isinstance(found, str) and found:
            return found
    return None


def _at(tree: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree


def picked_date(value: str | None, field: str) -> date | None:
    """A datepicker's day. Slack sends `YYYY-MM-DD`, but a submission can be forged with a day that does not
    exist; that is answered under the field, like any other bad input."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise FieldError(field, "That is not a date: choose one from the calendar.") from None


def form_origin(view: dict[str, Any], refusal: str, *, needs: Sequence[str] = ()) -> dict[str, str | None]:
    """What the bot wrote into a form it opened: the view's id, and the `ref`, `channel` and `ts` of its private
    metadata (`needs` says which must be there). A submission carrying anything else is not a form the bot
    opened, or one from an older version, and is refused with `refusal`: nothing can be recorded from it."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except (TypeError, ValueError):
        metadata = None
    if not isinstance(metadata, dict):
        raise ReadinessError(refusal)
    origin = {"id": view.get("id"), **{key: metadata.get(key) for key in ("ref", "channel", "ts")}}
    readable = all(value is None or isinstance(value, str) for value in origin.values())
    if not readable or not origin["id"] or not all(origin[key] for key in needs):
        raise ReadinessError(refusal)
    return origin


def undone_id(action: dict[str, Any]) -> int:
    """The id an *Undo* button carries (an update's or a figure's), refused in one line when it is not one."""
    value = str(action.get("value") or "")
    if not UNDONE_ID.fullmatch(value):
        raise ReadinessError("That button is out of date.")
    return int(value)
