"""The manifest creates the app the code expects, and only a command name Slack will take."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from bot import main
from governance.errors import ReadinessError
from handlers.slack.app import register_listeners
from handlers.slack.manifest import SCOPES, check_command, manifest_text
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


def test_the_committed_manifest_is_the_default_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest"]) == 0
    assert capsys.readouterr().out == (ROOT / "manifest.yaml").read_text()


def test_manifest_matches_the_listeners() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    app = RecordingApp()
    register_listeners(app, ThreadPoolExecutor(max_workers=1), ThreadPoolExecutor(max_workers=1), "/readiness")
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == app.commands == ["/readiness"]
    subscribed = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {event.split(".")[0] for event in subscribed} == set(app.events)
    assert {"message.im", "app_mention", "app_home_opened"} == set(subscribed)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["oauth_config"]["scopes"]["bot"] == list(SCOPES)
    assert "app_mentions:read" in SCOPES and "metadata.message:read" not in SCOPES
    for url in (manifest["settings"]["event_subscriptions"]["request_url"],
                manifest["settings"]["interactivity"]["request_url"],
                manifest["features"]["slash_commands"][0]["url"]):
        assert url == "https://YOUR-HOST/slack/events"


def test_every_scope_is_explained_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for scope in SCOPES:
        assert f"`{scope}`" in readme, scope


def test_a_council_can_name_its_own_command_for_socket_mode() -> None:
    manifest = yaml.safe_load(manifest_text(command="cpstatus", socket=True))
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/cpstatus" and "url" not in command
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "request_url" not in manifest["settings"]["interactivity"]


def test_a_host_fills_in_the_request_urls() -> None:
    manifest = yaml.safe_load(manifest_text(command="/readiness", host="bot.example.gov.uk"))
    assert manifest["settings"]["interactivity"]["request_url"] == "https://bot.example.gov.uk/slack/events"


@pytest.mark.parametrize("name", ["/status", "/me", "/join", "/away", "/active", "/dnd", "/shrug", "/remind", "/msg",
                                  "/feed", "/who", "/collapse", "/expand", "/leave", "/open", "/search", "/topic",
                                  "/mute", "/pro", "/shortcuts", "/invite", "/archive", "/kick", "/remove",
                                  "/rename"])
def test_slack_built_in_commands_are_refused(name: str) -> None:
    with pytest.raises(ReadinessError, match="built-in"):
        check_command(name)


@pytest.mark.parametrize(("name", "reason"), [
    ("/Readiness", "lower case"), ("/ready ness", "no spaces"), ("/", "lower case"), ("/a" + "b" * 31, "32"),
    ("/readiness!", "lower case"),
])
def test_names_slack_forbids_are_refused(name: str, reason: str) -> None:
    with pytest.raises(ReadinessError, match=reason):
        check_command(name)


def test_the_command_line_refuses_a_reserved_name_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--command", "/status"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "built-in" in captured.err


def test_the_running_app_refuses_a_reserved_command_name() -> None:
    from handlers.slack.settings import SlackSettings
    settings = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                       "READINESS_COMMAND": "/status"})
    with pytest.raises(ReadinessError, match="built-in"):
        settings.check()
