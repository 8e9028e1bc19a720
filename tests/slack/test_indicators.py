"""`status indicators` through signed HTTP against the example plan: every indicator against its target, grouped
as the board papers group them, after the command and in a DM, as the strict stand-in accepts them."""
from __future__ import annotations

from tests.slack.blockkit import all_text, assert_valid_message
from tests.slack.conftest import RunningBot
from tests.slack.test_questions import assert_answered_as_the_command
from tests.slack.test_status_command import ask


def sections(message: dict) -> dict[str, str]:
    """Each heading's section text, by the heading's words."""
    found = {}
    for block in message["blocks"]:
        if block["type"] == "section":
            heading, _, rest = block["text"]["text"].partition("\n")
            found[heading] = rest
    return found


def test_status_indicators_after_the_command(bot: RunningBot) -> None:
    answer = ask(bot, "status indicators")
    assert answer["response_type"] == "ephemeral"
    assert_valid_message(answer)
    assert answer["text"] == "Indicators: 7 worried about, 8 working well"
    assert answer["blocks"][0]["text"]["text"] == "Indicators"
    groups = sections(answer)
    assert list(groups) == ["*:warning: What are we worried about (7)*", "*:sparkles: What is working well (8)*",
                            "*:grey_question: Not yet judged (0)*"]
    worried, well, _ = groups.values()
    assert ("• :red_circle: Assessments completed within 45 working days: *57%* (Nov 2017) vs target 90% · "
            "improving ↑ · higher is better") in worried
    assert ("• :large_orange_circle: Repeat referrals within 12 months: *18.1%* (Nov 2017) vs target 18% · "
            "improving ↓ · lower is better") in worried
    assert "• :white_small_square: Open Common Assessment Frameworks (CAFs): *614* (Nov 2017) · improving ↓ · " \
           "lower is better" in well
    assert "Share in channel" in all_text(answer["blocks"])


def test_status_indicators_in_a_dm_is_the_commands_answer(bot: RunningBot) -> None:
    assert_answered_as_the_command(bot, "status indicators", "indicators")
