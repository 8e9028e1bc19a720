"""Block Kit for collecting updates: the prompt, the detail modal, confirmations and choices."""
from __future__ import annotations

import json
from typing import Any

from governance.brag import BragKey
from governance.recording import Choice, Recorded
from governance.services import ActionStatus
from handlers.slack.blocks import EMOJI, Block, button, clip, context, escape, section

RATE_PREFIX = "rate_"
DETAIL_ACTION = "add_detail"
CHOOSE_PREFIX = "choose_"
UNDO_ACTION = "undo_update"
MODAL_CALLBACK = "update_modal"
MAX_CHOICES = 20
CHOICE_COMMENTARY = 1500


def prompt_blocks(status: ActionStatus, intro: str = "") -> list[Block]:
    """One action, its last rating and comment, and a button per rating plus *Add detail*."""
    state, key = status.state, status.key
    last = state.last_update
    latest = (f"Last update {last.at:%d %b}: {EMOJI.get(last.rating, '')} {key.label(last.rating)}"
              + (f" — {escape(clip(last.commentary, 500))}" if last.commentary else "")) if last else "Not rated yet."
    blocks: list[Block] = []
    if intro:
        blocks.append(section(escape(intro)))
    blocks.append(section(f"*{escape(state.action.ref)}* {escape(state.action.title)}\n"
                          f"Due {state.action.due:%a %d %b %Y} · {latest}"))
    value = json.dumps({"ref": state.action.ref})
    buttons = [button(f"{r.label}", f"{RATE_PREFIX}{r.code}", value) for r in key.ratings]
    buttons.append(button("Add detail", DETAIL_ACTION, value))
    blocks.append({"type": "actions", "block_id": f"prompt:{state.action.ref}", "elements": buttons})
    blocks.append(context("Or just reply in this thread, e.g. `amber - recruitment delayed, forecast 12 Feb`"))
    return blocks


def prompt_text(status: ActionStatus) -> str:
    return escape(f"How is {status.state.action.ref} {status.state.action.title} going?")


def confirmation_line(recorded: Recorded) -> str:
    update, key = recorded.update, recorded.key
    parts = [f"{EMOJI.get(update.rating, '')} Recorded *{key.label(update.rating)}* for "
             f"`{escape(recorded.action.ref)}` {escape(clip(recorded.action.title, 120))}"]
    if update.commentary:
        parts.append(f"“{escape(clip(update.commentary, 400))}”")
    if update.forecast:
        parts.append(f"forecast {update.forecast:%d %b %Y}")
    if update.evidence:
        parts.append("evidence linked")
    if recorded.repeated:
        parts.append("(already recorded)")
    return " · ".join(parts)


def confirmation_blocks(recorded: Recorded) -> list[Block]:
    """One line saying what was recorded, with *Undo*."""
    return [
        section(confirmation_line(recorded)),
        {"type": "actions", "block_id": "confirmation", "elements": [
            button("Undo", UNDO_ACTION, str(recorded.update.id))]},
    ]


def undone_blocks(recorded: Recorded) -> list[Block]:
    update, key = recorded.update, recorded.key
    return [section(f"↩️ Undone: `{escape(recorded.action.ref)}` is back to *{key.label(update.rating)}*.")]


def choice_blocks(choice: Choice) -> list[Block]:
    """Asks which action a reply is about; each button carries the reading so nothing is typed twice."""
    reading = choice.reading
    carried = {"rating": reading.rating, "commentary": reading.commentary,
               "forecast": reading.forecast.isoformat() if reading.forecast else None}
    buttons = [button(clip(f"{a.ref} {a.title}", 75), f"{CHOOSE_PREFIX}{n}", json.dumps({"ref": a.ref, **carried}))
               for n, a in enumerate(choice.actions[:MAX_CHOICES])]
    rows = [{"type": "actions", "block_id": f"choose_{n // 5}", "elements": buttons[n:n + 5]}
            for n in range(0, len(buttons), 5)]
    return [section("You have several open actions: which one is this about?"), *rows]


def modal_view(status: ActionStatus, key: BragKey, *, channel: str | None, ts: str | None,
               rating: str | None = None) -> dict[str, Any]:
    """Rating, commentary, evidence link and forecast date for one action."""
    options = [{"text": {"type": "plain_text", "text": r.label}, "value": r.code} for r in key.ratings]
    select: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options,
                              "placeholder": {"type": "plain_text", "text": "Choose a rating"}}
    if rating:
        select["initial_option"] = next(o for o in options if o["value"] == rating)
    action = status.state.action
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK,
        "private_metadata": json.dumps({"ref": action.ref, "channel": channel, "ts": ts}),
        "title": {"type": "plain_text", "text": "Update"},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{escape(action.ref)}* {escape(clip(action.title, 500))}\nDue {action.due:%a %d %b %Y}"),
            {"type": "input", "block_id": "rating", "label": {"type": "plain_text", "text": "Rating"},
             "element": select, "optional": True},
            {"type": "input", "block_id": "commentary", "optional": True,
             "label": {"type": "plain_text", "text": "Commentary"},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 3000}},
            {"type": "input", "block_id": "evidence", "optional": True,
             "label": {"type": "plain_text", "text": "Evidence link"},
             "element": {"type": "plain_text_input", "action_id": "value",
                         "placeholder": {"type": "plain_text", "text": "https://..."}}},
            {"type": "input", "block_id": "forecast", "optional": True,
             "label": {"type": "plain_text", "text": "Forecast date"},
             "element": {"type": "datepicker", "action_id": "value"}},
        ],
    }


def modal_values(view: dict[str, Any]) -> dict[str, str | None]:
    """The submitted values by block id, as text (None when left empty)."""
    values = view["state"]["values"]

    def read(block: str) -> str | None:
        field = values.get(block, {}).get("value", {})
        chosen = field.get("selected_option") or {}
        return chosen.get("value") or field.get("selected_date") or field.get("value") or None

    return {block: read(block) for block in ("rating", "commentary", "evidence", "forecast")}
