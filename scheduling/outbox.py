"""Materialising reminders: each working day's check-ins (one per person owed one) and the PMO
channel's digests become outbox rows, once per key. A check-in's row says only who and which day:
what it shows is planned when it is sent.

Rows live in the database, not in the scheduler's memory, so a restart loses nothing. Days the
bot missed while it was down are planned too: those still inside the lateness window go out
late, older ones are recorded as skipped so the PMO can see what was not sent.

Today's rows are planned again on each run up to their send time, and a row nothing is owed for any
more (the meeting it was for moved, the owner answered) is withdrawn then, so the outbox shows at once
what will not go; a row a dispatcher has claimed is its own, and its check as it sends stays the last word.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from governance.ports import UnitOfWork
from governance.reminders import WITHDRAWN, Kind, Status, reminders_on
from governance.workdays import local_date
from scheduling.planning import load_plan, send_instant
from scheduling.settings import ReminderSettings

MAX_CATCH_UP = timedelta(days=31)
"""After a long outage, older days are not planned at all: their reminders would only be noise."""

NOT_OWED = (f"{WITHDRAWN} nothing is owed now; the plan changed before its send time (a meeting moved or was "
            "cancelled, an action was answered or withdrawn)")

UNPLANNED = (Kind.NOTICE, Kind.NEW_ACTION)
"""Rows no reminder rule plans, added when something happens: whether one is still owed is the dispatcher's to say
as it sends (`is_owed`)."""


@dataclass(frozen=True)
class Materialised:
    added: int
    skipped: int
    withdrawn: int = 0


def materialise(*, uow: UnitOfWork, now: datetime, tz: str, settings: ReminderSettings) -> Materialised:
    """Adds the reminders of every day not yet fully planned, up to today; today's are re-planned
    on each run until their send time, so someone first owed a check-in at 08:30 still gets one at 09:00,
    and one no longer owed at 08:30 is withdrawn."""
    today = local_date(now, tz)
    added = skipped = withdrawn = 0
    with uow:
        plan = load_plan(uow, now=now, tz=tz)
        through = uow.outbox.materialised_through()
        day = today if through is None else max(through + timedelta(days=1), today - MAX_CATCH_UP)
        while day <= today:
            due_at = send_instant(day, settings, tz)
            late = now - due_at > settings.lateness
            planned = reminders_on(day, plan)
            for reminder in planned:
                status, error = (Status.SKIPPED, _missed(due_at, settings)) if late else (Status.PENDING, "")
                if uow.outbox.add(reminder, due_at=due_at, status=status, error=error):
                    added += status is Status.PENDING
                    skipped += status is Status.SKIPPED
            if day == today:
                withdrawn = _withdraw(uow, today, now, {reminder.key for reminder in planned})
            if due_at <= now:
                uow.outbox.set_materialised_through(day)
            day += timedelta(days=1)
        uow.commit()
    return Materialised(added, skipped, withdrawn)


def _withdraw(uow: UnitOfWork, today: date, now: datetime, planned: set[str]) -> int:
    """Withdraws today's pending check-ins and digests that today's plan no longer makes (`planned` holds their
    keys); a row a dispatcher holds or has tried is left to it. A notice or the news of an action arising is left to
    the dispatcher's own check as it sends: it may have been added after this pass read the plan, and no later pass
    would plan it again."""
    withdrawn = 0
    for item in uow.outbox.waiting(today, now=now):
        if item.reminder.kind not in UNPLANNED and item.reminder.key not in planned:
            withdrawn += uow.outbox.withdraw(item.id, now=now, error=NOT_OWED)
    return withdrawn


def _missed(due_at: datetime, settings: ReminderSettings) -> str:
    hours = settings.lateness.total_seconds() / 3600
    return f"not sent: the bot was not running within {hours:g}h of {due_at:%a %d %b %Y %H:%M}"
