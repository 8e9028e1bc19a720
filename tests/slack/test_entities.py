"""Slack sends `&`, `<` and `>` in message and command text as `&amp;`, `&lt;` and `&gt;`: the bot keeps what the
person typed, shows it escaped exactly once, and reads updates stored in Slack's encoding before migration 0006
as typed, without rewriting them."""
from __future__ import annotations

from datetime import datetime, timezone

from alembic import command
from sqlalchemy import text

from governance import services
from governance.audit import audit_trail
from governance.model import Update
from storage.migrate import alembic_config
from storage.store import open_store
from tests.slack.conftest import RunningBot
from tests.slack.test_questions import mention
from tests.slack.test_updates import command as update_command, dm


def latest(bot: RunningBot, ref: str) -> Update:
    return audit_trail(ref, uow=bot.store.uow()).entries[-1].update


def test_a_dm_is_stored_as_typed_and_shown_escaped_once(bot: RunningBot) -> None:
    reply = dm(bot, "5c(i) amber - Recruitment & retention <50%, forecast 12 Feb", event_id="EvAmp")
    assert latest(bot, "5c(i)").commentary == "Recruitment & retention <50%"
    assert "“Recruitment &amp; retention &lt;50%”" in reply["text"]
    exported = [u for u in services.export_plan(uow=bot.store.uow()).updates if u.action == "5c(i)"][-1]
    assert exported.commentary == "Recruitment & retention <50%"


def test_a_link_in_a_reply_is_the_evidence_with_its_query_intact(bot: RunningBot) -> None:
    dm(bot, "5c(i) blue - audit done, see https://x.org/a?b=1&c=2", event_id="EvLink")
    update = latest(bot, "5c(i)")
    assert (update.rating, update.evidence) == ("blue", "https://x.org/a?b=1&c=2")


def test_mentions_and_links_stay_recognisable_and_never_ping(bot: RunningBot) -> None:
    reply = dm(bot, "5c(i) green - agreed with <@ULEAD> in <#C9|board>, notes <https://x.org/n?a=1&b=2|R&D>",
               event_id="EvMarkup")
    assert latest(bot, "5c(i)").commentary == (
        "agreed with <@ULEAD> in <#C9|board>, notes <https://x.org/n?a=1&b=2|R&D>")
    assert "&lt;@ULEAD&gt;" in reply["text"] and "<@ULEAD>" not in reply["text"]


def test_entities_typed_literally_are_kept_literally(bot: RunningBot) -> None:
    dm(bot, "5c(i) green - the template writes &lt; and &amp; for us", event_id="EvLiteral")
    assert latest(bot, "5c(i)").commentary == "the template writes &lt; and &amp; for us"


def test_the_update_command_keeps_what_was_typed(bot: RunningBot) -> None:
    reply = update_command(bot, "5c(i) amber - R&D panel <late>")
    assert latest(bot, "5c(i)").commentary == "R&D panel <late>"
    assert "“R&amp;D panel &lt;late&gt;”" in reply["text"]


def test_a_refused_mention_quotes_the_words_escaped_once(bot: RunningBot) -> None:
    mention(bot, "weather & <b>", event_id="EvMAmp")
    refusal = bot.slack.wait_for("chat.postEphemeral")[0].params
    assert "I can't read `weather &amp; &lt;b&gt;`" in refusal["text"]


def test_updates_stored_in_slacks_encoding_before_0006_read_as_typed(store_url: str) -> None:
    """The migration only adds a column: the rows written before it keep their bytes, and are read as typed."""
    store = open_store(store_url)
    command.upgrade(alembic_config(store.engine), "0005")
    at = datetime(2018, 1, 10, 9, 0, tzinfo=timezone.utc)
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO people (email, name, role, admin) VALUES ('jo@x.org', 'Jo', 'owner', false)"))
        connection.execute(text("INSERT INTO themes (number, title, description) VALUES (5, 'Assessment', '')"))
        connection.execute(text("INSERT INTO actions (id, ref, theme, title, owner, due) "
                                "VALUES (1, '5a', 5, 'Audit', 'jo@x.org', '2018-03-01')"))
        for n, via in enumerate(("slack_dm", "command", "modal", "import"), start=1):
            connection.execute(text("INSERT INTO updates (id, action_id, at, rating, by, via, commentary, evidence) "
                                    "VALUES (:id, 1, :at, 'amber', 'jo@x.org', :via, :commentary, :evidence)"),
                               {"id": n, "at": at.replace(hour=9 + n), "via": via,
                                "commentary": "R&amp;D &lt;50%", "evidence": "https://x.org/a?b=1&amp;c=2"})
    store.migrate()
    with store.uow() as uow:
        history = uow.updates.histories(["5a"], until=None)["5a"]
    assert [(u.via, u.commentary, u.evidence) for u in history] == [
        ("slack_dm", "R&D <50%", "https://x.org/a?b=1&c=2"),
        ("command", "R&D <50%", "https://x.org/a?b=1&c=2"),
        ("modal", "R&amp;D &lt;50%", "https://x.org/a?b=1&amp;c=2"),
        ("import", "R&amp;D &lt;50%", "https://x.org/a?b=1&amp;c=2"),
    ]
    with store.engine.connect() as connection:
        kept = connection.execute(text("SELECT DISTINCT commentary FROM updates")).scalars().all()
    assert kept == ["R&amp;D &lt;50%"], "history is read as typed, never rewritten"
    store.close()
