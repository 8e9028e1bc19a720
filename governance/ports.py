"""What the use cases need from a store, as Protocols; `storage/` implements them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Collection, Iterable, Protocol, Self

from governance.brag import BragKey
from governance.model import (
    Action, Body, Figure, Indicator, MeetingChange, Person, PlanInfo, Prompt, Theme, Update, Visit,
)
from governance.projection import Current
from governance.reminders import OutboxItem, Pause, Reminder, Status


class PlanRepository(Protocol):
    def info(self) -> PlanInfo | None: ...
    def save_info(self, info: PlanInfo) -> None: ...
    def key(self) -> BragKey: ...
    def themes(self) -> list[Theme]: ...
    def save_theme(self, theme: Theme) -> None: ...
    def people(self) -> list[Person]: ...
    def person(self, email: str) -> Person | None: ...
    def person_by_slack(self, user_id: str) -> Person | None: ...
    def save_person(self, person: Person) -> None: ...
    def bodies(self) -> list[Body]:
        """Every body with its meeting log (`Body.changes`), in the order the changes were stored."""
        ...

    def save_body(self, body: Body) -> None:
        """Stores the body's definition; its meeting log is left as it is (changes reach it only through
        `add_meeting_change`)."""
        ...

    def add_meeting_change(self, change: MeetingChange, *, request_key: str | None = None) -> MeetingChange | None:
        """Appends to the body's meeting log and returns the entry with its id; None when `request_key` is held."""
        ...

    def meeting_change_by_request(self, request_key: str) -> MeetingChange | None: ...
    def actions(self, *, theme: int | None = None, owner: str | None = None, body: str | None = None
                ) -> list[Action]: ...
    def action(self, ref: str) -> Action | None: ...
    def overdue(self, before: date, *, as_of: datetime, complete: Collection[str]) -> list[Action]:
        """Actions due before `before` that may be overdue as of `as_of`: not complete by their stored state, or
        updated after `as_of` (whose state then is read from their history)."""
        ...

    def refs(self) -> list[str]: ...
    def save_action(self, action: Action) -> None:
        """Adds or replaces the action, its `raised_at` and `withdrawn` included; an action is never deleted."""
        ...

    def add_action(self, action: Action) -> bool:
        """Adds a new action; False, adding nothing, when its ref is already taken (by another transaction too)."""
        ...

    def lock_body(self, key: str) -> None:
        """Holds the body until the unit of work ends, so changes to its meetings are checked one at a time."""
        ...
    def visits(self) -> list[Visit]: ...
    def save_visit(self, visit: Visit) -> None: ...
    def indicators(self, *, themes: Iterable[int] | None = None) -> list[Indicator]:
        """Each indicator with its figures as they stand (governance.figure_log.fold of its log)."""
        ...

    def save_indicator(self, indicator: Indicator) -> None:
        """Stores the definition only: figures reach the log through `FigureRepository.add`."""
        ...


class UpdateRepository(Protocol):
    def histories(self, refs: Iterable[str] | None, *, until: datetime | None) -> dict[str, list[Update]]:
        """Updates per action ref, oldest first, recorded at or before `until` (all when None)."""
        ...

    def current(self, refs: Iterable[str] | None, *, until: datetime) -> dict[str, list[Update]]:
        """The updates per action ref that decide its state as of `until` (governance.projection.deciding),
        oldest first: read through the stored state, or from the history up to `until` for an action updated
        since. All a roll-up or a reminder needs; actions never updated are absent."""
        ...

    def states(self) -> dict[str, Current]:
        """Every action's stored state, by ref: what `readiness verify` checks against the log."""
        ...

    def folded(self) -> dict[str, Current]:
        """Every action's state as its whole log folds to (governance.projection.fold), by ref, read from the
        log as it streams by rather than held in memory: the other side of what `states` returns."""
        ...

    def count(self) -> int:
        """How many updates the log holds."""
        ...

    def rebuild_states(self) -> int:
        """Folds every action's log again and stores the states; returns how many actions have one."""
        ...

    def get(self, update_id: int) -> Update | None: ...
    def by_request(self, request_key: str) -> Update | None: ...

    def add(self, update: Update, *, request_key: str | None = None) -> Update | None:
        """Records the update and returns it with its id; None when `request_key` was already recorded."""
        ...


class FigureRepository(Protocol):
    """Indicators' figures as an append-only log: a correction, an undo or a note is a new entry."""

    def log(self, indicator: str | None = None) -> list[Figure]:
        """Every entry (one indicator's when given), oldest first by when it was given, then as stored."""
        ...

    def add(self, figure: Figure, *, request_key: str | None = None) -> Figure | None:
        """Appends the entry and returns it with its id; None when `request_key` was already recorded."""
        ...

    def get(self, figure_id: int) -> Figure | None: ...
    def by_request(self, request_key: str) -> Figure | None: ...


