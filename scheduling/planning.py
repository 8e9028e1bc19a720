"""The plan as the reminder rules see it, loaded once per run, and when a day's reminders go out."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from governance.ports import UnitOfWork
from governance.reminders import PlanSnapshot
from scheduling.settings import ReminderSettings


def load_plan(uow: UnitOfWork, *, now: datetime, tz: str) -> PlanSnapshot:
    return PlanSnapshot(
        actions=uow.plan.actions(),
        histories=uow.updates.histories(None, until=now),
        themes={t.number: t for t in uow.plan.themes()},
        bodies={b.key: b for b in uow.plan.bodies()},
        visits=uow.plan.visits(),
        key=uow.plan.key(),
        tz=tz,
    )


def send_instant(day: date, settings: ReminderSettings, tz: str) -> datetime:
    """The configured local time on `day`: 09:00 stays 09:00 on both sides of a clock change."""
    return datetime.combine(day, settings.send_at, tzinfo=ZoneInfo(tz))
