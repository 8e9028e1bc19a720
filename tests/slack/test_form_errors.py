"""Forms and buttons with forged or stale payloads, over signed HTTP: each is answered in one line, under the
field it concerns or privately, nothing is recorded, and nothing is logged as an unexpected error."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from governance import services
from tests.slack.conftest import RunningBot
from tests.slack.test_updates import modal_values
from tests.slack_signing import block_actions_body, view_submission_body

GOOD_METADATA = json.dumps({"ref": "5c(i)", "channel": "DUMASH", "ts": "1700000000.000100"})
OUT_OF_DATE = "This form is out of date, so nothing was recorded: close it and ask again with `/readiness update REF`."


@pytest.fixture(autouse=True)
def no_unexpected_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A forged payload is bad input, not a fault of the bot's: it must not be logged as one."""
    yield
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("unexpected error")] == []


def updates(bot: RunningBot) -> list:
    return services.export_plan(uow=bot.store.uow()).updates


def submit(bot: RunningBot, callback: str, values: dict, *, metadata: str, user: str = "UMASH") -> dict:
    status, body = bot.send(view_submission_body(callback, values, user_id=user, private_metadata=metadata))
    assert status == 200
    return json.loads(body)


def leave_values(day: str) -> dict:
    return {"until": {"value": {"type": "datepicker", "selected_date": day}}}


def paused(bot: RunningBot) -> list:
    with bot.store.uow() as uow:
        return uow.outbox.pauses(after=date(2018, 1, 1), person="head.mash@example.org")


def test_a_forecast_that_does_not_exist_is_refused_under_the_forecast(bot: RunningBot) -> None:
    before = updates(bot)
    answer = submit(bot, "update_modal", modal_values("amber", "supplier late", forecast="2018-02-30"),
                    metadata=GOOD_METADATA)
    assert answer == {"response_action": "errors",
                      "errors": {"forecast": "That is not a date: choose one from the calendar."}}
    assert updates(bot) == before


@pytest.mark.parametrize("metadata", [
    "not json", "[1]", '"5c(i)"', "{}", '{"ref": 5}', '{"ref": "5c(i)", "channel": ["DUMASH"]}',
])
def test_a_form_whose_metadata_cannot_be_read_records_nothing(bot: RunningBot, metadata: str) -> None:
    before = updates(bot)
    answer = submit(bot, "update_modal", modal_values("amber", "supplier late"), metadata=metadata)
    assert answer == {"response_action": "errors", "errors": {"rating": OUT_OF_DATE}}
    assert updates(bot) == before


def test_a_leave_form_with_a_day_that_does_not_exist_changes_nothing(bot: RunningBot) -> None:
    answer = submit(bot, "checkin_leave_form", leave_values("2018-02-30"), metadata="{}")
    assert answer == {"response_action": "errors",
                      "errors": {"until": "That is not a date: choose one from the calendar."}}
    assert paused(bot) == []


def test_a_leave_form_whose_metadata_cannot_be_read_changes_nothing(bot: RunningBot) -> None:
    answer = submit(bot, "checkin_leave_form", leave_values("2018-03-01"), metadata="nope")
    assert answer["errors"]["until"].startswith("This form is out of date, so nothing was changed")
    assert paused(bot) == []
    assert bot.slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("callback, values, field", [
    ("update_modal", modal_values("green", "all fine"), "rating"),
    ("checkin_leave_form", leave_values("2018-03-01"), "until"),
])
def test_a_form_from_someone_the_plan_does_not_know_is_refused_on_its_first_field(
        bot: RunningBot, callback: str, values: dict, field: str) -> None:
    before = updates(bot)
    answer = submit(bot, callback, values, metadata=GOOD_METADATA, user="USTRANGER")
    assert list(answer["errors"]) == [field] and len(answer["errors"][field]) <= 150
    assert updates(bot) == before and paused(bot) == []


def test_a_refused_click_on_the_home_tab_is_answered_in_a_dm(bot: RunningBot) -> None:
    """A Home tab click carries no response URL: the refusal comes as a DM instead of being lost."""
    body = block_actions_body("add_detail:9zz", json.dumps({"ref": "9zz"}), user_id="UMASH", channel_id=None,
                              view={"id": "VHOME", "type": "home"})
    assert bot.send(body)[0] == 200
    told = bot.slack.wait_for("chat.postMessage")[0].params
    assert told["channel"] == "UMASH" and "no action 9zz" in told["text"]
    assert bot.slack.calls_to("views.open") == []


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "1e3", ""])
def test_undo_with_a_forged_update_id_is_out_of_date(bot: RunningBot, value: str) -> None:
    before = updates(bot)
    body = block_actions_body("undo_update:5c(i)", value, user_id="UMASH", response_url=bot.slack.response_url("u"))
    assert bot.send(body)[0] == 200
    assert bot.slack.wait_for("respond")[0].params["text"] == "That button is out of date."
    assert updates(bot) == before
