"""`python -m bench.drill`: two replicas on PostgreSQL through a kill, a database restart and Slack's faults.

It starts PostgreSQL, fills it with the synthetic plan and runs two `readiness run` replicas against a
local Slack Web API stand-in, their clocks starting at 09:00 on a working day, so that day's reminders
are all due. While owners' replies arrive (signed, through either replica, and sent again, as Slack
does, until one acknowledges them), it kills the replica holding reminders with SIGKILL in the middle
of a dispatch and starts it again, has the stand-in answer 429 and 500 for a while, and restarts
PostgreSQL. When everything has settled it checks that every due message (each person's one check-in
of the day, and the PMO channel's digests) was sent exactly once and every acknowledged reply is
stored exactly once, prints the counts, and exits 1 when a check fails.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bench.load import reply_body
from bench.processes import bot_command, clean_up_on_sigterm, database, free_port, start, stop
from bench.synthetic import Scale, generate, owner_of, ref
from storage.models import HandledEventRow, ReminderRow, UpdateRow
from storage.store import Store, open_store
from tests.postgres import PostgresServer, start_postgres
from tests.slack_signing import post, signed_headers
from tests.slack_standin import Reply, SlackStandIn

SECRET = "drill-signing-secret"
START = datetime(2025, 6, 3, 9, 0, tzinfo=ZoneInfo("Europe/London"))
"""A Tuesday: a working day with deadline, overdue and pre-meeting reasons to check in at 09:00."""
REMINDER_EVENT = "readiness_reminder"
CHECK_IN_KEY = "check_in:"
REPLY = re.compile(r"drill reply (\d+)\b")


@dataclass(frozen=True)
class DrillSize:
    scale: Scale
    replies: int
    pace: float
    """Seconds between two sends: slow enough that the kill lands in the middle of a dispatch, even when the tiny
    plan owes only five check-ins and the machine is busy."""
    faults: int
    """How many of Slack's answers to chat.postMessage are 429 or 500 once the replica is killed."""
    reply_every: float
    """Seconds between two owners' replies: they keep coming through the kill and the restart."""


SIZES = {"full": DrillSize(Scale.named("full"), replies=200, pace=0.05, faults=40, reply_every=0.1),
         "tiny": DrillSize(Scale.named("tiny"), replies=20, pace=1.0, faults=4, reply_every=0.4)}
LEASE_SECONDS = 10
SETTLE_SECONDS = 300


class DrillClock:
    """The time the replicas and the stand-in share: START, running on from when the drill began."""

    def __init__(self) -> None:
        self.began = time.monotonic()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.epoch(), ZoneInfo("Europe/London"))

    def epoch(self) -> float:
        return START.timestamp() + time.monotonic() - self.began


