"""`/readiness status …` through real HTTP: signed requests in, Block Kit out to the response URL."""
from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest

from governance import services
from tests.conftest import AS_OF
from tests.slack.blockkit import all_text, assert_valid_message
from tests.slack.conftest import RunningBot
from tests.slack_signing import block_actions_body, slash_command_body


def ask(bot: RunningBot, text: str, user: str = "UMASH", name: str = "r") -> dict:
    """Sends `/readiness text` as Slack would and returns what the bot posted to the response URL."""
    before = len(bot.slack.calls_to("respond"))
    status, body = bot.send(slash_command_body("/readiness", text, user_id=user, response_url=bot.slack.response_url(name)))
    assert (status, body) == (200, "")
    return bot.slack.wait_for("respond", before + 1)[-1].params


@pytest.mark.parametrize("text, heading", [
    ("status theme 5", "Theme 5: Improving Assessment for children"),
    ("theme 5", "Theme 5: Improving Assessment for children"),
    ("status action 5b(ii)", "5b(ii) Strengthen consideration of diversity in assessment"),
    ("status overdue", "Overdue actions: "),
    ("STATUS visit", "Ofsted monitoring visit 2"),
    ("board cpog", "Corporate Parenting Officers Group"),
    ("board Improvement Board", "Children's Services Improvement Board"),
    ("mine", "Actions owned by Head of Service, MASH"),
])
def test_each_status_answer_is_valid_block_kit_and_ephemeral(bot: RunningBot, text: str, heading: str) -> None:
    reply = ask(bot, text)
    assert reply["response_type"] == "ephemeral"
    assert_valid_message(reply)
    assert reply["blocks"][0]["type"] == "header"
    assert reply["blocks"][0]["text"]["text"].startswith(heading)


def test_theme_answer_carries_the_chairs_picture(bot: RunningBot) -> None:
    text = all_text(ask(bot, "theme 5")["blocks"])
    assert "As of Sat 20 Jan 2018" in text
    assert ":large_blue_circle: Blue *1*" in text and ":red_circle: Red *1*" in text
    assert "*Overdue (2)*" in text and "`5c(ii)`" in text
    assert "Assessments completed within 45 working days: *57%* (Nov 2017) vs target 90%" in text
    assert "What are we worried about" in text and "What is working well" in text
    assert "Share in channel" in text


def test_visit_answer_names_focus_areas_and_their_themes(bot: RunningBot) -> None:
    text = all_text(ask(bot, "visit")["blocks"])
    assert "30 Jan – Wed 31 Jan 2018: 7 working days to go" in text
    assert "Care planning for children and young people → 6 Improving Planning for children" in text


def test_during_the_visit_its_answer_says_it_is_in_progress(visiting_bot: RunningBot) -> None:
    text = all_text(ask(visiting_bot, "visit")["blocks"])
    assert "\nTue 30 Jan – Wed 31 Jan 2018: visit in progress\n" in text


def test_board_answer_gives_the_paper_deadline(bot: RunningBot) -> None:
    text = all_text(ask(bot, "board cpog")["blocks"])
    assert "Next meeting Wed 21 Feb 2018" in text or "Next meeting Wed 17 Jan" not in text
    assert "papers due" in text
    assert "Not updated this cycle" in text


def test_help_and_bad_input_get_short_answers(bot: RunningBot) -> None:
    for text in ("", "help", "status"):
        answer = all_text(ask(bot, text, name=f"help{text}")["blocks"])
        assert "What I can tell you" in answer and "after `/readiness`" in answer
    unknown = ask(bot, "theme 9", name="bad")
    assert unknown["response_type"] == "ephemeral" and "blocks" not in unknown
    assert unknown["text"].startswith("no theme 9. Themes: 1 Turnaround priority")
    assert "closest: 5b(ii)" in ask(bot, "action 5b(iii)", name="bad2")["text"]
    assert ask(bot, "weather", name="bad3")["text"].startswith("I can't read `weather`")
    assert "no body 'nonsense'" in ask(bot, "board nonsense", name="bad4")["text"]
    assert ask(bot, "status theme 5 6", name="bad5")["text"].startswith("`theme` takes just a theme number")
    assert ask(bot, "update", name="bad6")["text"].startswith("Say which action")


def test_a_slack_user_the_plan_does_not_know_sees_no_plan_data(bot: RunningBot) -> None:
    reply = ask(bot, "theme 5", user="USTRANGER")
    assert reply["text"].startswith("Sorry, I don't know you yet")
    assert reply["text"].endswith("Ask the programme office to add you.") and "pmo@example.org" not in reply["text"]
    assert "blocks" not in reply


def test_people_are_linked_by_email_on_first_contact(bot: RunningBot) -> None:
    ask(bot, "mine", name="first")
    ask(bot, "mine", name="second")
    lookups = bot.slack.calls_to("users.info")
    assert [c.params["user"] for c in lookups] == ["UMASH"]
    with bot.store.uow() as uow:
        assert uow.plan.person("head.mash@example.org").slack_user_id == "UMASH"


def test_forged_and_stale_signatures_are_refused_with_no_side_effect(bot: RunningBot) -> None:
    body = slash_command_body("/readiness", "theme 5", user_id="UMASH", response_url=bot.slack.response_url())
    assert bot.send(body, secret="not-the-secret")[0] == 401
    assert bot.send(body, timestamp=int(time.time()) - 6 * 60)[0] == 401
    time.sleep(0.3)
    assert bot.slack.calls_to("respond") == []
    assert bot.slack.calls_to("users.info") == []


