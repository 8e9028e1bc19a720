"""Composition root and command-line entry: reads the environment, builds what commands use once, runs one.

Every setting is read and checked before a command runs, so a bad one changes nothing. One store (opened
when first used), one clock and one `Programme` serve the command; Slack's two clients (the one that
retries for the listeners and commands, and the reminder dispatcher's, which retries by itself) and its
dependencies are each made at most once, when a command first asks for them.
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from rich.console import Console
from slack_sdk import WebClient

from governance.clock import Clock, FixedClock, RunningClock, SystemClock, parse_now
from governance.errors import ReadinessError, first_line
from governance.programme import Programme
from governance.workdays import DEFAULT_TZ, programme_timezone
from handlers.cli.parser import parse_command_line
from handlers.slack.app import web_client
from handlers.slack.deps import SlackDeps, SlackDirectory
from handlers.slack.reminders import SlackReminderSender
from handlers.slack.settings import SlackSettings
from handlers.text.printable import make_console, printable
from scheduling.dispatch import Dispatcher
from scheduling.planning import send_instant
from scheduling.settings import ReminderSettings
from storage.engine import database_url
from storage.store import Store, open_store

LONG_RUNNING = ("run", "console")
"""Commands that keep going: their clock runs on (from `--now` when given), so leases and reminders move on."""
DEBUG = "READINESS_DEBUG"
"""Set to 1 to see the traceback behind an unexpected error instead of its one line."""


@dataclass(frozen=True)
class Settings:
    tz: str
    database_url: str
    reminders: ReminderSettings
    slack: SlackSettings

    @classmethod
    def from_env(cls) -> Settings:
        tz = programme_timezone(os.environ.get("READINESS_TZ") or DEFAULT_TZ)
        reminders, slack = ReminderSettings.from_env(), SlackSettings.from_env()
        return cls(tz, database_url(), reminders, slack)


class Runtime:
    """What a command is handed (handlers.cli.runtime.Runtime): built once, connected only when used."""

    def __init__(self, settings: Settings, clock: Clock, console: Console) -> None:
        self.settings, self.console = settings, console
        self.programme = Programme(lambda: self.store.uow(), clock, settings.tz, settings.reminders.reply_lease)
        self._slack_client: WebClient | None = None
        self._reminder_client: WebClient | None = None
        self._slack_deps: SlackDeps | None = None

    @property
    def slack(self) -> SlackSettings:
        return self.settings.slack

    @property
    def reminders(self) -> ReminderSettings:
        return self.settings.reminders

    @cached_property
    def store(self) -> Store:
        return open_store(self.settings.database_url)

    def slack_client(self, purpose: str) -> WebClient:
        """The listeners' and commands' client, which retries Slack's 429s and server errors itself."""
        if self._slack_client is None:
            self._slack_client = web_client(self._bot_token(purpose), self.slack.api_url)
        return self._slack_client

    def reminder_client(self) -> WebClient:
        """Without retries of its own: the dispatcher waits out Slack's 429s and backs off from its errors
        itself, extending its lease as it goes; a client retrying underneath would wait where it cannot."""
        if self._reminder_client is None:
            self._reminder_client = web_client(self._bot_token("send reminders"), self.slack.api_url, retries=False)
        return self._reminder_client

    def _bot_token(self, purpose: str) -> str:
        token = self.slack.bot_token
        if not token:
            raise ReadinessError(f"set SLACK_BOT_TOKEN (the bot token, xoxb-…) to {purpose}")
        return token

    def slack_deps(self) -> SlackDeps:
        if self._slack_deps is None:
            self._slack_deps = SlackDeps(self.programme, self.slack.command, self.slack.contact)
        return self._slack_deps

    def slack_directory(self) -> SlackDirectory:
        return SlackDirectory(self.slack_client("look people up in Slack"))

    def dispatcher(self) -> Dispatcher:
        """The reminder dispatcher of `run` and `tick`, sending to Slack as this host and process."""
        sender = SlackReminderSender(self.reminder_client(), self.slack_deps(), pmo_channel=self.reminders.pmo_channel)
        programme = self.programme
        return Dispatcher(programme.uow, sender, clock=programme.clock, tz=programme.tz, settings=self.reminders,
                          worker=f"{socket.gethostname()}:{os.getpid()}")

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_command_line(argv)
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
    settings = Settings.from_env()
    runtime = Runtime(settings, _clock(args, settings), make_console())
    try:
        if args.needs_store:
            runtime.store.require_current()
        return args.handler(args, runtime)
    finally:
        runtime.close()


def _clock(args: argparse.Namespace, settings: Settings) -> Clock:
    """One instant for a command that answers and ends, `--now` when given; a clock that runs on for one that
    keeps going. `tick --at` names the tick's instant, a bare date meaning that day's reminder time."""
    start = parse_now(args.now, settings.tz) if args.now else None
    if args.command in LONG_RUNNING:
        return RunningClock(start) if start else SystemClock()
    at: str | None = getattr(args, "at", None)
    if at:
        start = _reminder_instant(at, settings)
    return FixedClock(start or SystemClock().now())


def _reminder_instant(text: str, settings: Settings) -> datetime:
    moment = parse_now(text, settings.tz)
    return send_instant(moment.date(), settings.reminders, settings.tz) if len(text.strip()) == 10 else moment


def _refuse(message: str) -> int:
    """A refusal often repeats what was typed or read from a file, so its control characters are shown, not obeyed."""
    sys.stderr.write(f"error: {printable(message)}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
