"""What a check-in shows of each action it asks about: its status, read in one pass for all of them."""
from __future__ import annotations

from datetime import datetime

from governance.ports import UnitOfWork
from governance.readiness import roll_up
from governance.reminders import CheckIn
from governance.services import ActionStatus


def check_in_statuses(check_in: CheckIn, *, uow: UnitOfWork, now: datetime, tz: str) -> dict[str, ActionStatus]:
    """The status of each action the check-in shows, by ref; an action deleted from the plan since is left out."""
    with uow:
        key = uow.plan.key()
        themes = {t.number: t for t in uow.plan.themes()}
        bodies = {b.key: b for b in uow.plan.bodies()}
        people = {p.email: p for p in uow.plan.people()}
        actions = [action for ask in check_in.shown if (action := uow.plan.action(ask.ref)) is not None]
        histories = uow.updates.histories([a.ref for a in actions], until=now)
    states = roll_up("check-in", actions, histories, [], now=now, key=key, bodies=bodies, people=people, tz=tz).states
    return {s.action.ref: ActionStatus(s, themes[s.action.theme], bodies.get(s.action.body or ""),
                                       list(histories.get(s.action.ref, [])), key) for s in states}
