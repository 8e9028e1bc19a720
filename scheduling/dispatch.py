"""Dispatching the outbox: claim under a lease, plan what is still owed, send, mark.

Several replicas may dispatch at once: a row is held by one lease at a time, and a send that
was cut off (a crash between Slack accepting it and the mark) is looked up before it is tried
again, so nobody is reminded twice. Slack's 429 is waited out, server errors back off, and
permanent errors are marked failed for the PMO instead of being retried for ever.

What a check-in shows is decided here, as it is sent: that person's day is planned again with
everything known now, so an action updated at 08:55 is not asked about at 09:00, and a check-in
with nothing left to ask is marked obsolete instead of being sent.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Callable

from governance.clock import Clock
from governance.ports import UnitOfWork
from governance.reminders import Kind, OutboxItem, Status, check_in_for, is_owed
from scheduling.delivery import Delivery, PermanentFailure, RetryAfter, Sender, TransientFailure
from scheduling.planning import load_plan
from scheduling.settings import ReminderSettings

FIRST_BACKOFF = timedelta(seconds=30)
LONGEST_BACKOFF = timedelta(minutes=30)
POSTPONED = "postponed"
LEASE_LOST = "lease lost"


@dataclass
class Dispatched:
    outcomes: Counter[str] = field(default_factory=Counter)
    handled: list[tuple[OutboxItem, str]] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return self.outcomes[Status.SENT.value]


class Dispatcher:
    def __init__(self, uows: Callable[[], UnitOfWork], sender: Sender, *, clock: Clock, tz: str,
                 settings: ReminderSettings, worker: str, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic, recipient: str | None = None) -> None:
        """`recipient` limits the dispatcher to one person's reminders (the terminal console); `sleep` and
        `monotonic` pace the sends, and tests hand in a stopwatch of their own."""
        self.uows, self.sender, self.clock, self.tz = uows, sender, clock, tz
        self.settings, self.worker, self.recipient = settings, worker, recipient
        self.sleep, self.monotonic = sleep, monotonic
        self._last_send: float | None = None

    def dispatch(self) -> Dispatched:
        """Sends everything due now, batch by batch, until nothing claimable is left."""
        report = Dispatched()
        while batch := self._claim():
            for item in batch:
                outcome = self._handle(item)
                report.outcomes[outcome] += 1
                report.handled.append((item, outcome))
        return report

    def _claim(self) -> list[OutboxItem]:
        now = self.clock.now()
        with self.uows() as uow:
            batch = uow.outbox.claim(now=now, lease_until=now + self.settings.lease, worker=self.worker,
                                     limit=self.settings.batch, recipient=self.recipient)
            uow.commit()
        return batch

    def _handle(self, item: OutboxItem) -> str:
        """An earlier attempt may have reached Slack before its answer was lost, so that is looked up
        first: a message that went out is recorded as sent, however late or obsolete it is now."""
        now = self.clock.now()
        if item.attempted_at is not None:
            try:
                found = self.sender.find(item)
            except (RetryAfter, TransientFailure) as failure:
                return self._postpone(item, FIRST_BACKOFF, f"checking an interrupted send: {failure}")
            except PermanentFailure:
                found = None
            if found:
                return self._finish(item, Status.SENT, delivery=found)
        if now - item.due_at > self.settings.lateness:
            hours = self.settings.lateness.total_seconds() / 3600
            return self._finish(item, Status.SKIPPED, error=f"not sent: more than {hours:g}h late")
        owed = self._owed(item)
        if owed is None:
            return self._finish(item, Status.OBSOLETE, error="no longer owed when it fell due")
        if not self._hold(item, attempt=True):
            return LEASE_LOST
        return self._send(owed)

    def _owed(self, item: OutboxItem) -> OutboxItem | None:
        """The item as it is to be sent now, with a check-in's content planned afresh from the recipient's
        part of the plan (which holds the actions they own, so the news of an action arising is checked against
        it too); None when nothing is owed any more."""
        reminder = item.reminder
        if reminder.kind is Kind.NOTICE:
            return item
        with self.uows() as uow:
            plan = load_plan(uow, now=self.clock.now(), tz=self.tz, person=reminder.recipient)
        if reminder.kind is Kind.CHECK_IN:
            check_in = check_in_for(reminder.recipient, reminder.day, plan)
            return replace(item, check_in=check_in) if check_in else None
        return item if is_owed(reminder, plan) else None

    def _send(self, item: OutboxItem) -> str:
        waits = 0
        while True:
            self._pace()
            try:
                delivery = self.sender.send(item, now=self.clock.now())
            except RetryAfter as limited:
                if limited.seconds > self.settings.max_wait or waits == 2:
                    return self._postpone(item, timedelta(seconds=limited.seconds), str(limited))
                waits += 1
                self.sleep(limited.seconds)
                if not self._hold(item, attempt=False):
                    return LEASE_LOST
                continue
            except TransientFailure as failure:
                attempts = item.attempts + 1
                if attempts >= self.settings.max_attempts:
                    return self._finish(item, Status.FAILED, error=f"gave up after {attempts} attempts: {failure}")
                return self._postpone(item, min(FIRST_BACKOFF * 2 ** (attempts - 1), LONGEST_BACKOFF), str(failure))
            except PermanentFailure as failure:
                return self._finish(item, Status.FAILED, error=str(failure))
            return self._finish(item, Status.SENT, delivery=delivery)

    def _pace(self) -> None:
        if self._last_send is not None:
            wait = self.settings.pace - (self.monotonic() - self._last_send)
            if wait > 0:
                self.sleep(wait)
        self._last_send = self.monotonic()

    def _hold(self, item: OutboxItem, *, attempt: bool) -> bool:
        """Extends the lease before each send. A batch slowed by Slack's rate limits can outlast the lease
        it was claimed under; once that has run out another replica may be sending the item, so this one
        lets it go rather than risk sending it twice."""
        now = self.clock.now()
        lease_until = now + self.settings.lease
        with self.uows() as uow:
            extend = uow.outbox.begin_attempt if attempt else uow.outbox.renew
            held = extend(item.id, now=now, worker=self.worker, lease_until=lease_until)
            uow.commit()
        return held

    def _finish(self, item: OutboxItem, status: Status, *, error: str = "", delivery: Delivery | None = None) -> str:
        with self.uows() as uow:
            uow.outbox.finish(item.id, status=status, now=self.clock.now(), error=error,
                              channel=delivery.channel if delivery else None, ts=delivery.ts if delivery else None)
            uow.commit()
        return status.value

    def _postpone(self, item: OutboxItem, wait: timedelta, error: str) -> str:
        with self.uows() as uow:
            uow.outbox.postpone(item.id, until=self.clock.now() + wait, error=error)
            uow.commit()
        return POSTPONED
