"""The stored current state of each action (governance.projection), read, written and built from the log.

The fold is the domain's own (`advance`); this module only moves rows. Building every state at once, for a
migration, `readiness verify --repair` or a bench plan of millions of updates, streams the log in its index
order as plain rows, folds each action as its rows go by, and inserts the states in batches, so memory holds
one batch and a map of refs, never the log.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any, Iterable, Iterator

from sqlalchemy import Connection, delete, insert, select, text, update

from governance.brag import DEFAULT_KEY, BragKey
from governance.model import Update
from governance.projection import Current, advance
from storage.models import ActionRow, ActionStateRow, UpdateRow, insert_unless_held, read_rating

STATES = ActionStateRow.__table__
FIELDS = tuple(f.name for f in fields(Current))
STATE_COLUMNS = tuple(STATES.c[name] for name in FIELDS)
"""The state's columns, named as `Current`'s fields, in their order."""
READ_BATCH = 20_000
"""Log rows fetched from the server at a time while building every state."""
WRITE_BATCH = 5_000
"""States inserted in one statement while building every state."""


def stored_state(connection: Connection, action_id: int, *, lock: bool) -> Current | None:
    """The action's stored state, or None when it has none; `lock` holds its row to the end of the transaction
    (FOR UPDATE on PostgreSQL; SQLite has one writer at a time already)."""
    query = select(*STATE_COLUMNS).where(STATES.c.action_id == action_id)
    row = connection.execute(query.with_for_update() if lock else query).first()
    return Current(*row) if row else None


def insert_state(connection: Connection, action_id: int, current: Current) -> bool:
    """Stores the action's first state; False when another transaction stored one first (PostgreSQL makes this
    insert wait until that one commits)."""
    statement = insert_unless_held(connection.dialect.name, ActionStateRow, "action_id")
    stored = connection.scalar(statement.values(action_id=action_id, **state_values(current))
                               .returning(STATES.c.action_id))
    return stored is not None


def save_state(connection: Connection, action_id: int, current: Current) -> None:
    connection.execute(update(STATES).where(STATES.c.action_id == action_id).values(state_values(current)))


def state_values(current: Current) -> dict[str, Any]:
    """The state's columns and values (`dataclasses.asdict` copies deeply, and is slow over 100,000 states)."""
    return {name: getattr(current, name) for name in FIELDS}


def fold_action(connection: Connection, action_id: int, ref: str, key: BragKey = DEFAULT_KEY) -> Current:
    """The state the action's whole log comes to, read in the order the fold takes it."""
    rows = connection.execute(select(UpdateRow.id, UpdateRow.at, UpdateRow.rating)
                              .where(UpdateRow.action_id == action_id).order_by(UpdateRow.at, UpdateRow.id))
    return _fold(rows.tuples(), ref, key)


def rebuild(connection: Connection, key: BragKey = DEFAULT_KEY) -> int:
    """Replaces every stored state with the fold of its action's whole log; returns how many actions have one.
    On PostgreSQL the states are locked first, so an update added meanwhile waits and then advances the
    rebuilt state; on SQLite the delete takes the one write lock before the log is read."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE action_states IN EXCLUSIVE MODE"))
    connection.execute(delete(STATES))
    built = 0
    rows = ({"action_id": action_id, **state_values(current)} for action_id, _, current in _fold_all(connection, key))
    for batch in _batches(rows, WRITE_BATCH):
        connection.execute(insert(STATES), batch)
        built += len(batch)
    return built


def folded(connection: Connection, key: BragKey = DEFAULT_KEY) -> dict[str, Current]:
    """Every action's state as its whole log folds to, by ref, streamed as `rebuild` streams it: what
    `readiness verify` compares the stored states with, without holding the log in memory."""
    return {ref: current for _, ref, current in _fold_all(connection, key)}


def _fold_all(connection: Connection, key: BragKey) -> Iterator[tuple[int, str, Current]]:
    """Each action's id, ref and state, folded from the log streamed in (action, at, id) order."""
    refs = dict(connection.execute(select(ActionRow.id, ActionRow.ref)).tuples().all())
    log = connection.execute(select(UpdateRow.action_id, UpdateRow.id, UpdateRow.at, UpdateRow.rating)
                             .order_by(UpdateRow.action_id, UpdateRow.at, UpdateRow.id)
                             .execution_options(yield_per=READ_BATCH))
    for action_id, rows in groupby(log, key=itemgetter(0)):
        yield action_id, refs[action_id], _fold(((update_id, at, rating) for _, update_id, at, rating in rows),
                                                refs[action_id], key)


def _fold(rows: Iterable[tuple[int, datetime, str]], ref: str, key: BragKey) -> Current:
    """The fold of one action's rows (id, at, stored rating), given oldest first: only these three decide it."""
    current = Current()
    for update_id, at, rating in rows:
        current = advance(current, Update(ref, at, read_rating(rating), id=update_id), key)
    return current


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
