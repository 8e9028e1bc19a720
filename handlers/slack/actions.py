"""Buttons on `/status` answers: page through the actions, or share the same view in the channel."""
from __future__ import annotations

import json
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App, Respond

from governance.errors import ReadinessError
from handlers.slack.blocks import PAGE_ACTION, SHARE_ACTION
from handlers.slack.errors import answered_later
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.status import status_message
from handlers.status_query import parse_status


def _button_state(action: dict[str, Any]) -> tuple[str, int]:
    try:
        value = json.loads(action["value"])
        return str(value["q"]), int(value["p"])
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: ask again with `/status`.") from None


def page(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    ack()
    text, number = _button_state(action)
    viewer: Viewer = context["viewer"]
    shared = action.get("block_id") == "status_buttons_shared"
    message = status_message(parse_status(text), deps=context["deps"], email=viewer.person().email, page=number)
    respond(replace_original=not shared, response_type="ephemeral", **message)


def share(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    ack()
    text, number = _button_state(action)
    viewer: Viewer = context["viewer"]
    deps: SlackDeps = context["deps"]
    message = status_message(parse_status(text), deps=deps, email=viewer.person().email, page=number,
                             shared_by=viewer.user_id)
    respond(response_type="in_channel", replace_original=False, delete_original=False, **message)


def register(app: App, answers: Executor) -> None:
    app.action(PAGE_ACTION)(answered_later(page, answers))
    app.action(SHARE_ACTION)(answered_later(share, answers))
