"""One reminder tick over a store, timed by phase, in its own process so its peak memory is its own.

Prints JSON: seconds to materialise (plan every rule for the day and enqueue the outbox), the
reminders enqueued, seconds to dispatch them to the Slack stand-in, and peak RSS in MB.
"""
from __future__ import annotations

import argparse
import json
import resource
import time

from governance.clock import FixedClock, parse_now
from governance.programme import Programme
from handlers.slack.app import web_client
from handlers.slack.deps import SlackDeps
from handlers.slack.reminders import SlackReminderSender
from scheduling.dispatch import Dispatcher
from scheduling.outbox import materialise
from scheduling.settings import ReminderSettings
from storage.store import open_store

TZ = "Europe/London"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--at", required=True)
    parser.add_argument("--slack", required=True)
    args = parser.parse_args()
    at = parse_now(args.at, TZ)
    store = open_store(args.database)
    settings = ReminderSettings(pace=0, pmo_channel="CPMO", batch=200)
    started = time.perf_counter()
    materialised = materialise(uow=store.uow(), now=at, tz=TZ, settings=settings)
    planned = time.perf_counter()
    sender = SlackReminderSender(web_client("xoxb-test", args.slack, retries=False),
                                 SlackDeps(Programme(store.uow, FixedClock(at), TZ)), pmo_channel="CPMO")
    dispatched = Dispatcher(store.uow, sender, clock=FixedClock(at), tz=TZ, settings=settings,
                            worker="bench").dispatch()
    finished = time.perf_counter()
    store.close()
    print(json.dumps({"materialise_s": planned - started, "reminders": materialised.added,
                      "dispatch_s": finished - planned, "sent": dispatched.sent,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
