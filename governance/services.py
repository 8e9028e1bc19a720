"""Use cases: the one place each question about the plan is answered.

The command line, Slack and the scheduler all call these, with a unit of work and the instant
they mean by "now"; none of them knows how the store or the caller is built.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

from governance.brag import NOT_RATED, BragKey
from governance.cadence import Meeting, coming_meetings
from governance.errors import NoPlan, PlanInvalid, ReadinessError, UnknownAction, UnknownPerson, UnknownTheme
from governance.model import Action, Body, Channel, Person, PlanDocument, PlanInfo, Section, Theme, Update, Visit
from governance.ports import UnitOfWork
from governance.projection import differences
from governance.reminders import OutboxItem, Status
from governance.readiness import (
    ActionState, IndicatorReading, IndicatorsReadiness, Readiness, ThemeReadiness, VisitReadiness, assess_action,
    next_visit, read_indicator, ref_sort_key, roll_up,
)
from governance.grids import Grid
from governance.template import DocumentReading, Known, read_document
from governance.tracker import SheetUse, read_tracker
from governance.tracker_map import TrackerMap
from governance.workdays import DEFAULT_TZ, local_date, working_days_between


@dataclass
class ActionStatus:
    state: ActionState
    theme: Theme
    body: Body | None
    history: list[Update]
    key: BragKey
    withdrawer: str | None = None
    """The name of whoever withdrew the action as no longer needed, when it is withdrawn."""
    withdrawn_on: date | None = None
    """The local day it was withdrawn."""


@dataclass
class PlanPack:
    """Everything a committee or pre-visit pack shows, as of one instant."""

    info: PlanInfo
    as_of: datetime
    overall: Readiness
    themes: list[ThemeReadiness]
    visit: VisitReadiness | None
    whole_plan_body: Body | None = None
    """The body responsible for the whole plan, to which every escalation is reported."""

    @property
    def escalations(self) -> list[ActionState]:
        return self.overall.escalated


@dataclass
class BodyReadiness:
    """A body's next meeting: its paper deadline, the actions it oversees and who has not updated."""

    body: Body
    chair_name: str | None
    meeting: Meeting | None
    readiness: Readiness
    escalations: list[ActionState] = field(default_factory=list)
    """Red twice or long overdue: of the actions it oversees, or of every action when it is responsible for the
    whole plan, so an action overseen elsewhere still reaches the body that answers for the plan."""


@dataclass
class ImportSummary:
    """What an import stored, or for a preview what it would store, with what the PMO should check."""

    themes: int
    people: int
    bodies: int
    actions: int
    updates: int
    visits: int
    indicators: int
    skipped_updates: int
    rated: int = 0
    """Actions the file gives a rating."""
    comments: int = 0
    """Updates that carry a comment, with or without a rating."""
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Only a preview returns with problems; an import with any stores nothing and raises PlanInvalid."""
    new_people: list[str] = field(default_factory=list)
    layout: list[SheetUse] = field(default_factory=list)
    """How a spreadsheet's sheets and columns were read; empty for a YAML plan file."""
    found_map: TrackerMap = field(default_factory=TrackerMap)
    stored: bool = True
    latest_update: datetime | None = None
    """The newest update the file holds: when a plan such as the example is set."""


def find_body(bodies: Iterable[Body], asked: str) -> Body | None:
    """A body by key, name or initials (`cpog`, `improvement board`, `OIG`), or words of its name; None when none."""
    wanted = " ".join(asked.lower().split())
    for body in bodies:
        initials = "".join(w[0] for w in body.name.split() if w[0].isupper()).lower()
        if wanted in (body.key, body.name.lower(), initials) or (len(wanted) > 3 and wanted in body.name.lower()):
            return body
    return None


