"""Every answer a question can get has one terminal view and one JSON shape, shared by the console and the command
line, so neither decides again what was asked: a new answer type without both fails here, and each view and shape
is checked for the fact it is there to give."""
from __future__ import annotations

import json
from typing import Any

import pytest
from rich.console import Console

from governance.answers import ANSWER_TYPES, NoVisit
from governance.clock import FixedClock
from governance.programme import Programme
from governance.questions import ASKED, BY_WORD, ask
from handlers.cli.json_view import answer_json, dumps
from handlers.console.session import ConsoleSession
from handlers.text.answers import answer_view
from storage.store import Store
from tests.conftest import AS_OF

TZ = "Europe/London"
ASKER = "head.mash@example.org"
WORDS = {"theme": ["5"], "action": ["5b(ii)"], "board": ["cpog"]}
DRAWN = {
    "help": "What I can tell you • status theme 5: readiness of a theme (or just theme 5)",
    "theme": "Theme 5: Improving Assessment for children — as of Sat 20 Jan 2018",
    "action": "Action Strengthen consideration of diversity in assessment",
    "plan": "The whole plan — as of Sat 20 Jan 2018",
    "overdue": "Overdue actions as of Sat 20 Jan 2018: 7",
    "visit": "Ofsted monitoring visit 2: the front door and care planning — 30 Jan – 31 Jan 2018, 7 working days "
             "to go",
    "board": "Corporate Parenting Officers Group — as of Sat 20 Jan 2018 — next meeting Wed 21 Feb 2018 14:00",
    "mine": "Actions owned by Head of Service, MASH",
    "indicators": "Indicators — as of Sat 20 Jan 2018",
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
