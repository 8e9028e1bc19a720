"""Every answer a question can get has one terminal view and one JSON shape, shared by the console and the command
line, so neither decides again what was asked: a new answer type without both fails here, and each view and shape
is checked for the fact it is there to give, as is the pack: where facts come from, what is escalated and what a
visit examines."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from rich.console import Console

from governance.answers import ANSWER_TYPES, NoVisit
from governance.clock import FixedClock
from governance.model import (
    ILLUSTRATIVE_KEY, Action, Body, Channel, FocusArea, Indicator, IndicatorValue, Person, PlanInfo, Provenance,
    Section, Theme, Update, Visit,
)
from governance.programme import Programme
from governance.questions import (
    ASKED, BY_WORD, ActionQuestion, BoardQuestion, IndicatorsQuestion, OverdueQuestion, ThemeQuestion, VisitQuestion,
    ask,
)
from handlers.cli.json_view import answer_json, dumps
from handlers.console.session import ConsoleSession
from handlers.report.html import render_html
from handlers.report.markdown import render_markdown
from handlers.text.answers import answer_view
from storage.store import Store
from tests.conftest import AS_OF, LONDON

TZ = "Europe/London"
ASKER = "head.mash@example.org"
WORDS = {"theme": ["5"], "action": ["5b(ii)"], "board": ["cpog"], "indicator": ["repeat", "referrals"]}
DRAWN = {
    "help": "What I can tell you • status theme 5: readiness of a theme (or just theme 5)",
    "theme": "Theme 5: Improving Assessment for children — as of Sat 20 Jan 2018",
    "action": "Action Strengthen consideration of diversity in assessment",
    "plan": "The whole plan — as of Sat 20 Jan 2018",
    "overdue": "Overdue actions as of Sat 20 Jan 2018: 7",
    "visit": "Ofsted monitoring visit 2: the front door and care planning ─",
    "board": "Corporate Parenting Officers Group — as of Sat 20 Jan 2018 ─",
    "mine": "Actions owned by Head of Service, MASH",
    "indicators": "Indicators — as of Sat 20 Jan 2018",
    "indicator": "Repeat referrals within 12 months (repeat-referrals-12m) ─",
}
"""What each question's view must show, with the whole of it on one line of a wide terminal."""
WRITTEN: dict[str, tuple[tuple[str | int, ...], Any]] = {
    "help": (("questions", 0, "example"), "status theme 5"),
    "theme": (("theme", "title"), "Improving Assessment for children"),
    "action": (("ref",), "5b(ii)"),
    "plan": (("title",), "The whole plan"),
    "overdue": (("overdue", 0, "ref"), "3g"),
    "visit": (("visit", "title"), "Ofsted monitoring visit 2: the front door and care planning"),
    "board": (("body", "name"), "Corporate Parenting Officers Group"),
    "mine": (("actions", 0, "owner"), ASKER),
    "indicators": (("worried_about", 0, "name"), "Assessments completed within 45 working days"),
    "indicator": (("key",), "repeat-referrals-12m"),
}
"""Where in each question's JSON its subject is, and what it is."""


@pytest.mark.parametrize("answer_type", ANSWER_TYPES, ids=lambda kind: kind.__name__)
def test_every_answer_type_has_a_terminal_view_and_a_json_shape(answer_type: type) -> None:
    assert answer_view.dispatch(answer_type) is not answer_view.dispatch(object)
    assert answer_json.dispatch(answer_type) is not answer_json.dispatch(object)


def drawn(answer: object) -> str:
    console = Console(record=True, width=200)
    console.print(answer_view(answer, TZ))
    return " ".join(console.export_text().split())


def test_every_question_is_answered_drawn_and_written_as_json_with_its_subject(example_store: Store) -> None:
    assert set(DRAWN) == set(WRITTEN) == set(BY_WORD)
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    for kind in ASKED:
        answer = programme.answer(ask(kind, WORDS.get(kind.word, [])), asker=ASKER)
        assert DRAWN[kind.word] in drawn(answer), kind.word
        path, subject = WRITTEN[kind.word]
        found: Any = json.loads(dumps(answer_json(answer)))
        for step in path:
            found = found[step]
        assert found == subject, kind.word
    assert drawn(NoVisit()) == "No monitoring visit is planned."
    assert answer_json(NoVisit()) == {"visit": None}


