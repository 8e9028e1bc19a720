"""Reminders through the Slack Web API stand-in: who got which check-in, Slack's faults, and replies in a
check-in's thread."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from governance.audit import audit_trail
from governance.clock import FixedClock
from governance.messages import View, view_of
from governance.programme import Programme
from governance.reminders import PMO_CHANNEL, Kind, OutboxItem, Reminder, Status
from handlers.slack.app import web_client
from handlers.slack.reminders import SlackReminderSender
from scheduling.delivery import Delivery
from scheduling.dispatch import Dispatcher
from scheduling.settings import ReminderSettings
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import at, later
from tests.slack.blockkit import all_text, assert_valid_message
from tests.slack.conftest import PEOPLE, RunningBot, slack_deps
from tests.slack.test_updates import dm
from tests.slack_standin import Reply, SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ReminderSettings(pace=0, pmo_channel="CPMO")
DUTY, CARE = "head.duty.assessment@example.org", "head.cic.careleavers@example.org"
TUESDAY_16 = {
    ("DUDUTY", f"check_in:{DUTY}"),
    ("DUCARE", f"check_in:{CARE}"),
    ("CPMO", "visit_digest:2018-01-30"),
}
"""Ten working days before the January visit: the owners of the overdue 5c(ii) and 6c, and the programme
office's countdown. Early Help updated 5d on 3 Jan, since the first visit, so owes nothing before this one."""
OWNERS = {"UDUTY": DUTY, "UCARE": CARE}


@pytest.fixture
def owners(slack: SlackStandIn) -> SlackStandIn:
    for user_id, email in OWNERS.items():
        slack.users[user_id] = {"id": user_id, "real_name": email, "profile": {"email": email}}
    return slack


def dispatcher(store: Store, slack: SlackStandIn, now, sender_class: type = SlackReminderSender) -> Dispatcher:
    deps = slack_deps(store, now)
    sender = sender_class(web_client("xoxb-test", slack.api_url, retries=False), deps, pmo_channel="CPMO")
    return Dispatcher(store.uow, sender, clock=FixedClock(now), tz="Europe/London", settings=SETTINGS,
                      worker="test", sleep=lambda s: None)


def delivered(slack: SlackStandIn) -> list[tuple[str, str]]:
    """(channel, kind:recipient) of every check-in, (channel, kind:subject) of every digest, that Slack accepted
    with an outbox key."""
    return [(channel, ":".join(m["metadata"]["event_payload"]["key"].split(":")[:2]))
            for channel, messages in slack.messages.items() for m in messages if m.get("metadata")]


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_the_sender_draws_every_view_a_reminder_can_have(example_store: Store, owners: SlackStandIn) -> None:
    """A Monday brings check-ins and the week's digest; a notice and the news of an action are added to go out
    with them."""
    monday = at("2018-01-22")
    with example_store.uow() as uow:
        uow.outbox.add(Reminder(Kind.NOTICE, "leave-1", PMO_CHANNEL, monday.date(),
                                "Head of Service, Duty and Assessment is on leave until Mon 05 Feb."), due_at=monday,
                       status=Status.PENDING)
        uow.outbox.add(Reminder(Kind.NEW_ACTION, "5c(ii)", DUTY, monday.date(), "New action 5c(ii) for you.",
                                asks_update=True), due_at=monday, status=Status.PENDING)
        uow.commit()
    tick(dispatcher(example_store, owners, monday), example_store.uow)
    sent = {Kind(key.split(":")[0]) for _, key in delivered(owners)}
    assert {type(view_of(kind)) for kind in sent} == set(get_args(View))
    for call in owners.calls_to("chat.postMessage"):
        assert_valid_message(call.params)
    texts = [message["text"] for message in owners.messages["CPMO"]]
    assert sorted(texts) == ["Head of Service, Duty and Assessment is on leave until Mon 05 Feb.", "The whole plan"]


