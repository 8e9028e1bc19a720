"""The App Home use case by role, against the example plan and a big plan, on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import event

from bench.synthetic import ref
from governance import services
from governance.errors import UnknownPerson
from governance.home import Home, home
from governance.model import Action, Body, FocusArea, Person, Theme, Update, Visit
from governance.readiness import ESCALATE_OVERDUE, assess_action
from governance.brag import DEFAULT_KEY
from governance.reminders import Kind, Reminder, Status
from governance.workdays import add_working_days
from storage.store import Store
from tests.conftest import AS_OF, LONDON

TZ = "Europe/London"
MASH = "head.mash@example.org"
SOCIAL_CARE = "od.social.care@example.org"
OIG_CHAIR = "strategic.director.cyp@example.org"
PMO = "pmo@example.org"

BIG = "big@example.org"
BIG_THEMES = 12
BIG_ACTIONS_PER_THEME = 50
BIG_OWNED = 300
BIG_BODIES = 8
BIG_CHAIRED = 6
HOSTILE = " <!channel> & <@U123> > "


def open_home(store: Store, email: str) -> Home:
    return home(email, uow=store.uow(), now=AS_OF, tz=TZ)


def test_an_owner_sees_their_open_actions_most_pressing_first(example_store: Store) -> None:
    mine = open_home(example_store, MASH)
    assert mine.owner is not None and (mine.lead, mine.chair, mine.admin) == (None, None, None)
    assert [s.action.ref for s in mine.owner.pressing] == ["3a", "4a", "5c(i)", "4c"]
    assert len(mine.owner.readiness.states) == 6, "the two Blue actions are counted, not listed"


def test_overdue_actions_come_before_those_due_soonest(example_store: Store) -> None:
    owner = open_home(example_store, SOCIAL_CARE).owner
    assert owner is not None and [s.action.ref for s in owner.pressing] == ["1a"] and owner.pressing[0].overdue
    later = open_home(example_store, "head.cic.careleavers@example.org").owner
    assert later is not None
    flags = [s.overdue for s in later.pressing]
    assert flags == sorted(flags, reverse=True)
    dues = [s.action.due for s in later.pressing if not s.overdue]
    assert dues == sorted(dues)


def test_a_theme_lead_sees_each_theme_as_the_status_view_does(example_store: Store) -> None:
    lead = open_home(example_store, SOCIAL_CARE).lead
    assert lead is not None and [t.theme.number for t in lead.themes] == [1, 5, 6]
    for theme in lead.themes:
        full = services.theme_readiness(theme.theme.number, uow=example_store.uow(), now=AS_OF, tz=TZ)
        assert theme.readiness.spread == full.readiness.spread
        assert theme.readiness.owners_not_answered == full.readiness.owners_not_answered
        assert [s.action.ref for s in theme.readiness.overdue] == [s.action.ref for s in full.readiness.overdue]
        assert theme.lead_name == full.lead_name


def test_a_chair_sees_the_next_meeting_who_has_not_updated_and_the_escalations(example_store: Store) -> None:
    chair = open_home(example_store, OIG_CHAIR).chair
    assert chair is not None and len(chair.bodies) == 1
    oig = chair.bodies[0]
    full = services.body_readiness("operational-improvement-group", uow=example_store.uow(), now=AS_OF, tz=TZ)
    assert oig.readiness.meeting == full.meeting and oig.readiness.chair_name == full.chair_name
    assert oig.readiness.readiness.owners_not_answered == full.readiness.owners_not_answered
    assert [s.action.ref for s in oig.escalations] == ["3g", "6c"]
    assert all(s.action.body == "operational-improvement-group" for s in oig.escalations)


def test_escalation_follows_the_reminders_rule() -> None:
    """The Home lists exactly what the escalation DMs are about: overdue ESCALATE_OVERDUE working days."""
    today = date(2018, 1, 20)
    for days_back in range(1, 40):
        due = today - timedelta(days=days_back)
        state = assess_action(Action("5a", 5, "Action", "a@example.org", due), [], today=today, key=DEFAULT_KEY,
                              bodies={}, people={}, tz=TZ)
        assert state.escalated == (add_working_days(due, ESCALATE_OVERDUE) <= today), due


def test_red_twice_is_an_escalation_before_the_action_is_due() -> None:
    today = date(2018, 1, 20)
    reds = [Update("5a", datetime(2018, 1, day, 9, tzinfo=LONDON), "red") for day in (10, 17)]
    state = assess_action(Action("5a", 5, "Action", "a@example.org", date(2018, 3, 1)), reds, today=today,
                          key=DEFAULT_KEY, bodies={}, people={}, tz=TZ)
    assert state.escalated and not state.overdue


def test_the_programme_office_sees_the_plan_failed_reminders_and_the_visit_countdown(example_store: Store) -> None:
    admin = open_home(example_store, PMO).admin
    assert admin is not None and admin.failed_reminders == 0
    plan = services.plan_readiness(uow=example_store.uow(), now=AS_OF, tz=TZ)
    assert admin.plan.spread == plan.spread and len(admin.plan.states) == 46
    visit = services.visit_readiness(uow=example_store.uow(), now=AS_OF, tz=TZ)
    assert visit is not None and admin.visit is not None
    assert admin.visit.visit == visit.visit and admin.visit.working_days_to_go == visit.working_days_to_go == 7
    assert [t.theme.number for t in admin.visit.themes] == [4, 5, 6]
    assert [s.action.ref for s in admin.visit.readiness.overdue] == [s.action.ref for s in visit.readiness.overdue]

    with example_store.uow() as uow:
        uow.outbox.add(Reminder(Kind.NOTICE, "5a", MASH, date(2018, 1, 19), "overdue"), due_at=AS_OF,
                       status=Status.FAILED, error="user_not_found")
        uow.commit()
    assert open_home(example_store, PMO).admin.failed_reminders == 1


def test_someone_with_several_roles_gets_each_section(example_store: Store) -> None:
    both = open_home(example_store, "qa.lead@example.org")
    assert both.owner is not None and both.lead is not None and [t.theme.number for t in both.lead.themes] == [3]
    assert both.chair is None and both.admin is None


def test_someone_with_no_role_gets_no_section(example_store: Store) -> None:
    with example_store.uow() as uow:
        uow.plan.save_person(Person("observer@example.org", "Observer", role="observer"))
        uow.commit()
    nobody = open_home(example_store, "observer@example.org")
    assert not nobody.has_role and nobody.person.name == "Observer"


def test_an_unknown_person_is_refused(example_store: Store) -> None:
    with pytest.raises(UnknownPerson):
        open_home(example_store, "nobody@example.org")


# --- a big plan -----------------------------------------------------------------------------------

def build_big_plan(store: Store) -> str:
    """One person who owns 300 actions, leads every theme, chairs most bodies and runs the programme office,
    with names and titles at the store's limits and text that must not ping anyone; returns their e-mail."""
    with store.uow() as uow:
        uow.plan.save_person(Person(BIG, ("Big" + HOSTILE * 10)[:200], admin=True, slack_user_id="UBIG"))
        owners = [f"owner{n}@example.org" for n in range(20)]
        for n, email in enumerate(owners):
            uow.plan.save_person(Person(email, (f"Owner {n}" + HOSTILE * 10)[:200]))
        for number in range(1, BIG_THEMES + 1):
            uow.plan.save_theme(Theme(number, (f"Theme {number}" + HOSTILE * 20)[:300], lead=BIG))
        for n in range(BIG_BODIES):
            uow.plan.save_body(Body(f"body-{n}", (f"Body {n}" + HOSTILE * 10)[:200],
                                    chair=BIG if n < BIG_CHAIRED else owners[n],
                                    cadence="FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3", starts=date(2017, 9, 1)))
        uow.plan.save_visit(Visit(date(2018, 2, 6), date(2018, 2, 7), ("Visit" + HOSTILE * 20)[:300],
                                  (FocusArea("Everything", tuple(range(1, BIG_THEMES + 1))),)))
        for n in range(BIG_THEMES * BIG_ACTIONS_PER_THEME):
            theme = n % BIG_THEMES + 1
            action = Action(ref(theme, n // BIG_THEMES), theme, (f"Action {n}" + HOSTILE * 100)[:3000],
                            BIG if n < BIG_OWNED else owners[n % len(owners)],
                            date(2017, 11, 1) + timedelta(days=n % 150), f"body-{n % BIG_BODIES}")
            uow.plan.save_action(action)
            for day, rating in ((4, ("red", "amber", "green")[n % 3]), (11, ("red", "green", "blue")[n % 3])):
                uow.updates.add(Update(action.ref, datetime.combine(date(2018, 1, day), time(9), LONDON), rating,
                                       commentary="Still" + HOSTILE))
        uow.outbox.add(Reminder(Kind.NOTICE, "1a(i)", BIG, date(2018, 1, 19), "overdue"), due_at=AS_OF,
                       status=Status.FAILED, error="user_not_found")
        uow.commit()
    return BIG


@contextmanager
def counting_statements(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_a_big_plan_is_read_in_a_few_queries_whatever_its_size(store: Store) -> None:
    email = build_big_plan(store)
    with counting_statements(store) as statements:
        big = open_home(store, email)
    assert len(statements) <= 10, statements
    assert big.owner is not None and len(big.owner.readiness.states) == BIG_OWNED
    assert len(big.owner.pressing) == BIG_OWNED - BIG_OWNED // 3, "a third went Blue"
    assert big.lead is not None and len(big.lead.themes) == BIG_THEMES
    assert big.chair is not None and len(big.chair.bodies) == BIG_CHAIRED
    assert all(chaired.escalations for chaired in big.chair.bodies)
    assert big.admin is not None and big.admin.failed_reminders == 1
    assert big.admin.visit is not None and len(big.admin.visit.readiness.states) == BIG_THEMES * BIG_ACTIONS_PER_THEME
