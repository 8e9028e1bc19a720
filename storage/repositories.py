"""Repositories over one session: they read and add, and never commit (the unit of work does)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone
from typing import Any, Collection, Iterable

from sqlalchemy import Connection, Row, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from governance.brag import DEFAULT_KEY, BragKey
from governance.figure_log import fold
from governance.model import (
    Action, Body, Channel, Direction, Figure, FigureKind, FocusArea, Indicator, MeetingChange, MeetingChangeKind,
    Person, PlanInfo, Prompt, Provenance, Section, Theme, Update, Visit, Withdrawal,
)
from governance.projection import Current, advance
from governance.recording import decode_entities
from governance.reminders import WITHDRAWN, Kind, OutboxItem, Pause, PauseKind, Reminder, Status
from storage.models import (
    ActionRow, ActionStateRow, BodyRow, FocusAreaActionRow, FocusAreaRow, HandledEventRow, IndicatorFigureRow,
    IndicatorRow, IndicatorThemeRow, MeetingChangeRow, PauseRow, PersonRow, PlanInfoRow, PromptRow, ProvenanceColumns,
    ReminderRow, SchedulerStateRow, ThemeRow, UpdateRow, VisitRow, insert_unless_held, read_rating, stored_rating,
)
from storage.projection import STATE_COLUMNS, fold_action, folded, insert_state, rebuild, save_state, stored_state


class SqlPlanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._figures = SqlFigureRepository(session)

    def info(self) -> PlanInfo | None:
        row = self.session.get(PlanInfoRow, 1)
        return PlanInfo(row.name, row.organisation, row.ref_pattern) if row else None

    def save_info(self, info: PlanInfo) -> None:
        self.session.merge(PlanInfoRow(id=1, name=info.name, organisation=info.organisation,
                                       ref_pattern=info.ref_pattern))

    def key(self) -> BragKey:
        return DEFAULT_KEY

    def themes(self) -> list[Theme]:
        rows = self.session.scalars(select(ThemeRow).order_by(ThemeRow.number))
        return [Theme(r.number, r.title, r.description, r.lead) for r in rows]

    def save_theme(self, theme: Theme) -> None:
        self.session.merge(ThemeRow(number=theme.number, title=theme.title, description=theme.description,
                                    lead=theme.lead))

    def people(self) -> list[Person]:
        rows = self.session.execute(select(*PERSON_COLUMNS).order_by(PersonRow.email))
        return [_person_of(*values) for values in rows]

    def person(self, email: str) -> Person | None:
        row = self.session.get(PersonRow, email)
        return _person(row) if row else None

    def person_by_slack(self, user_id: str) -> Person | None:
        row = self.session.scalar(select(PersonRow).where(PersonRow.slack_user_id == user_id))
        return _person(row) if row else None

    def save_person(self, person: Person) -> None:
        """Adds or replaces a person; a plan file without Slack ids keeps the links already made."""
        row = self.session.get(PersonRow, person.email) or PersonRow(email=person.email)
        row.name, row.role, row.admin = person.name, person.role, person.admin
        row.aliases = "; ".join(_aliases(person.aliases))
        if person.slack_user_id is not None:
            row.slack_user_id = person.slack_user_id
        self.session.add(row)
        self.session.flush()

    def bodies(self) -> list[Body]:
        """Each body with its meeting log, every body's log read in one query."""
        logs: dict[str, list[MeetingChange]] = {}
        for change in self._meeting_changes():
            logs.setdefault(change.body, []).append(change)
        return [
            Body(r.key, r.name, r.chair, r.cadence, r.starts, tuple(date.fromisoformat(d) for d in r.dates),
                 r.meeting_time, r.paper_deadline_days, r.description, r.whole_plan, _provenance(r),
                 tuple(logs.get(r.key, ())))
            for r in self.session.scalars(select(BodyRow).order_by(BodyRow.key))
        ]

    def save_body(self, body: Body) -> None:
        """A body saved as responsible for the whole plan takes that over from any other: the plan has one. Its
        meeting log (`body.changes`) is not the definition's to change: entries come only through
        `add_meeting_change`, so an import of the plan file leaves every moved or cancelled meeting as it is."""
        if body.whole_plan:
            self.session.execute(update(BodyRow).where(BodyRow.key != body.key, BodyRow.whole_plan)
                                 .values(whole_plan=False))
        self.session.merge(BodyRow(
            key=body.key, name=body.name, chair=body.chair, cadence=body.cadence, starts=body.starts,
            dates=[d.isoformat() for d in body.dates], meeting_time=body.time,
            paper_deadline_days=body.paper_deadline_days, description=body.description, whole_plan=body.whole_plan,
            source=body.provenance.source, illustrative=body.provenance.illustrative,
        ))

    def add_meeting_change(self, change: MeetingChange, *, request_key: str | None = None) -> MeetingChange | None:
        """Appends to the body's log, as figures are appended: the insert goes to the connection past the session
        (a body or person saved a moment ago is flushed first), and a request key already held records nothing."""
        self.session.flush()
        connection = self.session.connection()
        change_id = connection.scalar(insert_unless_held(connection.dialect.name, MeetingChangeRow, "request_key")
                                      .values(body_key=change.body, kind=change.kind.value, meeting=change.meeting,
                                              to_day=change.to, meeting_time=change.time, by=change.by,
                                              via=change.via.value, at=change.at, request_key=request_key)
                                      .returning(MeetingChangeRow.id))
        return None if change_id is None else replace(change, id=change_id)

    def meeting_change_by_request(self, request_key: str) -> MeetingChange | None:
        found = self._meeting_changes(MeetingChangeRow.request_key == request_key)
        return found[0] if found else None

    def _meeting_changes(self, *conditions: Any) -> list[MeetingChange]:
        query = select(*MEETING_CHANGE_COLUMNS).where(*conditions).order_by(MeetingChangeRow.id)
        return [_meeting_change_of(*values) for values in self.session.execute(query)]

    def actions(self, *, theme: int | None = None, owner: str | None = None, body: str | None = None
                ) -> list[Action]:
        query = select(*ACTION_COLUMNS)
        if body is not None:
            query = query.where(ActionRow.body == body)
        if theme is not None:
            query = query.where(ActionRow.theme == theme)
        if owner is not None:
            query = query.where(ActionRow.owner == owner)
        return [_action_of(*values) for values in self.session.execute(query.order_by(ActionRow.id))]

    def action(self, ref: str) -> Action | None:
        found = self.session.execute(select(*ACTION_COLUMNS).where(ActionRow.ref == ref)).first()
        return _action_of(*found) if found else None

    def overdue(self, before: date, *, as_of: datetime, complete: Collection[str]) -> list[Action]:
        """One query over the actions and their states: an action with no state, or whose last rating is not
        one of `complete`, or updated after `as_of` (the caller reads its rating then from history). A withdrawn
        action is no longer needed, so never overdue."""
        state = ActionStateRow
        query = (select(*ACTION_COLUMNS).outerjoin(state, state.action_id == ActionRow.id)
                 .where(ActionRow.due.is_not(None), ActionRow.due < before, ActionRow.withdrawn_at.is_(None),
                        or_(state.rating.is_(None), state.rating.not_in(list(complete)), state.last_at > as_of))
                 .order_by(ActionRow.id))
        return [_action_of(*values) for values in self.session.execute(query)]

    def refs(self) -> list[str]:
        return list(self.session.connection().scalars(select(ActionRow.ref).order_by(ActionRow.id)))

    def lock_body(self, key: str) -> None:
        """Holds the body's row until the unit of work ends (FOR UPDATE on PostgreSQL; SQLite has one writer), so two
        changes to its meetings are checked one after the other, each against the log the other left."""
        self.session.execute(select(BodyRow.key).where(BodyRow.key == key).with_for_update())

    def add_action(self, action: Action) -> bool:
        """Adds a new action, or nothing (False) when its ref is already taken, even by one added a moment ago in
        another transaction: a ref given out twice must never overwrite the first action."""
        self.session.flush()
        connection = self.session.connection()
        withdrawn = action.withdrawn
        added = connection.scalar(insert_unless_held(connection.dialect.name, ActionRow, "ref").values(
            ref=action.ref, theme=action.theme, title=action.title, owner=action.owner, due=action.due,
            body=action.body, source=action.provenance.source, illustrative=action.provenance.illustrative,
            raised_at=action.raised_at, withdrawn_at=withdrawn.at if withdrawn else None,
            withdrawn_by=withdrawn.by if withdrawn else None, withdrawn_reason=withdrawn.reason if withdrawn else "",
        ).returning(ActionRow.id))
        return added is not None

    def save_action(self, action: Action) -> None:
        row = self.session.scalar(select(ActionRow).where(ActionRow.ref == action.ref)) or ActionRow(ref=action.ref)
        row.theme, row.title, row.owner, row.due, row.body = (action.theme, action.title, action.owner,
                                                               action.due, action.body)
        row.source, row.illustrative = action.provenance.source, action.provenance.illustrative
        row.raised_at = action.raised_at
        withdrawn = action.withdrawn
        row.withdrawn_at = withdrawn.at if withdrawn else None
        row.withdrawn_by = withdrawn.by if withdrawn else None
        row.withdrawn_reason = withdrawn.reason if withdrawn else ""
        self.session.add(row)
        self.session.flush()

    def visits(self) -> list[Visit]:
        linked = selectinload(VisitRow.focus_areas).selectinload(FocusAreaRow.actions)
        rows = self.session.scalars(select(VisitRow).options(linked.selectinload(FocusAreaActionRow.action))
                                    .order_by(VisitRow.start))
        return [Visit(r.start, r.end, r.title, tuple(_focus_area(f) for f in r.focus_areas), r.cancelled,
                      _provenance(r)) for r in rows]

    def save_visit(self, visit: Visit) -> None:
        row = self.session.scalar(select(VisitRow).where(VisitRow.start == visit.start)) or VisitRow(start=visit.start)
        row.end, row.title, row.cancelled = visit.end, visit.title, visit.cancelled
        row.source, row.illustrative = visit.provenance.source, visit.provenance.illustrative
        ids = dict(self.session.execute(select(ActionRow.ref, ActionRow.id)
                                        .where(ActionRow.ref.in_(visit.actions))).tuples().all())
        row.focus_areas = [FocusAreaRow(position=n, name=f.name, themes=list(f.themes),
                                        actions=[FocusAreaActionRow(position=m, action_id=ids[ref])
                                                 for m, ref in enumerate(f.actions)])
                           for n, f in enumerate(visit.focus_areas)]
        self.session.add(row)

    def indicators(self, *, themes: Iterable[int] | None = None) -> list[Indicator]:
        """Each indicator with its figures folded from its log, read for all the indicators in one query."""
        query = select(IndicatorRow).options(selectinload(IndicatorRow.themes))
        if themes is not None:
            query = query.where(IndicatorRow.key.in_(
                select(IndicatorThemeRow.indicator_key).where(IndicatorThemeRow.theme.in_(list(themes)))))
        rows = self.session.scalars(query.order_by(IndicatorRow.key)).all()
        logs: dict[str, list[Figure]] = {}
        for figure in self._figures.logs([r.key for r in rows] if themes is not None else None):
            logs.setdefault(figure.indicator, []).append(figure)
        return [_indicator(r, logs.get(r.key, ())) for r in rows]

    def save_indicator(self, indicator: Indicator) -> None:
        """The definition, and a figure for each month whose value or source differs from the one it has; a month
        `indicator.values` leaves out keeps its figure, since the log only grows."""
        row = self.session.get(IndicatorRow, indicator.key) or IndicatorRow(key=indicator.key)
        row.name, row.unit, row.direction = indicator.name, indicator.unit, indicator.direction.value
        row.target, row.amber_within, row.source = indicator.target, indicator.amber_within, indicator.source
        row.section = indicator.section.value if indicator.section else None
        row.target_source = indicator.target_provenance.source
        row.target_illustrative = indicator.target_provenance.illustrative
        row.owner, row.collection_day = indicator.owner, indicator.collection_day
        row.themes = [IndicatorThemeRow(theme=n) for n in indicator.themes]
        self.session.add(row)
        self.session.flush()
        current = {v.month: (v.value, v.provenance) for v in fold(self._figures.log(indicator.key))[0]}
        for v in indicator.values:
            if current.get(v.month) != (v.value, v.provenance):
                self._figures.add(Figure(indicator.key, v.month, FigureKind.VALUE, v.at or given_at(v.month), v.value,
                                         v.numerator, v.denominator, v.by, v.via or Channel.IMPORT,
                                         provenance=v.provenance))


