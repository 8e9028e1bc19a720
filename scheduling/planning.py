"""The plan as the reminder rules see it, loaded once per run, and when a day's reminders go out."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from governance.brag import BragKey
from governance.model import Update
from governance.ports import UnitOfWork
from governance.readiness import ROLL_UP_DEPTH
from governance.reminders import PlanSnapshot
from scheduling.settings import ReminderSettings


def load_plan(uow: UnitOfWork, *, now: datetime, tz: str) -> PlanSnapshot:
    key = uow.plan.key()
    return PlanSnapshot(
        actions=uow.plan.actions(),
        histories=_histories(uow, key, now),
        themes={t.number: t for t in uow.plan.themes()},
        bodies={b.key: b for b in uow.plan.bodies()},
        visits=uow.plan.visits(),
        key=key,
        tz=tz,
    )


def _histories(uow: UnitOfWork, key: BragKey, now: datetime) -> dict[str, list[Update]]:
    """The last two updates of every action, which is all the rules read, except for an action Red in
    both: its escalation dates from the start of its run of Reds, so its whole history is read."""
    histories = uow.updates.latest(None, until=now, count=ROLL_UP_DEPTH)
    red_runs = [ref for ref, history in histories.items()
                if len(history) == ROLL_UP_DEPTH and all(key.is_off_track(u.rating) for u in history)]
    if red_runs:
        histories.update(uow.updates.histories(red_runs, until=now))
    return histories


def send_instant(day: date, settings: ReminderSettings, tz: str) -> datetime:
    """The configured local time on `day`: 09:00 stays 09:00 on both sides of a clock change."""
    return datetime.combine(day, settings.send_at, tzinfo=ZoneInfo(tz))