def test_the_indicators_worried_about_come_first_with_their_names(example_store: Store) -> None:
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    shown = drawn(programme.answer(ask(BY_WORD["indicators"], [])))
    worried, working = shown.index("What are we worried about"), shown.index("What is working well")
    assert worried < shown.index("Assessments completed within 45 working days") < working
    assert working < shown.index("Children in care with up-to-date health checks")


def test_status_indicators_typed_in_the_console(example_store: Store) -> None:
    console = Console(record=True, width=200)
    session = ConsoleSession(Programme(example_store.uow, FixedClock(AS_OF), TZ), ASKER, console)
    session.say("status indicators")
    shown = " ".join(console.export_text().split())
    assert "Indicators — as of Sat 20 Jan 2018" in shown
    assert shown.index("What are we worried about") < shown.index("Assessments completed within 45 working days") \
        < shown.index("What is working well")


# --- where facts come from, escalations and the actions a visit examines, on a plan built here -------------------

OWNER = "owner@example.org"
MARKED = Provenance(illustrative=True)
SOURCED = Provenance("Ofsted letter, para 12")


def build_plan(store: Store, *, whole_plan: bool = True) -> None:
    """Two themes and two bodies; 1a's due date and the board's cadence illustrative, 1a long overdue and 1b Red
    twice (both overseen by the group), and a visit whose focus area names 2a; an indicator with an illustrative
    figure and target, one the plan places although its figure is Red, and one with no target."""
    with store.uow() as uow:
        uow.plan.save_info(PlanInfo("Test plan", "Test council"))
        uow.plan.save_person(Person(OWNER, "Olive Owner"))
        for number, title in ((1, "Front door"), (2, "Care planning")):
            uow.plan.save_theme(Theme(number, title))
        uow.plan.save_body(Body("board", "Improvement Board", dates=(date(2018, 1, 25),), whole_plan=whole_plan,
                                provenance=MARKED))
        uow.plan.save_body(Body("group", "Practice Group", dates=(date(2018, 2, 1),), provenance=SOURCED))
        uow.plan.save_action(Action("1a", 1, "Triage every contact", OWNER, date(2017, 12, 1), "group", MARKED))
        uow.plan.save_action(Action("1b", 1, "Audit strategy meetings", OWNER, date(2018, 3, 30), "group", SOURCED))
        uow.plan.save_action(Action("2a", 2, "Review every plan", OWNER, date(2018, 4, 30), "board", SOURCED))
        for day in (8, 15):
            uow.updates.add(Update("1b", datetime(2018, 1, day, 9, 0, tzinfo=LONDON), "red", OWNER, Channel.CONSOLE,
                                   "no police attendance"))
        uow.plan.save_visit(Visit(date(2018, 1, 30), date(2018, 1, 31), "Monitoring visit",
                                  (FocusArea("Care plans", (1,), ("2a",)),), provenance=MARKED))
        months = (date(2017, 11, 1), date(2017, 12, 1))
        uow.plan.save_indicator(Indicator("marked", "Assessments in time", target=90, themes=(1,), source="Scorecard",
                                          values=tuple(IndicatorValue(m, v, MARKED) for m, v in zip(months, (50, 57))),
                                          target_provenance=MARKED))
        uow.plan.save_indicator(Indicator("placed", "Health assessments", target=95, themes=(1,),
                                          values=(IndicatorValue(months[1], 77, SOURCED),),
                                          target_provenance=SOURCED, section=Section.WORKING_WELL))
        uow.plan.save_indicator(Indicator("open", "Open CAFs", unit="", themes=(1,),
                                          values=tuple(IndicatorValue(m, v) for m, v in zip(months, (600, 614)))))
        uow.commit()