def test_the_days_check_ins_reach_the_right_people(example_store: Store, owners: SlackStandIn) -> None:
    tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    assert sorted(delivered(owners)) == sorted(TUESDAY_16)
    for call in owners.calls_to("chat.postMessage"):
        assert_valid_message(call.params)
    duty = next(c.params for c in owners.calls_to("chat.postMessage") if c.params["channel"] == "DUDUTY")
    text = all_text(duty["blocks"])
    assert "*Your check-in for Tue 16 Jan*: 1 action needs you, most pressing first." in text
    assert "_overdue since 31 Dec 2017_" in text and "*5c(ii)* Strategy discussions: full multi-agency" in text
    assert set(buttons(duty["blocks"])) == {"rate_blue:5c(ii)", "rate_green:5c(ii)", "rate_amber:5c(ii)",
                                            "rate_red:5c(ii)", "add_detail:5c(ii)", "not_mine:5c(ii)",
                                            "checkin_snooze", "checkin_leave"}
    digest = next(c.params for c in owners.calls_to("chat.postMessage") if c.params["channel"] == "CPMO")
    assert "10 working days to go" in all_text(digest["blocks"])
    with example_store.uow() as uow:
        assert uow.plan.person(DUTY).slack_user_id == "UDUTY"


def test_one_dm_asks_about_every_action_most_pressing_first_and_remembers_them(example_store: Store,
                                                                               owners: SlackStandIn) -> None:
    tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    [care] = owners.messages["DUCARE"]
    text = all_text(care["blocks"])
    assert text.index("*6c*") < text.index("*6k*")
    assert "_before the 30 Jan visit (Care planning for children and young people)_" in text
    assert care["metadata"]["event_payload"] == {"key": f"check_in:{CARE}:2018-01-16", "refs": ["6c", "6k"]}
    with example_store.uow() as uow:
        assert uow.conversations.thread_actions("DUCARE", care["ts"]) == ["6c", "6k"]
        assert uow.conversations.prompt("DUCARE", care["ts"]).action == "6c"


def test_429_is_waited_out_and_500_retried_so_each_goes_once(example_store: Store, owners: SlackStandIn) -> None:
    owners.reply("chat.postMessage", Reply(429, headers={"Retry-After": "1"}), Reply(500))
    tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    assert len(delivered(owners)) == 2
    tick(dispatcher(example_store, owners, at("2018-01-16", "09:01")), example_store.uow)
    assert sorted(delivered(owners)) == sorted(TUESDAY_16)
    assert len(owners.calls_to("chat.postMessage")) == 5


def test_someone_without_a_slack_account_is_failed_and_listed(example_store: Store, owners: SlackStandIn) -> None:
    del owners.users["UDUTY"]
    tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    with example_store.uow() as uow:
        [failed] = uow.outbox.items(statuses=[Status.FAILED])
    assert failed.reminder.recipient == DUTY
    assert failed.error == ("no Slack account found for head.duty.assessment@example.org: "
                            "link it with `readiness people link`")


def test_a_busy_lookup_is_waited_out_not_failed(example_store: Store, owners: SlackStandIn) -> None:
    owners.reply("users.lookupByEmail", Reply(429, headers={"Retry-After": "1"}), Reply(503))
    tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    tick(dispatcher(example_store, owners, at("2018-01-16", "09:01")), example_store.uow)
    with example_store.uow() as uow:
        assert uow.outbox.items(statuses=[Status.FAILED]) == []
    assert sorted(delivered(owners)) == sorted(TUESDAY_16)


def test_a_lookup_slack_refuses_fails_each_reminder_with_slacks_reason(example_store: Store,
                                                                       owners: SlackStandIn) -> None:
    owners.reply("users.lookupByEmail", *[Reply(body={"ok": False, "error": "missing_scope"})] * len(OWNERS))
    tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    with example_store.uow() as uow:
        failed = uow.outbox.items(statuses=[Status.FAILED])
    assert {f.reminder.recipient for f in failed} == set(OWNERS.values())
    assert all("(missing_scope)" in f.error for f in failed)


class CrashAfterSlackAccepted(SlackReminderSender):
    def send(self, item: OutboxItem, *, now) -> Delivery:
        super().send(item, now=now)
        raise KeyboardInterrupt("killed after Slack accepted the message")


