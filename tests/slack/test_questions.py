"""The programme's own words to the bot: `status theme 5` in a DM or after an @mention gets the command's
answer, while an owner's "Status: green - …" is still an update."""
from __future__ import annotations

import pytest

from governance.audit import audit_trail
from scheduling.tick import tick
from tests.scheduling.conftest import at
from tests.slack.blockkit import all_text, assert_valid_message
from tests.slack.conftest import RunningBot
from tests.slack.test_reminders import dispatcher
from tests.slack.test_status_command import ask
from tests.slack.test_updates import buttons, dm
from tests.slack_signing import block_actions_body, event_body


def mention(bot: RunningBot, text: str, *, event_id: str, user: str = "UMASH", thread_ts: str | None = None) -> None:
    event = {"type": "app_mention", "channel": "C1", "user": user, "text": f"<@UBOT> {text}",
             "ts": "1516440000.000900", "event_ts": "1516440000.000900"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    assert bot.send(event_body(event, event_id=event_id), content_type="application/json")[0] == 200


def assert_answered_as_the_command(bot: RunningBot, said: str, asked: str) -> None:
    """`said` in a DM gets what `/readiness asked` gets, without its buttons: there is nothing to share a DM into."""
    answer = dm(bot, said, event_id=f"Ev-{said}")
    assert_valid_message(answer)
    assert answer["channel"] == "DUMASH"
    command = ask(bot, asked)
    without_buttons = lambda blocks: [b for b in blocks if b["type"] != "actions"]  # noqa: E731
    assert without_buttons(answer["blocks"]) == without_buttons(command["blocks"])
    assert "Share in channel" not in all_text(answer["blocks"])


@pytest.mark.parametrize("text", ["status theme 5", "theme 5", "Status theme 5"])
def test_a_question_in_a_dm_gets_the_commands_answer(bot: RunningBot, text: str) -> None:
    assert_answered_as_the_command(bot, text, "status theme 5")


def test_status_mine_in_a_dm_is_about_whoever_sent_it(bot: RunningBot) -> None:
    assert_answered_as_the_command(bot, "status mine", "mine")


@pytest.mark.parametrize("text, rating, ref", [
    ("Status: green - training done", "green", "5c(i)"),
    ("status for 5b(ii): red, deadline missed", "red", "5b(ii)"),
])
def test_an_owners_status_words_are_still_an_update(bot: RunningBot, text: str, rating: str, ref: str) -> None:
    owner = "ULEAD" if ref == "5b(ii)" else "UMASH"
    before = len(audit_trail(ref, uow=bot.store.uow()).entries)
    reply = dm(bot, f"{text}" if ref == "5b(ii)" else f"5c(i) {text}", event_id=f"Ev-{text}", user=owner)
    assert f"Recorded *{rating.title()}* for `{ref}`" in reply["text"]
    assert len(audit_trail(ref, uow=bot.store.uow()).entries) == before + 1


def test_help_and_update_words_work_in_a_dm(bot: RunningBot) -> None:
    assert "What I can tell you" in all_text(dm(bot, "help", event_id="EvHelp")["blocks"])
    recorded = dm(bot, "update 5c(i) amber - supplier late", event_id="EvUpd", ts="1516440000.000300")
    assert "Recorded *Amber* for `5c(i)`" in recorded["text"]
    asked = dm(bot, "update 5c(i)", event_id="EvPrompt", ts="1516440000.000400")
    assert asked["text"].startswith("How is 5c(i)") and "rate_green:5c(i)" in buttons(asked["blocks"])


def test_a_mention_is_answered_in_its_thread_for_the_channel(bot: RunningBot) -> None:
    mention(bot, "status theme 5", event_id="EvM1")
    answer = bot.slack.wait_for("chat.postMessage")[0].params
    assert_valid_message(answer)
    assert (answer["channel"], answer["thread_ts"]) == ("C1", "1516440000.000900")
    assert answer["blocks"][0]["text"]["text"] == "Theme 5: Improving Assessment for children"
    assert "shared by <@UMASH>" in all_text(answer["blocks"])


def test_a_mention_the_bot_cannot_answer_is_told_to_the_asker_alone(bot: RunningBot) -> None:
    mention(bot, "weather", event_id="EvM2")
    refusal = bot.slack.wait_for("chat.postEphemeral")[0].params
    assert (refusal["channel"], refusal["user"]) == ("C1", "UMASH") and "thread_ts" not in refusal
    assert refusal["text"].startswith("I can't read `weather`")
    mention(bot, "status theme 5", event_id="EvM3", user="USTRANGER", thread_ts="1516440000.000100")
    stranger = bot.slack.wait_for("chat.postEphemeral", 2)[-1].params
    assert stranger["text"].startswith("Sorry, I don't know you yet") and stranger["thread_ts"] == "1516440000.000100"
    mention(bot, "update 5c(i) green", event_id="EvM4")
    assert "in a DM with me" in bot.slack.wait_for("chat.postEphemeral", 3)[-1].params["text"]
    assert bot.slack.calls_to("chat.postMessage") == []


def test_next_on_a_mentions_answer_is_answered_privately(bot: RunningBot) -> None:
    mention(bot, "status plan", event_id="EvM5")
    answer = bot.slack.wait_for("chat.postMessage")[0].params
    following = buttons(answer["blocks"])["status_page_next"]
    message = {"ts": "1516440000.000950", "blocks": answer["blocks"]}
    bot.send(block_actions_body("status_page_next", following["value"], user_id="ULEAD", channel_id="C1",
                                response_url=bot.slack.response_url("next"), message=message))
    page = bot.slack.wait_for("respond")[0].params
    assert page["replace_original"] is False and page["response_type"] == "ephemeral"
    assert "Actions page 2 of" in all_text(page["blocks"])


def test_next_on_a_digest_in_the_pmo_channel_is_answered_privately(bot: RunningBot) -> None:
    tick(dispatcher(bot.store, bot.slack, at("2018-01-16")), bot.store.uow)
    [digest] = bot.slack.messages["CPMO"]
    assert "Share in channel" not in all_text(digest["blocks"]), "it is in the channel already"
    following = buttons(digest["blocks"])["status_page_next"]
    message = {"ts": digest["ts"], "blocks": digest["blocks"]}
    bot.send(block_actions_body("status_page_next", following["value"], user_id="UPMO", channel_id="CPMO",
                                response_url=bot.slack.response_url("next"), message=message))
    page = bot.slack.wait_for("respond")[0].params
    assert page["replace_original"] is False and page["response_type"] == "ephemeral"
    assert "Actions page 2 of" in all_text(page["blocks"])
