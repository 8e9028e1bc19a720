"""Collecting updates through signed HTTP: buttons, the form, free text, `/readiness update`, undo, refusals."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, get_args

import pytest

from governance import services
from governance.audit import audit_trail
from governance.clock import FixedClock
from governance.conversation import Outcome
from governance.programme import Programme
from handlers.slack.deps import SlackDeps
from handlers.slack.server import stop
from storage.store import Store
from tests.conftest import AS_OF
from tests.slack.blockkit import all_text, assert_valid_message, assert_valid_view
from tests.slack.conftest import RunningBot, slack_deps, start_bot
from tests.slack_signing import block_actions_body, event_body, slash_command_body, view_submission_body
from tests.slack_standin import SlackStandIn


def history(bot: RunningBot, ref: str) -> list:
    return audit_trail(ref, uow=bot.store.uow()).entries


def command(bot: RunningBot, text: str, user: str = "UMASH", trigger: str = "T.1") -> dict:
    before = len(bot.slack.calls_to("respond"))
    body = slash_command_body("/readiness", f"update {text}", user_id=user, response_url=bot.slack.response_url("cmd"),
                              trigger_id=trigger)
    assert bot.send(body) == (200, "")
    return bot.slack.wait_for("respond", before + 1)[-1].params


def dm(bot: RunningBot, text: str, *, event_id: str, user: str = "UMASH", ts: str = "1516440000.000100",
       thread_ts: str | None = None, expect_reply: bool = True) -> dict | None:
    before = len(bot.slack.calls_to("chat.postMessage"))
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "text": text, "ts": ts,
             "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    status, _ = bot.send(event_body(event, event_id=event_id), content_type="application/json")
    assert status == 200
    if not expect_reply:
        return None
    return bot.slack.wait_for("chat.postMessage", before + 1)[-1].params


def click(bot: RunningBot, element: dict, *, user: str = "UMASH", channel: str = "DUMASH",
          message_ts: str = "1700000000.000100", name: str = "click", blocks: list[dict] | None = None) -> None:
    """Clicks a button on the message with `blocks` (as Slack sends the message clicked on)."""
    container = {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False}
    message = {"ts": message_ts, "type": "message", **({"blocks": blocks} if blocks else {})}
    body = block_actions_body(element["action_id"], element["value"], user_id=user, container=container,
                              response_url=bot.slack.response_url(name), channel_id=channel, message=message)
    assert bot.send(body)[0] == 200


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def prompt(bot: RunningBot, ref: str, user: str = "UMASH") -> dict:
    """Sends `/readiness update REF` and returns the prompt DM the bot posted."""
    command(bot, ref, user=user)
    posted = bot.slack.wait_for("chat.postMessage")[-1].params
    assert_valid_message(posted)
    return posted


def test_update_ref_sends_the_prompt_as_a_dm(bot: RunningBot) -> None:
    answer = command(bot, "5c(i)")
    assert "sent you the prompt for `5c(i)`" in answer["text"]
    assert bot.slack.calls_to("conversations.open")[0].params["users"] == "UMASH"
    posted = bot.slack.wait_for("chat.postMessage")[0].params
    assert posted["channel"] == "DUMASH"
    text = all_text(posted["blocks"])
    assert "*5c(i)* Strategy discussions: LCS recording" in text and "Due Wed 28 Feb 2018" in text
    assert "Last update" in text
    assert set(buttons(posted["blocks"])) == {"rate_blue:5c(i)", "rate_green:5c(i)", "rate_amber:5c(i)",
                                              "rate_red:5c(i)", "add_detail:5c(i)"}
    assert buttons(posted["blocks"])["rate_blue:5c(i)"]["text"]["text"] == "Blue (add evidence)"


def test_a_button_records_at_once_and_a_double_click_records_once(bot: RunningBot) -> None:
    posted = prompt(bot, "5c(i)")
    green = buttons(posted["blocks"])["rate_green:5c(i)"]
    before = len(history(bot, "5c(i)"))
    click(bot, green, message_ts="1700000000.000100", blocks=posted["blocks"])
    confirmation = bot.slack.wait_for("respond", 2)[-1].params
    assert confirmation["replace_original"] is True
    assert "Recorded *Green* for `5c(i)`" in confirmation["text"]
    assert_valid_message(confirmation)
    assert list(buttons(confirmation["blocks"])) == ["undo_update:5c(i)"]
    assert confirmation["blocks"][-1] == posted["blocks"][-1], "the rest of the prompt stays"
    click(bot, green, message_ts="1700000000.000100", name="again")
    bot.slack.wait_for("respond", 3)
    trail = history(bot, "5c(i)")
    assert len(trail) == before + 1
    assert (trail[-1].update.rating, trail[-1].update.via, trail[-1].update.by) == (
        "green", "slack_dm", "head.mash@example.org")


def test_blue_needs_evidence_so_it_opens_the_modal(bot: RunningBot) -> None:
    posted = prompt(bot, "5c(i)")
    before = len(history(bot, "5c(i)"))
    click(bot, buttons(posted["blocks"])["rate_blue:5c(i)"])
    view = bot.slack.wait_for("views.open")[0].params["view"]
    assert_valid_view(view)
    assert view["blocks"][1]["element"]["initial_option"]["value"] == "blue"
    assert len(history(bot, "5c(i)")) == before


def modal_values(rating: str | None, commentary: str = "", evidence: str = "", forecast: str | None = None) -> dict:
    return {
        "rating": {"value": {"type": "static_select", "selected_option": {"value": rating} if rating else None}},
        "commentary": {"value": {"type": "plain_text_input", "value": commentary or None}},
        "evidence": {"value": {"type": "plain_text_input", "value": evidence or None}},
        "forecast": {"value": {"type": "datepicker", "selected_date": forecast}},
    }


def submit(bot: RunningBot, values: dict, *, user: str = "UMASH", view_id: str = "V1") -> tuple[int, str]:
    metadata = json.dumps({"ref": "5c(i)", "channel": "DUMASH", "ts": "1700000000.000100"})
    return bot.send(view_submission_body("update_modal", values, user_id=user, private_metadata=metadata,
                                         view_id=view_id))


def test_the_modal_shows_field_errors_and_stores_nothing(bot: RunningBot) -> None:
    before = len(history(bot, "5c(i)"))
    status, body = submit(bot, modal_values(None, "no rating chosen"))
    assert status == 200 and json.loads(body) == {"response_action": "errors",
                                                   "errors": {"rating": "Choose a rating."}}
    status, body = submit(bot, modal_values("amber", evidence="see the shared drive"))
    assert json.loads(body)["errors"] == {"evidence": "Give a link starting with https://"}
    status, body = submit(bot, modal_values("blue", "all done"))
    assert "evidence link" in json.loads(body)["errors"]["evidence"]
    assert len(history(bot, "5c(i)")) == before


def test_a_modal_submission_records_everything_once(bot: RunningBot) -> None:
    values = modal_values("blue", "LCS form live for all teams <!channel>", "https://intranet.example.org/lcs",
                          "2018-02-12")
    assert submit(bot, values) == (200, "")
    assert submit(bot, values) == (200, "")
    confirmation = bot.slack.wait_for("chat.postMessage")[0].params
    assert confirmation["channel"] == "DUMASH"
    assert "&lt;!channel&gt;" in confirmation["text"] and "<!channel>" not in confirmation["text"]
    latest = history(bot, "5c(i)")[-1].update
    assert (latest.rating, latest.via, latest.evidence, latest.forecast) == (
        "blue", "modal", "https://intranet.example.org/lcs", date(2018, 2, 12))
    assert latest.commentary == "LCS form live for all teams <!channel>"
    assert [e.update.via for e in history(bot, "5c(i)")].count("modal") == 1


def test_the_form_requires_a_rating_and_starts_from_the_current_one(bot: RunningBot) -> None:
    posted = prompt(bot, "5c(i)")
    click(bot, buttons(posted["blocks"])["add_detail:5c(i)"])
    view = bot.slack.wait_for("views.open")[0].params["view"]
    rating = view["blocks"][1]
    assert rating["block_id"] == "rating" and not rating.get("optional")
    assert rating["element"]["initial_option"]["value"] == "green"


def test_a_submitted_form_redraws_the_prompt_it_came_from(bot: RunningBot) -> None:
    posted = prompt(bot, "5c(i)")
    prompt_ts = bot.slack.wait_for("chat.postMessage")[-1].params
    ts = bot.slack.posted()[-1]["ts"]
    click(bot, buttons(posted["blocks"])["add_detail:5c(i)"], message_ts=ts)
    metadata = bot.slack.wait_for("views.open")[0].params["view"]["private_metadata"]
    values = modal_values("amber", "supplier late", forecast="2018-02-12")
    assert bot.send(view_submission_body("update_modal", values, user_id="UMASH", private_metadata=metadata)) == (
        200, "")
    redrawn = bot.slack.wait_for("chat.update")[0].params
    assert (redrawn["channel"], redrawn["ts"]) == (prompt_ts["channel"], ts)
    assert_valid_message(redrawn)
    assert "Recorded *Amber* for `5c(i)`" in all_text(redrawn["blocks"])
    assert list(buttons(redrawn["blocks"])) == ["undo_update:5c(i)"]
    assert len(bot.slack.calls_to("chat.postMessage")) == 1, "the prompt itself shows what was recorded"


def test_a_form_from_someone_the_plan_does_not_know_is_answered_in_one_line(bot: RunningBot) -> None:
    before = services.export_plan(uow=bot.store.uow()).updates
    status, body = submit(bot, modal_values("green", "all fine"), user="USTRANGER")
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert answer["errors"]["rating"].startswith("Sorry, I don't know you yet") and len(answer["errors"]["rating"]) <= 150
    assert services.export_plan(uow=bot.store.uow()).updates == before


def test_free_text_in_the_dm_with_a_ref(bot: RunningBot) -> None:
    reply = dm(bot, "5c(i) amber - LCS changes delayed by the supplier, forecast 12 Feb", event_id="Ev1")
    assert reply["channel"] == "DUMASH" and "thread_ts" not in reply
    assert "Recorded *Amber* for `5c(i)`" in reply["text"] and "forecast 12 Feb 2018" in reply["text"]
    latest = history(bot, "5c(i)")[-1].update
    assert (latest.rating, latest.commentary, latest.forecast) == (
        "amber", "LCS changes delayed by the supplier", date(2018, 2, 12))


def test_free_text_in_the_prompts_thread_is_about_that_action(bot: RunningBot) -> None:
    posted = prompt(bot, "4c")
    ts = bot.slack.calls_to("chat.postMessage")[0]
    prompt_ts = "1700000000.000100"
    assert posted["channel"] == "DUMASH" and ts
    reply = dm(bot, "G - head teachers' MASH visits booked to March", event_id="Ev2", thread_ts=prompt_ts,
               ts="1516440100.000200")
    assert reply["thread_ts"] == prompt_ts
    assert "Recorded *Green* for `4c`" in reply["text"]
    assert history(bot, "4c")[-1].update.commentary == "head teachers' MASH visits booked to March"


def test_an_ambiguous_reply_asks_which_action(bot: RunningBot) -> None:
    question = dm(bot, "amber - waiting on the police rota", event_id="Ev3")
    assert_valid_message(question)
    choices = buttons(question["blocks"])
    labels = [c["text"]["text"] for c in choices.values()]
    assert [label.split()[0] for label in labels] == ["3a", "4a", "4c", "5c(i)"]
    assert len(history(bot, "4a")) == len(history(bot, "4a"))
    before = len(history(bot, "4c"))
    click(bot, choices["choose_2"], message_ts="1700000000.000200", name="choose")
    answer = bot.slack.wait_for("respond")[-1].params
    assert "Recorded *Amber* for `4c`" in answer["text"]
    trail = history(bot, "4c")
    assert len(trail) == before + 1 and trail[-1].update.commentary == "waiting on the police rota"
    click(bot, choices["choose_1"], message_ts="1700000000.000200", name="choose-again")
    assert "(already recorded)" in bot.slack.wait_for("respond", 2)[-1].params["text"]
    assert len(history(bot, "4a")) == len(history(bot, "4a"))


def test_a_long_ambiguous_reply_is_kept_and_recorded_whole(bot: RunningBot) -> None:
    text = "amber – “the police rota” 🚓 is still not agreed; " + "the partnership’s next step is unclear. " * 35
    question = dm(bot, text, event_id="EvLong")
    assert_valid_message(question)
    choices = buttons(question["blocks"])
    assert all(len(c["value"]) < 100 for c in choices.values())
    click(bot, choices["choose_2"], message_ts="1700000000.000200", name="choose")
    assert "Recorded *Amber* for `4c`" in bot.slack.wait_for("respond")[-1].params["text"]
    assert history(bot, "4c")[-1].update.commentary.startswith("“the police rota” 🚓 is still not agreed")


def test_undo_records_a_new_update_that_restores_the_previous_state(bot: RunningBot) -> None:
    before = history(bot, "5c(i)")
    reply = dm(bot, "5c(i) red - supplier pulled out", event_id="Ev4")
    undo = buttons(reply["blocks"])["undo_update:5c(i)"]
    click(bot, undo, name="undo", blocks=reply["blocks"])
    click(bot, undo, name="undo-again", blocks=reply["blocks"])
    answer = bot.slack.wait_for("respond", 2)[0].params
    assert_valid_message(answer)
    assert "is back to *Green*" in all_text(answer["blocks"])
    assert set(buttons(answer["blocks"])) == {"rate_blue:5c(i)", "rate_green:5c(i)", "rate_amber:5c(i)",
                                              "rate_red:5c(i)", "add_detail:5c(i)"}
    after = history(bot, "5c(i)")
    assert len(after) == len(before) + 2
    assert after[-1].update.rating == before[-1].update.rating == "green"
    assert after[-1].update.commentary.startswith("Undo: back to Green")
    assert [e.update for e in after[: len(before)]] == [e.update for e in before]


def test_an_unreadable_reply_gets_an_example_and_stores_nothing(bot: RunningBot) -> None:
    before = services.export_plan(uow=bot.store.uow()).updates
    reply = dm(bot, "hello, is this thing on?", event_id="Ev5")
    assert reply["text"].startswith("I couldn't find a rating in that, so nothing was recorded. Try `amber")
    assert services.export_plan(uow=bot.store.uow()).updates == before


@pytest.mark.parametrize("text, answer", [
    ("5c(i) amber forecast 31/02", "31/02 is not a date"),
    ("5c(i) amber " + "x" * 3001, "keep it under 3000"),
    ("5b(ii) green training delivered", "Nothing was recorded: 5b(ii) is owned by someone else"),
    ("5zz green", "no action 5zz"),
    ("green all good", "Start with the action's ref"),
    ("", "Say which action and how it is going"),
    ("   ", "Say which action and how it is going"),
])
def test_update_command_bad_input_changes_nothing(bot: RunningBot, text: str, answer: str) -> None:
    before = services.export_plan(uow=bot.store.uow()).updates
    reply = command(bot, text)
    assert answer in reply["text"] and reply["response_type"] == "ephemeral"
    assert services.export_plan(uow=bot.store.uow()).updates == before


def test_update_command_records_for_owner_theme_lead_and_pmo_only(bot: RunningBot) -> None:
    reply = command(bot, "5c(i) on track, testing complete in MASH", trigger="T.a")
    assert "Recorded *Green* for `5c(i)`" in reply["text"]
    assert history(bot, "5c(i)")[-1].update.via == "command"
    assert "Recorded *Amber*" in command(bot, "5b(ii) amber, Practice Week audit pending", user="ULEAD",
                                        trigger="T.b")["text"]
    assert "Recorded *Red*" in command(bot, "5e red - no SEAM data", user="UPMO", trigger="T.c")["text"]
    chair = command(bot, "5e green", user="UCHAIR", trigger="T.d")
    assert chair["text"].startswith("Nothing was recorded: you can read the plan but not rate actions")
    stranger = command(bot, "5e green", user="USTRANGER", trigger="T.e")
    assert stranger["text"].startswith("Sorry, I don't know you yet")


def test_a_retried_event_records_one_update(bot: RunningBot) -> None:
    before = len(history(bot, "4c"))
    dm(bot, "4c green - visits booked", event_id="EvSame", ts="1516440200.000300")
    dm(bot, "4c green - visits booked", event_id="EvSame", ts="1516440200.000300", expect_reply=False)
    assert len(history(bot, "4c")) == before + 1
    assert len(bot.slack.calls_to("chat.postMessage")) == 1


def test_messages_from_bots_and_edits_are_ignored(bot: RunningBot) -> None:
    before = services.export_plan(uow=bot.store.uow()).updates
    event = {"type": "message", "channel_type": "im", "channel": "DUMASH", "bot_id": "BBOT", "text": "4c green",
             "ts": "1516440300.000100"}
    assert bot.send(event_body(event, event_id="EvBot"), content_type="application/json")[0] == 200
    edited = {**event, "subtype": "message_changed", "bot_id": None}
    assert bot.send(event_body(edited, event_id="EvEdit"), content_type="application/json")[0] == 200
    assert services.export_plan(uow=bot.store.uow()).updates == before
    assert bot.slack.calls_to("chat.postMessage") == []


def test_history_survives_as_of_views(bot: RunningBot) -> None:
    command(bot, "5c(i) amber, waiting for supplier", trigger="T.f")
    status = services.action_status("5c(i)", uow=bot.store.uow(), now=AS_OF)
    assert status.state.rating == "amber"


@dataclass(frozen=True)
class OutcomesSeen(Programme):
    """The use cases, noting the type of every outcome a conversation returns."""

    seen: set[type] = field(default_factory=set)

    def converse(self, *args: Any, **kwargs: Any) -> Outcome:
        outcome = super().converse(*args, **kwargs)
        self.seen.add(type(outcome))
        return outcome


def test_every_outcome_of_a_dm_is_answered_in_the_dm(example_store: Store, slack: SlackStandIn,
                                                   doubted: Callable[..., None]) -> None:
    programme = OutcomesSeen(example_store.uow, FixedClock(AS_OF), "Europe/London")
    bot, server = start_bot(example_store, slack, SlackDeps(programme))
    doubted("4c green overall, amber for the police rota", "two ratings named")
    slack.users["UPERF"] = {"id": "UPERF", "real_name": "Head of Performance",
                            "profile": {"email": "performance.lead@example.org"}}
    try:
        said = [dm(bot, text, event_id=f"EvOutcome{n}", ts=f"1516440400.00010{n}")["text"] for n, text in enumerate((
            "status theme 5", "update 4c", "snooze", "amber - waiting on the police rota", "4c green - visits booked",
            "4c green overall, amber for the police rota"))]
        said += [dm(bot, text, event_id=f"EvFigure{n}", user="UPERF", ts=f"1516440500.00010{n}")["text"]
                 for n, text in enumerate(("repeat referrals 18.1%", "repeat referrals 240%"))]
    finally:
        stop(server)
    assert programme.seen == set(get_args(Outcome)), "a DM of each kind the core can answer"
    assert said[0] == "Theme 5: Improving Assessment for children"
    assert said[1].startswith("How is 4c ")
    assert said[2].startswith("Snoozed: no check-in before Mon 22 Jan")
    assert said[3] == "Which action is this about?"
    assert "Recorded *Green* for `4c`" in said[4]
    assert "I read *Green*, no forecast date for `4c` — two ratings named" in said[5]
    assert "Recorded December 2017 for Repeat referrals within 12 months: 18.1%" in said[6]
    assert "Is 240% right for Repeat referrals within 12 months" in said[7]


def test_a_dm_without_its_channel_is_still_recorded_and_let_go(bot: RunningBot) -> None:
    """The reply is kept before the acknowledgement; an event short of a field must still reach the core, which
    finishes it, rather than fail before and be read again for ever."""
    event = {"type": "message", "channel_type": "im", "user": "UMASH", "text": "4c green - visits booked",
             "ts": "1516440500.000100"}
    assert bot.send(event_body(event, event_id="EvNoChannel"), content_type="application/json")[0] == 200
    said = bot.slack.wait_for("chat.postMessage")[-1].params
    assert said["channel"] == "UMASH" and "Recorded *Green* for `4c`" in said["text"]
    assert slack_deps(bot.store, AS_OF + timedelta(minutes=5)).programme.unfinished_replies() == []


def test_a_dm_naming_no_sender_is_neither_kept_nor_read(bot: RunningBot) -> None:
    before = services.export_plan(uow=bot.store.uow()).updates
    event = {"type": "message", "channel_type": "im", "channel": "DUMASH", "text": "4c green - visits booked",
             "ts": "1516440500.000200"}
    assert bot.send(event_body(event, event_id="EvNoUser"), content_type="application/json")[0] == 200
    assert slack_deps(bot.store, AS_OF + timedelta(minutes=5)).programme.unfinished_replies() == []
    assert services.export_plan(uow=bot.store.uow()).updates == before
    assert bot.slack.calls_to("chat.postMessage") == []
