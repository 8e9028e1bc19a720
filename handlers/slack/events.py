"""Events: the App Home shows each person what their roles in the plan ask of them."""
from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from governance.people import NotInPlan
from handlers.slack.errors import answering_errors
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.home import home_view, stranger_home


def app_home_opened(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    if event.get("tab", "home") != "home":
        return
    viewer: Viewer = context["viewer"]
    deps: SlackDeps = context["deps"]
    try:
        person = viewer.person()
    except NotInPlan as refusal:
        client.views_publish(user_id=viewer.user_id, view=stranger_home(str(refusal)))
        return
    view = home_view(deps.programme.home(person.email), deps.command)
    client.views_publish(user_id=viewer.user_id, view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(answering_errors(app_home_opened))
