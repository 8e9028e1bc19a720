"""What the dispatcher needs from whatever carries a reminder to a person (Slack, or the terminal)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from governance.reminders import OutboxItem


@dataclass(frozen=True)
class Delivery:
    channel: str
    ts: str


class RetryAfter(Exception):
    """Rate limited: try again after `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds:g}s")
        self.seconds = seconds


class TransientFailure(Exception):
    """A server error or a dropped connection: worth retrying later."""


class PermanentFailure(Exception):
    """Retrying will not help (no such user, not in the channel): the PMO has to act."""


class Sender(Protocol):
    def send(self, item: OutboxItem, *, now: datetime) -> Delivery:
        """Sends one reminder; raises RetryAfter, TransientFailure or PermanentFailure."""
        ...

    def find(self, item: OutboxItem) -> Delivery | None:
        """The message of an attempt that was cut off, if it reached the recipient after all."""
        ...
