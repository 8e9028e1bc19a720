"""`python -m bench.run`: acknowledgements, answers, reminder ticks and memory on a plan at scale.

For each size asked for (`full`: 10,000 actions and 200,000 updates; `large`: ten times that; `tiny` proves
the whole run in seconds) and each store (SQLite, PostgreSQL) it generates the synthetic plan, starts
`readiness run` in HTTP mode against a local Slack Web API stand-in, and sends signed
`/readiness status theme 5` and `/readiness status overdue`, App Home openings and free-text DM replies at
concurrency 1, 8 and 32; a bare Bolt app that only acknowledges `/readiness` is measured the same way as the
floor. Each burst reports its acknowledgements, its answers' service time (read from the bot's log) and its
answers per second apart. Then it times one reminder tick over the plan and reports the bot's peak RSS.
`--json FILE` keeps the figures with every target of issue 16 worked out from them (bench.targets).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from rich.console import Console

from bench import report, targets
from bench.figures import floor_rows, run_figures
from bench.load import FORM, Stats, fire
from bench.measure import (
    LEVELS, REQUESTS, STORES, BotUnderTest, StoreRun, every_burst, last_update_id, stored_replies, warm,
)
from bench.processes import ROOT, bot_command, clean_up_on_sigterm, database, free_port, peak_rss_mb, running
from bench.service import AnswerLog
from bench.synthetic import SCALES, THEMES, Scale, generate, owner_of, ref, slack_id
from storage.store import open_store
from tests.postgres import start_postgres
from tests.slack_signing import slash_command_body
from tests.slack_standin import SlackStandIn

SECRET = "bench-signing-secret"
AS_OF = date(2025, 6, 3)
NOW = "2025-06-03T10:00"
TICK_AT = "2025-06-03T09:00"
REPLY_REFS = 1_000
"""Actions the DM replies are about, spread over the plan."""
ASKING_LEAD_OF = 5
"""The commands and the App Home are asked by the lead of the theme asked about."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="full", type=_sizes,
                        help=f"comma-separated, from {', '.join(SCALES)}; full,large works out the scale targets")
    parser.add_argument("--stores", default=",".join(STORES), type=_stores,
                        help=f"comma-separated, from {', '.join(STORES)}")
    parser.add_argument("--requests", type=int,
                        help="requests per burst at every size (default: " +
                             ", ".join(f"{n} at {size}" for size, n in REQUESTS.items()) + ")")
    parser.add_argument("--json", type=Path, help="also write the figures and the targets as JSON")
    args = parser.parse_args(argv)
    clean_up_on_sigterm()
    began = time.monotonic()
    console = Console(width=160)
    sizes: list[str] = args.size
    stores: list[str] = args.stores
    requests = {size: args.requests or REQUESTS[size] for size in sizes}
    figures: dict[str, Any] = {
        "date": datetime.now(ZoneInfo("Europe/London")).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
        "sizes": sizes, "stores": stores, "requests": requests,
        "scales": {size: vars(SCALES[size]) for size in sizes}}
    with SlackStandIn() as slack, tempfile.TemporaryDirectory(prefix="readiness-bench-") as scratch:
        workdir = Path(scratch)
        floor_requests = max(requests.values())
        console.print(f"[bold]Floor[/]: a bare Bolt app acknowledging /readiness, {floor_requests} requests per level")
        figures |= {"floor": floor_rows(_floor(workdir, slack, floor_requests)), "floor_s": time.monotonic() - began,
                    "runs": [], "size_wall_s": {}}
        postgres = start_postgres() if "postgresql" in stores else None
        try:
            for size in sizes:
                size_began = time.monotonic()
                _say_size(console, size, requests[size], fewer=args.requests is None and size == "large")
                for store in stores:
                    console.print(f"{store}: generating the plan, then measuring")
                    run = run_figures(_measure_store(size, store, database(store, workdir, postgres,
                                                                           name=f"bench_{size}"),
                                                     workdir, slack, requests[size]))
                    report.show_run(console, run, figures["floor"])
                    figures["runs"].append(run)
                figures["size_wall_s"][size] = time.monotonic() - size_began
        finally:
            if postgres:
                postgres.stop()
        slack.assert_no_violations()
    figures["wall_s"] = time.monotonic() - began
    figures["targets"] = targets.evaluate(figures)
    report.show_targets(console, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


def _sizes(text: str) -> list[str]:
    return _chosen(text, SCALES, "size")


def _stores(text: str) -> list[str]:
    return _chosen(text, STORES, "store")


def _chosen(text: str, known: Iterable[str], kind: str) -> list[str]:
    """A comma-separated list, each named once, in the order given."""
    chosen, known = list(dict.fromkeys(part.strip() for part in text.split(","))), list(known)
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {kind} {', '.join(unknown)}: use {', '.join(known)}")
    return chosen


def _say_size(console: Console, size: str, requests: int, *, fewer: bool) -> None:
    scale = SCALES[size]
    why = f", fewer than at full size ({REQUESTS['full']}) so that the run stays within reason" if fewer else ""
    console.print(f"[bold]{size}[/]: {scale.actions:,} actions, {scale.updates:,} updates, {scale.people:,} people, "
                  f"{scale.bodies} bodies; {requests} requests per burst{why}")


def _floor(workdir: Path, slack: SlackStandIn, requests: int) -> list[Stats]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    command = [sys.executable, "-m", "bench.floor", "--port", str(port), "--secret", SECRET, "--slack-api",
               slack.api_url]

    def bodies(name: str, count: int) -> list[tuple[str, str]]:
        return [(slash_command_body("/readiness", "status theme 5", user_id="U000001",
                                    response_url=slack.response_url(f"{name}.{i}"), trigger_id=f"{name}.{i}"), FORM)
                for i in range(count)]

    with running(command, workdir / "floor.log", {}, url):
        fire(url, bodies("floor-warm", 4), concurrency=2, secret=SECRET, label="warm")
        return [fire(url, bodies(f"floor{c}", requests), concurrency=c, secret=SECRET, label="floor")
                for c in LEVELS]


def _measure_store(size: str, store: str, url: str, workdir: Path, slack: SlackStandIn, requests: int) -> StoreRun:
    scale = Scale.named(size)
    run = StoreRun(size, store)
    opened = open_store(url)
    opened.migrate()
    started = time.monotonic()
    generate(opened, scale, as_of=AS_OF)
    run.generate_s = time.monotonic() - started
    owners = owner_of(opened, _reply_refs(scale))
    before = last_update_id(opened)
    env = {"DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack.api_url, "READINESS_TICK_SECONDS": "3600"}
    port, log = free_port(), workdir / f"bot-{size}-{store}.log"
    with running(bot_command(port, NOW, "--no-reminders", timed=True), log, env,
                 f"http://127.0.0.1:{port}/healthz") as process:
        bot = BotUnderTest(f"{size}-{store}", f"http://127.0.0.1:{port}/slack/events", SECRET, slack, AnswerLog(log),
                           slack_id(scale.theme_lead(ASKING_LEAD_OF)), requests)
        warm(bot)
        every_burst(bot, owners, run)
        run.stored_replies = stored_replies(opened, before, run.sent_replies)
        run.peak_rss_mb = peak_rss_mb(process.pid)
    opened.close()
    probe = subprocess.run([sys.executable, "-m", "bench.tick_probe", "--database", url, "--at", TICK_AT,
                            "--slack", slack.api_url], cwd=ROOT, capture_output=True, text=True, check=True)
    run.tick = json.loads(probe.stdout)
    return run


def _reply_refs(scale: Scale) -> list[str]:
    step = max(1, scale.actions // REPLY_REFS)
    return [ref(n % THEMES + 1, n // THEMES) for n in range(0, scale.actions, step)]


if __name__ == "__main__":
    sys.exit(main())