@pytest.fixture
def built(store: Store) -> Programme:
    build_plan(store)
    return Programme(store.uow, FixedClock(AS_OF), TZ)


def written(answer: object) -> Any:
    return json.loads(dumps(answer_json(answer)))


def test_a_board_lists_what_is_escalated_to_it_with_why_and_its_illustrative_meeting(built: Programme) -> None:
    board = built.answer(BoardQuestion("board"))
    shown = drawn(board)
    assert "Improvement Board — as of Sat 20 Jan 2018 ─" in shown
    assert "│ Next meeting Thu 25 Jan 2018 10:00†, papers due Thu 18 Jan† │" in shown
    assert shown.index("Escalated: Red twice or overdue 10+ working days (2)") < shown.index("Actions it oversees")
    assert "Red twice running" in shown and re.search(r"overdue \d\d working days", shown)
    assert shown.endswith(ILLUSTRATIVE_KEY)
    data = written(board)
    assert [s["ref"] for s in data["escalations"]] == ["1a", "1b"] and data["body"]["whole_plan"]
    assert (data["next_meeting"]["illustrative"], data["next_meeting"]["source"]) == (True, "")
    first, second = data["escalations"]
    assert (first["illustrative"], second["illustrative"], second["source"]) == (True, False, "Ofsted letter, para 12")
    assert re.fullmatch(r"overdue \d\d working days", first["escalated_because"])
    assert second["escalated_because"] == "Red twice running"


def test_a_board_with_nothing_escalated_says_so_and_without_a_marked_fact_shows_no_key(store: Store) -> None:
    build_plan(store, whole_plan=False)
    shown = drawn(Programme(store.uow, FixedClock(AS_OF), TZ).answer(BoardQuestion("board")))
    assert "Escalated: Red twice or overdue 10+ working days: none." in shown
    assert "1a" not in shown and "1b" not in shown
    group = drawn(Programme(store.uow, FixedClock(AS_OF), TZ).answer(ActionQuestion("1b")))
    assert "Due Fri 30 Mar 2018 (" in group and ILLUSTRATIVE_KEY not in group


def test_an_action_with_an_illustrative_due_date_is_marked_with_the_key(built: Programme) -> None:
    action = built.answer(ActionQuestion("1a"))
    shown = drawn(action)
    assert "Due Fri 01 Dec 2017† (" in shown and shown.endswith(ILLUSTRATIVE_KEY)
    assert (written(action)["illustrative"], written(action)["due"]) == (True, "2017-12-01")
    overdue = drawn(built.answer(OverdueQuestion()))
    assert "01 Dec 17†" in overdue and overdue.endswith(ILLUSTRATIVE_KEY)


def test_a_visit_shows_the_actions_its_focus_areas_name_and_its_illustrative_dates(built: Programme) -> None:
    visit = built.answer(VisitQuestion())
    shown = drawn(visit)
    assert "Monitoring visit ─" in shown and "│ 30 Jan – 31 Jan 2018†, 7 working days to go │" in shown
    examined = shown.index("Actions the focus areas name (1)")
    assert shown.index("Focus areas") < examined < shown.index("│ 2a │ Review every plan")
    assert shown.endswith(ILLUSTRATIVE_KEY)
    data = written(visit)
    assert [s["ref"] for s in data["examined"]] == ["2a"] and data["visit"]["focus_areas"][0]["actions"] == ["2a"]
    assert (data["visit"]["illustrative"], data["visit"]["source"]) == (True, "")


