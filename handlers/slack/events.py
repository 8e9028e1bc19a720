"""Events: the App Home shows each person what their roles in the plan ask of them."""
from __future__ import annotations

import time
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from governance.people import NotInPlan
from handlers.slack.commands import log_service_time
from handlers.slack.errors import answering_errors
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.home import home_view, stranger_home

HOME = "App Home"
"""How an App Home's service time is named in the answers' log."""


def app_home_opened(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    if event.get("tab", "home") != "home":
        return
    started = time.perf_counter()
    viewer: Viewer = context["viewer"]
    deps: SlackDeps = context["deps"]
    try:
        person = viewer.person()
    except NotInPlan as refusal:
        client.views_publish(user_id=viewer.user_id, view=stranger_home(str(refusal)))
        return
    view = home_view(deps.programme.home(person.email), deps.command)
    client.views_publish(user_id=viewer.user_id, view=view)
    log_service_time(HOME, started)


def register(app: App, answers: Executor) -> None:
    """A Home is a roll-up like a theme's, so it queues for `answers` as the command's answers do, rather than
    building on Bolt's listener threads beside them, where each would slow every acknowledgement."""

    def opened(ack: Ack, event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        ack()
        answers.submit(answering_errors(app_home_opened), event=event, client=client, context=context)

    app.event("app_home_opened")(opened)