def given_at(month: date) -> datetime:
    """When a month's figure that says nothing of when it was given counts as given: the start of the month after,
    the first moment a monthly figure can be known."""
    after = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return datetime.combine(after, time(0), tzinfo=timezone.utc)


def _indicator(row: IndicatorRow, log: Iterable[Figure]) -> Indicator:
    values, not_available = fold(log)
    return Indicator(row.key, row.name, row.unit, Direction(row.direction), row.target, row.amber_within,
                     tuple(sorted(t.theme for t in row.themes)), row.source, values,
                     Provenance(row.target_source, row.target_illustrative),
                     Section(row.section) if row.section else None, row.owner, row.collection_day, not_available)


def _person(row: PersonRow) -> Person:
    return _person_of(row.email, row.name, row.role, row.admin, row.slack_user_id, row.aliases)


PERSON_COLUMNS = (PersonRow.email, PersonRow.name, PersonRow.role, PersonRow.admin, PersonRow.slack_user_id,
                  PersonRow.aliases)


def _person_of(email: str, name: str, role: str, admin: bool, slack_user_id: str | None, aliases: str) -> Person:
    """A person from their plain columns (`PERSON_COLUMNS`): every question reads all of them."""
    return Person(email, name, role, admin, slack_user_id, _aliases(aliases.split(";")))


