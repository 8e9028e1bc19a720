"""Readiness roll-ups: the honest picture a chair needs before a board or a monitoring visit.

Everything is computed as of a date, from the updates recorded up to that instant, so the same
functions answer "where are we now" and "where were we on 20 January".
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from governance.brag import NOT_RATED, BragKey
from governance.cadence import Meeting, last_meeting_before
from governance.model import Action, Body, Direction, Indicator, IndicatorValue, Person, Section, Theme, Update, Visit
from governance.workdays import DEFAULT_TZ, add_working_days, local_date, working_days_between

DUE_SOON_WORKING_DAYS = 10
ESCALATE_OVERDUE = 10
"""Working days overdue after which an action is escalated, as Red in two updates running is."""
STALE_AFTER_DAYS = 30
NO_DATE = "no date"
"""What every front end writes where an action's due date would be when the plan gives none yet."""


@dataclass(frozen=True)
class ActionState:
    """An action with what its history says about it as of a date."""

    action: Action
    owner_name: str
    rating: str
    last_update: Update | None
    overdue: bool
    due_soon: bool
    stale: bool
    blue_without_evidence: bool
    red_twice: bool
    working_days_to_due: int | None
    """None when the action has no date yet."""

    @property
    def no_date(self) -> bool:
        """The plan gives no due date yet ("TBC", "Ongoing"): never overdue nor due soon, chased for a date."""
        return self.action.due is None

    @property
    def days_overdue(self) -> int:
        """Working days past the due date; 0 when it is not overdue."""
        return -self.working_days_to_due if self.overdue and self.working_days_to_due is not None else 0

    @property
    def escalated(self) -> bool:
        """The reminders' escalation rule: Red in two updates running, or overdue ESCALATE_OVERDUE working days
        or more; so a board's view lists what the escalation messages are about."""
        return self.red_twice or self.days_overdue >= ESCALATE_OVERDUE

    @property
    def escalated_because(self) -> str:
        """Why it is escalated, in the words every front end uses: "Red twice running; overdue 12 working days";
        empty when it is not."""
        if not self.escalated:
            return ""
        return "; ".join(reason for reason in (
            "Red twice running" if self.red_twice else "",
            f"overdue {self.days_overdue} working days" if self.overdue else "",
        ) if reason)


@dataclass(frozen=True)
class IndicatorReading:
    indicator: Indicator
    history: tuple[IndicatorValue, ...]
    status: str | None
    trend: str | None
    supplier: str | None = None
    """Who gave the latest figure, by name; None for a figure that came in an import."""
    supplied_on: date | None = None
    """The local day its giver gave the latest figure; None for an import."""

    @property
    def latest(self) -> IndicatorValue | None:
        return self.history[-1] if self.history else None

    @property
    def section(self) -> Section | None:
        """Where the plan puts the indicator when it says so; else where its latest figure against target puts
        it; else nowhere: with no target there is nothing to judge by."""
        if self.latest is None:
            return None
        if self.indicator.section is not None:
            return self.indicator.section
        if self.status in ("red", "amber"):
            return Section.WORRIED_ABOUT
        return Section.WORKING_WELL if self.status == "green" else None

    @property
    def illustrative(self) -> bool:
        """A figure shown (the latest, or any point of a trend line) or the target is illustrative, so the answer
        carries the mark's key."""
        return (any(v.provenance.illustrative for v in self.history)
                or (self.indicator.target is not None and self.indicator.target_provenance.illustrative))


@dataclass(frozen=True)
class OwnerChase:
    email: str
    name: str
    refs: tuple[str, ...]


