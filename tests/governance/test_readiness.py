"""Readiness roll-ups, built from plain domain objects: no database, time always given."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY, NOT_RATED, BragKey, Rating
from governance.model import (
    Action, Body, Direction, FocusArea, Indicator, IndicatorValue, MeetingChange, MeetingChangeKind, Person, Update,
    Visit, Withdrawal, theme_of_ref,
)
from governance.readiness import (
    ActionState, OwnerChase, Readiness, assess_action, next_visit, read_indicator, ref_sort_key, roll_up,
)

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)
NOW = datetime(2018, 1, 20, 12, 0, tzinfo=LONDON)  # a Saturday
TODAY = date(2018, 1, 20)

JO = Person("jo.bloggs@barnet.gov.uk", "Jo Bloggs", role="head of service")
SAM = Person("sam.patel@barnet.gov.uk", "Sam Patel", role="team manager")
PARTNER = "partner.lead@nhs.net"  # owns an action but is not a known person
PEOPLE = {p.email: p for p in (JO, SAM)}

CPOG = Body(
    key="cpog",
    name="Corporate Parenting Officers Group",
    cadence="FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3",  # met Wed 20 Dec 2017 and Wed 17 Jan 2018 at 10:00
    starts=date(2017, 9, 1),
)
BODIES = {CPOG.key: CPOG}


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def action(ref: str = "5b(ii)", *, due: date = date(2018, 3, 31), owner: str = JO.email,
           body: str | None = None, title: str | None = None) -> Action:
    return Action(ref, theme_of_ref(ref), title or f"Action {ref}", owner, due, body)


def update(ref: str, when: datetime | date, rating: str, evidence: str | None = None) -> Update:
    instant = when if isinstance(when, datetime) else at(when)
    return Update(ref, instant, rating, by=JO.email, evidence=evidence)


def assess(item: Action, history: list[Update], *, today: date = TODAY, key: BragKey = DEFAULT_KEY,
           bodies: dict[str, Body] | None = None) -> ActionState:
    return assess_action(item, history, today=today, key=key, bodies=bodies if bodies is not None else BODIES,
                         people=PEOPLE, tz=TZ)


# --- one action -------------------------------------------------------------------------------

def test_an_action_with_no_updates_is_not_rated_and_stale() -> None:
    state = assess(action(), [])
    assert state.rating == NOT_RATED
    assert state.rating != "green"
    assert DEFAULT_KEY.label(state.rating) == "Not rated"
    assert state.last_update is None
    assert state.stale
    assert not state.blue_without_evidence
    assert not state.red_twice


def test_the_rating_is_the_last_update_given() -> None:
    history = [update("5b(ii)", date(2017, 12, 20), "green"),
               update("5b(ii)", date(2018, 1, 5), "amber"),
               update("5b(ii)", date(2018, 1, 18), "red")]
    state = assess(action(), history)
    assert state.rating == "red"
    assert state.last_update is history[-1]


def test_owner_name_comes_from_people_or_falls_back_to_the_email() -> None:
    assert assess(action(owner=JO.email), []).owner_name == "Jo Bloggs"
    assert assess(action(owner=PARTNER), []).owner_name == PARTNER


@pytest.mark.parametrize(
    ("due", "rating", "evidence", "overdue"),
    [
        (date(2018, 1, 19), "green", None, True),          # due yesterday, not complete
        (date(2018, 1, 19), "red", None, True),
        (date(2017, 12, 31), None, None, True),            # never rated and past due
        (date(2018, 1, 20), "amber", None, False),         # due today is not yet overdue
        (date(2018, 1, 21), "amber", None, False),
        (date(2018, 1, 19), "blue", "https://evidence/5b", False),  # complete: never overdue
        (date(2017, 11, 1), "blue", None, False),          # complete (if unevidenced) is not overdue either
    ],
)
def test_overdue_means_past_due_and_not_blue(due: date, rating: str | None, evidence: str | None,
                                             overdue: bool) -> None:
    history = [update("5b(ii)", date(2018, 1, 18), rating, evidence)] if rating else []
    state = assess(action(due=due), history)
    assert state.overdue is overdue


@pytest.mark.parametrize(
    ("today", "due", "due_soon", "working_days_to_due"),
    [
        # Mon 18 Dec 2017 + 10 working days, skipping Christmas, Boxing Day and New Year's Day = Thu 4 Jan
        (date(2017, 12, 18), date(2018, 1, 4), True, 10),
        (date(2017, 12, 18), date(2018, 1, 5), False, 11),
        (date(2017, 12, 18), date(2017, 12, 18), True, 0),   # due today
        (date(2017, 12, 18), date(2017, 12, 15), False, -1),  # already overdue, not "soon"
        # Sat 20 Jan 2018 + 10 working days = Fri 2 Feb
        (TODAY, date(2018, 2, 2), True, 10),
        (TODAY, date(2018, 2, 5), False, 11),
    ],
)
def test_due_soon_is_within_ten_working_days_inclusive(today: date, due: date, due_soon: bool,
                                                       working_days_to_due: int) -> None:
    state = assess(action(due=due), [update("5b(ii)", today, "green")], today=today)
    assert state.due_soon is due_soon
    assert state.working_days_to_due == working_days_to_due


def test_a_blue_action_is_never_due_soon() -> None:
    state = assess(action(due=date(2018, 2, 2)), [update("5b(ii)", date(2018, 1, 18), "blue", "https://e")])
    assert not state.due_soon


@pytest.mark.parametrize(
    ("updated", "stale"),
    [
        (at(date(2018, 1, 2)), True),          # within 30 days, but before the body last met
        (at(date(2018, 1, 17), 9, 59), True),  # a minute before the 10:00 meeting on 17 Jan
        (at(date(2018, 1, 17), 10, 0), False),
        (at(date(2018, 1, 18)), False),
    ],
)
def test_stale_relative_to_the_overseeing_bodys_last_meeting(updated: datetime, stale: bool) -> None:
    state = assess(action(body="cpog"), [update("5b(ii)", updated, "green")])
    assert state.stale is stale


@pytest.mark.parametrize(
    ("updated", "stale"),
    [
        (date(2017, 12, 1), True),
        (date(2017, 12, 21), True),    # 30 days before 20 Jan
        (date(2017, 12, 22), False),   # 29 days before
        (date(2018, 1, 19), False),
    ],
)
def test_stale_after_thirty_days_when_no_body_oversees_the_action(updated: date, stale: bool) -> None:
    assert assess(action(body=None), [update("5b(ii)", updated, "green")]).stale is stale
    # an unknown body key falls back to the same rule
    assert assess(action(body="nobody"), [update("5b(ii)", updated, "green")]).stale is stale


def test_a_body_that_has_not_met_yet_falls_back_to_thirty_days() -> None:
    future = Body(key="cels", name="CELS Committee", dates=(date(2018, 3, 7),))
    bodies = {"cels": future}
    assert not assess(action(body="cels"), [update("5b(ii)", date(2017, 12, 22), "green")], bodies=bodies).stale
    assert assess(action(body="cels"), [update("5b(ii)", date(2017, 12, 21), "green")], bodies=bodies).stale


def test_a_blue_action_is_never_stale() -> None:
    state = assess(action(body="cpog"), [update("5b(ii)", date(2017, 10, 1), "blue", "https://e")])
    assert not state.stale


def cpog_with(kind: MeetingChangeKind, meeting: date, to: date | None = None) -> dict[str, Body]:
    change = MeetingChange("cpog", kind, meeting, at(date(2018, 1, 10)), by=JO.email, to=to, id=1)
    return {"cpog": replace(CPOG, changes=(change,))}


@pytest.mark.parametrize(
    ("updated", "stale"),
    [
        (at(date(2018, 1, 17), 10, 0), True),   # at the old time of a meeting moved to the next day
        (at(date(2018, 1, 18), 9, 59), True),
        (at(date(2018, 1, 18), 10, 0), False),  # since the meeting, on its new day
    ],
)
def test_stale_counts_from_a_moved_meeting_on_its_new_day(updated: datetime, stale: bool) -> None:
    bodies = cpog_with(MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 18))
    assert assess(action(body="cpog"), [update("5b(ii)", updated, "green")], bodies=bodies).stale is stale


def test_stale_counts_from_the_last_meeting_held_not_one_said_not_to_have_happened() -> None:
    """CPOG did not meet on 17 Jan after all: an update since 20 Dec is in time for the next one."""
    bodies = cpog_with(MeetingChangeKind.NOT_HELD, date(2018, 1, 17))
    assert not assess(action(body="cpog"), [update("5b(ii)", date(2018, 1, 2), "green")], bodies=bodies).stale
    assert assess(action(body="cpog"), [update("5b(ii)", date(2017, 12, 19), "green")], bodies=bodies).stale


WITHDRAWN = Withdrawal(at(date(2018, 1, 10)), JO.email, "merged into 5b(i)")


@pytest.mark.parametrize(
    ("due", "history"),
    [
        (date(2017, 12, 1), [update("5b(ii)", date(2017, 11, 1), "red"), update("5b(ii)", date(2017, 11, 2), "red")]),
        (date(2018, 1, 24), []),
        (date(2018, 1, 24), [update("5b(ii)", date(2018, 1, 18), "blue")]),
    ],
)
def test_a_withdrawn_action_is_never_overdue_due_soon_stale_unevidenced_red_twice_or_escalated(
        due: date, history: list[Update]) -> None:
    live = assess(action(due=due, body="cpog"), history)
    state = assess(replace(action(due=due, body="cpog"), withdrawn=WITHDRAWN), history)

    assert any((live.overdue, live.due_soon, live.stale, live.blue_without_evidence, live.red_twice))
    assert not any((state.overdue, state.due_soon, state.stale, state.blue_without_evidence, state.red_twice,
                    state.escalated))
    assert state.escalated_because == "" and state.rating == live.rating


def test_a_roll_up_lists_withdrawn_actions_apart_and_counts_them_nowhere() -> None:
    gone = replace(ACTIONS[0], withdrawn=WITHDRAWN)
    rolled = roll_up("Whole plan", [ACTIONS[1], gone, *ACTIONS[2:]], HISTORIES, [], now=NOW, key=DEFAULT_KEY,
                     bodies=BODIES, people=PEOPLE, tz=TZ)
    whole = roll_up("Whole plan", ACTIONS, HISTORIES, [], now=NOW, key=DEFAULT_KEY, bodies=BODIES, people=PEOPLE,
                    tz=TZ)

    assert rolled.withdrawn == [gone]
    assert refs(rolled.states) == [ref for ref in refs(whole.states) if ref != gone.ref]
    assert sum(rolled.spread.values()) == sum(whole.spread.values()) - 1
    assert whole.withdrawn == []


@pytest.mark.parametrize(
    ("rating", "evidence", "flagged"),
    [
        ("blue", None, True),
        ("blue", "", True),
        ("blue", "https://sharepoint/5b-audit.pdf", False),
        ("green", None, False),
    ],
)
def test_blue_without_evidence(rating: str, evidence: str | None, flagged: bool) -> None:
    state = assess(action(), [update("5b(ii)", date(2018, 1, 18), rating, evidence)])
    assert state.blue_without_evidence is flagged


def test_blue_without_evidence_is_fine_when_the_key_does_not_require_it() -> None:
    relaxed = BragKey((Rating("blue", "Blue", "Complete", "#00f", complete=True),) + DEFAULT_KEY.ratings[1:])
    state = assess(action(), [update("5b(ii)", date(2018, 1, 18), "blue")], key=relaxed)
    assert state.rating == "blue"
    assert not state.blue_without_evidence


@pytest.mark.parametrize(
    ("ratings", "red_twice"),
    [
        (["red", "red"], True),
        (["amber", "red", "red"], True),
        (["red", "amber", "red"], False),
        (["red", "red", "amber"], False),
        (["red", "red", "green"], False),
        (["red"], False),
        ([], False),
    ],
)
def test_red_in_two_consecutive_updates(ratings: list[str], red_twice: bool) -> None:
    history = [update("5b(ii)", date(2018, 1, n + 1), r) for n, r in enumerate(ratings)]
    assert assess(action(), history).red_twice is red_twice


# --- indicators -------------------------------------------------------------------------------

def indicator(values: dict[date, float], *, direction: Direction = Direction.HIGHER, target: float | None = 90,
              amber_within: float | None = 5, name: str = "Assessments within 45 working days") -> Indicator:
    return Indicator("ind", name, direction=direction, target=target, amber_within=amber_within,
                     values=tuple(IndicatorValue(month, value) for month, value in values.items()))


@pytest.mark.parametrize(
    ("direction", "target", "amber_within", "value", "status"),
    [
        (Direction.HIGHER, 90, 5, 95, "green"),
        (Direction.HIGHER, 90, 5, 90, "green"),
        (Direction.HIGHER, 90, 5, 85, "amber"),
        (Direction.HIGHER, 90, 5, 84.9, "red"),
        (Direction.HIGHER, 90, 5, 57, "red"),
        (Direction.HIGHER, 90, None, 89.9, "red"),   # no amber band
        (Direction.LOWER, 18, 1, 17, "green"),
        (Direction.LOWER, 18, 1, 18, "green"),
        (Direction.LOWER, 18, 1, 18.1, "amber"),     # repeat referrals 18.1% vs 18%
        (Direction.LOWER, 18, 1, 19, "amber"),
        (Direction.LOWER, 18, 1, 19.5, "red"),
        (Direction.HIGHER, None, 5, 57, None),       # no target, no status
    ],
)
def test_indicator_status(direction: Direction, target: float | None, amber_within: float | None, value: float,
                          status: str | None) -> None:
    reading = read_indicator(indicator({date(2017, 12, 1): value}, direction=direction, target=target,
                                       amber_within=amber_within), TODAY)
    assert reading.status == status


@pytest.mark.parametrize(
    ("direction", "november", "december", "trend"),
    [
        (Direction.HIGHER, 55, 57, "improving"),
        (Direction.HIGHER, 57, 55, "worsening"),
        (Direction.LOWER, 18.5, 18.1, "improving"),
        (Direction.LOWER, 17.5, 18.1, "worsening"),
        (Direction.HIGHER, 89, 89, "steady"),
        (Direction.LOWER, 18, 18, "steady"),
    ],
)
def test_indicator_trend(direction: Direction, november: float, december: float, trend: str) -> None:
    values = {date(2017, 11, 1): november, date(2017, 12, 1): december}
    assert read_indicator(indicator(values, direction=direction), TODAY).trend == trend


def test_the_current_month_is_not_yet_reported() -> None:
    values = {date(2018, 1, 1): 95, date(2017, 10, 1): 50, date(2017, 12, 1): 57, date(2017, 11, 1): 55}
    reading = read_indicator(indicator(values), TODAY)  # as of 20 Jan 2018
    assert [v.month for v in reading.history] == [date(2017, 10, 1), date(2017, 11, 1), date(2017, 12, 1)]
    assert reading.latest == IndicatorValue(date(2017, 12, 1), 57)
    assert reading.status == "red"          # January's 95% would have been green
    assert reading.trend == "improving"     # 55 -> 57


def test_last_months_value_counts_from_the_first_of_the_month() -> None:
    values = {date(2017, 12, 1): 57, date(2018, 1, 1): 95}
    reading = read_indicator(indicator(values), date(2018, 2, 1))
    assert reading.latest == IndicatorValue(date(2018, 1, 1), 95)
    assert reading.status == "green"


@pytest.mark.parametrize(
    ("values", "latest", "trend"),
    [
        ({}, None, None),
        ({date(2017, 12, 1): 57}, IndicatorValue(date(2017, 12, 1), 57), None),   # one value: no trend
        ({date(2018, 1, 1): 57}, None, None),                                      # only this month's
    ],
)
def test_indicator_with_too_few_values(values: dict[date, float], latest: IndicatorValue | None,
                                       trend: str | None) -> None:
    reading = read_indicator(indicator(values), TODAY)
    assert reading.latest == latest
    assert reading.trend == trend


# --- the roll-up ------------------------------------------------------------------------------

ACTIONS = [
    action("7a", due=date(2018, 1, 25), owner=SAM.email, title="Publish the engagement plan"),
    action("2a", due=date(2018, 1, 5), owner=JO.email, title="Refresh the Improvement Board terms of reference"),
    action("6b", due=date(2018, 6, 30), owner=JO.email, title="Audit care plans"),
    action("2a(ii)", due=date(2018, 3, 31), owner=SAM.email, title="Partnership escalation protocol"),
    action("3a", due=date(2018, 1, 10), owner=JO.email, title="Practice leadership forum"),
    action("2b", due=date(2017, 12, 15), owner=SAM.email, title="Member scrutiny training"),
    action("3b", due=date(2017, 12, 1), owner=SAM.email, title="Practice standards published"),
    action("4a", due=date(2018, 5, 31), owner=PARTNER, title="Threshold document agreed with partners"),
    action("5b(ii)", due=date(2018, 1, 31), owner=JO.email, title="Strengthen consideration of diversity"),
    action("6a", due=date(2018, 6, 30), owner=SAM.email, title="Care planning guidance"),
]
# As of 20 Jan 2018 (no overseeing body, so stale means no update for 30 days):
#   overdue 2b, 2a; due soon 7a, 5b(ii); stale 6a (never rated), 6b, 7a; Red twice 2a(ii);
#   Red once 4a; Blue without evidence 3a; Blue with evidence 3b.

HISTORIES = {
    "2a": [update("2a", date(2017, 11, 20), "amber"), update("2a", date(2018, 1, 18), "amber")],
    "2b": [update("2b", date(2018, 1, 19), "amber")],
    "2a(ii)": [update("2a(ii)", date(2017, 12, 10), "red"), update("2a(ii)", date(2018, 1, 18), "red")],
    "3a": [update("3a", date(2018, 1, 9), "blue")],
    "3b": [update("3b", date(2017, 11, 30), "blue", "https://sharepoint/practice-standards.pdf")],
    "4a": [update("4a", date(2017, 12, 12), "amber"), update("4a", date(2018, 1, 12), "red")],
    "5b(ii)": [update("5b(ii)", date(2018, 1, 15), "green")],
    "6b": [update("6b", date(2017, 12, 1), "amber")],
    "7a": [update("7a", date(2017, 11, 30), "green")],
}

INDICATORS = [
    indicator({date(2017, 11, 1): 55, date(2017, 12, 1): 57, date(2018, 1, 1): 95}),
    indicator({date(2017, 11, 1): 17.5, date(2017, 12, 1): 18.1}, direction=Direction.LOWER, target=18,
              amber_within=1, name="Repeat referrals within 12 months"),
    indicator({date(2017, 11, 1): 89, date(2017, 12, 1): 89}, target=85, name="Children in care visits in timescale"),
    indicator({date(2017, 11, 1): 68, date(2017, 12, 1): 72.5}, target=None,
              name="CP visits within 10 working days"),
]


@pytest.fixture
def readiness() -> Readiness:
    return roll_up("Whole plan", ACTIONS, HISTORIES, INDICATORS, now=NOW, key=DEFAULT_KEY, bodies=BODIES,
                   people=PEOPLE, tz=TZ)


def refs(states: list[ActionState]) -> list[str]:
    return [s.action.ref for s in states]


def test_roll_up_is_as_of_the_local_date_and_ordered_by_ref(readiness: Readiness) -> None:
    assert readiness.title == "Whole plan"
    assert readiness.as_of == TODAY
    assert refs(readiness.states) == ["2a", "2a(ii)", "2b", "3a", "3b", "4a", "5b(ii)", "6a", "6b", "7a"]


def test_spread_counts_every_rating_including_not_rated(readiness: Readiness) -> None:
    assert readiness.spread == {"blue": 2, "green": 2, "amber": 3, "red": 2, NOT_RATED: 1}
    assert list(readiness.spread) == ["blue", "green", "amber", "red", NOT_RATED]


def test_flag_lists(readiness: Readiness) -> None:
    assert refs(readiness.overdue) == ["2b", "2a"]          # by due date: 15 Dec, then 5 Jan
    assert refs(readiness.due_soon) == ["7a", "5b(ii)"]     # 25 Jan, then 31 Jan
    assert refs(readiness.stale) == ["6a", "6b", "7a"]
    assert refs(readiness.blue_without_evidence) == ["3a"]
    assert refs(readiness.red_twice) == ["2a(ii)"]


def test_owners_not_answered_groups_stale_actions_by_owner(readiness: Readiness) -> None:
    assert readiness.owners_not_answered == [
        OwnerChase(JO.email, "Jo Bloggs", ("6b",)),
        OwnerChase(SAM.email, "Sam Patel", ("6a", "7a")),
    ]


def test_indicator_readings_in_the_roll_up(readiness: Readiness) -> None:
    assert [(r.indicator.name, r.status, r.trend) for r in readiness.indicators] == [
        ("Assessments within 45 working days", "red", "improving"),
        ("Repeat referrals within 12 months", "amber", "worsening"),
        ("Children in care visits in timescale", "green", "steady"),
        ("CP visits within 10 working days", None, None),
    ]


def test_what_are_we_worried_about(readiness: Readiness) -> None:
    assert readiness.worried_about == [
        "2a(ii) is Red for the second update running: Partnership escalation protocol",
        "2b overdue since 15 Dec 2017 (Amber): Member scrutiny training",
        "2a overdue since 05 Jan 2018 (Amber): Refresh the Improvement Board terms of reference",
        "4a is Red: Threshold document agreed with partners",
        "Assessments within 45 working days: 57% against a target of 90%, improving",
        "Repeat referrals within 12 months: 18.1% against a target of 18%, worsening",
        "1 action(s) have never been rated",
    ]


def test_what_is_working_well(readiness: Readiness) -> None:
    assert readiness.working_well == [
        "1 action(s) complete and evidenced: 3b",
        "2 action(s) on track: 5b(ii), 7a",
        "Children in care visits in timescale: 89% against a target of 85%, steady",
    ]


def test_what_needs_to_happen(readiness: Readiness) -> None:
    assert readiness.needs_to_happen == [
        "2b: Sam Patel to give a new forecast date or close it",
        "2a: Jo Bloggs to give a new forecast date or close it",
        "2a(ii): escalate to the theme lead (Red twice)",
        "3a: add evidence before it counts as complete",
        "Chase Jo Bloggs for an update on 6b",
        "Chase Sam Patel for an update on 6a, 7a",
    ]


def test_an_empty_roll_up_has_nothing_to_say() -> None:
    empty = roll_up("Theme 1", [], {}, [], now=NOW, key=DEFAULT_KEY, bodies=BODIES, people=PEOPLE, tz=TZ)
    assert empty.spread == {"blue": 0, "green": 0, "amber": 0, "red": 0, NOT_RATED: 0}
    assert empty.worried_about == []
    assert empty.working_well == []
    assert empty.needs_to_happen == []
    assert empty.owners_not_answered == []


def test_roll_up_answers_where_were_we_on_a_past_date() -> None:
    """The caller passes only updates up to `now`; the later Blue must not count on 20 January."""
    item = action("2a", due=date(2018, 1, 5))
    everything = [update("2a", date(2018, 1, 18), "amber"),
                  update("2a", date(2018, 1, 25), "blue", "https://sharepoint/tor.pdf")]

    def as_of(now: datetime) -> ActionState:
        known = [u for u in everything if u.at <= now]
        readiness = roll_up("2a", [item], {"2a": known}, [], now=now, key=DEFAULT_KEY, bodies=BODIES,
                            people=PEOPLE, tz=TZ)
        return readiness.states[0]

    then = as_of(NOW)
    assert then.rating == "amber"
    assert then.last_update == everything[0]
    assert then.overdue
    later = as_of(datetime(2018, 1, 26, 9, 0, tzinfo=LONDON))
    assert later.rating == "blue"
    assert not later.overdue


def test_roll_up_uses_the_london_date_of_now() -> None:
    """23:30 UTC on 25 Mar 2018 is already 26 Mar in London (BST): an action due 25 Mar is overdue."""
    item = action("2a", due=date(2018, 3, 25))
    now = datetime(2018, 3, 25, 23, 30, tzinfo=ZoneInfo("UTC"))
    readiness = roll_up("2a", [item], {}, [], now=now, key=DEFAULT_KEY, bodies=BODIES, people=PEOPLE, tz=TZ)
    assert readiness.as_of == date(2018, 3, 26)
    assert readiness.states[0].overdue


# --- refs and visits --------------------------------------------------------------------------

def test_ref_sort_key_orders_refs_as_people_read_them() -> None:
    refs_ = ["10a", "2b", "2a(ii)", "2a", "2a(iv)", "2a(x)"]
    assert sorted(refs_, key=ref_sort_key) == ["2a", "2a(ii)", "2a(iv)", "2a(x)", "2b", "10a"]


def test_ref_sort_key_orders_themes_numerically() -> None:
    assert sorted(["10a", "1a", "7", "2a", "7a"], key=ref_sort_key) == ["1a", "2a", "7", "7a", "10a"]


def test_ref_sort_key_orders_sub_items_beyond_ten() -> None:
    """REF_PATTERN accepts any roman numeral ([ivxlc]+), so 2a(xv) must come before 2a(xix)."""
    refs_ = ["2a(xx)", "2a(xix)", "2a(xv)", "2a(xiv)", "2a(xi)", "2a(x)"]
    assert sorted(refs_, key=ref_sort_key) == ["2a(x)", "2a(xi)", "2a(xiv)", "2a(xv)", "2a(xix)", "2a(xx)"]


NOVEMBER = Visit(date(2017, 11, 14), date(2017, 11, 15), "Monitoring visit: front door",
                 (FocusArea("MASH, duty and assessment", (4, 5)),))
JANUARY = Visit(date(2018, 1, 30), date(2018, 1, 31), "Monitoring visit: front door and care planning",
                (FocusArea("Front door", (4, 5)), FocusArea("Care planning", (6,))))
APRIL = Visit(date(2018, 4, 17), date(2018, 4, 18), "Monitoring visit: children in care")
VISITS = [APRIL, NOVEMBER, JANUARY]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2017, 11, 13), NOVEMBER),
        (date(2017, 11, 14), NOVEMBER),   # first day of the visit
        (date(2017, 11, 15), NOVEMBER),   # still in progress on its last day
        (date(2017, 11, 16), JANUARY),
        (TODAY, JANUARY),
        (date(2018, 1, 31), JANUARY),
        (date(2018, 2, 1), APRIL),
        (date(2018, 4, 18), APRIL),
        (date(2018, 4, 19), None),        # after the last visit
    ],
)
def test_next_visit(today: date, expected: Visit | None) -> None:
    assert next_visit(VISITS, today) == expected


def test_next_visit_with_no_visits() -> None:
    assert next_visit([], TODAY) is None


def test_visit_themes_come_from_its_focus_areas() -> None:
    assert JANUARY.themes == (4, 5, 6)
    assert APRIL.themes == ()
