"""Reminders delivered into terminal sessions instead of Slack DMs."""
from __future__ import annotations

from datetime import datetime
from typing import Mapping

from governance.reminders import OutboxItem
from handlers.console.session import ConsoleSession
from scheduling.delivery import Delivery, PermanentFailure


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
