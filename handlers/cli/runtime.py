"""What every command is handed by the composition root (`bot.py`), built once for the run."""
from __future__ import annotations

from typing import Protocol

from rich.console import Console
from slack_sdk import WebClient

from governance.programme import Programme
from handlers.slack.deps import SlackDeps, SlackDirectory
from handlers.slack.settings import SlackSettings
from scheduling.dispatch import Dispatcher
from scheduling.settings import ReminderSettings
from storage.store import Store


class Runtime(Protocol):
    """The programme's use cases over one store and one clock, where to print, and Slack when a command needs
    it. Nothing here is opened or connected before a command first asks for it."""

    @property
    def programme(self) -> Programme: ...

    @property
    def store(self) -> Store: ...

    @property
    def console(self) -> Console: ...

    @property
    def slack(self) -> SlackSettings: ...

    @property
    def reminders(self) -> ReminderSettings: ...

    def slack_client(self, purpose: str) -> WebClient:
        """The run's one Web API client, retrying Slack's refusals itself; without a bot token, a refusal
        saying it is needed for `purpose`."""
        ...

    def slack_deps(self) -> SlackDeps: ...

    def slack_directory(self) -> SlackDirectory:
        """Slack's people, looked up through the run's client."""
        ...

    def dispatcher(self) -> Dispatcher:
        """The reminder dispatcher sending to Slack, through a client of its own that leaves retrying to it."""
        ...
