"""The audit trail of an action: every update with who, when, through what, and what it changed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from governance.brag import NOT_RATED, BragKey
from governance.errors import UnknownAction
from governance.model import Action, Update
from governance.ports import UnitOfWork
from governance.readiness import current_rating


@dataclass(frozen=True)
class Entry:
    update: Update
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Trail:
    action: Action
    key: BragKey
    entries: list[Entry]


def changes(earlier: Sequence[Update], update: Update, key: BragKey) -> tuple[str, ...]:
    """What an update changed after the `earlier` ones, in the words a PMO would write in the margin. A comment
    without a rating changes no rating, and the rating before a later one is the last given, past any comments."""
    previous = earlier[-1] if earlier else None
    before = current_rating(earlier) or NOT_RATED
    said = []
    if update.rating is not None and update.rating != before:
        said.append(f"rating {key.label(before)} → {key.label(update.rating)}")
    if update.forecast != (previous.forecast if previous else None):
        said.append(f"forecast {update.forecast:%d %b %Y}" if update.forecast else "forecast cleared")
    if update.evidence and update.evidence != (previous.evidence if previous else None):
        said.append("evidence added")
    if update.commentary and update.commentary != (previous.commentary if previous else ""):
        said.append("commentary")
    return tuple(said) or ("no change: confirmed",)


def audit_trail(ref: str, *, uow: UnitOfWork) -> Trail:
    with uow:
        action = uow.plan.action(ref.strip().lower())
        if action is None:
            raise UnknownAction(ref.strip(), uow.plan.refs())
        key = uow.plan.key()
        history = uow.updates.histories([action.ref], until=None).get(action.ref, [])
        entries = [Entry(u, changes(history[:n], u, key)) for n, u in enumerate(history)]
        return Trail(action, key, entries)
