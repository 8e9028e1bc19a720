"""An action's current state, kept beside its append-only log so a question never replays the log.

Every roll-up, reminder and escalation reads at most a handful of an action's updates: the last (when it
was updated, what it said), the last that gave a rating and the rated one before it (its BRAG and Red
twice), and the first two of the run of off-track ratings it ends with (when Red twice began). `Current`
names those updates; the store keeps one per action, advanced in the same transaction as each append,
and `readiness verify` folds the whole log again and compares.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable, Sequence

from governance.brag import BragKey
from governance.model import Update


@dataclass(frozen=True)
class Current:
    """What an action's log comes to: ids of the updates the rules read, with the two ratings a store filters
    and counts by. Ordered as the log is, by (at, id)."""

    last_id: int | None = None
    last_at: datetime | None = None
    rated_id: int | None = None
    rating: str | None = None
    """The rating of the last update that gives one (NOT_RATED after an undo); None when none does."""
    prior_id: int | None = None
    prior_rating: str | None = None
    """The rating given before `rating`: with it, Red twice."""
    run_first_id: int | None = None
    """The first rated update of the run of off-track ratings the log ends with; None when it does not end off track."""
    run_second_id: int | None = None
    """The second of that run, when it has two: the day Red twice began."""

    @property
    def ids(self) -> tuple[int, ...]:
        """The updates a roll-up reads, each once."""
        named = (self.run_first_id, self.run_second_id, self.prior_id, self.rated_id, self.last_id)
        return tuple(dict.fromkeys(i for i in named if i is not None))

    def follows(self, update: Update) -> bool:
        """Whether `update` comes after everything folded in so far, so `advance` may take it alone; an update
        dated before the last (an import of older rows) needs the whole log folded again."""
        if self.last_at is None or self.last_id is None:
            return True
        assert update.id is not None, "an update is folded in once it is stored"
        return (update.at, update.id) > (self.last_at, self.last_id)


def advance(current: Current, update: Update, key: BragKey) -> Current:
    """The state once `update`, the newest in the log, is added. A comment without a rating moves only `last`."""
    assert update.id is not None, "an update is folded in once it is stored"
    if update.rating is None:
        return replace(current, last_id=update.id, last_at=update.at)
    off_track = key.is_off_track(update.rating)
    run_first, run_second = current.run_first_id, current.run_second_id
    if not off_track:
        run_first = run_second = None
    elif run_first is None:
        run_first = update.id
    elif run_second is None:
        run_second = update.id
    return Current(last_id=update.id, last_at=update.at, rated_id=update.id, rating=update.rating,
                   prior_id=current.rated_id, prior_rating=current.rating, run_first_id=run_first,
                   run_second_id=run_second)


def fold(history: Iterable[Update], key: BragKey) -> Current:
    """The state an action's whole log comes to, oldest first: what the store must hold for it."""
    current = Current()
    for update in sorted(history, key=lambda u: (u.at, u.id or 0)):
        current = advance(current, update, key)
    return current


def deciding(history: Sequence[Update], key: BragKey) -> list[Update]:
    """The updates of `history` a roll-up reads, oldest first: the same state, the same flags, the same
    escalation date as the whole history gives."""
    wanted = set(fold(history, key).ids)
    return [u for u in history if u.id in wanted]


def differences(stored: dict[str, Current], folded: dict[str, Current]) -> list[str]:
    """Each action whose stored state is not what its log folds to, in words: `5a(i): rating amber, the log
    says red`. An action with no updates folds to nothing and needs no stored state."""
    lines = []
    for ref in sorted(set(stored) | set(folded)):
        held, expected = stored.get(ref, Current()), folded.get(ref, Current())
        wrong = [f"{name} {_shown(getattr(held, name))}, the log says {_shown(getattr(expected, name))}"
                 for name in Current.__dataclass_fields__ if getattr(held, name) != getattr(expected, name)]
        if wrong:
            lines.append(f"{ref}: " + "; ".join(wrong))
    return lines


def _shown(value: object) -> str:
    if value is None:
        return "none"
    return value.isoformat() if isinstance(value, datetime) else str(value)