@dataclass
class Replica:
    """One `readiness run` process, started again on the same port after it was killed."""

    name: str
    port: int
    log: Path
    env: dict[str, str]
    clock: DrillClock
    process: subprocess.Popen[bytes] | None = None

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def start(self) -> None:
        self.process = start(bot_command(self.port, self.clock.now().isoformat()), self.log, self.env,
                             f"http://127.0.0.1:{self.port}/healthz")

    def kill(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process:
            stop(self.process)


@dataclass
class Replies:
    """Owners' replies, each sent through one replica and again through the other until acknowledged."""

    urls: list[str]
    bodies: list[tuple[str, str]]
    every: float
    acknowledged: set[int] = field(default_factory=set)
    resent: int = 0
    given_up: int = 0

    def send_all(self) -> None:
        for number, (body, content_type) in enumerate(self.bodies):
            self._send(number, body, content_type)
            time.sleep(self.every)

    def _send(self, number: int, body: str, content_type: str, patience: float = 120) -> None:
        deadline = time.monotonic() + patience
        attempt = 0
        while time.monotonic() < deadline:
            url = self.urls[(number + attempt) % len(self.urls)]
            try:
                status, _, _ = post(url, body, signed_headers(SECRET, body, content_type=content_type), timeout=10)
            except OSError:
                status = 0
            if status == 200:
                self.acknowledged.add(number)
                return
            attempt += 1
            self.resent += 1
            time.sleep(0.5)
        self.given_up += 1


@dataclass
class Drill:
    console: Console
    store: Store
    postgres: PostgresServer
    slack: SlackStandIn
    replicas: list[Replica]
    size: DrillSize
    killed_holding: int = 0

    def run(self, replies: Replies) -> None:
        for replica in self.replicas:
            replica.start()
        self._say(f"{' and '.join(r.name for r in self.replicas)} running; owners start replying")
        sender = threading.Thread(target=replies.send_all, name="replies", daemon=True)
        sender.start()
        due = self._wait_for("the day's reminders to be planned", self._planned, at_least=1)
        self._wait_for("a dispatch to be under way", self._reminders_posted, at_least=max(1, due // 4))
        self._kill_a_dispatching_replica()
        self.slack.reply("chat.postMessage", *[Reply(429, headers={"Retry-After": "1"}) if n % 2 == 0 else Reply(500)
                                               for n in range(self.size.faults)])
        self._say(f"Slack answers the next {self.size.faults} messages with 429 and 500 in turn")
        self._wait_for("Slack's faults to be used up", lambda: self.slack.scripted_left("chat.postMessage"),
                       at_most=0)
        self._say("PostgreSQL restarting (immediate shutdown)")
        self.postgres.restart()
        self._say("PostgreSQL back")
        sender.join()
        self._say(f"owners' replies all sent: {len(replies.acknowledged)} of {len(replies.bodies)} acknowledged")
        self._wait_for("every reminder and acknowledged reply to settle", self._unsettled, at_most=0,
                       timeout=SETTLE_SECONDS)
        self._say("settled")

    def _kill_a_dispatching_replica(self) -> None:
        self._wait_for("a replica to hold claimed reminders", lambda: sum(self._lease_holders().values()),
                       at_least=1)
        holders = self._lease_holders()
        victim = next((r for r in self.replicas if r.process and r.process.pid in holders), self.replicas[0])
        self.killed_holding = holders.get(victim.process.pid if victim.process else -1, 0)
        victim.kill()
        self._say(f"{victim.name} killed with SIGKILL while holding {self.killed_holding} claimed reminders")
        victim.start()
        self._say(f"{victim.name} started again")

    def _wait_for(self, what: str, count: Callable[[], int], *, at_least: int | None = None,
                  at_most: int | None = None, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while True:
            value = count()
            if (at_least is not None and value >= at_least) or (at_most is not None and value <= at_most):
                return value
            if time.monotonic() > deadline:
                raise DrillFailed(f"gave up waiting for {what} after {timeout:.0f}s (at {value})")
            time.sleep(0.1)

    def _say(self, event: str) -> None:
        self.console.print(f"{time.monotonic() - self.replicas[0].clock.began:6.1f}s  {event}")

    def _planned(self) -> int:
        with self.store.engine.connect() as db:
            return int(db.scalar(select(func.count()).select_from(ReminderRow)) or 0)

    def _reminders_posted(self) -> int:
        return sum(reminder_keys(self.slack).values())

    def _lease_holders(self) -> dict[int, int]:
        """Claimed reminders per replica process id: a dispatcher's worker name ends in its pid."""
        with self.store.engine.connect() as db:
            rows = db.execute(select(ReminderRow.lease_owner, func.count()).where(
                ReminderRow.status == "pending", ReminderRow.lease_owner.is_not(None)).group_by(ReminderRow.lease_owner))
            return {int(str(owner).rsplit(":", 1)[1]): int(count) for owner, count in rows}

    def _unsettled(self) -> int:
        """Reminders still pending, and replies kept but not yet recorded."""
        try:
            with self.store.engine.connect() as db:
                pending = db.scalar(select(func.count()).select_from(ReminderRow)
                                    .where(ReminderRow.status == "pending"))
                unrecorded = db.scalar(select(func.count()).select_from(HandledEventRow).where(
                    HandledEventRow.done_at.is_(None), HandledEventRow.body.is_not(None)))
        except OperationalError:
            return 1  # the database is still restarting: nothing can be called settled yet
        return int(pending or 0) + int(unrecorded or 0)


class DrillFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Outcome:
    reminders: Counter[str]
    """Outbox rows by status."""
    check_ins: int
    """Rows that are check-ins (one per person), not digests."""
    sent_once: int
    sent_twice: int
    missing: int
    """Marked sent but in no conversation."""
    stray: int
    """In a conversation but not marked sent."""
    acknowledged: int
    stored_once: int
    stored_twice: int
    lost: int
    refused: int
    """Payloads the Slack stand-in refused as Slack would (Block Kit limits)."""

    @property
    def passed(self) -> bool:
        return (not self.sent_twice and not self.missing and not self.stray and not self.lost and not self.refused
                and not self.stored_twice and self.reminders["pending"] == 0 and self.reminders["failed"] == 0)


def check(store: Store, slack: SlackStandIn, replies: Replies) -> Outcome:
    posted = reminder_keys(slack)
    with store.engine.connect() as db:
        rows = db.execute(select(ReminderRow.key, ReminderRow.status)).all()
        commentaries = db.scalars(select(UpdateRow.commentary).where(UpdateRow.commentary.like("%drill reply %")))
        stored = Counter(int(found.group(1)) for text in commentaries if (found := REPLY.search(text or "")))
    sent = {key for key, status in rows if status == "sent"}
    return Outcome(
        reminders=Counter(status for _, status in rows),
        check_ins=sum(1 for key, _ in rows if key.startswith(CHECK_IN_KEY)),
        sent_once=sum(1 for key in sent if posted[key] == 1),
        sent_twice=sum(1 for key in sent if posted[key] > 1),
        missing=sum(1 for key in sent if posted[key] == 0),
        stray=sum(1 for key in posted if key not in sent),
        acknowledged=len(replies.acknowledged),
        stored_once=sum(1 for n in replies.acknowledged if stored[n] == 1),
        stored_twice=sum(1 for n in stored if stored[n] > 1),
        lost=sum(1 for n in replies.acknowledged if stored[n] == 0),
        refused=len(slack.violations),
    )


def reminder_keys(slack: SlackStandIn) -> Counter[str]:
    """How often each reminder arrived in a conversation, from the key every reminder carries as metadata."""
    keys: Counter[str] = Counter()
    for message in slack.posted():
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") == REMINDER_EVENT:
            keys[metadata["event_payload"]["key"]] += 1
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.drill", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    args = parser.parse_args(argv)
    clean_up_on_sigterm()
    size, console = SIZES[args.size], Console(width=120)
    postgres = start_postgres()
    try:
        with tempfile.TemporaryDirectory(prefix="readiness-drill-") as work:
            store = open_store(database("postgresql", Path(work), postgres, "drill"))
            store.migrate()
            console.print(f"[bold]Drill[/]: {size.scale.actions:,} actions, {size.scale.updates:,} updates on "
                          "PostgreSQL, two replicas")
            generate(store, size.scale, as_of=START.date())
            clock = DrillClock()
            with SlackStandIn(clock=clock.epoch) as slack:
                replicas = [_replica(name, Path(work), store.url, slack, clock, size)
                            for name in ("replica A", "replica B")]
                replies = _replies(store, size, [r.events_url for r in replicas])
                drill = Drill(console, store, postgres, slack, replicas, size)
                completed = False
                try:
                    drill.run(replies)
                    completed = True
                except DrillFailed as failure:
                    console.print(f"[red]The drill did not complete: {failure}[/]")
                finally:
                    for replica in replicas:
                        replica.stop()
                outcome = check(store, slack, replies)
            store.close()
    finally:
        postgres.stop()
    _print(console, outcome, drill, replies)
    return 0 if completed and outcome.passed else 1


def _replies(store: Store, size: DrillSize, urls: list[str]) -> Replies:
    owners = owner_of(store, [ref(n % 7 + 1, n // 7) for n in range(size.scale.actions)])
    refs = sorted(owners)
    bodies = [reply_body(owners[action], f"{action} amber - drill reply {n}, forecast 30/06/2025",
                         event_id=f"EvDrill{n}", ts=f"{int(START.timestamp()) + n}.000100")
              for n, action in ((n, refs[(n * 37) % len(refs)]) for n in range(size.replies))]
    return Replies(urls, bodies, every=size.reply_every)


def _replica(name: str, work: Path, url: str, slack: SlackStandIn, clock: DrillClock, size: DrillSize) -> Replica:
    env = {"DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack.api_url, "READINESS_PMO_CHANNEL": "CPMO", "READINESS_TICK_SECONDS": "1",
           "READINESS_LEASE_SECONDS": str(LEASE_SECONDS),
           "READINESS_REPLY_LEASE_SECONDS": str(LEASE_SECONDS), "READINESS_SEND_PACE": str(size.pace)}
    return Replica(name, free_port(), work / f"{name.replace(' ', '-')}.log", env, clock)


def _print(console: Console, outcome: Outcome, drill: Drill, replies: Replies) -> None:
    table = Table(title="Drill outcome")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("messages due", sum(outcome.reminders.values())),
        ("  check-ins (one per person owed one)", outcome.check_ins),
        ("  sent exactly once", outcome.sent_once),
        ("  sent twice or more", outcome.sent_twice),
        ("  marked sent but never arrived", outcome.missing),
        ("  arrived but not marked sent", outcome.stray),
        ("  no longer owed when due (the person had replied)", outcome.reminders["obsolete"]),
        ("  still pending", outcome.reminders["pending"]),
        ("  failed", outcome.reminders["failed"]),
        ("claimed by the killed replica", drill.killed_holding),
        ("owners' replies sent", len(replies.bodies)),
        ("  acknowledged", outcome.acknowledged),
        ("  sent again until acknowledged", replies.resent),
        ("  never acknowledged", replies.given_up),
        ("  acknowledged and stored once", outcome.stored_once),
        ("  stored twice or more", outcome.stored_twice),
        ("  acknowledged but lost", outcome.lost),
        ("payloads Slack would refuse", outcome.refused),
    ]
    for what, count in rows:
        table.add_row(what, str(count))
    console.print(table)
    console.print("[green]PASSED[/]: every due message sent once, every acknowledged reply stored once"
                  if outcome.passed else "[red]FAILED[/]")


if __name__ == "__main__":
    sys.exit(main())
