"""The App Home by role: what each person needs to see first, built from one roll-up.

An owner, a theme lead, a chair and the programme office each ask a different first question;
one person may be several of these at once. The Home opens on every visit to the tab, so the
actions behind all of a person's sections are rolled up once and each section is cut from that
roll-up, with no query per action, theme or section.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Iterable

from governance.cadence import next_meeting
from governance.model import Action, Body, Person, Theme
from governance.ports import UnitOfWork
from governance.readiness import (
    ActionState, Readiness, ThemeReadiness, VisitReadiness, due_order, next_visit, ref_sort_key,
)
from governance.reminders import Status
from governance.services import BodyReadiness, _Context
from governance.workdays import DEFAULT_TZ, working_days_between


@dataclass
class OwnerSection:
    """The actions a person owns; the open ones most pressing first, for the *Update* buttons."""

    readiness: Readiness
    pressing: list[ActionState]


@dataclass
class LeadSection:
    """Each theme the person leads, in theme order."""

    themes: list[ThemeReadiness]


@dataclass
class ChairedBody:
    """A body the person chairs, and what its chair must act on before the meeting."""

    readiness: BodyReadiness
    escalations: list[ActionState]


@dataclass
class ChairSection:
    bodies: list[ChairedBody]


@dataclass
class AdminSection:
    """The programme office's view: the whole plan, reminders Slack refused, and the visit countdown."""

    plan: Readiness
    failed_reminders: int
    visit: VisitReadiness | None


@dataclass
class Home:
    """One person's Home: a section for each role they hold, None for each they do not."""

    person: Person
    as_of: date
    owner: OwnerSection | None = None
    lead: LeadSection | None = None
    chair: ChairSection | None = None
    admin: AdminSection | None = None

    @property
    def has_role(self) -> bool:
        return any(part is not None for part in (self.owner, self.lead, self.chair, self.admin))


def most_pressing_first(states: Iterable[ActionState]) -> list[ActionState]:
    """Overdue first (the longest overdue at the top), then the soonest due, then those with no date yet."""
    return sorted(states, key=lambda s: (not s.overdue, due_order(s.action.due), ref_sort_key(s.action.ref)))


def home(email: str, *, uow: UnitOfWork, now: datetime, tz: str = DEFAULT_TZ) -> Home:
    """The App Home of one person, by the roles the plan gives them."""
    with uow:
        context = _Context(uow)
        person = context.person(email)
        led = [t for _, t in sorted(context.themes.items()) if t.lead == person.email]
        chaired = [b for b in context.bodies.values() if b.chair == person.email]
        actions = _actions_in_view(uow, person, led, chaired)
        everything = context.roll_up(uow, f"Home of {person.name}", actions, themes=[], now=now, tz=tz)
        today = everything.as_of
        return Home(
            person, today,
            owner=_owner(everything, person),
            lead=LeadSection([_theme(everything, context, theme) for theme in led]) if led else None,
            chair=ChairSection([_chaired(everything, context, body, tz) for body in chaired]) if chaired else None,
            admin=_admin(everything, context, uow, today) if person.admin else None,
        )


def _actions_in_view(uow: UnitOfWork, person: Person, led: list[Theme], chaired: list[Body]) -> list[Action]:
    """Every action any of the person's sections shows: the whole plan for the programme office, else
    the union of their own, their themes' and their bodies' actions (one query each). The chair of the body
    responsible for the whole plan sees every escalation, so every action is rolled up for them too."""
    if person.admin or any(body.whole_plan for body in chaired):
        return uow.plan.actions()
    found = {a.ref: a for a in uow.plan.actions(owner=person.email)}
    for theme in led:
        found.update((a.ref, a) for a in uow.plan.actions(theme=theme.number))
    for body in chaired:
        found.update((a.ref, a) for a in uow.plan.actions(body=body.key))
    return list(found.values())


def _cut(everything: Readiness, title: str, keep: Callable[[Action], bool]) -> Readiness:
    """The part of the roll-up one section is about, in the roll-up's ref order, its withdrawn actions included."""
    return Readiness(title, everything.as_of, everything.key, [s for s in everything.states if keep(s.action)],
                     withdrawn=[a for a in everything.withdrawn if keep(a)])


def _owner(everything: Readiness, person: Person) -> OwnerSection | None:
    mine = _cut(everything, f"Actions owned by {person.name}", lambda a: a.owner == person.email)
    if not mine.states:
        return None
    open_actions = (s for s in mine.states if not mine.key.is_complete(s.rating))
    return OwnerSection(mine, most_pressing_first(open_actions))


def _theme(everything: Readiness, context: _Context, theme: Theme) -> ThemeReadiness:
    readiness = _cut(everything, f"Theme {theme.number}: {theme.title}", lambda a: a.theme == theme.number)
    return ThemeReadiness(theme, context.lead_name(theme), readiness)


def _chaired(everything: Readiness, context: _Context, body: Body, tz: str) -> ChairedBody:
    readiness = _cut(everything, body.name, lambda a: a.body == body.key)
    meeting = next_meeting(body, everything.as_of, tz)
    answerable = everything if body.whole_plan else readiness
    escalations = most_pressing_first(s for s in answerable.states if s.escalated)
    return ChairedBody(BodyReadiness(body, context.person_name(body.chair), meeting, readiness, escalations),
                       escalations)


def _admin(everything: Readiness, context: _Context, uow: UnitOfWork, today: date) -> AdminSection:
    failed = uow.outbox.counts().get(Status.FAILED, 0)
    plan = _cut(everything, "The whole plan", lambda a: True)
    return AdminSection(plan, failed, _visit(plan, context, uow, today))


def _visit(plan: Readiness, context: _Context, uow: UnitOfWork, today: date) -> VisitReadiness | None:
    """The next visit's countdown and its focus themes, cut from the plan's roll-up rather than rolled up
    again theme by theme as `services.visit_readiness` does for a full answer."""
    visit = next_visit(uow.plan.visits(), today)
    if visit is None:
        return None
    themes = [_theme(plan, context, context.themes[n]) for n in visit.themes if n in context.themes]
    focus = _cut(plan, visit.title, lambda a: a.theme in visit.themes or a.ref in visit.actions)
    examined = [s for s in plan.states if s.action.ref in visit.actions]
    return VisitReadiness(visit, working_days_between(today, visit.start), themes, focus, examined)
