"""The rules a form filled in beforehand must keep, as the stand-in enforces them: a datepicker's day written
YYYY-MM-DD and a timepicker's time HH:mm, an initial option that is one of the options (grouped or not), at most ten
radio buttons, and text no longer than the field takes."""
from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.blockkit_rules import view_breaches
from tests.slack_standin import SlackStandIn

OPTIONS = [{"text": {"type": "plain_text", "text": label}, "value": label.lower()} for label in ("Green", "Amber")]
RED = {"text": {"type": "plain_text", "text": "Red"}, "value": "red"}


def form(element: dict[str, Any]) -> dict[str, Any]:
    return {"type": "modal", "title": {"type": "plain_text", "text": "Update"},
            "submit": {"type": "plain_text", "text": "Record"},
            "blocks": [{"type": "input", "block_id": "field", "label": {"type": "plain_text", "text": "Field"},
                        "element": {"action_id": "value", **element}}]}


@pytest.mark.parametrize("element, field, reason", [
    ({"type": "datepicker", "initial_date": "26/01/2018"}, "initial_date",
     "must be a date written YYYY-MM-DD, not '26/01/2018'"),
    ({"type": "datepicker", "initial_date": "2018-02-30"}, "initial_date",
     "must be a date written YYYY-MM-DD, not '2018-02-30'"),
    ({"type": "static_select", "options": OPTIONS, "initial_option": RED}, "initial_option",
     "must exactly match one of the options"),
    ({"type": "timepicker", "initial_time": "2:30pm"}, "initial_time", "must be a time written HH:mm, not '2:30pm'"),
    ({"type": "timepicker", "initial_time": "24:00"}, "initial_time", "must be a time written HH:mm, not '24:00'"),
    ({"type": "radio_buttons", "options": [*OPTIONS] * 6}, "options", "must have at most 10 items, not 12"),
    ({"type": "radio_buttons", "options": OPTIONS, "initial_option": RED}, "initial_option",
     "must exactly match one of the options"),
    ({"type": "static_select", "option_groups": [{"label": {"type": "plain_text", "text": "x" * 76},
                                                  "options": OPTIONS}]},
     "option_groups/0/label/text", "must be at most 75 characters, not 76"),
    ({"type": "static_select", "option_groups": [{"label": {"type": "plain_text", "text": "Leads"},
                                                  "options": OPTIONS}], "initial_option": RED},
     "initial_option", "must exactly match one of the options"),
    ({"type": "static_select", "options": OPTIONS,
      "option_groups": [{"label": {"type": "plain_text", "text": "Leads"}, "options": OPTIONS}]},
     "", "must have either options or option_groups"),
], ids=["datepicker-format", "datepicker-real-day", "initial-option-among-options", "timepicker-format",
        "timepicker-real-time", "radio-ten-options", "radio-initial-option", "group-label", "group-initial-option",
        "options-or-groups"])
def test_slack_refuses_a_form_filled_in_wrongly(element: dict[str, Any], field: str, reason: str) -> None:
    with SlackStandIn() as slack, pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url, token="xoxb-test").views_open(trigger_id="1.2", view=form(element))
    assert refused.value.response["error"] == "invalid_arguments"
    assert [str(breach) for breach in view_breaches(form(element))] == [
        f"{reason} [json-pointer:/view/blocks/0/element{'/' if field else ''}{field}]"]


def test_text_longer_than_its_field_is_a_breach_the_product_forbids() -> None:
    breaches = view_breaches(form({"type": "plain_text_input", "max_length": 3, "initial_value": "four"}))
    assert [(str(b), b.refused) for b in breaches] == [
        ("is 4 characters, longer than max_length 3: the form could not be submitted unchanged "
         "[json-pointer:/view/blocks/0/element/initial_value]", False)]


def test_a_form_filled_in_rightly_breaks_no_rule() -> None:
    for element in ({"type": "datepicker", "initial_date": "2018-01-26"},
                    {"type": "timepicker", "initial_time": "09:30"},
                    {"type": "radio_buttons", "options": OPTIONS, "initial_option": OPTIONS[0]},
                    {"type": "static_select", "option_groups": [{"label": {"type": "plain_text", "text": "Leads"},
                                                                 "options": OPTIONS}], "initial_option": OPTIONS[1]},
                    {"type": "static_select", "options": OPTIONS, "initial_option": OPTIONS[1]},
                    {"type": "plain_text_input", "max_length": 4, "initial_value": "four"}):
        assert view_breaches(form(element)) == []
