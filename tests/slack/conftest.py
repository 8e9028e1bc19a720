"""A running bot on a loopback port, talking to a local stand-in for the Slack Web API."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

import pytest
from slack_bolt import App

from governance import recording
from governance.brag import BragKey
from governance.clock import FixedClock
from governance.programme import Programme
from governance.reply_reader import Reading
from handlers.slack.app import build_app, web_client
from handlers.slack.deps import SlackDeps
from handlers.slack.manifest import SCOPES
from handlers.slack.server import http_server, stop
from handlers.slack.settings import SlackSettings
from storage.store import Store
from tests.conftest import AS_OF, LONDON
from tests.slack_signing import post, signed_headers
from tests.slack_standin import SlackStandIn

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DURING_THE_VISIT = datetime(2018, 1, 30, 12, 0, tzinfo=LONDON)
"""Midday on the first of the example plan's two visit days (Tue 30 and Wed 31 Jan 2018)."""
PEOPLE = {
    "UMASH": "head.mash@example.org",
    "UPMO": "pmo@example.org",
    "UQA": "qa.lead@example.org",
    "ULEAD": "od.social.care@example.org",
    "UCHAIR": "chair.cpog@example.org",
    "USTRANGER": "stranger@example.com",
}


@dataclass
class RunningBot:
    url: str
    slack: SlackStandIn
    store: Store

    def send(self, body: str, *, content_type: str = "application/x-www-form-urlencoded",
             timestamp: int | None = None, secret: str = SECRET) -> tuple[int, str]:
        headers = signed_headers(secret, body, timestamp=timestamp, content_type=content_type)
        status, _, text = post(f"{self.url}/slack/events", body, headers)
        return status, text


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """Slack's stand-in, checked as the test ends: a payload Slack would refuse fails the test even when
    the bot only logged the refusal. Its token has the manifest's scopes, so a method the manifest does not
    grant is refused as Slack refuses it."""
    with SlackStandIn() as standin:
        standin.scopes = frozenset(SCOPES)
        for user_id, email in PEOPLE.items():
            standin.users[user_id] = {"id": user_id, "real_name": email, "profile": {"email": email}}
        yield standin
        standin.assert_no_violations()


def slack_deps(store: Store, now: datetime = AS_OF) -> SlackDeps:
    """What `bot.py` hands the Slack app: the use cases bound to one store, a clock stopped at `now`, and London."""
    return SlackDeps(Programme(store.uow, FixedClock(now), "Europe/London"))


def app_for(deps: SlackDeps, settings: SlackSettings) -> App:
    """The app as `bot.py` builds it: with the one Slack client made from the settings."""
    return build_app(deps, settings, client=web_client(settings.bot_token or "", settings.api_url))


def start_bot(store: Store, slack: SlackStandIn, deps: SlackDeps | None = None) -> tuple[RunningBot, object]:
    settings = SlackSettings("xoxb-test", SECRET, None, slack.api_url)
    app = app_for(deps or slack_deps(store), settings)
    server = http_server(app, store, signing_secret=SECRET, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return RunningBot(f"http://127.0.0.1:{server.effective_port}", slack, store), server


@pytest.fixture
def bot(example_store: Store, slack: SlackStandIn) -> Iterator[RunningBot]:
    running, server = start_bot(example_store, slack)
    yield running
    stop(server)


@pytest.fixture
def visiting_bot(example_store: Store, slack: SlackStandIn) -> Iterator[RunningBot]:
    """The bot with its clock inside the example plan's monitoring visit."""
    running, server = start_bot(example_store, slack, slack_deps(example_store, DURING_THE_VISIT))
    yield running
    stop(server)


@pytest.fixture
def doubted(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """`doubted(text, *reasons)`: the reader reads `text` as it does, with these doubts and no others. Which words
    the reader doubts is pinned in tests/governance/test_reply_reader.py; here only how Slack asks about a doubt
    matters, so these tests hold whatever words the reader comes to doubt."""
    doubts: dict[str, tuple[str, ...]] = {}
    read = recording.read_reply

    def reading(text: str, *, key: BragKey, today: date, refs: Iterable[str] = ()) -> Reading:
        read_as = read(text, key=key, today=today, refs=refs)
        return replace(read_as, unsure=doubts[text]) if text in doubts else read_as

    def doubt(text: str, *reasons: str) -> None:
        doubts[text] = reasons

    monkeypatch.setattr(recording, "read_reply", reading)
    return doubt
