"""What a PMO's tracker brings that a plan made for the bot did not: actions with no date yet ("TBC", "Ongoing"),
comments given without a rating, and refs such as `1.1` or `A3`. Plain domain objects: no database."""
from __future__ import annotations

import random
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from governance.availability import read_instruction
from governance.brag import DEFAULT_KEY, NOT_RATED
from governance.home import most_pressing_first
from governance.model import Action, Body, Person, Theme, Update
from governance.questions import ActionQuestion, UpdateRequest, parse_request
from governance.readiness import (
    ESCALATE_OVERDUE, ActionState, Readiness, assess_action, ref_sort_key, roll_up,
)
from governance.reminders import PauseKind, PlanSnapshot, Reason, check_ins_on
from governance.workdays import add_working_days

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)
TODAY = date(2018, 1, 22)  # a Monday
OWNER = Person("owner@example.org", "Olive Owner")
LEAD = Person("lead@example.org", "Lee Lead")
PEOPLE = {p.email: p for p in (OWNER, LEAD)}
THEMES = {5: Theme(5, "Improving assessment", lead=LEAD.email)}
FIRST_OF_FEBRUARY = date(2018, 2, 1)  # a Thursday: the first working day of the month
SECOND_OF_JANUARY = date(2018, 1, 2)  # New Year's Day is a bank holiday, so this is January's first working day


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def action(ref: str = "5a", due: date | None = None) -> Action:
    return Action(ref, 5, f"Action {ref}", OWNER.email, due)


def rated(ref: str, day: date, rating: str, *, forecast: date | None = None, evidence: str | None = None) -> Update:
    return Update(ref, at(day), rating, OWNER.email, commentary=f"{rating} on {day:%d %b}", forecast=forecast,
                  evidence=evidence)


def comment(ref: str, day: date, text: str = "chased the provider") -> Update:
    """A tracker row with a comment and no rating."""
    return Update(ref, at(day), None, None, commentary=text)


def assess(item: Action, history: list[Update], today: date = TODAY) -> ActionState:
    return assess_action(item, history, today=today, key=DEFAULT_KEY, bodies={}, people=PEOPLE, tz=TZ)


# --- an action with no date ---------------------------------------------------------------------

def test_an_action_with_no_date_is_never_overdue_nor_due_soon() -> None:
    state = assess(action(), [rated("5a", date(2017, 10, 2), "red"), rated("5a", date(2017, 11, 2), "red")])
    assert state.no_date and not state.overdue and not state.due_soon
    assert state.working_days_to_due is None and state.days_overdue == 0
    assert state.red_twice and state.escalated and state.escalated_because == "Red twice running"


def test_an_action_with_no_date_sorts_after_every_dated_one() -> None:
    actions = [action("5a"), action("5b", date(2018, 3, 1)), action("5c", date(2018, 1, 2)),
               action("5d", date(2018, 1, 25))]
    readiness = roll_up("theme 5", actions, {}, [], now=at(TODAY), key=DEFAULT_KEY, bodies={}, people=PEOPLE, tz=TZ)
    assert [s.action.ref for s in most_pressing_first(readiness.states)] == ["5c", "5d", "5b", "5a"]
    assert [s.action.ref for s in readiness.overdue] == ["5c"]
    assert [s.action.ref for s in readiness.due_soon] == ["5d"]


def test_escalations_list_overdue_first_and_no_date_red_twice_after_dated_ones() -> None:
    reds = [rated(ref, date(2017, 12, day), "red") for ref in ("5a", "5b") for day in (1, 15)]
    long_overdue = action("5c", add_working_days(TODAY, -ESCALATE_OVERDUE - 1))
    readiness = roll_up("theme 5", [action("5a"), action("5b", date(2018, 6, 1)), long_overdue],
                        {ref: [u for u in reds if u.action == ref] for ref in ("5a", "5b")}, [], now=at(TODAY),
                        key=DEFAULT_KEY, bodies={}, people=PEOPLE, tz=TZ)
    assert [s.action.ref for s in readiness.escalated] == ["5c", "5b", "5a"]


def test_what_needs_to_happen_asks_the_owner_for_a_date_until_the_action_is_complete() -> None:
    def needs(history: list[Update]) -> list[str]:
        return Readiness("theme 5", TODAY, DEFAULT_KEY, [assess(action(), history)]).needs_to_happen

    assert "5a: Olive Owner to give a due date" in needs([])
    assert not any("due date" in line for line in needs([rated("5a", TODAY, "blue", evidence="https://e")]))


