"""Tables of the plan store, as typed SQLAlchemy 2 models.

Timestamps are stored in UTC and always come back timezone-aware, on SQLite as on PostgreSQL,
so "before the last meeting" means the same thing on every store.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlalchemy import (
    JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, Time, TypeDecorator, UniqueConstraint,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.dml import Insert


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime}


class ProvenanceColumns:
    """Where a plan fact comes from (a document and paragraph), or that it is illustrative; rows stored before
    migration 0008 read as unsourced and not illustrative."""

    source: Mapped[str] = mapped_column(String(500), default="")
    illustrative: Mapped[bool] = mapped_column(default=False)


class PlanInfoRow(Base):
    __tablename__ = "plan_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    ref_pattern: Mapped[str] = mapped_column(String(200), default="")
    """The plan's own pattern for action refs; empty for the default, as on plans stored before 0009."""


class PersonRow(Base):
    __tablename__ = "people"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40), default="owner")
    admin: Mapped[bool] = mapped_column(default=False)
    slack_user_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    aliases: Mapped[str] = mapped_column(String(500), default="")
    """Other names a tracker gives the person, "; "-separated as the template's people sheet writes them."""


class ThemeRow(Base):
    __tablename__ = "themes"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str | None] = mapped_column(ForeignKey("people.email"))


class BodyRow(ProvenanceColumns, Base):
    __tablename__ = "bodies"

    key: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    chair: Mapped[str | None] = mapped_column(ForeignKey("people.email"))
    cadence: Mapped[str | None] = mapped_column(String(500))
    starts: Mapped[date | None] = mapped_column(Date)
    dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    meeting_time: Mapped[time] = mapped_column(Time)
    paper_deadline_days: Mapped[int] = mapped_column(default=5)
    description: Mapped[str] = mapped_column(Text, default="")
    whole_plan: Mapped[bool] = mapped_column(default=False)


class ActionRow(ProvenanceColumns, Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    theme: Mapped[int] = mapped_column(ForeignKey("themes.number"), index=True)
    title: Mapped[str] = mapped_column(String(3000))
    owner: Mapped[str] = mapped_column(ForeignKey("people.email"), index=True)
    due: Mapped[date | None] = mapped_column(Date)
    """NULL from migration 0009 on when the plan gives no date yet ("TBC", "Ongoing")."""
    body: Mapped[str | None] = mapped_column(ForeignKey("bodies.key"))
    raised_at: Mapped[date | None] = mapped_column(Date)
    """For an action arising, the day of the meeting of `body` it came out of."""
    withdrawn_at: Mapped[datetime | None]
    """When the action was closed as no longer needed; it stays, shown as withdrawn, and is never chased."""
    withdrawn_by: Mapped[str | None] = mapped_column(ForeignKey("people.email"))
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")


class UpdateRow(Base):
    """Insert-only: the migration adds triggers that refuse UPDATE and DELETE on this table."""

    __tablename__ = "updates"
    __table_args__ = (Index("ix_updates_action_at", "action_id", "at"),
                      Index("uq_updates_request_key", "request_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"))
    at: Mapped[datetime]
    rating: Mapped[str] = mapped_column(String(20))
    by: Mapped[str | None] = mapped_column(ForeignKey("people.email"))
    via: Mapped[str] = mapped_column(String(20))
    commentary: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str | None] = mapped_column(String(2000))
    forecast: Mapped[date | None] = mapped_column(Date)
    request_key: Mapped[str | None] = mapped_column(String(200))
    as_typed: Mapped[bool | None] = mapped_column(default=True)
    """True from migration 0006 on: commentary and evidence are as the person typed them. NULL on rows stored
    before, when text from Slack messages and commands was kept in Slack's encoding (`&amp;`, `&lt;`, `&gt;`);
    those are read as typed, and never rewritten."""

    action: Mapped[ActionRow] = relationship()


COMMENT_RATING = ""
"""How the updates table holds a comment that gave no rating: its rating column is NOT NULL, and no code is empty."""


def stored_rating(rating: str | None) -> str:
    return COMMENT_RATING if rating is None else rating


def read_rating(stored: str) -> str | None:
    return None if stored == COMMENT_RATING else stored