def _aliases(aliases: Iterable[str]) -> tuple[str, ...]:
    """In order, trimmed, without blanks: they share one column, "; "-separated as the template's people sheet
    writes them, where a blank would come back as a stray separator."""
    return tuple(alias.strip() for alias in aliases if alias.strip())


ACTION_COLUMNS = (ActionRow.ref, ActionRow.theme, ActionRow.title, ActionRow.owner, ActionRow.due, ActionRow.body,
                  ActionRow.source, ActionRow.illustrative, ActionRow.raised_at, ActionRow.withdrawn_at,
                  ActionRow.withdrawn_by, ActionRow.withdrawn_reason)


def _action_of(ref: str, theme: int, title: str, owner: str, due: date | None, body: str | None, source: str,
               illustrative: bool, raised_at: date | None, withdrawn_at: datetime | None, withdrawn_by: str | None,
               withdrawn_reason: str) -> Action:
    """An action from its plain columns (`ACTION_COLUMNS`): a list of thousands builds in half the time it takes
    to load them as ORM objects. Every way an action is read goes through here, so none forgets a column."""
    withdrawn = None if withdrawn_at is None else Withdrawal(withdrawn_at, withdrawn_by, withdrawn_reason)
    return Action(ref, theme, title, owner, due, body, Provenance(source, illustrative), raised_at, withdrawn)