# --- comments without a rating ------------------------------------------------------------------

def test_a_comment_without_a_rating_leaves_the_rating_but_is_the_last_update() -> None:
    history = [rated("5a", date(2018, 1, 3), "amber"), comment("5a", date(2018, 1, 19))]
    state = assess(action(due=date(2018, 3, 1)), history)
    assert state.rating == "amber"
    assert state.last_update is history[-1] and state.last_update.commentary == "chased the provider"


def test_an_action_with_only_comments_is_not_rated() -> None:
    state = assess(action(due=date(2018, 3, 1)), [comment("5a", date(2018, 1, 10)), comment("5a", TODAY)])
    assert state.rating == NOT_RATED and not state.red_twice


def test_red_twice_reads_the_ratings_only() -> None:
    reds = [rated("5a", date(2018, 1, 3), "red"), comment("5a", date(2018, 1, 10)), rated("5a", TODAY, "red")]
    assert assess(action(due=date(2018, 3, 1)), reds).red_twice
    red_then_comments = [rated("5a", date(2018, 1, 3), "red"), comment("5a", date(2018, 1, 10)),
                         comment("5a", TODAY)]
    assert not assess(action(due=date(2018, 3, 1)), red_then_comments).red_twice


def test_a_comment_between_two_reds_neither_breaks_nor_counts_in_red_twice() -> None:
    red, note = rated("5a", date(2018, 1, 3), "red"), comment("5a", date(2018, 1, 10))
    assert not assess(action(due=date(2018, 3, 1)), [red, note]).red_twice
    assert assess(action(due=date(2018, 3, 1)), [red, note, rated("5a", TODAY, "red")]).red_twice


def test_an_undo_to_not_rated_is_a_rating_and_a_later_comment_leaves_it() -> None:
    undone = Update("5a", at(date(2018, 1, 15)), NOT_RATED, OWNER.email, commentary="Undo: back to Not rated")
    reds = [rated("5a", date(2018, 1, 3), "red"), rated("5a", date(2018, 1, 10), "red")]
    state = assess(action(due=date(2018, 3, 1)), [*reds, undone, comment("5a", TODAY)])
    assert state.rating == NOT_RATED and not state.red_twice and not state.escalated
    plan = snapshot([action()], rated("5a", date(2018, 1, 3), "blue", evidence="https://e"), undone)
    assert plan.rating("5a") == NOT_RATED and plan.is_open(action())


def test_evidence_is_read_from_the_blue_update_not_a_later_comment() -> None:
    history = [rated("5a", date(2018, 1, 3), "blue", evidence="https://evidence"), comment("5a", TODAY)]
    state = assess(action(due=date(2018, 3, 1)), history)
    assert state.rating == "blue" and not state.blue_without_evidence


# --- refs ---------------------------------------------------------------------------------------

def test_refs_sort_as_people_read_them() -> None:
    ordered = ["1.1", "1.2", "1.10", "1.10a", "2a", "2a(ii)", "2a(iv)", "2a(x)", "2b", "10a", "a1", "a2", "a10"]
    shuffled = random.Random(15).sample(ordered, len(ordered))
    assert sorted(shuffled, key=ref_sort_key) == ordered
    assert sorted(["1.1.2", "1.1", "1.2", "1.1.10"], key=ref_sort_key) == ["1.1", "1.1.2", "1.1.10", "1.2"]


@pytest.mark.parametrize("ref", ["1.1", "1.1.2", "1.1a", "a3"])
def test_new_refs_are_asked_about_and_updated_by_name(ref: str) -> None:
    assert parse_request(f"status action {ref}") == ActionQuestion(ref)
    update = parse_request(f"update {ref.upper()} green - on track")
    assert isinstance(update, UpdateRequest) and update.ref == ref.upper()


@pytest.mark.parametrize(("said", "ref"), [("not mine 1.1", "1.1"), ("not mine: 1.1.2.", "1.1.2"),
                                           ("A3 is not mine", "a3"), ("5b(ii) is not mine.", "5b(ii)")])
def test_not_mine_names_any_kind_of_ref(said: str, ref: str) -> None:
    instruction = read_instruction(said, today=TODAY)
    assert instruction is not None and instruction.kind is PauseKind.NOT_MINE and instruction.ref == ref


def test_words_that_are_not_refs_are_still_not_read_as_not_mine() -> None:
    assert read_instruction("not mine, sorry", today=TODAY) is None
    assert read_instruction("honestly not mine", today=TODAY) is None


# --- reminders ------------------------------------------------------------------------------------