def test_a_send_cut_off_by_a_crash_is_found_in_the_conversation_not_sent_again(example_store: Store,
                                                                              owners: SlackStandIn) -> None:
    with pytest.raises(KeyboardInterrupt):
        tick(dispatcher(example_store, owners, at("2018-01-16"), CrashAfterSlackAccepted), example_store.uow)
    assert len(delivered(owners)) == 1
    tick(dispatcher(example_store, owners, later(at("2018-01-16"), minutes=6)), example_store.uow)
    assert sorted(delivered(owners)) == sorted(TUESDAY_16)
    assert owners.calls_to("conversations.history")
    with example_store.uow() as uow:
        assert {i.ts for i in uow.outbox.items(statuses=[Status.SENT])} == {
            m["ts"] for messages in owners.messages.values() for m in messages}


def test_a_check_in_whose_answer_was_lost_remembers_its_actions_when_found(example_store: Store, owners: SlackStandIn,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack posted the check-in, then the process died before the store remembered what it asked about: the
    retry finds the message by its key and remembers its actions from the refs it carries."""
    def killed(*_: object, **__: object) -> None:
        raise KeyboardInterrupt("killed before the prompts were stored")

    monkeypatch.setattr(Programme, "remember_prompt", killed)
    with pytest.raises(KeyboardInterrupt):
        tick(dispatcher(example_store, owners, at("2018-01-16")), example_store.uow)
    monkeypatch.undo()
    [(channel, _)] = delivered(owners)
    [first] = owners.messages[channel]
    tick(dispatcher(example_store, owners, later(at("2018-01-16"), minutes=6)), example_store.uow)
    assert len(owners.messages[channel]) == 1, "found, not sent again"
    with example_store.uow() as uow:
        assert uow.conversations.thread_actions(channel, first["ts"]) == first["metadata"]["event_payload"]["refs"]


def test_a_reply_in_a_check_ins_thread_updates_its_action(bot: RunningBot) -> None:
    bot.slack.users["ULEAD"] = {"id": "ULEAD", "profile": {"email": PEOPLE["ULEAD"]}}
    tick(dispatcher(bot.store, bot.slack, at("2018-01-22")), bot.store.uow)
    [(channel, key)] = [d for d in delivered(bot.slack) if d[0] == "DULEAD"]
    assert key == f"check_in:{PEOPLE['ULEAD']}"
    [check_in] = bot.slack.messages["DULEAD"]
    assert check_in["metadata"]["event_payload"]["refs"] == ["1a"]
    reply = dm(bot, "amber - board report moved to February, forecast 9/2/2018", event_id="EvR1", user="ULEAD",
               thread_ts=check_in["ts"], ts="1516611600.000100")
    assert "Recorded *Amber* for `1a`" in reply["text"]
    latest = audit_trail("1a", uow=bot.store.uow()).entries[-1].update
    assert (latest.by, latest.rating, latest.forecast.isoformat()) == (PEOPLE["ULEAD"], "amber", "2018-02-09")


def readiness(*args: str, cwd: Path, slack: SlackStandIn) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.api_url,
           "READINESS_SEND_PACE": "0", "READINESS_PMO_CHANNEL": "CPMO"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_tick_and_outbox_from_the_command_line(tmp_path: Path, owners: SlackStandIn) -> None:
    assert readiness("--now", "2018-01-19T18:00", "init", "--example", "barnet-2018", cwd=tmp_path,
                     slack=owners).returncode == 0
    del owners.users["UCARE"]
    ticked = readiness("tick", "--at", "2018-01-16", cwd=tmp_path, slack=owners)
    assert ticked.returncode == 0, ticked.stderr
    assert "Reminders as of Tue 16 Jan 2018 09:00: 3 materialised, 0 skipped while down; 1 failed, 2 sent." in \
        ticked.stdout
    assert sorted(delivered(owners)) == sorted(d for d in TUESDAY_16 if d[0] != "DUCARE")
    again = readiness("tick", "--at", "2018-01-16T09:30", cwd=tmp_path, slack=owners)
    assert "nothing to send" in again.stdout
    failed = readiness("outbox", "--failed", cwd=tmp_path, slack=owners)
    assert failed.returncode == 0 and failed.stdout.count("no Slack account found for") == 1
    assert "2 sent" in failed.stdout and "1 failed" in failed.stdout


def test_tick_without_a_bot_token_says_what_to_set(tmp_path: Path, slack: SlackStandIn) -> None:
    readiness("init", cwd=tmp_path, slack=slack)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    result = subprocess.run([sys.executable, str(ROOT / "bot.py"), "tick"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "set SLACK_BOT_TOKEN" in result.stderr
