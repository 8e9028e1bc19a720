"""Refs of the forms council plans also use (`1.1`, `1.1.2`, `A3`) are read in a reply only when the plan has them:
in other words they are numbers, sections or paper sizes."""
from __future__ import annotations

from datetime import date

import pytest

from governance.brag import DEFAULT_KEY
from governance.reply_reader import read_reply

TODAY = date(2018, 1, 8)
PLAN = ("1.1", "1.1.2", "1.10", "a3", "5b")


@pytest.mark.parametrize("text, ref, commentary", [
    ("1.1 amber, waiting on legal", "1.1", "waiting on legal"),
    ("1.1.2 is green", "1.1.2", ""),
    ("green on 1.10", "1.10", ""),
    ("A3: red, no staff", "a3", "no staff"),
    ("5b amber and 1.1 green", "5b", ""),
])
def test_a_plan_ref_of_another_form_is_read_as_the_ref(text: str, ref: str, commentary: str) -> None:
    reading = read_reply(text, key=DEFAULT_KEY, today=TODAY, refs=PLAN)

    assert reading.ref == ref
    if commentary:
        assert commentary in reading.commentary and ref not in reading.commentary.lower()


@pytest.mark.parametrize("text", ["amber, 1.5 days behind", "green: 1.1% fewer re-referrals",
                                  "amber, see section 1.12", "red, printed on A4", "amber, 1.1.20 of the guidance"])
def test_numbers_that_are_not_the_plans_refs_stay_in_the_commentary(text: str) -> None:
    assert read_reply(text, key=DEFAULT_KEY, today=TODAY, refs=PLAN).ref is None


def test_without_the_plans_refs_a_dotted_number_is_not_a_ref() -> None:
    assert read_reply("1.1 amber", key=DEFAULT_KEY, today=TODAY).ref is None
