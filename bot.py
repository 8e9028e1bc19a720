"""Composition root and command-line entry: reads the environment, builds the store, runs a command."""
from __future__ import annotations

import argparse
import os
import sys

from governance.clock import Clock, FixedClock, RunningClock, SystemClock, parse_now
from governance.errors import ReadinessError, first_line
from governance.workdays import DEFAULT_TZ, programme_timezone
from handlers.cli.commands import Cli, build_parser
from handlers.cli.render import make_console, printable
from handlers.slack.settings import SlackSettings
from scheduling.settings import ReminderSettings
from storage.engine import database_url
from storage.store import open_store


LONG_RUNNING = ("run", "console")
"""Commands that keep going: with `--now` their clock starts there and runs, so leases and reminders move on."""
DEBUG = "READINESS_DEBUG"
"""Set to 1 to see the traceback behind an unexpected error instead of its one line."""


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except ReadinessError as exc:
        return _refuse(str(exc))
    except Exception as exc:  # the last line of defence: a person gets one line, a developer the traceback
        if os.environ.get(DEBUG) == "1":
            raise
        kind, detail = type(exc).__name__, first_line(exc)
        return _refuse(f"unexpected {kind}{'' if detail == kind else ': ' + detail} "
                       f"(run again with {DEBUG}=1 to see the traceback)")


def _run(args: argparse.Namespace) -> int:
    """Every setting is read and checked before the command runs, so a bad one changes nothing."""
    tz = programme_timezone(os.environ.get("READINESS_TZ") or DEFAULT_TZ)
    reminders, slack, url = ReminderSettings.from_env(), SlackSettings.from_env(), database_url()
    clock: Clock = SystemClock()
    if args.now:
        start = parse_now(args.now, tz)
        clock = RunningClock(start) if args.command in LONG_RUNNING else FixedClock(start)
    cli = Cli(lambda: open_store(url), clock, tz, make_console(), slack, reminders)
    try:
        return args.handler(args, cli)
    finally:
        cli.close()


def _refuse(message: str) -> int:
    """A refusal often repeats what was typed or read from a file, so its control characters are shown, not obeyed."""
    sys.stderr.write(f"error: {printable(message)}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
