"""The current state stands in for the log: every roll-up flag and every reminder read from the few updates it
names is what the whole history gives. Plain domain objects: no database."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY, NOT_RATED
from governance.model import Action, Body, Person, Theme, Update
from governance.projection import Current, advance, deciding, differences, fold
from governance.readiness import assess_action
from governance.reminders import PlanSnapshot, check_ins_on, reminders_on

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)
OWNER = Person("owner@example.org", "Olive Owner")
LEAD = Person("lead@example.org", "Lee Lead")
CHAIR = Person("chair@example.org", "Cher Chair")
PEOPLE = {p.email: p for p in (OWNER, LEAD, CHAIR)}
THEMES = {5: Theme(5, "Improving assessment", lead=LEAD.email)}
BODIES = {"oig": Body("oig", "Operational Improvement Group", CHAIR.email, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                      date(2017, 9, 7))}
RATINGS = (None, None, NOT_RATED, "blue", "green", "amber", "red", "red", "red")
START = date(2017, 9, 4)


def history(rng: random.Random, ref: str) -> list[Update]:
    """Up to a dozen updates over four months, some on the same instant, ids in the order they were stored."""
    count = rng.randint(0, 12)
    instants = sorted(datetime.combine(START + timedelta(days=rng.randint(0, 120)), time(rng.choice((9, 12))),
                                       tzinfo=LONDON) for _ in range(count))
    stored = [Update(ref, when, rng.choice(RATINGS), OWNER.email, commentary=f"update {n}",
                     evidence=rng.choice((None, "https://evidence")), forecast=rng.choice((None, date(2018, 3, 1))),
                     id=n + 1) for n, when in enumerate(instants)]
    return stored


def action(ref: str, rng: random.Random) -> Action:
    return Action(ref, 5, f"Action {ref}", OWNER.email, rng.choice((None, date(2017, 11, 1), date(2018, 2, 1))),
                  body=rng.choice((None, "oig")))


@pytest.mark.parametrize("seed", range(40))
def test_a_roll_up_from_the_deciding_updates_is_the_roll_up_from_the_whole_history(seed: int) -> None:
    rng = random.Random(seed)
    item, whole = action("5a", rng), history(rng, "5a")
    few = deciding(whole, DEFAULT_KEY)
    assert len(few) <= 5
    for today in (date(2017, 10, 2), date(2017, 12, 4), date(2018, 1, 22)):
        assert (assess_action(item, few, today=today, key=DEFAULT_KEY, bodies=BODIES, people=PEOPLE, tz=TZ)
                == assess_action(item, whole, today=today, key=DEFAULT_KEY, bodies=BODIES, people=PEOPLE, tz=TZ))


def plans(seed: int) -> tuple[PlanSnapshot, PlanSnapshot]:
    """One plan read from the deciding updates, and the same plan read from whole histories."""
    rng = random.Random(seed)
    actions = [action(f"5{letter}", rng) for letter in "abcdef"]
    whole = {a.ref: history(rng, a.ref) for a in actions}
    few = {ref: deciding(h, DEFAULT_KEY) for ref, h in whole.items()}
    def plan(histories: dict[str, list[Update]]) -> PlanSnapshot:
        return PlanSnapshot(actions, histories, THEMES, BODIES, [], DEFAULT_KEY, TZ, people=PEOPLE)

    return plan(few), plan(whole)


DAYS = [START + timedelta(days=n) for n in range(170)]


@pytest.mark.parametrize("seed", range(6))
def test_reminders_and_escalations_from_the_deciding_updates_are_those_of_the_whole_history(seed: int) -> None:
    from_few, from_whole = plans(seed)
    for day in DAYS:
        assert reminders_on(day, from_few) == reminders_on(day, from_whole)
        assert check_ins_on(day, from_few) == check_ins_on(day, from_whole)


def test_the_plans_above_escalate_red_twice_so_the_comparison_covers_it() -> None:
    asked = [str(ask) for seed in range(6) for day in DAYS
             for check_in in check_ins_on(day, plans(seed)[1]).values() for ask in check_in.asks]
    assert any("Red in two updates running" in ask for ask in asked)


def test_red_twice_names_the_first_two_reds_of_the_run_the_ratings_end_with() -> None:
    day = datetime(2018, 1, 8, 9, tzinfo=LONDON)
    ratings = ["red", "green", "red", None, "red", "red"]
    log = [Update("5a", day + timedelta(days=n), rating, id=n + 1) for n, rating in enumerate(ratings)]
    state = fold(log, DEFAULT_KEY)
    assert (state.rating, state.prior_rating) == ("red", "red")
    assert (state.run_first_id, state.run_second_id, state.prior_id, state.rated_id, state.last_id) == (3, 5, 5, 6, 6)
    assert state.ids == (3, 5, 6)


def test_a_comment_moves_only_the_last_update_and_an_undo_ends_a_run() -> None:
    day = datetime(2018, 1, 8, 9, tzinfo=LONDON)
    reds = fold([Update("5a", day, "red", id=1), Update("5a", day, "red", id=2)], DEFAULT_KEY)
    commented = advance(reds, Update("5a", day + timedelta(hours=1), None, id=3), DEFAULT_KEY)
    assert replace(commented, last_id=2, last_at=day) == reds
    undone = advance(commented, Update("5a", day + timedelta(hours=2), NOT_RATED, id=4), DEFAULT_KEY)
    assert (undone.rating, undone.prior_rating) == (NOT_RATED, "red")
    assert (undone.run_first_id, undone.run_second_id) == (None, None)


def test_an_update_dated_before_the_last_does_not_follow_it() -> None:
    day = datetime(2018, 1, 8, 9, tzinfo=LONDON)
    state = fold([Update("5a", day, "green", id=7)], DEFAULT_KEY)
    assert state.follows(Update("5a", day, "amber", id=8))
    assert not state.follows(Update("5a", day - timedelta(days=1), "amber", id=9))
    assert Current().follows(Update("5a", day, "amber", id=1))


def test_differences_say_which_action_and_what_the_log_says() -> None:
    day = datetime(2018, 1, 8, 9, tzinfo=LONDON)
    folded = {"5a": fold([Update("5a", day, "red", id=1)], DEFAULT_KEY)}
    stored = {"5a": replace(folded["5a"], rating="amber"), "5b": folded["5a"]}
    assert differences(stored, folded) == [
        "5a: rating amber, the log says red",
        "5b: last_id 1, the log says none; last_at 2018-01-08T09:00:00+00:00, the log says none; rated_id 1, the log "
        "says none; rating red, the log says none; run_first_id 1, the log says none",
    ]
    assert differences(folded, folded) == []