@dataclass
class Readiness:
    """A roll-up over a set of actions; the same shape for a theme, a visit or the whole plan."""

    title: str
    as_of: date
    key: BragKey
    states: list[ActionState]
    indicators: list[IndicatorReading] = field(default_factory=list)
    withdrawn: list[Action] = field(default_factory=list)
    """Actions closed as no longer needed, by ref: listed as withdrawn, never counted, asked about or escalated."""

    @property
    def spread(self) -> dict[str, int]:
        counts = Counter(s.rating for s in self.states)
        return {code: counts.get(code, 0) for code in (*self.key.codes(), NOT_RATED)}

    @property
    def overdue(self) -> list[ActionState]:
        return sorted((s for s in self.states if s.overdue), key=lambda s: due_order(s.action.due))

    @property
    def due_soon(self) -> list[ActionState]:
        return sorted((s for s in self.states if s.due_soon), key=lambda s: due_order(s.action.due))

    @property
    def stale(self) -> list[ActionState]:
        return [s for s in self.states if s.stale]

    @property
    def blue_without_evidence(self) -> list[ActionState]:
        return [s for s in self.states if s.blue_without_evidence]

    @property
    def red_twice(self) -> list[ActionState]:
        return [s for s in self.states if s.red_twice]

    @property
    def escalated(self) -> list[ActionState]:
        """Red twice or long overdue: overdue first (the longest at the top), then by ref."""
        return sorted((s for s in self.states if s.escalated),
                      key=lambda s: (not s.overdue, due_order(s.action.due), ref_sort_key(s.action.ref)))

    @property
    def illustrative(self) -> bool:
        """Some fact shown is illustrative (an indicator's figure or target, an action's due date), so the
        answer carries the mark's one-line key."""
        return (any(r.illustrative for r in self.indicators)
                or any(s.action.provenance.illustrative for s in self.states))

    @property
    def owners_not_answered(self) -> list[OwnerChase]:
        by_owner: dict[str, list[ActionState]] = {}
        for state in self.stale:
            by_owner.setdefault(state.action.owner, []).append(state)
        return [
            OwnerChase(email, states[0].owner_name, tuple(s.action.ref for s in states))
            for email, states in sorted(by_owner.items())
        ]

    @property
    def worried_about(self) -> list[str]:
        lines = [f"{s.action.ref} is {self.key.label(s.rating)} for the second update running"
                 + (f" and overdue since {s.action.due:%d %b %Y}{s.action.provenance.mark}" if s.overdue else "")
                 + f": {s.action.title}"
                 for s in self.red_twice]
        lines += [f"{s.action.ref} overdue since {s.action.due:%d %b %Y}{s.action.provenance.mark} ({self.key.label(s.rating)}): "
                  f"{s.action.title}" for s in self.overdue if not s.red_twice]
        lines += [f"{s.action.ref} is {self.key.label(s.rating)}: {s.action.title}"
                  for s in self.states if self.key.is_off_track(s.rating) and not s.red_twice and not s.overdue]
        lines += [_indicator_line(r) for r in self.indicators if r.section is Section.WORRIED_ABOUT]
        if self.states and self.spread[NOT_RATED]:
            lines.append(f"{self.spread[NOT_RATED]} action(s) have never been rated")
        return lines

    @property
    def working_well(self) -> list[str]:
        complete = [s for s in self.states if self.key.is_complete(s.rating) and not s.blue_without_evidence]
        lines = []
        if complete:
            lines.append(f"{len(complete)} action(s) complete and evidenced: "
                         + ", ".join(s.action.ref for s in complete))
        on_track = [s for s in self.states if s.rating == "green" and not s.overdue]
        if on_track:
            lines.append(f"{len(on_track)} action(s) on track: " + ", ".join(s.action.ref for s in on_track))
        lines += [_indicator_line(r) for r in self.indicators if r.section is Section.WORKING_WELL]
        return lines

    @property
    def needs_to_happen(self) -> list[str]:
        lines = [f"{s.action.ref}: {s.owner_name} to give a new forecast date or close it" for s in self.overdue]
        lines += [f"{s.action.ref}: escalate to the theme lead (Red twice)" for s in self.red_twice]
        lines += [f"{s.action.ref}: add evidence before it counts as complete" for s in self.blue_without_evidence]
        lines += [f"{s.action.ref}: {s.owner_name} to give a due date" for s in self.states
                  if s.no_date and not self.key.is_complete(s.rating)]
        lines += [f"Chase {c.name} for an update on {', '.join(c.refs)}" for c in self.owners_not_answered]
        return lines


@dataclass
class ThemeReadiness:
    theme: Theme
    lead_name: str | None
    readiness: Readiness


@dataclass
class VisitReadiness:
    visit: Visit
    working_days_to_go: int
    themes: list[ThemeReadiness]
    readiness: Readiness
    examined: list[ActionState] = field(default_factory=list)
    """The actions the focus areas name, whatever their theme: what the inspectors will look at first."""

    @property
    def countdown(self) -> str:
        """How near the visit is, as every front end says it: the working days left, or that it has begun."""
        days = self.working_days_to_go
        if days <= 0:
            return "visit in progress"
        return f"{days} working day{'s' if days != 1 else ''} to go"


@dataclass(frozen=True)
class IndicatorsReadiness:
    """Every indicator's latest month against its target, in the board papers' two groups and the rest."""

    as_of: date
    worried_about: tuple[IndicatorReading, ...]
    """Where the plan puts it, or Red or Amber against target."""
    working_well: tuple[IndicatorReading, ...]
    """Where the plan puts it, or Green against target."""
    not_judged: tuple[IndicatorReading, ...]
    """No figure reported yet, or no target and no section stated."""

    @property
    def readings(self) -> tuple[IndicatorReading, ...]:
        return (*self.worried_about, *self.working_well, *self.not_judged)

    @property
    def illustrative(self) -> bool:
        return any(r.illustrative for r in self.readings)