MEETING_CHANGE_COLUMNS = (MeetingChangeRow.body_key, MeetingChangeRow.kind, MeetingChangeRow.meeting,
                          MeetingChangeRow.at, MeetingChangeRow.by, MeetingChangeRow.via, MeetingChangeRow.to_day,
                          MeetingChangeRow.meeting_time, MeetingChangeRow.id)


def _meeting_change_of(body: str, kind: str, meeting: date, at: datetime, by: str | None, via: str,
                       to: date | None, meeting_time: time | None, change_id: int) -> MeetingChange:
    return MeetingChange(body, MeetingChangeKind(kind), meeting, at, by, CHANNELS[via], to, meeting_time, change_id)


def _provenance(row: ProvenanceColumns) -> Provenance:
    return Provenance(row.source, row.illustrative)


def _focus_area(row: FocusAreaRow) -> FocusArea:
    return FocusArea(row.name, tuple(row.themes), tuple(link.action.ref for link in row.actions))


class SqlFigureRepository:
    """Indicators' figures, appended as SqlUpdateRepository appends updates: a request recorded once, with no
    savepoint, on either store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def log(self, indicator: str | None = None) -> list[Figure]:
        return self.logs(None if indicator is None else [indicator])

    def logs(self, indicators: Iterable[str] | None) -> list[Figure]:
        """The entries of the indicators given (of all when None), oldest first, in one query."""
        query = select(*FIGURE_COLUMNS).order_by(IndicatorFigureRow.at, IndicatorFigureRow.id)
        if indicators is not None:
            query = query.where(IndicatorFigureRow.indicator_key.in_(list(indicators)))
        return [_figure_of(*values) for values in self.session.execute(query)]

    def add(self, figure: Figure, *, request_key: str | None = None) -> Figure | None:
        """The insert goes to the connection, past the session: an indicator saved a moment ago is flushed first."""
        self.session.flush()
        connection = self.session.connection()
        figure_id = connection.scalar(insert_unless_held(connection.dialect.name, IndicatorFigureRow, "request_key")
                                      .values(indicator_key=figure.indicator, month=figure.month,
                                              kind=figure.kind.value, value=figure.value, numerator=figure.numerator,
                                              denominator=figure.denominator, comment=figure.comment, at=figure.at,
                                              by=figure.by, via=figure.via.value, request_key=request_key,
                                              source=figure.provenance.source,
                                              illustrative=figure.provenance.illustrative)
                                      .returning(IndicatorFigureRow.id))
        return None if figure_id is None else replace(figure, id=figure_id)

    def get(self, figure_id: int) -> Figure | None:
        return self._one(IndicatorFigureRow.id == figure_id)

    def by_request(self, request_key: str) -> Figure | None:
        return self._one(IndicatorFigureRow.request_key == request_key)

    def _one(self, condition: Any) -> Figure | None:
        found = self.session.execute(select(*FIGURE_COLUMNS).where(condition)).first()
        return _figure_of(*found) if found else None


FIGURE_COLUMNS = (IndicatorFigureRow.indicator_key, IndicatorFigureRow.month, IndicatorFigureRow.kind,
                  IndicatorFigureRow.at, IndicatorFigureRow.value, IndicatorFigureRow.numerator,
                  IndicatorFigureRow.denominator, IndicatorFigureRow.by, IndicatorFigureRow.via,
                  IndicatorFigureRow.comment, IndicatorFigureRow.source, IndicatorFigureRow.illustrative,
                  IndicatorFigureRow.id)


def _figure_of(indicator: str, month: date, kind: str, at: datetime, value: float | None, numerator: float | None,
               denominator: float | None, by: str | None, via: str, comment: str, source: str, illustrative: bool,
               figure_id: int) -> Figure:
    return Figure(indicator, month, FigureKind(kind), at, value, numerator, denominator, by, CHANNELS[via], comment,
                  Provenance(source, illustrative), figure_id)


class SqlUpdateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def histories(self, refs: Iterable[str] | None, *, until: datetime | None) -> dict[str, list[Update]]:
        query = select(ActionRow.ref, *UPDATE_COLUMNS).join(UpdateRow.action).order_by(UpdateRow.at, UpdateRow.id)
        if refs is not None:
            query = query.where(ActionRow.ref.in_(list(refs)))
        if until is not None:
            query = query.where(UpdateRow.at <= until)
        return _by_action(self.session.execute(query))

    def get(self, update_id: int) -> Update | None:
        found = self.session.execute(select(ActionRow.ref, UpdateRow).join(UpdateRow.action)
                                     .where(UpdateRow.id == update_id)).first()
        return _update(*found) if found else None

    def by_request(self, request_key: str) -> Update | None:
        found = self.session.execute(select(ActionRow.ref, UpdateRow).join(UpdateRow.action)
                                     .where(UpdateRow.request_key == request_key)).first()
        return _update(*found) if found else None

    def add(self, update: Update, *, request_key: str | None = None) -> Update | None:
        """Records the update and returns it with its id; None when `request_key` was already recorded. The
        action's stored state moves in the same transaction, so no reader sees the one without the other."""
        action_id = self.session.scalar(select(ActionRow.id).where(ActionRow.ref == update.action))
        connection = self.session.connection()
        update_id = connection.scalar(insert_unless_held(connection.dialect.name, UpdateRow, "request_key").values(
            action_id=action_id, at=update.at, rating=stored_rating(update.rating), by=update.by, via=update.via.value,
            commentary=update.commentary, evidence=update.evidence, forecast=update.forecast, request_key=request_key,
        ).returning(UpdateRow.id))
        if update_id is None:
            return None
        recorded = replace(update, id=update_id)
        self._advance(connection, action_id, recorded)
        return recorded

    def _advance(self, connection: Connection, action_id: int, update: Update) -> None:
        """Moves the action's state past `update`, stored a moment ago: the update row was written first, which
        on SQLite took the one write lock; on PostgreSQL the state row is locked here, so two replicas adding to
        one action take turns, and the second finds the first's update already folded in. An update dated before
        the last (older rows imported), or an action with no state yet, has its whole log folded again."""
        held = stored_state(connection, action_id, lock=True)
        if held is None:
            if insert_state(connection, action_id, fold_action(connection, action_id, update.action)):
                return
            held = stored_state(connection, action_id, lock=True)
            assert held is not None, "another transaction stored the first state"
        moved = advance(held, update, DEFAULT_KEY) if held.follows(update) else fold_action(
            connection, action_id, update.action)
        save_state(connection, action_id, moved)

    def current(self, refs: Iterable[str] | None, *, until: datetime) -> dict[str, list[Update]]:
        """The deciding updates of each action, read through its stored state in one query: a join on any of the
        ids the state names, twice as fast on SQLite and on PostgreSQL as five joins in a UNION ALL, which also
        read an update once per name. An action whose state holds an update after `until` (a question as of an
        earlier day) is read from its history up to then."""
        state = ActionStateRow
        query = (select((state.last_at > until).label("after"), ActionRow.ref, *UPDATE_COLUMNS).select_from(state)
                 .join(ActionRow, ActionRow.id == state.action_id)
                 .join(UpdateRow, UpdateRow.id.in_([state.last_id, state.rated_id, state.prior_id, state.run_first_id,
                                                    state.run_second_id]))
                 .order_by(UpdateRow.at, UpdateRow.id))
        if refs is not None:
            query = query.where(ActionRow.ref.in_(list(refs)))
        held, since = [], set()
        for after, *row in self.session.connection().execute(query).all():
            if after:
                since.add(row[0])
            else:
                held.append(row)
        found = _by_action(held)
        if since:
            found.update(self.histories(since, until=until))
        return found

    def states(self) -> dict[str, Current]:
        rows = self.session.execute(select(ActionRow.ref, *STATE_COLUMNS)
                                    .join(ActionStateRow, ActionStateRow.action_id == ActionRow.id))
        return {ref: Current(*values) for ref, *values in rows}

    def folded(self) -> dict[str, Current]:
        self.session.flush()
        return folded(self.session.connection())

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UpdateRow)) or 0)

    def rebuild_states(self) -> int:
        self.session.flush()
        return rebuild(self.session.connection())