def test_indicators_are_marked_placed_by_section_and_judged_only_against_a_target(built: Programme) -> None:
    answer = built.answer(IndicatorsQuestion())
    shown = drawn(answer)
    worried, well, unjudged = (shown.index(h) for h in ("What are we worried about", "What is working well",
                                                         "Not yet judged"))
    assert worried < shown.index("Assessments in time") < well < shown.index("Health assessments") < unjudged
    assert "57%† (Dec 17) │ 90%† │ red │ improving │" in shown
    assert "77% (Dec 17) │ 95% │ red │ - │" in shown, "one point has no trend; the plan's section wins"
    assert unjudged < shown.index("Open CAFs") and "614 (Dec 17) │ - │ - │ - │" in shown
    assert "source: Scorecard" in shown and shown.endswith(ILLUSTRATIVE_KEY)
    data = written(answer)
    marked = data["worried_about"][0]
    assert (marked["target_illustrative"], marked["latest"]["illustrative"], marked["section"]) == (
        True, True, "worried about")
    assert [v["illustrative"] for v in marked["history"]] == [True, True] and marked["source"] == "Scorecard"
    placed = data["working_well"][0]
    assert (placed["key"], placed["latest"]["source"], placed["target_source"]) == (
        "placed", "Ofsted letter, para 12", "Ofsted letter, para 12")
    assert data["not_judged"][0]["status"] is None and data["not_judged"][0]["trend"] is None


def test_a_theme_groups_its_indicators_as_the_board_papers_do(built: Programme) -> None:
    shown = drawn(built.answer(ThemeQuestion("1")))
    table = shown[shown.index("Indicators"):]
    assert table.index("What are we worried about") < table.index("Assessments in time") \
        < table.index("What is working well") < table.index("Health assessments") < table.index("Not yet judged") \
        < table.index("Open CAFs")
    assert shown.endswith(ILLUSTRATIVE_KEY)


def test_the_pack_addresses_escalations_to_the_whole_plan_body_and_marks_illustrative_facts(built: Programme) -> None:
    pack = built.readiness_pack()
    markdown, html = render_markdown(pack), render_html(pack)
    escalations = markdown[markdown.index("## Escalations to Improvement Board"):markdown.index("## Next monitoring")]
    assert "| 1a | Triage every contact | Olive Owner | 01 Dec 2017† | Not rated | overdue" in escalations
    assert "| 1b | Audit strategy meetings | Olive Owner | 30 Mar 2018 | Red | Red twice running |" in escalations
    assert "31 January 2018†; 7 working days to go" in markdown and "- Care plans: themes 1; actions 2a" in markdown
    assert "**Actions the focus areas name**" in markdown and "| 2a | Review every plan |" in markdown
    assert "| Assessments in time | 57%† (Dec 2017) | 90%† | improving |" in markdown
    assert markdown.index("*Indicators: what are we worried about*") < markdown.index("*Indicators: not yet judged*")
    assert markdown.rstrip().endswith(ILLUSTRATIVE_KEY)
    assert "<h2>Escalations to Improvement Board</h2>" in html and "<td>Red twice running</td>" in html
    assert "<td>01 Dec 2017†</td>" in html and "<h3>Actions the focus areas name</h3>" in html
    assert "<title>Dec 2017: 57%†</title>" in html and "<title>target 90%†</title>" in html
    assert f'<p class="muted">{ILLUSTRATIVE_KEY}</p></body>' in html


def test_a_pack_without_a_whole_plan_body_or_a_marked_fact_says_so(store: Store) -> None:
    build_plan(store, whole_plan=False)
    with store.uow() as uow:
        for action in uow.plan.actions():
            uow.plan.save_action(replace(action, provenance=SOURCED))
        uow.plan.save_visit(replace(uow.plan.visits()[0], provenance=SOURCED))
        marked = next(i for i in uow.plan.indicators() if i.key == "marked")
        uow.plan.save_indicator(replace(marked, values=tuple(replace(v, provenance=SOURCED) for v in marked.values),
                                        target_provenance=SOURCED))
        uow.commit()
    pack = Programme(store.uow, FixedClock(AS_OF), TZ).readiness_pack()
    markdown, html = render_markdown(pack), render_html(pack)
    assert "## Escalations\n\nActions Red in two updates running or overdue 10+ working days, whichever body " \
           "oversees them. The plan names no body responsible for the whole plan." in markdown
    assert "| 1b |" in markdown[markdown.index("## Escalations"):]
    assert ILLUSTRATIVE_KEY not in markdown and ILLUSTRATIVE_KEY not in html and "†" not in markdown + html
