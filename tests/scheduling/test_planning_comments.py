"""The plan the reminder rules see reads past comments given without a rating: the last two updates of an action
may both be comments, and its rating and its run of Reds lie further back."""
from __future__ import annotations

from datetime import date, timedelta

from governance.brag import NOT_RATED
from governance.model import Channel, Update
from governance.reminders import PlanSnapshot, check_ins_on
from scheduling.planning import load_plan
from storage.store import Store
from tests.conftest import AS_OF

TZ = "Europe/London"
PMO = "pmo@example.org"


def _record(store: Store, ref: str, *ratings: str | None) -> None:
    """Updates an hour apart, the last an hour before AS_OF; None is a tracker's comment, NOT_RATED an undo."""
    with store.uow() as uow:
        for hours, rating in zip(range(len(ratings), 0, -1), ratings):
            by = None if rating is None else PMO
            uow.updates.add(Update(ref, AS_OF - timedelta(hours=hours), rating, by, Channel.IMPORT, f"said {hours}"))
        uow.commit()


def _plan(store: Store) -> PlanSnapshot:
    with store.uow() as uow:
        return load_plan(uow, now=AS_OF, tz=TZ)


def _open_action(store: Store) -> str:
    with store.uow() as uow:
        return next(a.ref for a in uow.plan.actions() if a.due is not None and a.due > AS_OF.date())


def test_a_blue_action_followed_by_two_comments_is_still_complete(example_store: Store) -> None:
    ref = _open_action(example_store)
    _record(example_store, ref, "blue", None, None)
    plan = _plan(example_store)
    assert plan.rating(ref) == "blue"
    assert not any(a.ref == ref for a in plan.actions if plan.is_open(a))


def test_red_twice_with_comments_between_and_after_still_escalates(example_store: Store) -> None:
    ref = _open_action(example_store)
    _record(example_store, ref, "red", None, "red", None, None)
    plan = _plan(example_store)
    assert plan.rating(ref) == "red"
    day = date(2018, 1, 22)  # the working day after the second Red
    escalated = [ask for check_in in check_ins_on(day, plan).values() for ask in check_in.asks if ask.ref == ref]
    assert [ask.reason.split(";")[0] for ask in escalated] == ["escalated: Red in two updates running"]


def test_an_undo_back_to_not_rated_after_two_reds_ends_the_escalation(example_store: Store) -> None:
    ref = _open_action(example_store)
    _record(example_store, ref, "red", "red", NOT_RATED, None)
    plan = _plan(example_store)
    assert plan.rating(ref) == NOT_RATED
    escalated = [ask for check_in in check_ins_on(date(2018, 1, 22), plan).values() for ask in check_in.asks
                 if ask.ref == ref and ask.reason.startswith("escalated")]
    assert escalated == []
