"""Reminders delivered into terminal sessions instead of Slack DMs."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Mapping

from governance.programme import Programme
from governance.reminders import OutboxItem
from handlers.console.session import ConsoleSession
from scheduling.delivery import Delivery, PermanentFailure, Sender
from scheduling.dispatch import Dispatcher
from scheduling.settings import ReminderSettings


def terminal_dispatcher(programme: Programme, sender: Sender, settings: ReminderSettings, *, worker: str,
                        recipient: str | None = None) -> Dispatcher:
    """The dispatcher of the console and the demo, on the programme's own clock. A terminal has no rate limit,
    so nothing is paced; `recipient` keeps a console to the reminders of the person at it."""
    return Dispatcher(programme.uow, sender, clock=programme.clock, tz=programme.tz, settings=replace(settings, pace=0),
                      worker=worker, recipient=recipient)


class ConsoleSender:
    """The dispatcher's Sender for the console: each check-in or notice goes to its recipient's session."""

    def __init__(self, sessions: Mapping[str, ConsoleSession]) -> None:
        self.sessions = sessions

    def send(self, item: OutboxItem, *, now: datetime) -> Delivery:
        session = self.sessions.get(item.reminder.recipient)
        if session is None:
            raise PermanentFailure(f"no terminal session for {item.reminder.recipient}")
        return Delivery(session.channel, session.receive(item))

    def find(self, item: OutboxItem) -> Delivery | None:
        """A terminal keeps no history to look in: an interrupted reminder is shown again."""
        return None