UPDATE_COLUMNS = (UpdateRow.at, UpdateRow.rating, UpdateRow.by, UpdateRow.via, UpdateRow.commentary,
                  UpdateRow.evidence, UpdateRow.forecast, UpdateRow.id, UpdateRow.as_typed)
CHANNELS = {channel.value: channel for channel in Channel}
"""Each channel by its stored value: a dict lookup, where calling the enum costs more than building the update."""
SLACK_ENCODED_BEFORE_0006 = frozenset({Channel.SLACK_DM.value, Channel.COMMAND.value})
"""The channels whose text was stored in Slack's encoding until migration 0006 (a modal's fields never were)."""


def _by_action(rows: Iterable[Row[Any]]) -> dict[str, list[Update]]:
    """Plain rows, not ORM objects: a plan's whole history is read far faster this way."""
    result: dict[str, list[Update]] = {}
    for ref, at, rating, by, via, commentary, evidence, forecast, update_id, as_typed in rows:
        commentary, evidence = _as_typed(commentary, evidence, via=via, as_typed=as_typed)
        result.setdefault(ref, []).append(Update(ref, at, read_rating(rating), by, CHANNELS[via], commentary, evidence,
                                                 forecast, update_id))
    return result


def _update(ref: str, row: UpdateRow) -> Update:
    commentary, evidence = _as_typed(row.commentary, row.evidence, via=row.via, as_typed=row.as_typed)
    return Update(ref, row.at, read_rating(row.rating), row.by, Channel(row.via), commentary, evidence, row.forecast,
                  row.id)