def format_value(indicator: Indicator, value: float | None, mark: str = "") -> str:
    """`57%` or `614`, with the illustrative mark when `mark` is given."""
    if value is None:
        return "-"
    number = f"{value:g}"
    return (f"{number}%" if indicator.unit == "%" else number) + mark


SPARKS = "▁▂▃▄▅▆▇█"
"""A sparkline's bars, lowest to highest."""


def sparkline(values: Iterable[float]) -> str:
    """Figures as bars scaled from the lowest to the highest, so a trend's shape reads at a glance as plain text in
    Slack, a terminal or Markdown; one figure, or several all equal, sit at mid height."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return ""
    low, high = min(finite), max(finite)
    if high == low:
        return SPARKS[len(SPARKS) // 2 - 1] * len(finite)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in finite)


def supplied(reading: IndicatorReading) -> str:
    """`from Head of Performance, 8 Jan`: who gave the latest figure and on what day, so a board knows whom to ask
    about it; empty for a figure that came in an import."""
    if reading.latest is None or not reading.supplier:
        return ""
    given = reading.supplied_on
    return f"from {reading.supplier}" + (f", {given.day} {given:%b}" if given else "")


def latest_shown(reading: IndicatorReading) -> str:
    """The latest figure as every front end shows it, marked when illustrative."""
    latest = reading.latest
    return format_value(reading.indicator, latest.value, latest.provenance.mark) if latest else "-"


def target_shown(indicator: Indicator) -> str:
    """The target as every front end shows it, marked when illustrative; "-" when there is none."""
    return format_value(indicator, indicator.target, indicator.target_provenance.mark)


def _indicator_line(reading: IndicatorReading) -> str:
    """`Assessments within 45 working days: 57% against a target of 90%, improving`."""
    target = reading.indicator.target
    return (f"{reading.indicator.name}: {latest_shown(reading)}"
            + (f" against a target of {target_shown(reading.indicator)}" if target is not None else "")
            + (f", {reading.trend}" if reading.trend else ""))


def assess_action(
    action: Action,
    history: Sequence[Update],
    *,
    today: date,
    key: BragKey,
    bodies: Mapping[str, Body],
    people: Mapping[str, Person],
    tz: str,
) -> ActionState:
    """What an action's history means today: its rating and every flag a chair cares about. The rating is the
    latest one given: a tracker's comment with no rating leaves it as it was, though it is the last update. A
    withdrawn action carries no flag: it is no longer needed, so never overdue, stale or escalated."""
    body = bodies.get(action.body) if action.body else None
    return _assess(action, history, today=today, key=key, people=people, tz=tz,
                   last_met=last_meeting_before(body, today, tz) if body else None)


def _assess(action: Action, history: Sequence[Update], *, today: date, key: BragKey, people: Mapping[str, Person],
            tz: str, last_met: Meeting | None) -> ActionState:
    """`assess_action` given when the overseeing body last met (None: it has not, or no body oversees it)."""
    ratings = rated(history)
    last_rated = ratings[-1] if ratings else None
    rating = last_rated.rating if last_rated else NOT_RATED
    complete = key.is_complete(rating)
    live = action.withdrawn is None
    due = action.due
    owner = people.get(action.owner)
    return ActionState(
        action=action,
        owner_name=owner.name if owner else action.owner,
        rating=rating,
        last_update=history[-1] if history else None,
        overdue=live and not complete and due is not None and due < today,
        due_soon=(live and not complete and due is not None
                  and today <= due <= add_working_days(today, DUE_SOON_WORKING_DAYS)),
        stale=live and not complete and not _updated_this_cycle(history, last_met, today, tz),
        blue_without_evidence=(live and complete and key.get(rating).requires_evidence
                               and not (last_rated and last_rated.evidence)),
        red_twice=live and len(ratings) >= 2 and all(key.is_off_track(u.rating) for u in ratings[-2:]),
        working_days_to_due=working_days_between(today, due) if due is not None else None,
    )


def rated(history: Sequence[Update]) -> list[Update]:
    """The updates that give a rating, oldest first: a comment without one (None) is left out, while NOT_RATED
    counts, as an undo that sets the action back to Not rated."""
    return [u for u in history if u.rating is not None]


def current_rating(history: Sequence[Update]) -> str | None:
    """The rating of the latest update that gives one; None when none does."""
    ratings = rated(history)
    return ratings[-1].rating if ratings else None


def due_order(due: date | None) -> tuple[bool, date]:
    """Sorts by due date, soonest first, with the actions that have no date yet after every dated one."""
    return (due is None, due or date.max)


def _updated_this_cycle(history: Sequence[Update], last_met: Meeting | None, today: date, tz: str) -> bool:
    """An update since the overseeing body last met (the last meeting that took place, as its log says), or within
    30 days when no body oversees it or it has not met yet."""
    if not history:
        return False
    if last_met:
        return history[-1].at >= last_met.starts
    return local_date(history[-1].at, tz) > today - timedelta(days=STALE_AFTER_DAYS)


def read_indicator(indicator: Indicator, today: date, people: Mapping[str, Person] | None = None,
                   tz: str = DEFAULT_TZ) -> IndicatorReading:
    """The indicator's values reported before this month, with its status against target and trend. A value
    that is not a finite number (stored before import refused them) is read as missing, never as a reading.
    With no target there is no status and no trend: which way is better is then only a reading of the
    figures, not the plan's word, and one point has no trend."""
    indicator = replace(indicator, target=_finite(indicator.target), amber_within=_finite(indicator.amber_within),
                        values=tuple(v for v in indicator.values if math.isfinite(v.value)))
    history = tuple(v for v in sorted(indicator.values, key=lambda v: v.month) if v.month < today.replace(day=1))
    latest = history[-1].value if history else None
    previous = history[-2].value if len(history) > 1 else None
    giver = history[-1].by if history else None
    supplier = (people[giver].name if people and giver in people else giver) if giver else None
    given_at = history[-1].at if history else None
    return IndicatorReading(indicator, history, _status(indicator, latest), _trend(indicator, latest, previous),
                            supplier, local_date(given_at, tz) if giver and given_at else None)


