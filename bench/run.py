"""`python -m bench.run`: command latency, reminder ticks and memory on a plan at scale.

For each store (SQLite, PostgreSQL) it generates the synthetic plan, starts `readiness run` in
HTTP mode against a local Slack Web API stand-in, and sends signed `/readiness status theme 5`,
`/readiness status overdue` and free-text DM replies at concurrency 1, 8 and 32; a bare Bolt app that
only acknowledges `/readiness` is measured the same way as the floor. Then it times one reminder tick
over the plan and reports the bot's peak RSS. `--size tiny` proves the whole run in seconds.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from bench.load import FORM, Stats, fire, reply_body
from bench.processes import ROOT, bot_command, clean_up_on_sigterm, database, free_port, peak_rss_mb, running
from bench.synthetic import Scale, generate, owner_of, ref
from storage.models import UpdateRow
from storage.store import Store, open_store
from tests.postgres import start_postgres
from tests.slack_signing import slash_command_body
from tests.slack_standin import SlackStandIn

SECRET = "bench-signing-secret"
AS_OF = date(2025, 6, 3)
NOW = "2025-06-03T10:00"
TICK_AT = "2025-06-03T09:00"
LEVELS = (1, 8, 32)
REQUESTS = {"full": 160, "tiny": 8}
TARGETS = {"theme_ratio": 2.0, "tick_s": 2.0, "rss_mb": 200.0}


@dataclass
class StoreReport:
    store: str
    runs: list[tuple[Stats, Stats | None]] = field(default_factory=list)
    stored_replies: int = 0
    sent_replies: int = 0
    peak_rss_mb: float = 0.0
    tick: dict[str, float] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("full", "tiny"), default="full")
    parser.add_argument("--stores", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--requests", type=int, help="requests per measurement (default: 160, or 8 when tiny)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    clean_up_on_sigterm()
    console = Console(width=150)
    scale, requests = Scale.named(args.size), args.requests or REQUESTS[args.size]
    with SlackStandIn() as slack, tempfile.TemporaryDirectory(prefix="readiness-bench-") as scratch:
        workdir = Path(scratch)
        console.print(f"[bold]Floor[/]: a bare Bolt app acknowledging /readiness, {requests} requests per level")
        floor = _floor(workdir, slack, requests)
        reports = []
        postgres = start_postgres() if "postgresql" in args.stores else None
        try:
            for store in args.stores.split(","):
                console.print(f"[bold]{store}[/]: generating {scale.actions:,} actions, {scale.updates:,} updates, "
                              f"{scale.people} people, {scale.bodies} bodies")
                reports.append(_measure_store(store, database(store, workdir, postgres), workdir, slack, scale,
                                              requests))
        finally:
            if postgres:
                postgres.stop()
        slack.assert_no_violations()
    _print(console, floor, reports)
    if args.json:
        args.json.write_text(json.dumps(_figures(floor, reports), indent=2))
    return 0


def _floor(workdir: Path, slack: SlackStandIn, requests: int) -> list[Stats]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    command = [sys.executable, "-m", "bench.floor", "--port", str(port), "--secret", SECRET, "--slack-api",
               slack.api_url]
    with running(command, workdir / "floor.log", {}, url):
        fire(url, _status_bodies(slack, "floor-warm", 4, "theme 5"), concurrency=2, secret=SECRET, label="warm")
        return [fire(url, _status_bodies(slack, f"floor{c}", requests, "theme 5"), concurrency=c, secret=SECRET,
                     label="floor") for c in LEVELS]


def _measure_store(store: str, url: str, workdir: Path, slack: SlackStandIn, scale: Scale,
                   requests: int) -> StoreReport:
    opened = open_store(url)
    opened.migrate()
    generate(opened, scale, as_of=AS_OF)
    owners = owner_of(opened, [ref(n % 7 + 1, n // 7) for n in range(scale.actions)])
    report = StoreReport(store)
    env = {"DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack.api_url, "READINESS_TICK_SECONDS": "3600"}
    port = free_port()
    with running(bot_command(port, NOW, "--no-reminders"), workdir / f"bot-{store}.log", env,
                 f"http://127.0.0.1:{port}/healthz") as bot:
        events = f"http://127.0.0.1:{port}/slack/events"
        fire(events, _status_bodies(slack, f"{store}-warm", 4, "theme 5"), concurrency=2, secret=SECRET, label="warm")
        for concurrency in LEVELS:
            for label, query in (("/readiness status theme 5", "status theme 5"),
                                 ("/readiness status overdue", "status overdue")):
                name = f"{store}-{query}-{concurrency}".replace(" ", "")
                report.runs.append(_status_run(events, slack, name, label, query, concurrency, requests))
            replies = _reply_bodies(owners, f"{store}{concurrency}", requests)
            report.sent_replies += len(replies)
            report.runs.append((fire(events, replies, concurrency=concurrency, secret=SECRET, label="DM reply"), None))
        report.stored_replies = _wait_for_replies(opened, report.sent_replies)
        report.peak_rss_mb = peak_rss_mb(bot.pid)
    opened.close()
    probe = subprocess.run([sys.executable, "-m", "bench.tick_probe", "--database", url, "--at", TICK_AT,
                            "--slack", slack.api_url], cwd=ROOT, capture_output=True, text=True, check=True)
    report.tick = json.loads(probe.stdout)
    return report


def _status_run(url: str, slack: SlackStandIn, name: str, label: str, query: str, concurrency: int,
                requests: int) -> tuple[Stats, Stats]:
    """Acknowledgement latency from the HTTP response, answer latency from the response_url post."""
    sent_at: dict[int, float] = {}
    acks = fire(url, _status_bodies(slack, name, requests, query), concurrency=concurrency, secret=SECRET,
                label=label, sent_at=sent_at)
    answered = _answers(slack, name, requests)
    answers = Stats(label, concurrency, [answered[i] - sent_at[i] for i in answered if i in sent_at], acks.elapsed)
    return acks, answers


def _status_bodies(slack: SlackStandIn, name: str, count: int, query: str) -> list[tuple[str, str]]:
    return [(slash_command_body("/readiness", query, user_id="U000021", response_url=slack.response_url(f"{name}.{i}"),
                                trigger_id=f"{name}.{i}"), FORM) for i in range(count)]


def _answers(slack: SlackStandIn, name: str, count: int, timeout: float = 300) -> dict[int, float]:
    deadline = time.monotonic() + timeout
    while True:
        answered = {int(c.params["_name"].rsplit(".", 1)[1]): c.at for c in slack.calls_to("respond")
                    if c.params.get("_name", "").startswith(f"{name}.")}
        if len(answered) >= count or time.monotonic() > deadline:
            return answered
        time.sleep(0.05)


def _reply_bodies(owners: dict[str, str], name: str, count: int) -> list[tuple[str, str]]:
    refs = sorted(owners)
    return [reply_body(owners[action], f"{action} amber - bench reply {name} {i}, forecast 30/06/2025",
                       event_id=f"Ev{name}{i}", ts=f"{1_700_000_000 + i}.{sum(map(ord, name)):06d}")
            for i, action in ((i, refs[(i * 37) % len(refs)]) for i in range(count))]


def _wait_for_replies(store: Store, expected: int, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while True:
        with store.engine.connect() as db:
            stored = db.scalar(select(func.count()).select_from(UpdateRow)
                               .where(UpdateRow.commentary.like("bench reply %")))
        if stored >= expected or time.monotonic() > deadline:
            return int(stored)
        time.sleep(0.2)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _print(console: Console, floor: list[Stats], reports: list[StoreReport]) -> None:
    floors = {s.concurrency: s for s in floor}
    for report in reports:
        table = Table(title=f"{report.store}: latency in ms (ack = HTTP response; answer = response_url post)")
        for column in ("what", "conc.", "n", "p50", "p95", "p99", "req/s", "p99 / floor", "answer p50", "answer p99"):
            table.add_column(column, justify="right" if column not in ("what",) else "left")
        for stats in floor:
            table.add_row("bare Bolt ack (floor)", str(stats.concurrency), str(len(stats.latencies)), _ms(stats.p50),
                          _ms(stats.p95), _ms(stats.p99), f"{stats.throughput:.0f}", "1.00", "", "")
        for acks, answers in report.runs:
            table.add_row(acks.label, str(acks.concurrency), str(len(acks.latencies)), _ms(acks.p50), _ms(acks.p95),
                          _ms(acks.p99), f"{acks.throughput:.0f}", f"{acks.p99 / floors[acks.concurrency].p99:.2f}",
                          _ms(answers.p50) if answers else "", _ms(answers.p99) if answers else "")
        console.print(table)
        tick = report.tick
        console.print(f"DM replies stored: {report.stored_replies} of {report.sent_replies}. "
                      f"Tick: {tick['reminders']} reminders materialised in {tick['materialise_s']:.2f}s "
                      f"(target < {TARGETS['tick_s']:.0f}s), {tick['sent']} sent to the stand-in in "
                      f"{tick['dispatch_s']:.2f}s; tick process peak RSS {tick['peak_rss_mb']:.0f} MB. "
                      f"Bot peak RSS: {report.peak_rss_mb:.0f} MB (target < {TARGETS['rss_mb']:.0f} MB).")


def _figures(floor: list[Stats], reports: list[StoreReport]) -> dict[str, object]:
    def row(stats: Stats) -> dict[str, float]:
        return {"concurrency": stats.concurrency, "n": len(stats.latencies), "p50_ms": stats.p50 * 1000,
                "p95_ms": stats.p95 * 1000, "p99_ms": stats.p99 * 1000, "throughput": stats.throughput,
                "failures": stats.failures}
    return {"floor": [row(s) for s in floor],
            "stores": [{"store": r.store, "runs": [{"what": a.label, "ack": row(a), "answer": row(b) if b else None}
                                                   for a, b in r.runs],
                        "stored_replies": r.stored_replies, "sent_replies": r.sent_replies,
                        "bot_peak_rss_mb": r.peak_rss_mb, "tick": r.tick} for r in reports]}


if __name__ == "__main__":
    sys.exit(main())
