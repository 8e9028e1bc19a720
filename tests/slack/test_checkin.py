"""The daily check-in through signed HTTP: its limits, what chairs and leads see, and Snooze, On leave… and
Not mine as buttons and as words."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from governance.model import Action
from governance.reminders import CHECK_IN_SHOWS, PMO_CHANNEL, Status
from handlers.slack import checkin
from handlers.slack.server import http_server, stop
from handlers.slack.settings import SlackSettings
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import at
from tests.slack.blockkit import all_text, assert_valid_message, assert_valid_view
from tests.slack.conftest import SECRET, RunningBot, app_for, slack_deps
from tests.slack.test_reminders import dispatcher
from tests.slack_signing import block_actions_body, event_body, view_submission_body
from tests.slack_standin import SlackStandIn

NOW = at("2018-01-16", "10:00")
CARE, DUTY = "head.cic.careleavers@example.org", "head.duty.assessment@example.org"
MASH, LEAD = "head.mash@example.org", "od.social.care@example.org"
MORE_PEOPLE = {"UCARE": CARE, "UDUTY": DUTY, "UBOARD": "chair.improvement.board@example.org"}


@pytest.fixture
def bot(example_store: Store, slack: SlackStandIn) -> Iterator[RunningBot]:
    """The bot with the check-in's listeners, its clock at 10:00 on Tue 16 Jan 2018, after that day's check-ins."""
    for user_id, email in MORE_PEOPLE.items():
        slack.users[user_id] = {"id": user_id, "real_name": email, "profile": {"email": email}}
    app = app_for(slack_deps(example_store, NOW),
                  SlackSettings("xoxb-test", SECRET, None, slack.api_url))
    server = http_server(app, example_store, signing_secret=SECRET, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield RunningBot(f"http://127.0.0.1:{server.effective_port}", slack, example_store)
    stop(server)


def deliver(bot: RunningBot, day: str, clock: str = "09:00") -> None:
    tick(dispatcher(bot.store, bot.slack, at(day, clock)), bot.store.uow)


def check_in_of(bot: RunningBot, channel: str, day: str = "2018-01-16") -> dict[str, Any]:
    [message] = [m for m in bot.slack.messages[channel]
                 if (m.get("metadata") or {}).get("event_payload", {}).get("key", "").endswith(day)]
    return message


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def click(bot: RunningBot, message: dict[str, Any], action_id: str, *, user: str, channel: str,
          name: str = "click") -> None:
    element = buttons(message["blocks"])[action_id]
    container = {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False}
    body = block_actions_body(action_id, element["value"], user_id=user, container=container, channel_id=channel,
                              response_url=bot.slack.response_url(name),
                              message={"ts": message["ts"], "type": "message", "blocks": message["blocks"]})
    assert bot.send(body)[0] == 200


def pending_notices(store: Store) -> list[tuple[str, str]]:
    with store.uow() as uow:
        return sorted((i.reminder.recipient, i.reminder.reason) for i in uow.outbox.items(statuses=[Status.PENDING])
                      if i.reminder.kind.value == "notice")


def test_a_busy_check_in_shows_the_most_pressing_inside_slacks_limits(bot: RunningBot) -> None:
    with bot.store.uow() as uow:
        for n in range(14):
            uow.plan.save_action(Action(f"5z{chr(ord('a') + n)}", 5, f"Busy action {n} <!channel>", MASH,
                                        date(2018, 1, 23)))
        uow.commit()
    deliver(bot, "2018-01-16")
    message = check_in_of(bot, "DUMASH")
    assert_valid_message(message)
    assert len(message["blocks"]) == 1 + 2 * CHECK_IN_SHOWS + 3
    text = all_text(message["blocks"])
    assert "14 actions need you" in text and "&lt;!channel&gt;" in text and "<!channel>" not in text
    assert f"and {14 - CHECK_IN_SHOWS} more (5zi, 5zj, 5zk, 5zl, 5zm, 5zn) — reply `REF rating …` or open Home" in text
    assert message["metadata"]["event_payload"]["refs"] == [f"5z{chr(ord('a') + n)}" for n in range(CHECK_IN_SHOWS)]


def test_a_chair_reads_an_escalation_and_a_lead_may_rate_one(bot: RunningBot) -> None:
    deliver(bot, "2018-01-15")
    deliver(bot, "2018-01-22")
    board = check_in_of(bot, "DUBOARD", "2018-01-22")
    assert_valid_message(board)
    assert set(buttons(board["blocks"])) == {"checkin_snooze", "checkin_leave"}
    assert "_escalated: overdue since 31 Dec 2017 (10+ working days); owner Head of Service, Duty and Assessment_" \
        in all_text(board["blocks"])
    assert board["metadata"]["event_payload"]["refs"] == []
    lead = check_in_of(bot, "DULEAD", "2018-01-15")
    ids = set(buttons(lead["blocks"]))
    assert {"rate_amber:1a", "rate_amber:6c", "rate_amber:5c(ii)", "not_mine:1a"} <= ids
    assert not {"not_mine:6c", "not_mine:5c(ii)"} & ids


def test_snooze_holds_back_check_ins_and_says_so_on_the_check_in(bot: RunningBot) -> None:
    deliver(bot, "2018-01-16")
    care = check_in_of(bot, "DUCARE")
    click(bot, care, "checkin_snooze", user="UCARE", channel="DUCARE")
    answer = bot.slack.wait_for("respond")[-1].params
    assert_valid_message(answer)
    assert answer["replace_original"] is True
    assert "checkin_snooze" not in buttons(answer["blocks"]) and "rate_amber:6c" in buttons(answer["blocks"])
    assert "💤 Snoozed: no check-in before Wed 17 Jan" in all_text(answer["blocks"])
    with bot.store.uow() as uow:
        [pause] = uow.outbox.pauses(after=date(2018, 1, 1), person=CARE)
    assert (pause.kind.value, pause.until) == ("snooze", date(2018, 1, 17))


def test_on_leave_opens_a_form_and_tells_the_leads_and_the_pmo(bot: RunningBot) -> None:
    deliver(bot, "2018-01-16")
    duty = check_in_of(bot, "DUDUTY")
    click(bot, duty, "checkin_leave", user="UDUTY", channel="DUDUTY")
    view = bot.slack.wait_for("views.open")[-1].params["view"]
    assert_valid_view(view)
    assert view["title"]["text"] == "On leave" and view["blocks"][1]["element"]["initial_date"] == "2018-01-23"
    metadata = view["private_metadata"]

    def submit(day: str | None) -> tuple[int, str]:
        values = {"until": {"value": {"type": "datepicker", "selected_date": day}}}
        return bot.send(view_submission_body(checkin.LEAVE_FORM, values, user_id="UDUTY", private_metadata=metadata))

    status, body = submit("2018-01-12")
    assert status == 200 and json.loads(body)["errors"]["until"].startswith("Fri 12 Jan 2018 is in the past")
    assert json.loads(submit(None)[1])["errors"] == {"until": "Choose the day you're back."}
    assert pending_notices(bot.store) == []
    before = len(bot.slack.calls_to("chat.postMessage"))
    assert submit("2018-02-05") == (200, "")
    said = bot.slack.wait_for("chat.postMessage", before + 1)[-1].params
    assert (said["channel"], said["thread_ts"]) == ("DUDUTY", duty["ts"])
    assert said["text"].startswith("Noted: you're on leave until Mon 05 Feb")
    assert [who for who, _ in pending_notices(bot.store)] == [PMO_CHANNEL, LEAD, "qa.lead@example.org"]
    submit("2018-02-05")
    again = bot.slack.wait_for("chat.postMessage", before + 2)[-1].params
    assert again["text"].startswith("Noted: you're on leave until Mon 05 Feb") and again["text"].endswith(
        " (Already noted.)")
    assert len(pending_notices(bot.store)) == 3, "said twice, told once"


def test_not_mine_passes_the_action_to_the_pmo_and_keeps_the_rest(bot: RunningBot) -> None:
    deliver(bot, "2018-01-16")
    care = check_in_of(bot, "DUCARE")
    click(bot, care, "not_mine:6c", user="UCARE", channel="DUCARE")
    answer = bot.slack.wait_for("respond")[-1].params
    assert_valid_message(answer)
    assert not {"rate_amber:6c", "not_mine:6c"} & set(buttons(answer["blocks"]))
    assert {"rate_amber:6k", "not_mine:6k", "checkin_snooze"} <= set(buttons(answer["blocks"]))
    assert "↪️ Thanks: I've told the programme office that 6c needs a new owner" in all_text(answer["blocks"])
    [(to, text)] = pending_notices(bot.store)
    assert to == PMO_CHANNEL and "says 6c " in text
    deliver(bot, "2018-01-16", "10:01")
    notice = bot.slack.messages["CPMO"][-1]
    assert_valid_message(notice)
    assert "it needs a new owner" in notice["text"]


def words(bot: RunningBot, text: str, *, user: str, thread_ts: str | None = None) -> tuple[bool, str]:
    """What the bot answers to a DM sent through signed HTTP (in the thread when given), and whether it was
    taken as an instruction rather than read as an update or a question."""
    before = len(bot.slack.calls_to("chat.postMessage"))
    ts = f"1516100000.{len(bot.slack.calls) + 1:06d}"
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "text": text, "ts": ts,
             "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {})}
    assert bot.send(event_body(event, event_id=f"Ev{ts}"), content_type="application/json")[0] == 200
    said = bot.slack.wait_for("chat.postMessage", before + 1)[-1].params
    if thread_ts:
        assert said["thread_ts"] == thread_ts
    return "blocks" not in said, said["text"]


def test_snooze_leave_and_not_mine_in_words(bot: RunningBot) -> None:
    deliver(bot, "2018-01-16")
    care, duty = check_in_of(bot, "DUCARE"), check_in_of(bot, "DUDUTY")
    assert words(bot, "remind me Monday", user="UCARE") == (
        True, "Snoozed: no check-in before Mon 22 Jan; the next comes that day if anything is still owed.")
    assert words(bot, "not mine", user="UCARE", thread_ts=care["ts"]) == (
        True, "Which action isn't yours? Say its ref, e.g. `not mine 5b(ii)`.")
    taken, said = words(bot, "not mine", user="UDUTY", thread_ts=duty["ts"])
    assert taken and said.startswith("Thanks: I've told the programme office that 5c(ii) needs a new owner")
    assert words(bot, "6k is not mine", user="UCARE", thread_ts=care["ts"])[1].startswith(
        "Thanks: I've told the programme office that 6k needs")
    assert [to for to, _ in pending_notices(bot.store)] == [PMO_CHANNEL, PMO_CHANNEL]


@pytest.mark.parametrize(("text", "said"), [
    ("snooze until 31/02", "31/02 is not a date"),
    ("on leave until 5 Jan", "Fri 05 Jan 2018 is in the past: give a day after today, e.g. `snooze until 23 Jan`."),
    ("on leave", "Say until when, e.g. `on leave until 5 Feb`: your check-ins start again that day."),
    ("not mine 5c(ii)", "5c(ii) isn't yours: it is owned by Head of Service, Duty and Assessment, so there is nothing "
                        "to pass on. Nothing was changed."),
])
def test_words_that_cannot_be_followed_get_one_line_and_change_nothing(bot: RunningBot, text: str, said: str) -> None:
    assert words(bot, text, user="UCARE") == (True, said)
    with bot.store.uow() as uow:
        assert uow.outbox.pauses(after=date(2018, 1, 1)) == []


def test_an_update_is_left_to_the_reply_reader(bot: RunningBot) -> None:
    assert words(bot, "amber - on leave until 5 Feb, forecast March", user="UCARE") == (
        False, "Which action is this about?")
    assert words(bot, "status theme 5", user="UCARE") == (False, "Theme 5: Improving Assessment for children")