def _as_typed(commentary: str, evidence: str | None, *, via: str, as_typed: bool | None) -> tuple[str, str | None]:
    """An update's text as typed: rows from Slack stored before 0006 are decoded as they are read, so history
    shows the real text everywhere while its stored bytes stay as they were."""
    if as_typed is not None or via not in SLACK_ENCODED_BEFORE_0006:
        return commentary, evidence
    return decode_entities(commentary), decode_entities(evidence) if evidence is not None else None


class SqlConversationRepository:
    """Prompts sent to owners and Slack events already handled."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_prompt(self, prompt: Prompt) -> None:
        """A check-in found again after a lost answer remembers its actions a second time: kept once."""
        action_id = self.session.scalar(select(ActionRow.id).where(ActionRow.ref == prompt.action))
        try:
            with self.session.begin_nested():
                self.session.add(PromptRow(channel=prompt.channel, ts=prompt.ts, action_id=action_id,
                                           person=prompt.person, sent_at=prompt.sent_at))
        except IntegrityError:
            pass

    def prompt(self, channel: str, ts: str) -> Prompt | None:
        """The message's prompt; for a check-in asking about several actions, its first (most pressing)."""
        found = self.session.execute(select(ActionRow.ref, PromptRow).join(PromptRow.action)
                                     .where(PromptRow.channel == channel, PromptRow.ts == ts)
                                     .order_by(PromptRow.id).limit(1)).first()
        if not found:
            return None
        ref, row = found
        return Prompt(row.channel, row.ts, ref, row.person, row.sent_at)

    def thread_actions(self, channel: str, ts: str) -> list[str]:
        """Refs a message asked about, in the order it showed them (the order they were recorded)."""
        return list(self.session.scalars(select(ActionRow.ref).join(PromptRow, PromptRow.action_id == ActionRow.id)
                                         .where(PromptRow.channel == channel, PromptRow.ts == ts)
                                         .order_by(PromptRow.id)))

    def claim_event(self, event_id: str, at: datetime, *, body: str | None = None,
                    lease_until: datetime | None = None) -> bool:
        """True when this delivery should be acted on: the first time an event id is seen, or again when
        an earlier delivery with a kept body was never finished and its lease has run out."""
        try:
            with self.session.begin_nested():
                self.session.add(HandledEventRow(event_id=event_id, received_at=at, body=body,
                                                 done_at=None if body else at, lease_until=lease_until))
            return True
        except IntegrityError:
            pass
        retaken = self.session.execute(update(HandledEventRow).where(
            HandledEventRow.event_id == event_id, HandledEventRow.done_at.is_(None),
            or_(HandledEventRow.lease_until.is_(None), HandledEventRow.lease_until < at),
        ).values(lease_until=lease_until))
        return retaken.rowcount == 1

    def finish_event(self, event_id: str, at: datetime, *, keep_body: bool = False) -> None:
        """Marks the event done; its body is dropped unless `keep_body` asks to keep it for a later read."""
        kept = {} if keep_body else {"body": None}
        self.session.execute(update(HandledEventRow).where(HandledEventRow.event_id == event_id)
                             .values(done_at=at, lease_until=None, **kept))

    def event_body(self, event_id: str) -> str | None:
        return self.session.scalar(select(HandledEventRow.body).where(HandledEventRow.event_id == event_id))

    def event_received(self, event_id: str) -> datetime | None:
        return self.session.scalar(select(HandledEventRow.received_at).where(HandledEventRow.event_id == event_id))

    def unfinished_events(self, *, at: datetime, limit: int = 100) -> list[tuple[str, str]]:
        rows = self.session.execute(select(HandledEventRow.event_id, HandledEventRow.body).where(
            HandledEventRow.done_at.is_(None), HandledEventRow.body.is_not(None),
            or_(HandledEventRow.lease_until.is_(None), HandledEventRow.lease_until < at),
        ).order_by(HandledEventRow.received_at).limit(limit))
        return [(event_id, body) for event_id, body in rows if body]


