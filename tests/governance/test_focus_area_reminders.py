"""An action a visit's focus area names is asked about before the visit, whatever its theme."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from governance.brag import DEFAULT_KEY
from governance.model import FocusArea, PlanDocument, Visit
from governance.reminders import PlanSnapshot, check_ins_on
from governance.template import Known, read_document
from governance.workdays import add_working_days
from storage.plan_files import example_path, read_plan_file
from tests.conftest import PLAN_HELD

TZ = "Europe/London"


def _asked_before_visit(doc: PlanDocument, visits: list[Visit], day: date) -> set[tuple[str, str]]:
    until = datetime.combine(day, time(9), tzinfo=ZoneInfo(TZ))
    histories: dict[str, list] = {}
    for update in sorted(doc.updates, key=lambda u: u.at):
        if update.at <= until:
            histories.setdefault(update.action, []).append(update)
    plan = PlanSnapshot(doc.actions, histories, {t.number: t for t in doc.themes}, {b.key: b for b in doc.bodies},
                        visits, DEFAULT_KEY, people={p.email: p for p in doc.people})
    return {(ask.ref, c.person) for c in check_ins_on(day, plan).values() for ask in c.asks
            if ask.kind.value == "pre_visit"}


def test_an_action_a_focus_area_names_is_asked_about_before_the_visit_whatever_its_theme() -> None:
    reading = read_document(read_plan_file(example_path("barnet-2018")), key=DEFAULT_KEY,
                            known=Known(set(), {}, set(), set()), now=PLAN_HELD, tz=TZ)
    assert reading.problems == []
    doc = reading.doc
    visit = next(v for v in doc.visits if v.start == date(2018, 1, 30))
    day = add_working_days(visit.start, -15)
    since_last_visit = {u.action for u in doc.updates if date(2017, 11, 16) <= u.at.date() <= day}
    outside = next(a for a in doc.actions if a.theme not in visit.themes and a.ref not in visit.actions
                   and a.due > date(2018, 3, 1) and a.ref not in since_last_visit)
    named = replace(visit, focus_areas=(*visit.focus_areas, FocusArea("Leadership", (), (outside.ref,))))
    assert (outside.ref, outside.owner) not in _asked_before_visit(doc, doc.visits, day)
    visits = [named if v is visit else v for v in doc.visits]
    assert (outside.ref, outside.owner) in _asked_before_visit(doc, visits, day)
