"""The manifest creates the app the code expects: its commands, events and scopes."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import yaml

from handlers.slack.app import register_listeners
from tests.test_cli import ROOT


class RecordingApp:
    """Records what register_listeners asks Bolt for, without building a Bolt app."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self.events: list[str] = []
        self.actions: list[str] = []

    def command(self, name: str):
        self.commands.append(name)
        return lambda listener: listener

    def event(self, name: str):
        self.events.append(name)
        return lambda listener: listener

    def action(self, name: object):
        self.actions.append(str(name))
        return lambda listener: listener

    def view(self, name: str):
        return lambda listener: listener


def test_manifest_matches_the_listeners() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    app = RecordingApp()
    register_listeners(app, ThreadPoolExecutor(max_workers=1))
    assert sorted(c["command"] for c in manifest["features"]["slash_commands"]) == sorted(app.commands)
    subscribed = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {event.split(".")[0] for event in subscribed} == set(app.events)
    assert "message.im" in subscribed
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert {"commands", "chat:write", "im:write", "im:history", "channels:history", "groups:history", "users:read",
            "users:read.email"} <= set(
        manifest["oauth_config"]["scopes"]["bot"])
    for url in (manifest["settings"]["event_subscriptions"]["request_url"],
                manifest["settings"]["interactivity"]["request_url"]):
        assert url.endswith("/slack/events")
