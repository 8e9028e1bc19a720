"""Escalations reach the body responsible for the whole plan, and a visit shows the actions its focus areas name."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from governance.clock import FixedClock
from governance.model import Channel, FocusArea, Update
from governance.programme import Programme
from governance.questions import BoardQuestion, VisitQuestion
from governance.services import BodyReadiness
from storage.store import Store
from tests.conftest import AS_OF

TZ = "Europe/London"


def _red_twice_elsewhere(store: Store, whole_plan: str) -> str:
    """Makes the board `whole_plan` answer for the plan, and an action another body oversees Red twice."""
    with store.uow() as uow:
        board = next(b for b in uow.plan.bodies() if b.key == whole_plan)
        uow.plan.save_body(replace(board, whole_plan=True))
        action = next(a for a in uow.plan.actions() if a.body not in (None, whole_plan))
        for hours in (2, 1):
            uow.updates.add(Update(action.ref, AS_OF - timedelta(hours=hours), "red", "pmo@example.org",
                                   Channel.CONSOLE, "still blocked"))
        uow.commit()
    return action.ref


def test_the_whole_plan_body_sees_an_escalation_another_body_oversees(example_store: Store) -> None:
    ref = _red_twice_elsewhere(example_store, "improvement-board")
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    board = programme.answer(BoardQuestion("improvement-board"))
    assert isinstance(board, BodyReadiness) and board.body.whole_plan
    assert ref in [s.action.ref for s in board.escalations]
    assert ref not in [s.action.ref for s in board.readiness.states]
    assert ref in [s.action.ref for s in programme.readiness_pack().escalations]
    assert programme.readiness_pack().whole_plan_body.key == "improvement-board"


def test_another_body_sees_only_the_escalations_of_what_it_oversees(example_store: Store) -> None:
    ref = _red_twice_elsewhere(example_store, "improvement-board")
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    with example_store.uow() as uow:
        overseer = uow.plan.action(ref).body
    other = programme.answer(BoardQuestion(overseer))
    assert ref in [s.action.ref for s in other.escalations]
    assert all(s.action.body == overseer for s in other.escalations)


def test_a_visit_shows_the_actions_its_focus_areas_name_whatever_their_theme(example_store: Store) -> None:
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    with example_store.uow() as uow:
        visit = next(v for v in uow.plan.visits() if v.start > AS_OF.date())
        outside = next(a for a in uow.plan.actions() if a.theme not in visit.themes and a.ref not in visit.actions)
        named = FocusArea("Leadership of the front door", (), (outside.ref,))
        uow.plan.save_visit(replace(visit, focus_areas=(*visit.focus_areas, named)))
        uow.commit()
    answer = programme.answer(VisitQuestion())
    examined = [s.action.ref for s in answer.examined]
    assert sorted(examined) == sorted({*visit.actions, outside.ref}) and len(examined) == len(set(examined))
    assert outside.ref in [s.action.ref for s in answer.readiness.states]


def test_the_whole_plan_chairs_home_lists_every_escalation(example_store: Store) -> None:
    ref = _red_twice_elsewhere(example_store, "improvement-board")
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    with example_store.uow() as uow:
        chair = next(b for b in uow.plan.bodies() if b.key == "improvement-board").chair
    [board] = [c for c in programme.home(chair).chair.bodies if c.readiness.body.key == "improvement-board"]
    assert ref in [s.action.ref for s in board.escalations]
    assert board.escalations == board.readiness.escalations
