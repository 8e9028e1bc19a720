"""A reply read with a doubt, through signed HTTP: nothing is stored until its owner clicks *Record* (once, however
often) or changes it in the form that *Change* opens, filled in with the reading; in a DM, after a choice, and
after `/readiness update`."""
from __future__ import annotations

import json
from typing import Any, Callable

from tests.slack.blockkit import all_text, assert_valid_message, assert_valid_view
from tests.slack.conftest import RunningBot
from tests.slack.test_updates import buttons, click, command, dm, history, modal_values
from tests.slack_signing import view_submission_body

REPLY = "5c(i) amber - panel moved, forecast 26 Jan"
READ_AS = "I read *Amber*, forecast *Fri 26 Jan 2018* for `5c(i)` — the date may not be a forecast"
RECORD, CHANGE = "record_reading:5c(i)", "change_reading:5c(i)"


def responses(bot: RunningBot, count: int) -> list[dict[str, Any]]:
    return [call.params for call in bot.slack.wait_for("respond", count)]


def asked(bot: RunningBot, doubted: Callable[..., None], *, event_id: str = "EvDoubt") -> dict[str, Any]:
    """Sends REPLY in the DM, read with a doubt, and returns the bot's question."""
    doubted(REPLY, "the date may not be a forecast")
    question = dm(bot, REPLY, event_id=event_id)
    assert question is not None
    assert_valid_message(question)
    return question


def test_a_dm_read_with_a_doubt_is_recorded_once_when_its_owner_clicks_record(
        bot: RunningBot, doubted: Callable[..., None]) -> None:
    before = len(history(bot, "5c(i)"))
    question = asked(bot, doubted)
    text = all_text(question["blocks"])
    assert READ_AS in text and "“panel moved”" in text and "Nothing is recorded until you choose." in text
    assert list(buttons(question["blocks"])) == [RECORD, CHANGE]
    assert {b["value"] for b in buttons(question["blocks"]).values()} == {json.dumps({"ref": "5c(i)",
                                                                                    "event": "EvDoubt"})}
    assert len(history(bot, "5c(i)")) == before, "nothing is stored before the owner says so"

    click(bot, buttons(question["blocks"])[RECORD], name="record")
    recorded = responses(bot, 1)[-1]
    click(bot, buttons(question["blocks"])[RECORD], name="record-again")
    again = responses(bot, 2)[-1]
    assert_valid_message(recorded)
    assert recorded["replace_original"] is True
    assert "Recorded *Amber* for `5c(i)`" in recorded["text"] and "forecast 26 Jan 2018" in recorded["text"]
    assert list(buttons(recorded["blocks"])) == ["undo_update:5c(i)"]
    assert "(already recorded)" in again["text"]
    trail = history(bot, "5c(i)")
    assert len(trail) == before + 1
    assert (trail[-1].update.rating, trail[-1].update.commentary, trail[-1].update.via) == (
        "amber", "panel moved", "slack_dm")


def test_change_opens_the_form_filled_in_with_the_reading_and_the_form_records_it(
        bot: RunningBot, doubted: Callable[..., None]) -> None:
    before = len(history(bot, "5c(i)"))
    question = asked(bot, doubted)
    posted = bot.slack.posted()[-1]
    click(bot, buttons(question["blocks"])[CHANGE], name="change", message_ts=posted["ts"], blocks=question["blocks"])
    view = bot.slack.wait_for("views.open")[0].params["view"]
    assert_valid_view(view)
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["rating"]["initial_option"]["value"] == "amber"
    assert fields["commentary"]["initial_value"] == "panel moved"
    assert fields["forecast"]["initial_date"] == "2018-01-26"
    assert "initial_value" not in fields["evidence"], "the reply gave no link"
    changing = responses(bot, 1)[-1]
    assert_valid_message(changing)
    assert buttons(changing["blocks"]) == {}, "Record cannot record the reading once the form has it"
    assert len(history(bot, "5c(i)")) == before

    values = modal_values("amber", "panel moved to February", forecast="2018-02-02")
    submitted = view_submission_body("update_modal", values, user_id="UMASH", private_metadata=view["private_metadata"])
    assert bot.send(submitted) == (200, "")
    redrawn = bot.slack.wait_for("chat.update")[0].params
    assert redrawn["ts"] == posted["ts"] and list(buttons(redrawn["blocks"])) == ["undo_update:5c(i)"]
    latest = history(bot, "5c(i)")[-1].update
    assert len(history(bot, "5c(i)")) == before + 1
    assert (latest.rating, latest.commentary, latest.via) == ("amber", "panel moved to February", "modal")


