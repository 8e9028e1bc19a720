"""Buttons on status answers: page through the actions, or share the same view in the channel.

A page click redraws the message only where the clicker alone sees it (an ephemeral answer, or their DM
with the bot). On a message the channel sees (a shared answer, an @mention's answer, a digest) the next
page is answered to the clicker privately, so the shared message stays what was shared.
"""
from __future__ import annotations

import json
import re
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App, Respond

from governance.errors import ReadinessError
from governance.questions import Question, parse_status
from handlers.slack.blocks import PAGE_ACTION, SHARE_ACTION, Paging
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import answered_later
from handlers.slack.status import answer_message


def _button_state(action: dict[str, Any]) -> tuple[Question, int, str]:
    """The question a button carries as its words (`theme 5`), its page, and whose view it is."""
    try:
        value = json.loads(action["value"])
        return parse_status(str(value["q"])), int(value["p"]), str(value.get("u") or "")
    except (KeyError, TypeError, ValueError):
        raise ReadinessError("That button is out of date: ask again with `status`.") from None


def _email_of(user_id: str, context: dict[str, Any]) -> str:
    """Whose view the answer is: the clicker's own, or the person who first asked (for `status mine`)."""
    viewer: Viewer = context["viewer"]
    if not user_id or user_id == viewer.user_id:
        return viewer.person().email
    viewer.person()
    return Viewer(user_id, context["deps"], viewer.directory).person().email


def _seen_only_by_clicker(body: dict[str, Any]) -> bool:
    container = body.get("container") or {}
    return bool(container.get("is_ephemeral")) or str(container.get("channel_id", "")).startswith("D")


def page(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    ack()
    question, number, who = _button_state(action)
    private = _seen_only_by_clicker(body)
    paging = Paging(question.text, number, who, shareable=private)
    message = answer_message(question, deps=context["deps"], asker=_email_of(who, context), paging=paging)
    respond(replace_original=private, response_type="ephemeral", **message)


def share(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    ack()
    question, number, who = _button_state(action)
    viewer: Viewer = context["viewer"]
    deps: SlackDeps = context["deps"]
    paging = Paging(question.text, number, who or viewer.user_id, shared_by=viewer.user_id)
    message = answer_message(question, deps=deps, asker=_email_of(who, context), paging=paging)
    respond(response_type="in_channel", replace_original=False, delete_original=False, **message)


def register(app: App, answers: Executor) -> None:
    app.action(re.compile(f"^{PAGE_ACTION}_"))(answered_later(page, answers))
    app.action(SHARE_ACTION)(answered_later(share, answers))
