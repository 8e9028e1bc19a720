"""Slash commands: acknowledge at once, then answer through the response URL."""
from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App, Respond

from handlers.slack.errors import answered_later
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.status import status_message
from handlers.status_query import parse_status


def status_command(ack: Ack, command: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
    ack()
    viewer: Viewer = context["viewer"]
    deps: SlackDeps = context["deps"]
    query = parse_status(command.get("text", ""))
    person = viewer.person()
    respond(response_type="ephemeral", **status_message(query, deps=deps, email=person.email))


def register(app: App, answers: Executor) -> None:
    app.command("/status")(answered_later(status_command, answers))
