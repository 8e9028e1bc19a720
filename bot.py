"""Composition root and command-line entry: reads the environment, builds the store, runs a command."""
from __future__ import annotations

import os
import sys

from governance.clock import Clock, FixedClock, RunningClock, SystemClock, parse_now
from governance.errors import ReadinessError
from governance.workdays import DEFAULT_TZ
from handlers.cli.commands import Cli, build_parser
from handlers.cli.render import make_console
from handlers.slack.settings import SlackSettings
from scheduling.settings import ReminderSettings
from storage.engine import database_url
from storage.store import open_store


LONG_RUNNING = ("run", "console")
"""Commands that keep going: with `--now` their clock starts there and runs, so leases and reminders move on."""


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    tz = os.environ.get("READINESS_TZ", DEFAULT_TZ)
    try:
        clock: Clock = SystemClock()
        if args.now:
            start = parse_now(args.now, tz)
            clock = RunningClock(start) if args.command in LONG_RUNNING else FixedClock(start)
        cli = Cli(lambda: open_store(database_url()), clock, tz, make_console(), SlackSettings.from_env(),
                  ReminderSettings.from_env())
        try:
            return args.handler(args, cli)
        finally:
            cli.close()
    except ReadinessError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