class _Context:
    """The plan's reference data, loaded once per use case."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.key = uow.plan.key()
        self.themes = {t.number: t for t in uow.plan.themes()}
        if not self.themes:
            raise NoPlan()
        self.people = {p.email: p for p in uow.plan.people()}
        self.bodies = {b.key: b for b in uow.plan.bodies()}

    def body(self, asked: str) -> Body:
        """A body by key, name or initials (`cpog`, `improvement board`, `OIG`)."""
        found = find_body(self.bodies.values(), asked)
        if found is None:
            listing = "; ".join(f"{b.key} ({b.name})" for b in self.bodies.values())
            raise ReadinessError(f"no body {asked!r}. Bodies: {listing}")
        return found

    def person(self, email: str) -> Person:
        """Someone in the plan, by e-mail as typed (any case, spaces around)."""
        person = self.people.get(email.strip().lower())
        if person is None:
            raise UnknownPerson(email)
        return person

    def person_name(self, email: str | None) -> str | None:
        person = self.people.get(email) if email else None
        return person.name if person else email

    def theme(self, asked: str | int) -> Theme:
        try:
            return self.themes[int(str(asked).strip())]
        except (KeyError, ValueError):
            raise UnknownTheme(str(asked), [(n, t.title) for n, t in sorted(self.themes.items())]) from None

    def lead_name(self, theme: Theme) -> str | None:
        person = self.people.get(theme.lead) if theme.lead else None
        return person.name if person else theme.lead

    def roll_up(self, uow: UnitOfWork, title: str, actions: Sequence[Action], *, themes: Sequence[int],
                now: datetime, tz: str) -> Readiness:
        histories = uow.updates.current([a.ref for a in actions], until=now)
        indicators = uow.plan.indicators(themes=themes) if themes else []
        return roll_up(title, actions, histories, indicators, now=now, key=self.key, bodies=self.bodies,
                       people=self.people, tz=tz)

    def body_readiness(self, uow: UnitOfWork, body: Body, *, now: datetime, tz: str,
                       with_indicators: bool = False) -> BodyReadiness:
        """The body's next meeting and the actions it oversees; `with_indicators` adds the indicators of their
        themes (of every theme for the body responsible for the whole plan), as its readiness paper shows them."""
        actions = uow.plan.actions(body=body.key)
        themes = sorted(self.themes if body.whole_plan else {a.theme for a in actions}) if with_indicators else []
        readiness = self.roll_up(uow, body.name, actions, themes=themes, now=now, tz=tz)
        answerable = (self.roll_up(uow, "The whole plan", uow.plan.actions(), themes=[], now=now, tz=tz)
                      if body.whole_plan else readiness)
        coming = coming_meetings(body, now, tz)
        return BodyReadiness(body, self.person_name(body.chair), coming[0] if coming else None, readiness,
                             answerable.escalated)

    def theme_readiness(self, uow: UnitOfWork, theme: Theme, *, now: datetime, tz: str) -> ThemeReadiness:
        readiness = self.roll_up(uow, f"Theme {theme.number}: {theme.title}", uow.plan.actions(theme=theme.number),
                                 themes=[theme.number], now=now, tz=tz)
        return ThemeReadiness(theme, self.lead_name(theme), readiness)


def theme_readiness(number: str | int, *, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> ThemeReadiness:
    """`/status theme 5`: the BRAG spread and everything a chair should worry about in one theme."""
    with uow:
        context = _Context(uow)
        return context.theme_readiness(uow, context.theme(number), now=now, tz=tz)


def action_status(ref: str, *, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> ActionStatus:
    with uow:
        context = _Context(uow)
        action = uow.plan.action(ref.strip().lower())
        if action is None:
            raise UnknownAction(ref.strip(), uow.plan.refs())
        history = uow.updates.histories([action.ref], until=now).get(action.ref, [])
        state = assess_action(action, history, today=local_date(now, tz), key=context.key, bodies=context.bodies,
                              people=context.people, tz=tz)
        withdrawn = action.withdrawn
        return ActionStatus(state, context.themes[action.theme], context.bodies.get(action.body or ""), history,
                            context.key, context.person_name(withdrawn.by) if withdrawn else None,
                            local_date(withdrawn.at, tz) if withdrawn else None)


def plan_readiness(*, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> Readiness:
    """The whole plan rolled up: what `status overdue` and the pack's first page draw on."""
    with uow:
        context = _Context(uow)
        return context.roll_up(uow, "The whole plan", uow.plan.actions(), themes=list(context.themes), now=now, tz=tz)


