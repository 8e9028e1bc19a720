"""Slack draws every kind of answer the core gives, each by its own renderer, inside Slack's limits."""
from __future__ import annotations

from datetime import date

import pytest

from governance.answers import ANSWER_TYPES
from governance.model import Direction, Indicator, IndicatorValue
from governance.readiness import IndicatorReading, IndicatorsReadiness
from handlers.slack.blocks import INDICATORS_LISTED, Paging
from handlers.slack.status import render
from tests.slack.blockkit import all_text, assert_valid_message


@pytest.mark.parametrize("answer_type", ANSWER_TYPES, ids=lambda t: t.__name__)
def test_every_answer_type_has_a_slack_renderer(answer_type: type) -> None:
    assert render.dispatch(answer_type) is not render.dispatch(object), f"no Slack renderer for {answer_type.__name__}"


def reading(number: int, *, status: str | None, trend: str | None, direction: Direction = Direction.HIGHER,
            history: bool = True) -> IndicatorReading:
    name = f"<!channel> indicator {number} & a name far longer than any dashboard gives one " * 3
    indicator = Indicator(f"i{number}", name, direction=direction, target=90.0 if status else None)
    values = (IndicatorValue(date(2017, 11, 1), 57.25),) if history else ()
    return IndicatorReading(indicator, values, status, trend)


def test_a_dashboard_of_any_size_stays_inside_slacks_limits_and_pings_nobody() -> None:
    many = INDICATORS_LISTED + 20
    answer = IndicatorsReadiness(
        date(2018, 1, 20),
        worried_about=tuple(reading(n, status="red", trend="worsening") for n in range(many)),
        working_well=tuple(reading(n, status="green", trend="improving", direction=Direction.LOWER)
                           for n in range(many)),
        not_judged=tuple(reading(n, status=None, trend=None, history=False) for n in range(many)))
    message = render(answer, command="/readiness", paging=Paging("indicators"))
    assert_valid_message(message)
    text = all_text(message["blocks"])
    assert "<!channel>" not in text and "&lt;!channel&gt; indicator 0 &amp; a name" in text
    assert text.count("_…and 20 more_") == 3
    assert f"*:warning: What are we worried about ({many})*" in text
    assert text.count(":red_circle:") == text.count(":large_green_circle:") == INDICATORS_LISTED, "none clipped away"
    assert "*57.25%* (Nov 2017) vs target 90% · worsening ↓ · higher is better" in text
    assert "*57.25%* (Nov 2017) vs target 90% · improving ↓ · lower is better" in text
    assert ": no data · higher is better" in text


def test_a_plan_without_indicators_says_so() -> None:
    message = render(IndicatorsReadiness(date(2018, 1, 20), (), (), ()), command="/readiness",
                     paging=Paging("indicators", shareable=False))
    assert_valid_message(message)
    assert "The plan has no indicators yet." in all_text(message["blocks"])