def test_share_posts_the_same_view_in_the_channel(bot: RunningBot) -> None:
    reply = ask(bot, "theme 5")
    share = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "status_share")
    status, _ = bot.send(block_actions_body("status_share", share["value"], user_id="UMASH",
                                            response_url=bot.slack.response_url("share"),
                                            block_id="status_buttons"))
    assert status == 200
    shared = bot.slack.wait_for("respond", 2)[-1].params
    assert shared["response_type"] == "in_channel" and shared["replace_original"] is False
    assert_valid_message(shared)
    assert "shared by <@UMASH>" in all_text(shared["blocks"])
    assert shared["blocks"][0] == reply["blocks"][0]
    assert "Share in channel" not in all_text(shared["blocks"])


def test_long_summaries_page_through_the_actions(bot: RunningBot) -> None:
    sheets = {"actions": [{"ref": f"5z({_roman(n)})", "theme": 5, "title": f"Audit cohort {n} <@U999>",
                           "owner": "head.mash@example.org", "due": "2018-06-30"} for n in range(1, 40)]}
    services.import_plan(sheets, uow=bot.store.uow(), now=AS_OF)
    first = ask(bot, "theme 5")
    assert_valid_message(first)
    assert "Actions page 1 of 6" in all_text(first["blocks"])
    assert "<@U999>" not in json.dumps(first["blocks"])
    second = click(bot, first, "status_page_next", name="page")
    assert second["replace_original"] is True
    assert "Actions page 2 of 6" in all_text(second["blocks"])
    middle = [e["action_id"] for b in second["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert middle == ["status_page_previous", "status_page_next", "status_share"]
    back = click(bot, second, "status_page_previous", name="back")
    assert "Actions page 1 of 6" in all_text(back["blocks"])


def click(bot: RunningBot, message: dict, action_id: str, *, name: str, user: str = "UMASH",
          shared_in: str | None = None) -> dict:
    """Clicks a button of `message`: on the asker's ephemeral answer, or on a copy shared in channel `shared_in`."""
    button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == action_id)
    before = len(bot.slack.calls_to("respond"))
    shared = {"message": {"ts": "1700000000.000500", "blocks": message["blocks"]}, "channel_id": shared_in} \
        if shared_in else {}
    bot.send(block_actions_body(action_id, button["value"], user_id=user, response_url=bot.slack.response_url(name),
                                block_id="status_buttons", **shared))
    answer = bot.slack.wait_for("respond", before + 1)[-1].params
    assert_valid_message(answer)
    return answer


def test_a_page_click_on_a_shared_answer_is_answered_privately(bot: RunningBot) -> None:
    _many_actions(bot)
    first = ask(bot, "mine")
    shared = click(bot, first, "status_share", name="share")
    assert "shared by <@UMASH>" in all_text(shared["blocks"])
    following = click(bot, shared, "status_page_next", name="next", user="ULEAD", shared_in="C1")
    assert following["replace_original"] is False and following["response_type"] == "ephemeral"
    assert "Actions page 2 of" in all_text(following["blocks"])
    assert following["blocks"][0]["text"]["text"] == "Actions owned by Head of Service, MASH"
    assert "Share in channel" not in all_text(following["blocks"])


def _many_actions(bot: RunningBot) -> None:
    sheets = {"actions": [{"ref": f"5z({_roman(n)})", "theme": 5, "title": f"Audit cohort {n}",
                           "owner": "head.mash@example.org", "due": "2018-06-30"} for n in range(1, 20)]}
    services.import_plan(sheets, uow=bot.store.uow(), now=AS_OF)


def test_text_from_the_store_cannot_ping_anyone(bot: RunningBot) -> None:
    sheets = {"actions": [{"ref": "5h", "theme": 5, "title": "<!channel> check <@U0LEAD> & <https://x.example|here>",
                           "owner": "head.mash@example.org", "due": "2018-01-19", "rating": "amber",
                           "commentary": "<!here> nobody should be pinged"}]}
    services.import_plan(sheets, uow=bot.store.uow(), now=AS_OF)
    for text in ("action 5h", "overdue", "mine"):
        reply = ask(bot, text, name=text.replace(" ", ""))
        markup = "\n".join([reply["text"], *mrkdwn_texts(reply["blocks"])])
        assert "<!channel>" not in markup and "<!here>" not in markup and "<@U0LEAD>" not in markup
        assert "<https://x.example|here>" not in markup
        assert "&lt;!channel&gt; check &lt;@U0LEAD&gt; &amp;" in markup


def mrkdwn_texts(node: object) -> list[str]:
    """Texts Slack parses for mentions and links; plain_text (headers, buttons) shows them literally."""
    if isinstance(node, list):
        return [t for item in node for t in mrkdwn_texts(item)]
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "mrkdwn" else []
        return own + [t for value in node.values() for t in mrkdwn_texts(value)]
    return []


def test_a_stale_button_value_gets_a_short_answer(bot: RunningBot) -> None:
    bot.send(block_actions_body("status_page_next", "not json", user_id="UMASH", response_url=bot.slack.response_url("x")))
    reply = bot.slack.wait_for("respond")[-1].params
    assert reply["text"] == "That button is out of date: ask again with `status`."


def test_health_check_reports_the_store(bot: RunningBot) -> None:
    import urllib.request
    with urllib.request.urlopen(f"{bot.url}/healthz", timeout=5) as response:
        assert (response.status, json.loads(response.read())) == (200, {"ok": True})


def _roman(n: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def test_slash_command_body_is_form_encoded_like_slack(bot: RunningBot) -> None:
    body = slash_command_body("/readiness", "theme 5", user_id="UMASH", response_url="http://x/")
    assert parse_qs(body)["command"] == ["/readiness"]