def insert_unless_held(dialect: str, model: type[Base], *unique: str) -> Insert:
    """An INSERT that skips a row whose `unique` columns a row already holds (ON CONFLICT DO NOTHING, which both
    stores have), instead of failing it in a savepoint: on SQLite a savepoint opened outside a transaction is the
    transaction, and releasing it commits, letting another writer in before the rest of the unit of work."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    return statement.on_conflict_do_nothing(index_elements=list(unique))


class ActionStateRow(Base):
    """An action's current state (governance.projection.Current): the updates its roll-up reads, advanced in the
    same transaction as each update is added, so no question replays the log. `readiness verify` folds the log
    again and compares; `rating` holds the domain value (NULL when no update gave one)."""

    __tablename__ = "action_states"
    __table_args__ = (Index("ix_action_states_rating", "rating"),)

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(ForeignKey("updates.id"))
    last_at: Mapped[datetime]
    rated_id: Mapped[int | None] = mapped_column(ForeignKey("updates.id"))
    rating: Mapped[str | None] = mapped_column(String(20))
    prior_id: Mapped[int | None] = mapped_column(ForeignKey("updates.id"))
    prior_rating: Mapped[str | None] = mapped_column(String(20))
    run_first_id: Mapped[int | None] = mapped_column(ForeignKey("updates.id"))
    run_second_id: Mapped[int | None] = mapped_column(ForeignKey("updates.id"))


class PromptRow(Base):
    """An action a DM asked about: one row per action of a check-in, all with the message's channel and ts."""

    __tablename__ = "prompts"
    __table_args__ = (UniqueConstraint("channel", "ts", "action_id", name="uq_prompts_message_action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    ts: Mapped[str] = mapped_column(String(40))
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"))
    person: Mapped[str] = mapped_column(ForeignKey("people.email"))
    sent_at: Mapped[datetime]

    action: Mapped[ActionRow] = relationship()


class HandledEventRow(Base):
    """Slack events received: a retried delivery changes nothing, and a reply that was acknowledged
    but not yet recorded when a replica died keeps its body here until another replica records it."""

    __tablename__ = "handled_events"
    __table_args__ = (Index("ix_handled_events_unfinished", "done_at", "lease_until"),)

    event_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    received_at: Mapped[datetime]
    body: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]


class ReminderRow(Base):
    """The outbox: one row per reminder key, so no replica and no restart can send one twice."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(63))
    recipient: Mapped[str] = mapped_column(String(254))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    asks_update: Mapped[bool] = mapped_column(default=False)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None]
    attempted_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str | None] = mapped_column(String(40))
    ts: Mapped[str | None] = mapped_column(String(40))


class PauseRow(Base):
    """A person's check-ins held back: snoozed or on leave (no action), or one action disowned ("not mine").
    Days from `starts` up to the day before `until` are paused; `request_key` makes a repeated click or
    retried message record one pause."""

    __tablename__ = "pauses"
    __table_args__ = (Index("ix_pauses_person_until", "person", "until"),
                      Index("uq_pauses_request_key", "request_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(ForeignKey("people.email"))
    kind: Mapped[str] = mapped_column(String(12))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"))
    starts: Mapped[date] = mapped_column(Date)
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]
    request_key: Mapped[str | None] = mapped_column(String(200))

    action: Mapped[ActionRow | None] = relationship()


class SchedulerStateRow(Base):
    """Marks such as the last day whose reminders were all materialised."""

    __tablename__ = "scheduler_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date)


class VisitRow(ProvenanceColumns, Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[date] = mapped_column(Date, unique=True)
    end: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    cancelled: Mapped[bool] = mapped_column(default=False)

    focus_areas: Mapped[list[FocusAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="FocusAreaRow.position"
    )


class FocusAreaRow(Base):
    __tablename__ = "focus_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(300))
    themes: Mapped[list[int]] = mapped_column(JSON, default=list)

    actions: Mapped[list[FocusAreaActionRow]] = relationship(
        cascade="all, delete-orphan", order_by="FocusAreaActionRow.position"
    )


class FocusAreaActionRow(Base):
    """An action a focus area names, so a visit's readiness looks at it whichever theme it sits in."""

    __tablename__ = "focus_area_actions"

    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id", ondelete="CASCADE"), primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), primary_key=True)
    position: Mapped[int]

    action: Mapped[ActionRow] = relationship()


class IndicatorRow(Base):
    __tablename__ = "indicators"

    key: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20), default="%")
    direction: Mapped[str] = mapped_column(String(10), default="higher")
    target: Mapped[float | None] = mapped_column(Float)
    amber_within: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500), default="")
    """Where the measure is reported; the target's own provenance is in `target_source`, `target_illustrative`."""
    section: Mapped[str | None] = mapped_column(String(20))
    target_source: Mapped[str] = mapped_column(String(500), default="")
    target_illustrative: Mapped[bool] = mapped_column(default=False)
    owner: Mapped[str | None] = mapped_column(String(254))
    """The data owner's e-mail. Not a foreign key, so that 0011 adds the column without rebuilding the table
    (on SQLite a rebuild would empty indicator_themes through its cascade); import checks the person."""
    collection_day: Mapped[int | None]

    themes: Mapped[list[IndicatorThemeRow]] = relationship(cascade="all, delete-orphan")


class IndicatorThemeRow(Base):
    __tablename__ = "indicator_themes"

    indicator_key: Mapped[str] = mapped_column(ForeignKey("indicators.key", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[int] = mapped_column(ForeignKey("themes.number"), primary_key=True)


class IndicatorFigureRow(ProvenanceColumns, Base):
    """Insert-only, as updates are: the migration adds triggers that refuse UPDATE and DELETE on this table, so a
    correction, an undo or a note is a new row, and a month's figure is its latest (governance.figure_log)."""

    __tablename__ = "indicator_figures"
    __table_args__ = (Index("ix_indicator_figures_indicator_month", "indicator_key", "month"),
                      Index("uq_indicator_figures_request_key", "request_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_key: Mapped[str] = mapped_column(ForeignKey("indicators.key"))
    month: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(String(3000), default="")
    at: Mapped[datetime]
    by: Mapped[str | None] = mapped_column(String(254))
    via: Mapped[str] = mapped_column(String(20))
    request_key: Mapped[str | None] = mapped_column(String(200))


class MeetingChangeRow(Base):
    """A body's meeting log (governance.model.MeetingChange). Insert-only, as updates and figures are: the migration
    adds triggers that refuse UPDATE and DELETE, so a change undone is a new entry and the calendar is always the
    cadence with the whole log applied in order."""

    __tablename__ = "meeting_changes"
    __table_args__ = (Index("ix_meeting_changes_body_at", "body_key", "at"),
                      Index("uq_meeting_changes_request_key", "request_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    body_key: Mapped[str] = mapped_column(ForeignKey("bodies.key"))
    kind: Mapped[str] = mapped_column(String(20))
    meeting: Mapped[date] = mapped_column(Date)
    to_day: Mapped[date | None] = mapped_column(Date)
    meeting_time: Mapped[time | None] = mapped_column(Time)
    by: Mapped[str | None] = mapped_column(ForeignKey("people.email"))
    via: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    request_key: Mapped[str | None] = mapped_column(String(200))
