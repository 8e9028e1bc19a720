"""A reply acknowledged by a replica that died before recording it is recorded later, once."""
from __future__ import annotations

from datetime import timedelta

from governance.audit import audit_trail
from handlers.slack.inbox import replay_unfinished
from handlers.slack.settings import SlackSettings
from tests.conftest import AS_OF
from tests.slack.conftest import SECRET, RunningBot, app_for, slack_deps
from tests.slack_signing import event_body

REPLY = {"type": "message", "channel_type": "im", "channel": "DUMASH", "user": "UMASH",
         "text": "4c amber - head teacher visits paused for half term, forecast 23 Feb", "ts": "1516440000.000900"}


def died_holding(bot: RunningBot, event_id: str) -> str:
    """What a replica leaves behind when killed between the acknowledgement and the update."""
    raw = event_body(REPLY, event_id=event_id)
    with bot.store.uow() as uow:
        assert uow.conversations.claim_event(event_id, AS_OF - timedelta(minutes=5), body=raw,
                                             lease_until=AS_OF - timedelta(minutes=4))
        uow.commit()
    return raw


def updates_to_4c(bot: RunningBot) -> list:
    return [e.update for e in audit_trail("4c", uow=bot.store.uow()).entries if e.update.at == AS_OF]


def test_another_replica_replays_a_reply_that_was_never_recorded(bot: RunningBot) -> None:
    died_holding(bot, "EvDied1")
    app = app_for(slack_deps(bot.store),
                  SlackSettings("xoxb-test", SECRET, None, bot.slack.api_url))
    assert replay_unfinished(app, slack_deps(bot.store)) == 1
    confirmation = bot.slack.wait_for("chat.postMessage")[-1].params
    assert "Recorded *Amber* for `4c`" in confirmation["text"]
    assert [(u.rating, u.commentary) for u in updates_to_4c(bot)] == [
        ("amber", "head teacher visits paused for half term")]
    assert replay_unfinished(app, slack_deps(bot.store)) == 0


def test_slacks_retry_of_a_reply_a_dead_replica_held_is_recorded(bot: RunningBot) -> None:
    raw = died_holding(bot, "EvDied2")
    status, _ = bot.send(raw, content_type="application/json")
    assert status == 200
    bot.slack.wait_for("chat.postMessage")
    assert len(updates_to_4c(bot)) == 1
    assert bot.send(raw, content_type="application/json")[0] == 200
    assert len(updates_to_4c(bot)) == 1
