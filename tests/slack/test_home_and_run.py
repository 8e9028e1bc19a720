"""Linking people, and `readiness run` as a process against the Slack stand-in."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.slack.blockkit import all_text
from tests.slack.conftest import SECRET
from tests.slack_signing import post, signed_headers, slash_command_body
from tests.slack_standin import SlackStandIn
from tests.test_cli import ROOT, readiness


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def slack_process_env(slack: SlackStandIn) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url}


@pytest.fixture
def initialised(tmp_path: Path) -> Path:
    assert readiness("--now", "2018-01-19T18:00", "init", "--example", "barnet-2018", cwd=tmp_path).returncode == 0
    return tmp_path


def test_run_serves_slack_over_http_with_a_health_check(initialised: Path, slack: SlackStandIn,
                                                         slack_process_env: dict[str, str]) -> None:
    port = free_port()
    env = {**os.environ, **slack_process_env, "DATABASE_URL": f"sqlite:///{initialised / 'readiness.db'}"}
    process = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run", "--host", "127.0.0.1", "--port",
                                str(port)], cwd=initialised, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        health = _wait_for_health(f"http://127.0.0.1:{port}/healthz")
        assert health == {"ok": True}
        assert slack.calls_to("auth.test"), "start-up must verify the token at SLACK_API_URL"
        body = slash_command_body("/readiness", "status theme 5", user_id="UMASH", response_url=slack.response_url())
        status, _, _ = post(f"http://127.0.0.1:{port}/slack/events", body, signed_headers(SECRET, body))
        assert status == 200
        assert "Theme 5" in all_text(slack.wait_for("respond")[0].params["blocks"])
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def _wait_for_health(url: str) -> dict:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_run_without_tokens_says_what_to_set(initialised: Path) -> None:
    result = readiness("run", cwd=initialised, env={"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": ""})
    assert result.returncode == 2
    assert result.stderr.startswith("error: set SLACK_BOT_TOKEN")
    assert "Traceback" not in result.stderr


def test_run_with_a_wrong_token_says_so(initialised: Path, slack: SlackStandIn,
                                        slack_process_env: dict[str, str]) -> None:
    result = readiness("run", cwd=initialised, env={**slack_process_env, "SLACK_BOT_TOKEN": "xoxb-wrong"})
    assert result.returncode == 2
    assert "Slack did not accept SLACK_BOT_TOKEN" in result.stderr and "invalid_auth" in result.stderr


def test_people_sync_and_link(initialised: Path, slack: SlackStandIn, slack_process_env: dict[str, str]) -> None:
    slack.users["UQA"] = {"id": "UQA", "profile": {"email": "QA.Lead@example.org"}}
    synced = readiness("people", "sync", cwd=initialised, env=slack_process_env)
    assert synced.returncode == 0, synced.stderr
    assert "Linked head.mash@example.org to UMASH." in synced.stdout
    assert "Linked pmo@example.org to UPMO." in synced.stdout
    assert "Linked qa.lead@example.org to UQA." in synced.stdout
    linked = readiness("people", "link", "comms.lead@example.org", "UMASH", cwd=initialised)
    assert linked.returncode == 2 and "already linked to head.mash@example.org" in linked.stderr
    unknown = readiness("people", "link", "nobody@example.org", "UX", cwd=initialised)
    assert unknown.returncode == 2 and "not in the plan's people" in unknown.stderr
