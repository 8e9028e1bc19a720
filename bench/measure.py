"""One bot on one store at one size, measured burst by burst.

Each burst sends one kind of request at one concurrency and records three things apart: the
acknowledgement (the HTTP response Slack waits for, timed here), the answer's service time (the work it
cost, from the bot's log) and answers per second (answers completed over the time from the first request
sent to the last answer posted), so queueing behind a burst shows in none of the latencies.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bench.load import FORM, Stats, fire, home_opened_body, reply_body
from bench.service import AnswerLog
from handlers.slack.events import HOME
from storage.models import UpdateRow
from storage.store import Store
from tests.slack_signing import slash_command_body
from tests.slack_standin import SlackStandIn

LEVELS = (1, 8, 32)
REQUESTS = {"tiny": 8, "full": 160, "large": 40}
"""Requests per burst by default. At `large` an overdue answer may take a while, and a burst waits for all its
answers."""
STORES = ("sqlite", "postgresql")
QUESTIONS = {"theme": "status theme 5", "overdue": "status overdue"}
LABELS = {"theme": "/readiness status theme 5", "overdue": "/readiness status overdue", "app_home": "App Home opened",
          "dm_reply": "DM reply"}
WAIT_SECONDS = 600
"""How long a burst's answers may take to arrive; the burst reports those that did."""
LOGGED_SECONDS = 10
"""How long an answer's service time may take to reach the log once the answer has arrived."""


@dataclass
class Burst:
    """One kind of request at one concurrency."""

    what: str
    concurrency: int
    ack: Stats
    service: Stats | None = None
    answered: int = 0
    answers_per_s: float | None = None


@dataclass
class BotUnderTest:
    """A running bot and what a burst needs to reach it and to see its answers."""

    name: str
    events_url: str
    secret: str
    slack: SlackStandIn
    log: AnswerLog
    asker: str
    requests: int


@dataclass
class StoreRun:
    """Everything measured for one store at one size."""

    size: str
    store: str
    bursts: list[Burst] = field(default_factory=list)
    generate_s: float = 0.0
    stored_replies: int = 0
    sent_replies: int = 0
    peak_rss_mb: float = 0.0
    tick: dict[str, float] = field(default_factory=dict)


def warm(bot: BotUnderTest, count: int = 2) -> None:
    """The first requests of each kind load code and fill caches; they are not measured, and are answered
    before the first burst begins, so that no answer of theirs is counted as the burst's."""
    before = len(bot.slack.calls_to("views.publish"))
    bodies = [body for what, question in QUESTIONS.items()
              for body in _status_bodies(bot, f"{bot.name}-warm-{what}", count, question)]
    bodies += [home_opened_body(bot.asker, event_id=f"Ev{bot.name}warm{i}".replace("-", "")) for i in range(count)]
    bot.log.mark()
    fire(bot.events_url, bodies, concurrency=2, secret=bot.secret, label="warm")
    for what, question in QUESTIONS.items():
        _posted(bot.slack, f"{bot.name}-warm-{what}", count)
        bot.log.service_times(question, count, timeout=LOGGED_SECONDS)
    _published(bot.slack, before, count)
    bot.log.service_times(HOME, count, timeout=LOGGED_SECONDS)


def every_burst(bot: BotUnderTest, owners: dict[str, str], run: StoreRun) -> None:
    """Each kind of request at each concurrency, in the order a reader compares them."""
    for concurrency in LEVELS:
        for what in QUESTIONS:
            run.bursts.append(status_burst(bot, what, concurrency))
        run.bursts.append(home_burst(bot, concurrency))
        replies = _reply_bodies(owners, f"{bot.name}-{concurrency}", bot.requests)
        run.sent_replies += len(replies)
        run.bursts.append(Burst("dm_reply", concurrency, fire(bot.events_url, replies, concurrency=concurrency,
                                                              secret=bot.secret, label=LABELS["dm_reply"])))


