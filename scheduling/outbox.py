"""Materialising reminders: each working day's check-ins (one per person owed one) and the PMO
channel's digests become outbox rows, once per key. A check-in's row says only who and which day:
what it shows is planned when it is sent.

Rows live in the database, not in the scheduler's memory, so a restart loses nothing. Days the
bot missed while it was down are planned too: those still inside the lateness window go out
late, older ones are recorded as skipped so the PMO can see what was not sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from governance.ports import UnitOfWork
from governance.reminders import Status, reminders_on
from governance.workdays import local_date
from scheduling.planning import load_plan, send_instant
from scheduling.settings import ReminderSettings

MAX_CATCH_UP = timedelta(days=31)
"""After a long outage, older days are not planned at all: their reminders would only be noise."""


@dataclass(frozen=True)
class Materialised:
    added: int
    skipped: int


def materialise(*, uow: UnitOfWork, now: datetime, tz: str, settings: ReminderSettings) -> Materialised:
    """Adds the reminders of every day not yet fully planned, up to today; today's are re-planned
    on each run until their send time, so someone first owed a check-in at 08:30 still gets one at 09:00."""
    today = local_date(now, tz)
    added = skipped = 0
    with uow:
        plan = load_plan(uow, now=now, tz=tz)
        through = uow.outbox.materialised_through()
        day = today if through is None else max(through + timedelta(days=1), today - MAX_CATCH_UP)
        while day <= today:
            due_at = send_instant(day, settings, tz)
            late = now - due_at > settings.lateness
            for reminder in reminders_on(day, plan):
                status, error = (Status.SKIPPED, _missed(due_at, settings)) if late else (Status.PENDING, "")
                if uow.outbox.add(reminder, due_at=due_at, status=status, error=error):
                    added += status is Status.PENDING
                    skipped += status is Status.SKIPPED
            if due_at <= now:
                uow.outbox.set_materialised_through(day)
            day += timedelta(days=1)
        uow.commit()
    return Materialised(added, skipped)


def _missed(due_at: datetime, settings: ReminderSettings) -> str:
    hours = settings.lateness.total_seconds() / 3600
    return f"not sent: the bot was not running within {hours:g}h of {due_at:%a %d %b %Y %H:%M}"