def overdue_readiness(*, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> Readiness:
    """`status overdue`: only the actions past their due date and not complete, found by the store's index on the
    current state rather than by rolling up the whole plan."""
    with uow:
        context = _Context(uow)
        today = local_date(now, tz)
        complete = [code for code in context.key.codes() if context.key.is_complete(code)]
        candidates = uow.plan.overdue(today, as_of=now, complete=complete)
        readiness = context.roll_up(uow, "Overdue actions", candidates, themes=[], now=now, tz=tz)
        return replace(readiness, states=readiness.overdue)


def my_actions(email: str, *, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> Readiness:
    with uow:
        context = _Context(uow)
        person = context.person(email)
        return context.roll_up(uow, f"Actions owned by {person.name}", uow.plan.actions(owner=person.email),
                               themes=[], now=now, tz=tz)


def body_readiness(name: str, *, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> BodyReadiness:
    """`/status board cpog`: the next meeting, its paper deadline and the actions the body oversees."""
    with uow:
        context = _Context(uow)
        return context.body_readiness(uow, context.body(name), now=now, tz=tz)


def visit_readiness(*, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> VisitReadiness | None:
    """The next monitoring visit: its focus areas, the themes behind them and what is not ready."""
    with uow:
        context = _Context(uow)
        return _visit_readiness(uow, context, uow.plan.visits(), now=now, tz=tz)


def _visit_readiness(uow: UnitOfWork, context: _Context, visits: Sequence[Visit], *, now: datetime,
                     tz: str) -> VisitReadiness | None:
    today = local_date(now, tz)
    visit = next_visit(visits, today)
    if visit is None:
        return None
    themes = [context.themes[n] for n in visit.themes if n in context.themes]
    per_theme = [context.theme_readiness(uow, theme, now=now, tz=tz) for theme in themes]
    named = [action for ref in visit.actions if (action := uow.plan.action(ref)) is not None]
    examined = context.roll_up(uow, "Actions the focus areas name", named, themes=[], now=now, tz=tz).states
    states = {s.action.ref: s for s in [*(s for t in per_theme for s in t.readiness.states), *examined]}
    overall = Readiness(visit.title, today, context.key, sorted(states.values(), key=lambda s: ref_sort_key(s.action.ref)),
                        _unique_readings(r for t in per_theme for r in t.readiness.indicators))
    return VisitReadiness(visit, working_days_between(today, visit.start), per_theme, overall, examined)


def _unique_readings(readings: Any) -> list:
    seen: dict[str, Any] = {}
    for reading in readings:
        seen.setdefault(reading.indicator.key, reading)
    return list(seen.values())


def indicators_readiness(*, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> IndicatorsReadiness:
    """`status indicators`: every indicator's latest month against target, as the board papers group them."""
    with uow:
        context = _Context(uow)
        readings = [read_indicator(i, local_date(now, tz), context.people, tz) for i in uow.plan.indicators()]
    def placed(section: Section | None) -> tuple[IndicatorReading, ...]:
        return tuple(r for r in readings if r.section is section)

    return IndicatorsReadiness(local_date(now, tz), placed(Section.WORRIED_ABOUT), placed(Section.WORKING_WELL),
                               placed(None))


def readiness_pack(*, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> PlanPack:
    """The committee / pre-visit pack: the whole plan, every theme, and the next visit."""
    with uow:
        context = _Context(uow)
        themes = [context.theme_readiness(uow, t, now=now, tz=tz) for _, t in sorted(context.themes.items())]
        overall = Readiness("The whole plan", local_date(now, tz), context.key,
                            [s for t in themes for s in t.readiness.states],
                            _unique_readings(r for t in themes for r in t.readiness.indicators),
                            [a for t in themes for a in t.readiness.withdrawn])
        visit = _visit_readiness(uow, context, uow.plan.visits(), now=now, tz=tz)
        whole_plan = next((b for b in context.bodies.values() if b.whole_plan), None)
        return PlanPack(uow.plan.info() or PlanInfo(), now, overall, themes, visit, whole_plan)


PlanSource = Mapping[str, Sequence[Mapping[str, Any]]] | Sequence[Grid]
"""A plan file as read: template sheets (YAML) or the grids of a PMO's workbook or CSV."""


def import_plan(source: PlanSource, *, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ,
                allow_new_people: bool = False, tracker_map: TrackerMap = TrackerMap(),
                preview: bool = False) -> ImportSummary:
    """Adds or replaces plan data from a plan file; all or nothing, and history only grows.

    A spreadsheet is laid out first (header row, themes, columns; `tracker_map` holds the PMO's choices).
    An update already in the store (same action, instant and rating) is not recorded twice, so a
    re-import of an export changes nothing. Someone named only by e-mail (an owner not on the people
    sheet nor in the store) is added only when `allow_new_people` says so. A preview stores nothing and
    returns its problems rather than raising them.
    """
    with uow:
        key, info = uow.plan.key(), uow.plan.info() or PlanInfo()
        people, themes = uow.plan.people(), uow.plan.themes()
        tracked = None if isinstance(source, Mapping) else read_tracker(source, tracker_map, key)
        reading = read_document(source if tracked is None else tracked.sheets, key=key,
                                known=_known(uow, info, tracker_map, people, themes), now=now, tz=tz,
                                allow_new_people=allow_new_people)
        stored = {"actions": {a.ref: a for a in uow.plan.actions()} if reading.doc.actions else {},
                  "people": {p.email: p for p in people}, "themes": {t.number: t for t in themes},
                  "indicators": {i.key: i for i in uow.plan.indicators()} if reading.doc.indicators else {}}
        doc = _keeping_what_the_file_lacks(reading, stored)
        problems = (tracked.problems if tracked else []) + reading.problems
        if not problems and not themes and not doc.themes:
            problems.append("themes: the plan has no themes; add a themes sheet")
        if problems and not preview:
            raise PlanInvalid(problems)
        skipped = 0 if preview else _save(doc, uow, now)
        if not preview:
            uow.commit()
        return ImportSummary(
            len(doc.themes), len(doc.people), len(doc.bodies), len(doc.actions), len(doc.updates) - skipped,
            len(doc.visits), len(doc.indicators), skipped,
            rated=len({u.action for u in doc.updates if u.rating not in (None, NOT_RATED)}),
            comments=sum(1 for u in doc.updates if u.commentary),
            warnings=(tracked.warnings if tracked else []) + reading.warnings, problems=problems,
            new_people=reading.new_people, layout=tracked.layout if tracked else [],
            found_map=tracked.found_map if tracked else TrackerMap(), stored=not preview,
            latest_update=max((u.at for u in doc.updates), default=None))


KEPT_UNLESS_GIVEN: dict[str, dict[str, tuple[str, ...]]] = {
    "actions": {"body": ("body",), "provenance": ("source", "illustrative"), "raised_at": ("raised_at",)},
    "people": {"role": ("role",), "admin": ("admin",), "slack_user_id": ("slack_user_id",), "aliases": ("aliases",)},
    "themes": {"description": ("description",), "lead": ("lead",)},
    "indicators": {"owner": ("data_owner",), "collection_day": ("collection_day",)},
}
"""Per sheet, what a plan already holds that a file without the column(s) must not clear: a tracker of actions
has no body column nor the meeting an action arose at, a people sheet from a tracker no Slack link or admin flag,
an older indicators sheet no data owner."""


def _keeping_what_the_file_lacks(reading: DocumentReading, stored: Mapping[str, Mapping[Any, Any]]) -> PlanDocument:
    """The document with each stored action, person and theme keeping what the file has no column for."""
    doc = reading.doc

    def kept(sheet: str, item: Any, key: Any) -> Any:
        old = stored[sheet].get(key)
        present = reading.columns.get(sheet, frozenset())
        lacking = {name: getattr(old, name) for name, columns in KEPT_UNLESS_GIVEN[sheet].items()
                   if old is not None and not present & set(columns)}
        return replace(item, **lacking) if lacking else item

    def still_withdrawn(action: Action) -> Action:
        """A withdrawal is history: a file can withdraw an action, never bring one back nor rewrite who withdrew it
        and when (an export gives only the day)."""
        old = stored["actions"].get(action.ref)
        return replace(action, withdrawn=old.withdrawn) if old and old.withdrawn else action

    return replace(doc, actions=[still_withdrawn(kept("actions", a, a.ref)) for a in doc.actions],
                   people=[kept("people", p, p.email) for p in doc.people],
                   themes=[kept("themes", t, t.number) for t in doc.themes],
                   indicators=[kept("indicators", i, i.key) for i in doc.indicators])


def _known(uow: UnitOfWork, info: PlanInfo, tracker_map: TrackerMap, people: Sequence[Person],
           themes: Sequence[Theme]) -> Known:
    """What the file may refer to without defining: the plan's themes, people (by e-mail, name or alias),
    refs and bodies, and the names the PMO's tracker map gives owners."""
    aliases = {alias: p.email for p in people for alias in p.aliases}
    aliases.update((name, email.lower()) for name, email in tracker_map.owners.items() if email)
    return Known(
        themes={t.number for t in themes},
        people={p.email: p.name for p in people},
        refs=set(uow.plan.refs()),
        bodies={b.key for b in uow.plan.bodies()},
        slack_ids={p.slack_user_id: p.email for p in people if p.slack_user_id},
        aliases=aliases,
        ref_pattern=tracker_map.ref_pattern or info.ref_pattern,
    )


def _save(doc: PlanDocument, uow: UnitOfWork, now: datetime) -> int:
    if doc.info is not None:
        uow.plan.save_info(doc.info)
    for person in doc.people:
        uow.plan.save_person(person)
    for theme in doc.themes:
        uow.plan.save_theme(theme)
    for body in doc.bodies:
        uow.plan.save_body(body)
    for action in doc.actions:
        uow.plan.save_action(action)
    histories = uow.updates.histories({u.action for u in doc.updates}, until=None)
    skipped = 0
    for update in sorted(doc.updates, key=lambda u: (u.at, u.by is None)):
        history = histories.setdefault(update.action, [])
        if _is_news(update, history, now):
            uow.updates.add(update)
            history.append(update)
        else:
            skipped += 1
    for visit in doc.visits:
        uow.plan.save_visit(visit)
    for indicator in doc.indicators:
        given = tuple(replace(v, at=now, via=Channel.IMPORT) for v in indicator.values)
        uow.plan.save_indicator(replace(indicator, values=given))
    return skipped


def _is_news(update: Update, history: Sequence[Update], now: datetime) -> bool:
    """Whether an imported update adds to the history rather than repeating it. The actions sheet names no
    author, so its rating matches the update it repeats whoever gave that."""
    if update.at == now:
        latest = history[-1] if history else None
        return latest is None or _content(latest) != _content(update)
    return not any((old.at, old.rating) == (update.at, update.rating) and _same_author(old, update) for old in history)


def _same_author(old: Update, new: Update) -> bool:
    return old.by is None or new.by is None or old.by == new.by


def _content(update: Update) -> tuple[object, ...]:
    return update.rating, update.commentary, update.evidence, update.forecast


def export_plan(*, uow: UnitOfWork) -> PlanDocument:
    """The whole plan with its full update history, in the template's shape."""
    with uow:
        histories = uow.updates.histories(None, until=None)
        return PlanDocument(
            info=uow.plan.info() or PlanInfo(),
            themes=uow.plan.themes(),
            people=uow.plan.people(),
            bodies=uow.plan.bodies(),
            actions=sorted(uow.plan.actions(), key=lambda a: ref_sort_key(a.ref)),
            updates=sorted((u for h in histories.values() for u in h), key=lambda u: (u.at, u.action)),
            visits=uow.plan.visits(),
            indicators=uow.plan.indicators(),
        )


@dataclass(frozen=True)
class Verification:
    """What `readiness verify` found: the stored current states checked against the log they come from."""

    actions: int
    """Actions with at least one update."""
    updates: int
    differences: list[str]
    repaired: bool = False


def verify(*, uow: UnitOfWork, repair: bool = False) -> Verification:
    """Folds every action's whole log again and compares it with the state answers are read from; `repair`
    stores the folded states when any differ. The log itself is never changed."""
    with uow:
        expected = uow.updates.folded()
        found = differences(uow.updates.states(), expected)
        if found and repair:
            uow.updates.rebuild_states()
            uow.commit()
        return Verification(len(expected), uow.updates.count(), found, repaired=bool(found and repair))


@dataclass(frozen=True)
class Outbox:
    """Reminders in the states asked for, and how many the outbox holds in each state."""

    items: list[OutboxItem]
    counts: dict[Status, int]


def outbox(statuses: Sequence[Status], *, uow: UnitOfWork, limit: int = 500) -> Outbox:
    """What the programme office checks when someone says they were not asked."""
    with uow:
        return Outbox(uow.outbox.items(statuses=statuses, limit=limit), uow.outbox.counts())


def plan_info(*, uow: UnitOfWork) -> PlanInfo:
    """The plan's name and organisation; the defaults until a plan is loaded."""
    with uow:
        return uow.plan.info() or PlanInfo()
