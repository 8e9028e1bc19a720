"""The plan as the reminder rules see it, loaded once per run, and when a day's reminders go out."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from governance.model import Action, Update
from governance.ports import UnitOfWork
from governance.reminders import PlanSnapshot
from governance.workdays import local_date
from scheduling.settings import ReminderSettings

PAUSES_LOOK_BACK = timedelta(days=62)
"""Pauses ending this long before now cannot cover any day the outbox still plans (it catches up 31 days)."""


def load_plan(uow: UnitOfWork, *, now: datetime, tz: str, person: str | None = None) -> PlanSnapshot:
    """The whole plan, or with `person` only what their check-in can ask about: the actions they own,
    those of the themes they lead and of the bodies they chair, and those of the themes of the figures they
    give (which say which bodies read them, so when a missing one is chased). A check-in is planned again this
    way as it is sent, which costs a few rows, not the whole plan. Every indicator, body (with its meeting log) and
    person is loaded: they are few, and whether a meeting was held is asked of its chair, or of every programme
    office admin for a body without one."""
    key = uow.plan.key()
    themes = {t.number: t for t in uow.plan.themes()}
    bodies = {b.key: b for b in uow.plan.bodies()}
    indicators = uow.plan.indicators()
    if person is None:
        actions = uow.plan.actions()
    else:
        led = {n for n, t in themes.items() if t.lead == person}
        supplied = {n for i in indicators if i.owner == person and i.collection_day is not None for n in i.themes}
        actions = _concerning(uow, person, themes=sorted(led | supplied),
                              chaired=[k for k, b in bodies.items() if b.chair == person])
    return PlanSnapshot(
        actions=actions,
        histories=_histories(uow, now, None if person is None else [a.ref for a in actions]),
        themes=themes,
        bodies=bodies,
        visits=uow.plan.visits(),
        key=key,
        tz=tz,
        pauses=uow.outbox.pauses(after=local_date(now, tz) - PAUSES_LOOK_BACK, person=person),
        people={p.email: p for p in uow.plan.people()},
        indicators=indicators,
    )


def _concerning(uow: UnitOfWork, person: str, *, themes: Iterable[int], chaired: Iterable[str]) -> list[Action]:
    found = {a.ref: a for a in uow.plan.actions(owner=person)}
    for theme in themes:
        found.update((a.ref, a) for a in uow.plan.actions(theme=theme))
    for body in chaired:
        found.update((a.ref, a) for a in uow.plan.actions(body=body))
    return list(found.values())


def _histories(uow: UnitOfWork, now: datetime, refs: list[str] | None) -> dict[str, list[Update]]:
    """The updates every rule reads, from each action's current state: its last update and ratings, and where a
    run of Reds began, from which an escalation dates."""
    if refs == []:
        return {}
    return uow.updates.current(refs, until=now)


def send_instant(day: date, settings: ReminderSettings, tz: str) -> datetime:
    """The configured local time on `day`: 09:00 stays 09:00 on both sides of a clock change."""
    return datetime.combine(day, settings.send_at, tzinfo=ZoneInfo(tz))