def snapshot(actions: list[Action], *updates: Update, bodies: dict[str, Body] | None = None) -> PlanSnapshot:
    histories: dict[str, list[Update]] = {}
    for update in updates:
        histories.setdefault(update.action, []).append(update)
    return PlanSnapshot(actions, histories, THEMES, bodies or {}, [], DEFAULT_KEY, TZ, people=PEOPLE)


def asks(day: date, plan: PlanSnapshot, person: str = OWNER.email) -> dict[str, Reason]:
    """What the person's check-in on `day` asks about each action, by its most pressing reason."""
    check_in = check_ins_on(day, plan).get(person)
    return {ask.ref: ask.kind for ask in check_in.asks} if check_in else {}


def reasons(day: date, plan: PlanSnapshot, person: str = OWNER.email) -> dict[str, str]:
    """What the person's check-in on `day` says about each action."""
    check_in = check_ins_on(day, plan).get(person)
    return {ask.ref: ask.reason for ask in check_in.asks} if check_in else {}


def test_the_owner_is_asked_for_a_date_on_the_first_working_day_of_each_month() -> None:
    plan = snapshot([action()], rated("5a", date(2017, 12, 1), "green"))
    assert reasons(FIRST_OF_FEBRUARY, plan) == {"5a": "has no due date yet: when will it be done?"}
    assert asks(SECOND_OF_JANUARY, plan) == {"5a": Reason.NO_DATE}
    for day in (date(2018, 1, 1), date(2018, 1, 3), date(2018, 1, 22), date(2018, 2, 2)):
        assert asks(day, plan) == {}


def test_an_update_without_a_forecast_leaves_the_date_owed_and_one_with_a_forecast_answers_it() -> None:
    no_forecast = snapshot([action()], rated("5a", date(2018, 1, 31), "green"),
                           rated("5a", FIRST_OF_FEBRUARY, "amber"))
    assert asks(FIRST_OF_FEBRUARY, no_forecast) == {"5a": Reason.NO_DATE}
    forecast = snapshot([action()], rated("5a", date(2018, 1, 31), "green", forecast=date(2018, 4, 30)))
    assert asks(FIRST_OF_FEBRUARY, forecast) == {}
    comment_after = snapshot([action()], rated("5a", date(2018, 1, 3), "green", forecast=date(2018, 4, 30)),
                             comment("5a", date(2018, 1, 30)))
    assert asks(FIRST_OF_FEBRUARY, comment_after) == {"5a": Reason.NO_DATE}


def test_a_complete_action_is_not_asked_for_a_date() -> None:
    plan = snapshot([action()], rated("5a", date(2018, 1, 3), "blue", evidence="https://e"),
                    comment("5a", date(2018, 1, 20)))
    assert asks(FIRST_OF_FEBRUARY, plan) == {}


def test_no_deadline_overdue_or_overdue_escalation_for_an_action_without_a_date() -> None:
    plan = snapshot([action(), action("5b", date(2018, 1, 5))])
    for day in (date(2018, 1, 8), date(2018, 1, 15), date(2018, 1, 19), date(2018, 1, 22)):
        assert "5a" not in asks(day, plan)
        assert "5a" not in asks(day, plan, LEAD.email)
    assert asks(date(2018, 1, 8), plan) == {"5b": Reason.OVERDUE}
    assert asks(add_working_days(date(2018, 1, 5), ESCALATE_OVERDUE), plan, LEAD.email) == {"5b": Reason.ESCALATION}


def test_no_date_asks_come_after_every_dated_reason() -> None:
    plan = snapshot([action(), action("5b", add_working_days(FIRST_OF_FEBRUARY, 5))])
    check_in = check_ins_on(FIRST_OF_FEBRUARY, plan)[OWNER.email]
    assert [(a.ref, a.kind, a.due) for a in check_in.asks] == [
        ("5b", Reason.DEADLINE, add_working_days(FIRST_OF_FEBRUARY, 5)), ("5a", Reason.NO_DATE, None)]


def test_red_twice_escalates_across_a_comment_and_a_comment_keeps_the_action_open() -> None:
    history = (rated("5a", date(2018, 1, 3), "red"), comment("5a", date(2018, 1, 8)),
               rated("5a", date(2018, 1, 15), "red"), comment("5a", date(2018, 1, 17)))
    plan = snapshot([action()], *history)
    assert plan.rating("5a") == "red" and plan.is_open(action())
    assert reasons(date(2018, 1, 16), plan, LEAD.email) == {
        "5a": "escalated: Red in two updates running; owner Olive Owner"}
