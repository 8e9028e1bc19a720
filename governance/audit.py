"""The audit trail of an action: every update with who, when, through what, and what it changed."""
from __future__ import annotations

from dataclasses import dataclass

from governance.brag import BragKey
from governance.errors import UnknownAction
from governance.model import Action, Update
from governance.ports import UnitOfWork


@dataclass(frozen=True)
class Entry:
    update: Update
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Trail:
    action: Action
    key: BragKey
    entries: list[Entry]


def changes(previous: Update | None, update: Update, key: BragKey) -> tuple[str, ...]:
    """What an update changed, in the words a PMO would write in the margin."""
    before_rating = key.label(previous.rating) if previous else "Not rated"
    said = []
    if not previous or previous.rating != update.rating:
        said.append(f"rating {before_rating} → {key.label(update.rating)}")
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
        entries = [Entry(u, changes(history[n - 1] if n else None, u, key)) for n, u in enumerate(history)]
        return Trail(action, key, entries)
