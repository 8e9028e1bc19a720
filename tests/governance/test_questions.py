"""Reading what people ask: the command's words, and which DMs are questions rather than updates."""
from __future__ import annotations

from datetime import date

import pytest

from governance.errors import ReadinessError
from governance.meetings import MeetingRequest
from governance.model import MeetingChangeKind
from governance.questions import (
    ASKED, GOVERNANCE_HELP, ActionQuestion, AgendaRequest, ArisingRequest, MeetingFormRequest, WithdrawRequest, BoardQuestion, Help, IndicatorsQuestion, MineQuestion, OverdueQuestion, ThemeQuestion,
    UpdateRequest, VisitQuestion, direct_request, help_lines, parse_request, parse_status,
)


@pytest.mark.parametrize("text, expected", [
    ("", Help()),
    ("help", Help()),
    ("status", Help()),
    ("status theme 5", ThemeQuestion("5")),
    ("theme 5", ThemeQuestion("5")),
    ("STATUS Theme 5", ThemeQuestion("5")),
    ("status action 5b(ii)", ActionQuestion("5b(ii)")),
    ("status overdue", OverdueQuestion()),
    ("visit", VisitQuestion()),
    ("status board Improvement Board", BoardQuestion("Improvement Board")),
    ("status mine", MineQuestion()),
    ("status indicators", IndicatorsQuestion()),
    ("update 5b(ii) amber - provider delayed", UpdateRequest("5b(ii) amber - provider delayed")),
    ("update 5b(ii)", UpdateRequest("5b(ii)")),
])
def test_the_commands_words(text: str, expected: object) -> None:
    assert parse_request(text) == expected


@pytest.mark.parametrize("text, answer", [
    ("weather", "I can't read `weather`"),
    ("status weather", "I can't read `weather`"),
    ("status theme", "`theme` needs a theme number"),
    ("status theme 5 6", "`theme` takes just a theme number"),
    ("status overdue now", "`overdue` takes nothing after it"),
    ("update", "Say which action"),
    ("update green all good", "Start with the action's ref"),
])
def test_bad_words_get_one_line_saying_what_works(text: str, answer: str) -> None:
    with pytest.raises(ReadinessError) as refused:
        parse_request(text)
    assert str(refused.value).startswith(answer) and "\n" not in str(refused.value)


@pytest.mark.parametrize("text", ["status", "status theme 5", "theme 5", "status overdue", "status action 5b(ii)",
                                  "help", "Status mine", "update 5b(ii)"])
def test_a_dm_that_reads_as_a_request_is_one(text: str) -> None:
    assert direct_request(text) is not None


@pytest.mark.parametrize("text", ["Status: green - training done", "status for 5b(ii): red, deadline missed",
                                  "green - all done", "overdue - waiting on the provider", "theme 5 is amber",
                                  "action 5b(ii) green", "visit prep on track", "helpful session, green", ""])
def test_an_owners_update_is_not_a_question(text: str) -> None:
    assert direct_request(text) is None


@pytest.mark.parametrize("question", ASKED)
def test_every_question_reads_back_from_its_own_words(question: type) -> None:
    """A paging button carries a question as words; they must read back as the same question."""
    words = "improvement board" if question.several_words else "5"
    asked = question(words) if question.argument else question()
    assert parse_status(asked.text) == asked


def test_the_help_lists_every_question_once() -> None:
    examples = [example for example, _ in help_lines()]
    assert len(examples) == len(set(examples)) == len(ASKED) + len(GOVERNANCE_HELP)
    assert all(any(e.split()[1:2] == [q.word] for e in examples) for q in ASKED if q is not Help)


@pytest.mark.parametrize("words, request_", [
    ("meeting csib cancel 2018-08-09", MeetingRequest("csib", MeetingChangeKind.CANCELLED, meeting=date(2018, 8, 9))),
    ("meeting improvement board", MeetingFormRequest("improvement board")),
    ("agenda cpog", AgendaRequest("cpog")),
    ("action add csib", ArisingRequest("csib")),
    ("action close 5l merged into 5k", WithdrawRequest("5l", "merged into 5k")),
    ("action 5b(ii)", ActionQuestion("5b(ii)")),
])
def test_the_governance_loop_is_asked_in_the_same_words_everywhere(words: str, request_: object) -> None:
    assert parse_request(words) == request_


@pytest.mark.parametrize("words, said", [
    ("meeting", "Say which body"), ("agenda", "Say which body"), ("action add", "Say which body it arose at"),
    ("action close", "Say which action"), ("meeting csib move 30/02/2018", "is not a date"),
])
def test_a_governance_request_missing_its_words_is_one_line(words: str, said: str) -> None:
    with pytest.raises(ReadinessError, match=said):
        parse_request(words)
