"""The rules a form filled in beforehand must keep, as the stand-in enforces them: a datepicker's day written
YYYY-MM-DD, an initial option that is one of the options, and text no longer than the field takes."""
from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.blockkit_rules import view_breaches
from tests.slack_standin import SlackStandIn

OPTIONS = [{"text": {"type": "plain_text", "text": label}, "value": label.lower()} for label in ("Green", "Amber")]


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
    ({"type": "static_select", "options": OPTIONS,
      "initial_option": {"text": {"type": "plain_text", "text": "Red"}, "value": "red"}}, "initial_option",
     "must exactly match one of the options"),
], ids=["datepicker-format", "datepicker-real-day", "initial-option-among-options"])
def test_slack_refuses_a_form_filled_in_wrongly(element: dict[str, Any], field: str, reason: str) -> None:
    with SlackStandIn() as slack, pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url, token="xoxb-test").views_open(trigger_id="1.2", view=form(element))
    assert refused.value.response["error"] == "invalid_arguments"
    assert [str(breach) for breach in view_breaches(form(element))] == [
        f"{reason} [json-pointer:/view/blocks/0/element/{field}]"]


def test_text_longer_than_its_field_is_a_breach_the_product_forbids() -> None:
    breaches = view_breaches(form({"type": "plain_text_input", "max_length": 3, "initial_value": "four"}))
    assert [(str(b), b.refused) for b in breaches] == [
        ("is 4 characters, longer than max_length 3: the form could not be submitted unchanged "
         "[json-pointer:/view/blocks/0/element/initial_value]", False)]


def test_a_form_filled_in_rightly_breaks_no_rule() -> None:
    for element in ({"type": "datepicker", "initial_date": "2018-01-26"},
                    {"type": "static_select", "options": OPTIONS, "initial_option": OPTIONS[1]},
                    {"type": "plain_text_input", "max_length": 4, "initial_value": "four"}):
        assert view_breaches(form(element)) == []
