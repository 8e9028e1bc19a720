"""A sender that records what the dispatcher sends, and can be told to fail the way Slack fails."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.clock import FixedClock
from governance.reminders import Kind, OutboxItem
from scheduling.delivery import Delivery
from scheduling.dispatch import Dispatcher
from scheduling.settings import ReminderSettings
from storage.store import Store

LONDON = ZoneInfo("Europe/London")
SETTINGS = ReminderSettings(pace=0, pmo_channel="CPMO")


def at(day: str, clock: str = "09:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LONDON)


def described(item: OutboxItem) -> tuple[str, str, str]:
    """(kind, subject, recipient) of a digest or notice; ("check_in", recipient, refs) of a check-in, its refs
    as the dispatcher planned them when it sent it."""
    reminder = item.reminder
    if reminder.kind is Kind.CHECK_IN:
        assert item.check_in is not None, "a check-in's content is planned before it is sent"
        return reminder.kind.value, reminder.recipient, " ".join(ask.ref for ask in item.check_in.asks)
    return reminder.kind.value, reminder.subject, reminder.recipient


@dataclass
class RecordingSender:
    """Delivers into a list; `failures` are raised, one per send, before anything is delivered."""

    sent: list[tuple[str, str, str]] = field(default_factory=list)
    delivered: dict[str, Delivery] = field(default_factory=dict)
    failures: list[BaseException] = field(default_factory=list)
    after_delivery: Callable[[OutboxItem], None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, item: OutboxItem, *, now: datetime) -> Delivery:
        with self.lock:
            if self.failures:
                raise self.failures.pop(0)
            reminder = item.reminder
            self.sent.append(described(item))
            delivery = Delivery(f"D-{reminder.recipient}", f"{len(self.sent)}.000")
            self.delivered[reminder.key] = delivery
        if self.after_delivery:
            self.after_delivery(item)
        return delivery

    def find(self, item: OutboxItem) -> Delivery | None:
        return self.delivered.get(item.reminder.key)


def dispatcher(store: Store, sender: RecordingSender, now: datetime, *, worker: str = "test",
               settings: ReminderSettings = SETTINGS, sleep: Callable[[float], None] = lambda s: None,
               monotonic: Callable[[], float] = time.monotonic) -> Dispatcher:
    return Dispatcher(store.uow, sender, clock=FixedClock(now), tz="Europe/London", settings=settings, worker=worker,
                      sleep=sleep, monotonic=monotonic)


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


def later(moment: datetime, **delta: float) -> datetime:
    return moment + timedelta(**delta)