def test_change_fills_in_the_link_the_reply_gave_as_typed_and_stores_nothing(
        bot: RunningBot, doubted: Callable[..., None]) -> None:
    typed = "5c(i) amber - panel moved, forecast 26 Jan, see <https://barnet.example.org/mash?a=1&b=2>"
    doubted(typed, "the date may not be a forecast")
    before = len(history(bot, "5c(i)"))
    question = dm(bot, typed, event_id="EvLinked")
    assert question is not None and "\nevidence linked\n" in all_text(question["blocks"])
    click(bot, buttons(question["blocks"])[CHANGE], name="change", blocks=question["blocks"])
    view = bot.slack.wait_for("views.open")[0].params["view"]
    assert_valid_view(view)
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["evidence"]["initial_value"] == "https://barnet.example.org/mash?a=1&b=2"
    assert len(history(bot, "5c(i)")) == before, "Change only reads the reply again"


def test_a_choice_whose_reading_is_in_doubt_asks_before_recording(bot: RunningBot,
                                                                  doubted: Callable[..., None]) -> None:
    text = "amber - waiting on the police rota"
    doubted(text, "two ratings named")
    question = dm(bot, text, event_id="EvChoice")
    assert question is not None and question["text"] == "Which action is this about?"
    choice = next(iter(buttons(question["blocks"]).values()))
    ref = json.loads(choice["value"])["ref"]
    before = len(history(bot, ref))

    click(bot, choice, name="choose")
    confirm = responses(bot, 1)[-1]
    assert_valid_message(confirm)
    assert f"I read *Amber*, no forecast date for `{ref}` — two ratings named" in all_text(confirm["blocks"])
    assert len(history(bot, ref)) == before

    click(bot, buttons(confirm["blocks"])[f"record_reading:{ref}"], name="record")
    assert f"Recorded *Amber* for `{ref}`" in responses(bot, 2)[-1]["text"]
    assert len(history(bot, ref)) == before + 1
    assert history(bot, ref)[-1].update.commentary == "waiting on the police rota"


def test_an_update_command_in_doubt_is_kept_and_recorded_on_record(bot: RunningBot,
                                                                   doubted: Callable[..., None]) -> None:
    doubted(REPLY, "the date may not be a forecast")
    before = len(history(bot, "5c(i)"))
    answer = command(bot, REPLY, trigger="T.doubt")
    assert_valid_message(answer)
    assert answer["response_type"] == "ephemeral" and READ_AS in all_text(answer["blocks"])
    assert json.loads(buttons(answer["blocks"])[RECORD]["value"]) == {"ref": "5c(i)", "event": "command:T.doubt"}
    assert len(history(bot, "5c(i)")) == before

    click(bot, buttons(answer["blocks"])[RECORD], name="record")
    assert "Recorded *Amber* for `5c(i)`" in responses(bot, 2)[-1]["text"]
    latest = history(bot, "5c(i)")[-1].update
    assert (latest.rating, latest.commentary, latest.via, latest.forecast.isoformat()) == (
        "amber", "panel moved", "command", "2018-01-26")


def test_update_typed_in_the_dm_in_doubt_is_recorded_as_the_command_would(bot: RunningBot,
                                                                          doubted: Callable[..., None]) -> None:
    doubted(REPLY, "the date may not be a forecast")
    before = len(history(bot, "5c(i)"))
    question = dm(bot, f"update {REPLY}", event_id="EvTyped")
    assert question is not None and READ_AS in all_text(question["blocks"])
    assert len(history(bot, "5c(i)")) == before
    click(bot, buttons(question["blocks"])[RECORD], name="record")
    assert "Recorded *Amber* for `5c(i)`" in responses(bot, 1)[-1]["text"]
    latest = history(bot, "5c(i)")[-1].update
    assert (latest.commentary, latest.via) == ("panel moved", "command")


def test_a_stale_record_button_says_so_and_stores_nothing(bot: RunningBot) -> None:
    before = len(history(bot, "5c(i)"))
    gone = {"action_id": RECORD, "value": json.dumps({"ref": "5c(i)", "event": "EvNeverKept"})}
    click(bot, gone, name="gone")
    forged = {"action_id": RECORD, "value": "not json"}
    click(bot, forged, name="forged")
    said = sorted(call["text"] for call in responses(bot, 2))
    assert said == ["I no longer have that reply: send your update again, starting with the action's ref.",
                    "That button is out of date: send your update again."]
    assert len(history(bot, "5c(i)")) == before


def test_record_on_a_reading_the_owner_has_since_overtaken_stores_nothing(
        bot: RunningBot, doubted: Callable[..., None]) -> None:
    question = asked(bot, doubted, event_id="EvOld")
    newer = dm(bot, "5c(i) red - supplier pulled out", event_id="EvNew", ts="1516443600.000100")
    assert newer is not None and "Recorded *Red*" in newer["text"]
    trail = history(bot, "5c(i)")
    click(bot, buttons(question["blocks"])[RECORD], name="record-stale")
    said = responses(bot, 1)[-1]
    assert "5c(i) has been updated since you sent that, so nothing was recorded" in said["text"]
    assert history(bot, "5c(i)") == trail
