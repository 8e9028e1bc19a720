"""`status indicators` through signed HTTP against the example plan: every indicator under the heading the core
puts it, its trend only where the core judges one, after the command and in a DM, as the strict stand-in accepts
them. (Which figures and sections the example plan holds is its own business: tests/slack/test_illustrative.py
pins the lines on a plan of its own.)"""
from __future__ import annotations

from governance.questions import IndicatorsQuestion
from governance.readiness import IndicatorsReadiness
from handlers.slack.blocks import INDICATOR_NAME_CHARS, clip, escape
from tests.slack.blockkit import all_text, assert_valid_message
from tests.slack.conftest import RunningBot, slack_deps
from tests.slack.test_questions import assert_answered_as_the_command
from tests.slack.test_status_command import ask

HEADINGS = (":warning: What are we worried about", ":sparkles: What is working well", ":grey_question: Not yet judged")
TRENDS = ("improving", "worsening", "steady")


def groups(message: dict) -> dict[str, list[str]]:
    """Each heading's indicator lines, by the heading's words, whichever sections they run across."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    for block in message["blocks"]:
        if block["type"] != "section":
            continue
        heading, _, rest = block["text"]["text"].partition("\n")
        if heading.startswith("*:"):
            lines = found.setdefault(heading, [])
            lines += rest.splitlines()
        else:
            lines += block["text"]["text"].splitlines()
    return found


def test_status_indicators_after_the_command(bot: RunningBot) -> None:
    answer = ask(bot, "status indicators")
    assert answer["response_type"] == "ephemeral"
    assert_valid_message(answer)
    core = slack_deps(bot.store).programme.answer(IndicatorsQuestion())
    assert isinstance(core, IndicatorsReadiness)
    placed = (core.worried_about, core.working_well, core.not_judged)
    worried, well = len(core.worried_about), len(core.working_well)
    assert answer["text"] == f"Indicators: {worried} worried about, {well} working well"
    assert answer["blocks"][0]["text"]["text"] == "Indicators"
    shown = groups(answer)
    assert list(shown) == [f"*{title} ({len(readings)})*" for title, readings in zip(HEADINGS, placed)]
    for lines, readings in zip(shown.values(), placed):
        for reading in readings:
            name = escape(clip(reading.indicator.name, INDICATOR_NAME_CHARS))
            line = next(line for line in lines if f" {name}: " in line)
            assert any(f" · {trend} " in line for trend in TRENDS) is (reading.trend is not None)
    assert "Share in channel" in all_text(answer["blocks"])


def test_status_indicators_in_a_dm_is_the_commands_answer(bot: RunningBot) -> None:
    assert_answered_as_the_command(bot, "status indicators", "indicators")
