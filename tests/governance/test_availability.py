"""Reading snooze, leave and "not mine" in a DM: what is an instruction, to which day, and what is refused."""
from __future__ import annotations

import re
from datetime import date

import pytest

from governance.availability import Instruction, read_instruction
from governance.errors import ReadinessError
from governance.reminders import PauseKind

TUESDAY = date(2018, 1, 16)
SNOOZE, LEAVE, NOT_MINE = PauseKind.SNOOZE, PauseKind.LEAVE, PauseKind.NOT_MINE


@pytest.mark.parametrize(("text", "expected"), [
    ("snooze", Instruction(SNOOZE)),
    ("Snooze.", Instruction(SNOOZE)),
    ("remind me later", Instruction(SNOOZE)),
    ("snooze until 5 Feb", Instruction(SNOOZE, date(2018, 2, 5))),
    ("remind me Monday", Instruction(SNOOZE, date(2018, 1, 22))),
    ("remind me on Monday please", Instruction(SNOOZE, date(2018, 1, 22))),
    ("remind me tomorrow", Instruction(SNOOZE, date(2018, 1, 17))),
    ("remind me next week", Instruction(SNOOZE, date(2018, 1, 22))),
    ("snooze till 12/02/2018", Instruction(SNOOZE, date(2018, 2, 12))),
    ("remind me in 2 weeks", Instruction(SNOOZE, date(2018, 1, 30))),
    ("on leave until 5 Feb", Instruction(LEAVE, date(2018, 2, 5))),
    ("I'm on annual leave till Friday 26 Jan", Instruction(LEAVE, date(2018, 1, 26))),
    ("out of office until 5/2", Instruction(LEAVE, date(2018, 2, 5))),
    ("on leave", Instruction(LEAVE)),
    ("not mine", Instruction(NOT_MINE)),
    ("Not mine 5b(ii)", Instruction(NOT_MINE, ref="5b(ii)")),
    ("5B(ii) is not mine", Instruction(NOT_MINE, ref="5b(ii)")),
    ("this isn't mine", Instruction(NOT_MINE)),
    ("not my action - 6c", Instruction(NOT_MINE, ref="6c")),
])
def test_instructions_in_words(text: str, expected: Instruction) -> None:
    assert read_instruction(text, today=TUESDAY) == expected


@pytest.mark.parametrize("text", [
    "amber - recruitment delayed, forecast 12 Feb",
    "green - on leave until 5 Feb so forecast is March",
    "5b(ii) amber, not mine to fix but the provider's",
    "remind me to send the report, amber",
    "snooze amber",
    "not mine either, ask Sue",
    "status theme 5",
])
def test_updates_and_other_words_are_not_instructions(text: str) -> None:
    assert read_instruction(text, today=TUESDAY) is None


@pytest.mark.parametrize(("text", "refusal"), [
    ("snooze until 31/02", "31/02 is not a date"),
    ("on leave until 30 Feb", "30 Feb is not a date"),
    ("snooze until 5 Jan", "Fri 05 Jan 2018 is in the past"),
    ("snooze until 05/01/2018", "Fri 05 Jan 2018 is in the past"),
    ("on leave until 2 January 2018", "Tue 02 Jan 2018 is in the past"),
    ("on leave from 5 Feb", "I couldn't read a day in “from 5 Feb”: try `on leave until 5 Feb`"),
    ("snooze until the cows come home", "I couldn't read a day"),
])
def test_a_day_that_cannot_be_read_or_has_passed_is_refused_never_guessed(text: str, refusal: str) -> None:
    with pytest.raises(ReadinessError, match="^" + re.escape(refusal)):
        read_instruction(text, today=TUESDAY)


def test_a_day_and_month_said_late_in_the_year_is_next_years() -> None:
    assert read_instruction("on leave until 3 Jan", today=date(2017, 12, 20)) == Instruction(LEAVE, date(2018, 1, 3))
