"""Every answer a question can get has one terminal view and one JSON shape, shared by the console and the command
line, so neither decides again what was asked: a new answer type without both fails here."""
from __future__ import annotations

import json

import pytest
from rich.console import Console

from governance.answers import ANSWER_TYPES, NoVisit
from governance.clock import FixedClock
from governance.programme import Programme
from governance.questions import ASKED, ask
from handlers.cli.json_view import answer_json, dumps
from handlers.text.answers import answer_view
from storage.store import Store
from tests.conftest import AS_OF

TZ = "Europe/London"
WORDS = {"theme": ["5"], "action": ["5b(ii)"], "board": ["cpog"]}


@pytest.mark.parametrize("answer_type", ANSWER_TYPES, ids=lambda kind: kind.__name__)
def test_every_answer_type_has_a_terminal_view_and_a_json_shape(answer_type: type) -> None:
    assert answer_view.dispatch(answer_type) is not answer_view.dispatch(object)
    assert answer_json.dispatch(answer_type) is not answer_json.dispatch(object)


def drawn(answer: object) -> str:
    console = Console(record=True, width=80)
    console.print(answer_view(answer, TZ))
    return " ".join(console.export_text().split())


def test_every_question_is_answered_drawn_and_written_as_json(example_store: Store) -> None:
    programme = Programme(example_store.uow, FixedClock(AS_OF), TZ)
    for kind in ASKED:
        answer = programme.answer(ask(kind, WORDS.get(kind.word, [])), asker="head.mash@example.org")
        assert drawn(answer), kind.word
        assert json.loads(dumps(answer_json(answer))), kind.word
    assert drawn(NoVisit()) == "No monitoring visit is planned."
    assert answer_json(NoVisit()) == {"visit": None}