MATERIALISED = "reminders_materialised"


class SqlOutboxRepository:
    """The reminder outbox, and the pauses that hold check-ins back. Claims are a compare-and-set on the
    lease, so two dispatchers never hold one row; on PostgreSQL the candidate rows are also locked with
    SKIP LOCKED so they do not queue."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, reminder: Reminder, *, due_at: datetime, status: Status, error: str = "") -> bool:
        row = ReminderRow(key=reminder.key, kind=reminder.kind.value, subject=reminder.subject,
                          recipient=reminder.recipient, day=reminder.day, reason=reminder.reason,
                          asks_update=reminder.asks_update, due_at=due_at, status=status.value, attempts=0,
                          error=error)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return status is Status.PENDING and self._reinstate(reminder, due_at)
        return True

    def _reinstate(self, reminder: Reminder, due_at: datetime) -> bool:
        """A row withdrawn before its send time, never attempted, is planned again once it is owed again that day."""
        return self.session.execute(update(ReminderRow).where(
            ReminderRow.key == reminder.key, ReminderRow.status == Status.OBSOLETE.value,
            ReminderRow.attempted_at.is_(None), ReminderRow.error.startswith(WITHDRAWN)).values(
            status=Status.PENDING.value, reason=reminder.reason, asks_update=reminder.asks_update, due_at=due_at,
            error="")).rowcount == 1

    def waiting(self, day: date, *, now: datetime) -> list[OutboxItem]:
        rows = self.session.scalars(select(ReminderRow).where(ReminderRow.day == day, *_untouched(now))
                                    .order_by(ReminderRow.due_at, ReminderRow.id))
        return [_outbox_item(row) for row in rows]

    def withdraw(self, item_id: int, *, now: datetime, error: str) -> bool:
        """A compare-and-set on the lease, as a claim is: a row a dispatcher has claimed or tried is left alone."""
        return self.session.execute(update(ReminderRow).where(ReminderRow.id == item_id, *_untouched(now)).values(
            status=Status.OBSOLETE.value, error=error)).rowcount == 1

    def materialised_through(self) -> date | None:
        row = self.session.get(SchedulerStateRow, MATERIALISED)
        return row.day if row else None

    def set_materialised_through(self, day: date) -> None:
        self.session.merge(SchedulerStateRow(name=MATERIALISED, day=day))

    def claim(self, *, now: datetime, lease_until: datetime, worker: str, limit: int,
              recipient: str | None = None) -> list[OutboxItem]:
        claimable = (ReminderRow.status == Status.PENDING.value, ReminderRow.due_at <= now,
                     or_(ReminderRow.next_attempt_at.is_(None), ReminderRow.next_attempt_at <= now),
                     or_(ReminderRow.lease_until.is_(None), ReminderRow.lease_until < now),
                     *([ReminderRow.recipient == recipient] if recipient else []))
        candidates = self.session.scalars(select(ReminderRow.id).where(*claimable)
                                          .order_by(ReminderRow.due_at, ReminderRow.id).limit(limit)
                                          .with_for_update(skip_locked=True)).all()
        claimed = [item_id for item_id in candidates
                   if self.session.execute(update(ReminderRow).where(ReminderRow.id == item_id, *claimable)
                                           .values(lease_owner=worker, lease_until=lease_until)).rowcount == 1]
        rows = self.session.scalars(select(ReminderRow).where(ReminderRow.id.in_(claimed))
                                    .order_by(ReminderRow.due_at, ReminderRow.id)
                                    .execution_options(populate_existing=True))
        return [_outbox_item(row) for row in rows]

    def begin_attempt(self, item_id: int, *, now: datetime, worker: str, lease_until: datetime) -> bool:
        return self._extend(item_id, now=now, worker=worker, lease_until=lease_until,
                            attempts=ReminderRow.attempts + 1, attempted_at=now)

    def renew(self, item_id: int, *, now: datetime, worker: str, lease_until: datetime) -> bool:
        return self._extend(item_id, now=now, worker=worker, lease_until=lease_until)

    def _extend(self, item_id: int, *, now: datetime, worker: str, lease_until: datetime, **values: Any) -> bool:
        """A compare-and-set on the lease: only a holder whose lease is still live may extend it."""
        held = self.session.execute(update(ReminderRow).where(
            ReminderRow.id == item_id, ReminderRow.status == Status.PENDING.value, ReminderRow.lease_owner == worker,
            ReminderRow.lease_until >= now).values(lease_until=lease_until, **values))
        return held.rowcount == 1

    def finish(self, item_id: int, *, status: Status, now: datetime, error: str = "", channel: str | None = None,
               ts: str | None = None) -> None:
        self.session.execute(update(ReminderRow).where(ReminderRow.id == item_id).values(
            status=status.value, error=error, channel=channel, ts=ts, lease_owner=None, lease_until=None,
            sent_at=now if status is Status.SENT else None))

    def postpone(self, item_id: int, *, until: datetime, error: str) -> None:
        """Keeps `attempted_at`: a send that timed out may still have reached Slack, and the next
        attempt looks it up before sending again."""
        self.session.execute(update(ReminderRow).where(ReminderRow.id == item_id).values(
            next_attempt_at=until, error=error, lease_owner=None, lease_until=None))

    def items(self, *, statuses: Iterable[Status], limit: int = 500) -> list[OutboxItem]:
        rows = self.session.scalars(select(ReminderRow).where(ReminderRow.status.in_([s.value for s in statuses]))
                                    .order_by(ReminderRow.due_at, ReminderRow.id).limit(limit))
        return [_outbox_item(row) for row in rows]

    def counts(self) -> dict[Status, int]:
        found = dict(self.session.execute(select(ReminderRow.status, func.count()).group_by(ReminderRow.status)).all())
        return {status: found.get(status.value, 0) for status in Status}


    def add_pause(self, pause: Pause, *, at: datetime, request_key: str | None = None) -> Pause | None:
        action_id = (self.session.scalar(select(ActionRow.id).where(ActionRow.ref == pause.ref))
                     if pause.ref else None)
        row = PauseRow(person=pause.person, kind=pause.kind.value, action_id=action_id, starts=pause.starts,
                       until=pause.until, created_at=at, request_key=request_key)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            if request_key is None or self.pause_by_request(request_key) is None:
                raise
            return None
        return _pause(row, pause.ref)

    def pause_by_request(self, request_key: str) -> Pause | None:
        found = self.session.execute(select(PauseRow, ActionRow.ref).outerjoin(PauseRow.action)
                                     .where(PauseRow.request_key == request_key)).first()
        return _pause(*found) if found else None

    def pauses(self, *, after: date, person: str | None = None) -> list[Pause]:
        query = select(PauseRow, ActionRow.ref).outerjoin(PauseRow.action).where(PauseRow.until > after)
        if person is not None:
            query = query.where(PauseRow.person == person)
        return [_pause(row, ref) for row, ref in self.session.execute(query.order_by(PauseRow.id))]


def _untouched(now: datetime) -> tuple[Any, ...]:
    """A pending row no dispatcher holds under a live lease nor has attempted: safe to withdraw."""
    return (ReminderRow.status == Status.PENDING.value, ReminderRow.attempted_at.is_(None),
            or_(ReminderRow.lease_until.is_(None), ReminderRow.lease_until < now))


def _pause(row: PauseRow, ref: str | None) -> Pause:
    return Pause(row.person, PauseKind(row.kind), row.starts, row.until, ref, row.id)


def _outbox_item(row: ReminderRow) -> OutboxItem:
    reminder = Reminder(Kind(row.kind), row.subject, row.recipient, row.day, row.reason, row.asks_update)
    return OutboxItem(row.id, reminder, row.due_at, Status(row.status), row.attempts, row.attempted_at, row.sent_at,
                      row.error, row.channel, row.ts)