class ConversationRepository(Protocol):
    def add_prompt(self, prompt: Prompt) -> None:
        """Remembers that a DM asked about an action (a check-in adds one per action); adding the same
        message and action again changes nothing."""
        ...

    def prompt(self, channel: str, ts: str) -> Prompt | None:
        """The message's prompt; for a check-in asking about several actions, its first (most pressing)."""
        ...

    def thread_actions(self, channel: str, ts: str) -> list[str]:
        """Refs the message (a check-in, or a one-action prompt) asked about, in the order it showed them."""
        ...

    def claim_event(self, event_id: str, at: datetime, *, body: str | None = None,
                    lease_until: datetime | None = None) -> bool:
        """True when this delivery should be acted on: the first time an event id is seen, or again when
        an earlier delivery with a kept `body` was never finished and its lease has run out."""
        ...

    def finish_event(self, event_id: str, at: datetime, *, keep_body: bool = False) -> None:
        """Marks the event done; its stored body is dropped unless `keep_body` is True."""
        ...

    def event_body(self, event_id: str) -> str | None:
        """The body kept for the event, if any (None for an unknown event or one whose body was dropped)."""
        ...

    def event_received(self, event_id: str) -> datetime | None:
        """When the event first arrived: a kept reply's "Friday" means the Friday after the day it was sent."""
        ...

    def unfinished_events(self, *, at: datetime, limit: int = 100) -> list[tuple[str, str]]:
        """(event id, body) of kept events never finished whose lease has run out, oldest first."""
        ...


class OutboxRepository(Protocol):
    """Reminders on their way out: materialised once per key, claimed under a lease, marked as they go;
    and the pauses (snooze, leave, "not mine") that hold check-ins back."""

    def add(self, reminder: Reminder, *, due_at: datetime, status: Status, error: str = "") -> bool:
        """Stores the reminder; False when its key is already held (whatever became of it), except that a row
        withdrawn before any attempt is put back to pending (with this reason and due time) when `status` is
        PENDING: it is owed again that day."""
        ...

    def waiting(self, day: date, *, now: datetime) -> list[OutboxItem]:
        """`day`'s pending rows that no dispatcher holds under a live lease at `now` nor has attempted, by due time
        then id: those the outbox may still withdraw."""
        ...

    def withdraw(self, item_id: int, *, now: datetime, error: str) -> bool:
        """Marks a pending row obsolete with `error` (which begins `reminders.WITHDRAWN`); False, changing nothing,
        when a dispatcher holds it under a live lease or has attempted it (its send may be under way or in doubt)."""
        ...

    def materialised_through(self) -> date | None: ...
    def set_materialised_through(self, day: date) -> None: ...

    def claim(self, *, now: datetime, lease_until: datetime, worker: str, limit: int,
              recipient: str | None = None) -> list[OutboxItem]:
        """Pending items due by `now` that no live lease holds (only `recipient`'s, when given), leased to
        `worker` until `lease_until`."""
        ...

    def begin_attempt(self, item_id: int, *, now: datetime, worker: str, lease_until: datetime) -> bool:
        """Counts an attempt and extends `worker`'s lease to `lease_until`; False, changing nothing, when
        its lease has run out, since another dispatcher may hold the item now."""
        ...

    def renew(self, item_id: int, *, now: datetime, worker: str, lease_until: datetime) -> bool:
        """Extends `worker`'s lease, as `begin_attempt` does, without counting an attempt."""
        ...

    def finish(self, item_id: int, *, status: Status, now: datetime, error: str = "", channel: str | None = None,
               ts: str | None = None) -> None: ...

    def postpone(self, item_id: int, *, until: datetime, error: str) -> None:
        """Back to pending, not before `until`, after a send that failed or whose answer was lost; the
        attempt stays marked, so the next one first looks for the message in the conversation."""
        ...

    def items(self, *, statuses: Iterable[Status], limit: int = 500) -> list[OutboxItem]: ...
    def counts(self) -> dict[Status, int]: ...

    def add_pause(self, pause: Pause, *, at: datetime, request_key: str | None = None) -> Pause | None:
        """Stores a snooze, leave or "not mine" and returns it with its id; None when `request_key` is held."""
        ...

    def pause_by_request(self, request_key: str) -> Pause | None: ...

    def pauses(self, *, after: date, person: str | None = None) -> list[Pause]:
        """Pauses still in force after `after` (ending later than it), `person`'s only when given."""
        ...


class Directory(Protocol):
    """The workspace's people directory (Slack's users.* methods), seen from the plan."""

    def email_of(self, user_id: str) -> str | None: ...
    def user_for_email(self, email: str) -> str | None: ...


class UnitOfWork(Protocol):
    """One transaction: nothing is kept unless the use case commits."""

    plan: PlanRepository
    updates: UpdateRepository
    figures: FigureRepository
    conversations: ConversationRepository
    outbox: OutboxRepository

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class Joined:
    """A unit of work already open, handed to a use case called from inside another. Opening and committing
    belong to the caller, so the two use cases are one transaction: a reply is identified, read and recorded,
    and its event finished, or none of it is."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    @property
    def plan(self) -> PlanRepository:
        return self._uow.plan

    @property
    def updates(self) -> UpdateRepository:
        return self._uow.updates

    @property
    def figures(self) -> FigureRepository:
        return self._uow.figures

    @property
    def conversations(self) -> ConversationRepository:
        return self._uow.conversations

    @property
    def outbox(self) -> OutboxRepository:
        return self._uow.outbox

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        """The caller's transaction rolls back if the error reaches it; nothing to do here."""

    def commit(self) -> None:
        """The caller commits once, for everything done inside it."""

    def rollback(self) -> None:
        self._uow.rollback()


class Speaker(Protocol):
    """Who sent a reply, found inside the reply's own transaction (a Slack user is linked on first contact)."""

    def person(self, uow: UnitOfWork) -> Person: ...