def _finite(number: float | None) -> float | None:
    return number if number is not None and math.isfinite(number) else None


def _status(indicator: Indicator, value: float | None) -> str | None:
    if value is None or indicator.target is None:
        return None
    shortfall = indicator.target - value if indicator.direction is Direction.HIGHER else value - indicator.target
    if shortfall <= 0:
        return "green"
    if indicator.amber_within is not None and shortfall <= indicator.amber_within:
        return "amber"
    return "red"


def _trend(indicator: Indicator, latest: float | None, previous: float | None) -> str | None:
    if latest is None or previous is None or indicator.target is None:
        return None
    if latest == previous:
        return "steady"
    rising = latest > previous
    return "improving" if rising == (indicator.direction is Direction.HIGHER) else "worsening"


def roll_up(
    title: str,
    actions: Iterable[Action],
    histories: Mapping[str, Sequence[Update]],
    indicators: Iterable[Indicator],
    *,
    now: datetime,
    key: BragKey,
    bodies: Mapping[str, Body],
    people: Mapping[str, Person],
    tz: str,
) -> Readiness:
    """The actions' states as of `now`, by ref; withdrawn actions are listed apart and counted nowhere."""
    today = local_date(now, tz)
    ordered = sorted(actions, key=lambda a: ref_sort_key(a.ref))
    met = {name: last_meeting_before(body, today, tz) for name, body in bodies.items()}
    states = [
        _assess(a, histories.get(a.ref, ()), today=today, key=key, people=people, tz=tz, last_met=met.get(a.body or ""))
        for a in ordered if a.withdrawn is None
    ]
    return Readiness(title, today, key, states, [read_indicator(i, today, people, tz) for i in indicators],
                     [a for a in ordered if a.withdrawn is not None])


ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(numeral: str) -> int:
    """The value of a lower-case roman numeral such as `xiv`; 0 for anything else."""
    if not numeral or any(ch not in ROMAN for ch in numeral):
        return 0
    values = [ROMAN[ch] for ch in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


REF_PARTS = re.compile(r"\d+|[a-z]+")


@lru_cache(maxsize=262_144)
def ref_sort_key(ref: str) -> tuple[bool, tuple[tuple[int, int, str], ...], int, str]:
    """Orders refs as people read them: numbers as numbers and letters as letters, part by part, so 1.2 comes
    before 1.10, 1.10 before 1.10a, 2a before 2a(ii) before 2b, 10a after 2b, and (iv) before (x); refs that
    start with a letter (a1, a2, a10) after the numbered ones. A number sorts before letters in the same place."""
    head, _, tail = ref.lower().partition("(")
    parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in REF_PARTS.findall(head))
    return (head[:1].isalpha(), parts, roman_value(tail.rstrip(")")), ref)


def next_visit(visits: Iterable[Visit], today: date) -> Visit | None:
    """The visit in progress or the next to come; a cancelled visit is not coming."""
    coming = sorted((v for v in visits if v.end >= today and not v.cancelled), key=lambda v: v.start)
    return coming[0] if coming else None