def status_burst(bot: BotUnderTest, what: str, concurrency: int) -> Burst:
    """`/readiness status …`: answered through its response URL, each URL named for the request."""
    name = f"{bot.name}-{what}-{concurrency}"
    sent_at: dict[int, float] = {}
    bot.log.mark()
    acks = fire(bot.events_url, _status_bodies(bot, name, bot.requests, QUESTIONS[what]), concurrency=concurrency,
                secret=bot.secret, label=LABELS[what], sent_at=sent_at)
    posted = _posted(bot.slack, name, bot.requests)
    return _answered(bot, Burst(what, concurrency, acks), QUESTIONS[what], list(sent_at.values()), posted)


def home_burst(bot: BotUnderTest, concurrency: int) -> Burst:
    """The asker opening the App Home again and again: answered by publishing the view."""
    sent_at: dict[int, float] = {}
    before = len(bot.slack.calls_to("views.publish"))
    bot.log.mark()
    bodies = [home_opened_body(bot.asker, event_id=f"Ev{bot.name}home{concurrency}x{i}".replace("-", ""))
              for i in range(bot.requests)]
    acks = fire(bot.events_url, bodies, concurrency=concurrency, secret=bot.secret, label=LABELS["app_home"],
                sent_at=sent_at)
    published = _published(bot.slack, before, bot.requests)
    return _answered(bot, Burst("app_home", concurrency, acks), HOME, list(sent_at.values()), published)


def stored_replies(store: Store, after_id: int, expected: int, timeout: float = WAIT_SECONDS) -> int:
    """How many of the burst's DM replies the store holds, waiting for them to be recorded."""
    deadline = time.monotonic() + timeout
    while True:
        with store.engine.connect() as db:
            stored = db.scalar(select(func.count()).select_from(UpdateRow)
                               .where(UpdateRow.id > after_id, UpdateRow.commentary.like("bench reply %")))
        if stored >= expected or time.monotonic() > deadline:
            return int(stored)
        time.sleep(0.2)


def last_update_id(store: Store) -> int:
    with store.engine.connect() as db:
        return int(db.scalar(select(func.max(UpdateRow.id))) or 0)


def _answered(bot: BotUnderTest, burst: Burst, logged_as: str, sent: list[float], answered: list[float]) -> Burst:
    burst.answered = len(answered)
    service = bot.log.service_times(logged_as, len(answered), timeout=LOGGED_SECONDS)
    burst.service = Stats(burst.ack.label, burst.concurrency, service)
    if answered and sent:
        burst.answers_per_s = len(answered) / (max(answered) - min(sent))
    return burst


def _status_bodies(bot: BotUnderTest, name: str, count: int, query: str) -> list[tuple[str, str]]:
    return [(slash_command_body("/readiness", query, user_id=bot.asker,
                                response_url=bot.slack.response_url(f"{name}.{i}"), trigger_id=f"{name}.{i}"), FORM)
            for i in range(count)]


def _posted(slack: SlackStandIn, name: str, count: int) -> list[float]:
    """When each answer to the burst `name` reached its response URL."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        posted = [c.at for c in slack.calls_to("respond") if c.params.get("_name", "").startswith(f"{name}.")]
        if len(posted) >= count or time.monotonic() > deadline:
            return posted
        time.sleep(0.05)


def _published(slack: SlackStandIn, before: int, count: int) -> list[float]:
    """When each App Home the burst asked for was published: the views.publish calls since `before`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        published = [c.at for c in slack.calls_to("views.publish")[before:]]
        if len(published) >= count or time.monotonic() > deadline:
            return published
        time.sleep(0.05)


def _reply_bodies(owners: dict[str, str], name: str, count: int) -> list[tuple[str, str]]:
    refs = sorted(owners)
    tag = name.replace("-", "")
    return [reply_body(owners[action], f"{action} amber - bench reply {name} {i}, forecast 30/06/2025",
                       event_id=f"Ev{tag}{i}", ts=f"{1_700_000_000 + i}.{sum(map(ord, name)):06d}")
            for i, action in ((i, refs[(i * 37) % len(refs)]) for i in range(count))]
