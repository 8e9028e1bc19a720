"""`readiness run` in Socket Mode, end to end: the real app, a WebSocket stand-in for Slack's link, and the
HTTP stand-in for the Web API (`apps.connections.open` included, so SLACK_API_URL is proven to be used)."""
from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App

from governance.errors import ReadinessError
from governance.questions import COMMAND
from handlers.slack.server import SocketModeServer
from handlers.slack.settings import SlackSettings
from storage.store import Store
from tests.slack.blockkit import all_text
from tests.slack.conftest import app_for, slack_deps
from tests.slack_signing import block_actions_body
from tests.slack_standin import Reply, SlackStandIn
from tests.socket_standin import SocketStandIn
from tests.test_cli import ROOT, readiness

APP_TOKEN = "xapp-1-A1-1-standin"
STATUS_TEXT = "status theme 5"
"""Sent with the app's slash command (`/readiness` by default) to ask for theme 5's status."""


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """SQLite only: the transport under test never sees the store's dialect, which the other suites cover."""
    return f"sqlite:///{tmp_path / 'readiness.db'}"


@pytest.fixture
def sockets(slack: SlackStandIn) -> Iterator[SocketStandIn]:
    with SocketStandIn(slack) as standin:
        yield standin


def make_app(store: Store, slack: SlackStandIn) -> App:
    settings = SlackSettings("xoxb-test", None, APP_TOKEN, slack.api_url)
    return app_for(slack_deps(store), settings)


@pytest.fixture
def link(example_store: Store, slack: SlackStandIn, sockets: SocketStandIn) -> Iterator[SocketModeServer]:
    """The bot connected over the socket; closed before the stand-ins stop, so it never tries to reconnect."""
    server = SocketModeServer(make_app(example_store, slack), APP_TOKEN)
    sockets.offer()
    server.connect()
    yield server
    server.close()


def ask_status(sockets: SocketStandIn, slack: SlackStandIn, answers_so_far: int) -> tuple[int, dict[str, Any]]:
    """Sends the status command; returns the connection that carried the ack and the answer Slack got."""
    envelope = sockets.slash_command(COMMAND, STATUS_TEXT, user_id="UMASH", response_url=slack.response_url())
    ack = sockets.wait_for_ack(envelope)
    return ack.ticket, slack.wait_for("respond", answers_so_far + 1)[-1].params


def test_commands_events_and_clicks_are_answered_over_the_socket_and_a_refresh_reconnects(
        link: SocketModeServer, slack: SlackStandIn, sockets: SocketStandIn) -> None:
    opened = slack.wait_for("apps.connections.open")
    assert opened[0].headers["authorization"] == f"Bearer {APP_TOKEN}"

    ticket, answer = ask_status(sockets, slack, 0)
    assert ticket == 1 and "Theme 5" in all_text(answer["blocks"])

    home = sockets.events_api({"type": "app_home_opened", "user": "UMASH", "channel": "D1", "tab": "home",
                               "event_ts": "1516000000.000100"}, event_id="EvSocket1")
    sockets.wait_for_ack(home)
    assert slack.wait_for("views.publish")[0].params["user_id"] == "UMASH"

    share = next(e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "status_share")
    click = sockets.interactive(block_actions_body("status_share", share["value"], user_id="UMASH",
                                                   response_url=slack.response_url("share"),
                                                   block_id="status_buttons"))
    sockets.wait_for_ack(click)
    assert slack.wait_for("respond", 2)[-1].params["response_type"] == "in_channel"

    sockets.offer()
    sockets.disconnect("refresh_requested")
    sockets.wait_for_links(2)
    ticket, answer = ask_status(sockets, slack, 2)
    assert ticket == 2 and "Theme 5" in all_text(answer["blocks"])
    assert len(slack.calls_to("apps.connections.open")) == 2


def test_an_open_socket_without_hello_is_not_a_connection(store: Store, slack: SlackStandIn) -> None:
    with SocketStandIn(slack, greet=False) as sockets:
        sockets.offer()
        server = SocketModeServer(make_app(store, slack), APP_TOKEN, hello_timeout=0.2)
        with pytest.raises(ReadinessError, match="did not say hello within 0.2 s"):
            server.connect()
        assert len(sockets.links) == 1


def test_socket_mode_turned_off_in_the_app_settings_is_said_plainly(store: Store, slack: SlackStandIn) -> None:
    with SocketStandIn(slack, greet=False) as sockets, ThreadPoolExecutor(1) as connecting:
        sockets.offer()
        connected = connecting.submit(SocketModeServer(make_app(store, slack), APP_TOKEN).connect)
        sockets.wait_for_links(1)
        sockets.disconnect("link_disabled")
        with pytest.raises(ReadinessError, match=r"\(link_disabled\): turn Socket Mode on"):
            connected.result(timeout=5)


@pytest.fixture
def run_env(store: Store, store_url: str, slack: SlackStandIn) -> dict[str, str]:
    """What `readiness run` reads, pointed at a migrated store and the stand-ins."""
    return {"DATABASE_URL": store_url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_SIGNING_SECRET": "", "SLACK_API_URL": slack.api_url}


def error_line(stderr: str) -> str:
    """The one line `readiness run` says: no traceback, and none of the socket client's own log lines."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("error", ["invalid_auth", "not_allowed_token_type"])
def test_run_with_a_refused_app_token_says_so_in_one_line(run_env: dict[str, str], slack: SlackStandIn,
                                                          tmp_path: Path, error: str) -> None:
    slack.reply("apps.connections.open", Reply(body={"ok": False, "error": error}))
    result = readiness("run", cwd=tmp_path, url=run_env["DATABASE_URL"], env=run_env)
    assert result.returncode == 2 and "Connected" not in result.stdout
    assert error_line(result.stderr).startswith(f"error: Slack did not accept SLACK_APP_TOKEN at {slack.api_url} "
                                                f"({error}): check the app-level token")


def test_run_when_the_websocket_cannot_be_reached_says_so_in_one_line(run_env: dict[str, str], slack: SlackStandIn,
                                                                      tmp_path: Path) -> None:
    slack.reply("apps.connections.open", Reply(body={"ok": True, "url": f"ws://127.0.0.1:{closed_port()}/link/"}))
    result = readiness("run", cwd=tmp_path, url=run_env["DATABASE_URL"], env=run_env)
    assert result.returncode == 2 and "Connected" not in result.stdout
    assert error_line(result.stderr).startswith("error: Slack's Socket Mode WebSocket did not open ([Errno 111]")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_run_says_connected_only_once_slack_said_hello_and_stops_cleanly_on_ctrl_c(
        run_env: dict[str, str], slack: SlackStandIn, tmp_path: Path) -> None:
    with SocketStandIn(slack, greet=False) as sockets:
        sockets.offer()
        process = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run", "--no-reminders"], cwd=tmp_path,
                                   env={**os.environ, **run_env, "PYTHONUNBUFFERED": "1"}, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            sockets.wait_for_links(1, timeout=30)
            assert not printed(process, within=0)
            sockets.hello()
            assert printed(process, within=10)
            assert process.stdout.readline() == "Connected to Slack in Socket Mode.\n"
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


def printed(process: subprocess.Popen[str], *, within: float) -> bool:
    """Whether the bot has written to stdout, waiting up to `within` seconds for it to."""
    return bool(select.select([process.stdout], [], [], within)[0])
