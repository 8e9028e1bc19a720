"""The agenda paper in Slack: `/readiness agenda BODY` and the body view's *Agenda paper* upload the readiness paper
for the body's next meeting into the asker's DM, as Markdown and HTML, through files.upload v2; and the stand-in
holds that upload to what Slack documents for it."""
from __future__ import annotations

import urllib.error
import urllib.request
from datetime import date

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from governance.reminders import CheckIn
from handlers.slack.blocks import AGENDA_ACTION
from handlers.slack.checkin import check_in_message
from handlers.slack.errors import SORRY
from handlers.slack.manifest import SCOPES
from tests.slack.blockkit import assert_valid_message
from tests.slack.conftest import RunningBot
from tests.slack.test_status_command import ask
from tests.slack.test_updates import buttons, click
from tests.slack_standin import SlackStandIn

PAPER = "agenda-cpog-2018-02-21"
"""The Corporate Parenting Officers Group next meets on Wed 21 Feb 2018 (the bot's clock is at Sat 20 Jan)."""
CPOG_CHAIR = "chair.cpog@example.org"
SENT = (f"The readiness paper for the Corporate Parenting Officers Group is in our DM: {PAPER}.md and "
        f"{PAPER}.html.")


def papers_in(slack: SlackStandIn, channel: str) -> dict[str, str]:
    return {f.filename: (f.content or b"").decode() for f in slack.shared(channel)}


def test_the_command_uploads_both_papers_into_the_askers_dm(bot: RunningBot) -> None:
    said = ask(bot, "agenda cpog", user="UMASH")
    assert (said["text"], said["response_type"]) == (SENT, "ephemeral")
    papers = papers_in(bot.slack, "DUMASH")
    assert set(papers) == {f"{PAPER}.md", f"{PAPER}.html"}
    assert papers[f"{PAPER}.md"].startswith("# Corporate Parenting Officers Group — readiness paper for Wednesday 21 "
                                            "February 2018")
    assert "Corporate Parenting Officers Group" in papers[f"{PAPER}.html"]
    assert papers[f"{PAPER}.html"].lstrip().lower().startswith("<!doctype html>")
    [complete] = bot.slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "DUMASH"
    assert complete.params["initial_comment"] == "Readiness paper: Corporate Parenting Officers Group, Wed 21 Feb 2018"


def test_the_body_views_button_uploads_the_paper_for_anyone(bot: RunningBot) -> None:
    answer = ask(bot, "status board cpog", user="UQA")
    paper = buttons(answer["blocks"])[AGENDA_ACTION]
    assert (paper["text"]["text"], paper["value"]) == ("Agenda paper", "cpog")
    click(bot, paper, user="UQA", channel="C1", name="paper")
    said = bot.slack.wait_for("respond", 2)[-1].params
    assert (said["text"], said["response_type"], said["replace_original"]) == (SENT, "ephemeral", False)
    assert set(papers_in(bot.slack, "DUQA")) == {f"{PAPER}.md", f"{PAPER}.html"}


def test_without_files_write_the_asker_is_told_and_nothing_is_shared(bot: RunningBot) -> None:
    bot.slack.scopes = frozenset(SCOPES) - {"files:write"}
    said = ask(bot, "agenda cpog", user="UMASH")
    assert said["text"] == SORRY
    [refused] = bot.slack.calls_to("files.getUploadURLExternal")
    assert bot.slack.files == {} and refused.params["filename"] == f"{PAPER}.md"


def test_an_unknown_body_gets_one_line(bot: RunningBot) -> None:
    said = ask(bot, "agenda nonesuch", user="UMASH")
    assert said["text"].startswith("no body 'nonesuch'. Bodies: ")
    assert bot.slack.calls_to("files.getUploadURLExternal") == []


def test_the_stand_in_refuses_an_upload_slack_would_refuse() -> None:
    """files.getUploadURLExternal needs a length ("missing_argument ... when the length provided is 0"); the upload
    URL takes the bytes announced, once; files.completeUploadExternal finishes only uploaded files, once, and a file
    finished without a channel stays private, which the stand-in records as a violation."""
    with SlackStandIn() as slack:
        client = WebClient(base_url=slack.api_url, token="xoxb-test")
        with pytest.raises(SlackApiError) as empty:
            client.files_getUploadURLExternal(filename="a.md", length=0)
        assert empty.value.response["error"] == "missing_argument"
        got = client.files_getUploadURLExternal(filename="a.md", length=5)
        with pytest.raises(SlackApiError) as early:
            client.files_completeUploadExternal(files=[{"id": got["file_id"]}], channel_id="DU1")
        assert early.value.response["error"] == "file_not_found"
        with pytest.raises(urllib.error.HTTPError) as short:
            urllib.request.urlopen(urllib.request.Request(got["upload_url"], data=b"four", method="POST"))
        assert short.value.code == 400
        with urllib.request.urlopen(urllib.request.Request(got["upload_url"], data=b"five!", method="POST")) as ok:
            assert ok.status == 200
        client.files_completeUploadExternal(files=[{"id": got["file_id"], "title": "A"}])
        with pytest.raises(SlackApiError) as twice:
            client.files_completeUploadExternal(files=[{"id": got["file_id"]}], channel_id="DU1")
        assert twice.value.response["error"] == "file_not_found"
        assert [v.reason for v in slack.violations] == ["no channel_id: the file stays private to the bot"]


def test_a_chairs_papers_line_in_the_check_in_carries_the_bodys_agenda_paper(bot: RunningBot) -> None:
    """On the paper deadline the chair's check-in says who has answered; beside it, the paper for that body."""
    check_in = CheckIn(CPOG_CHAIR, date(2018, 2, 16), (), ("Papers for the CPOG on Wed 21 Feb are due today.",),
                       papers=("cpog",))
    _, blocks = check_in_message(check_in, {})
    assert_valid_message({"text": "check-in", "blocks": blocks})
    [row] = [b for b in blocks if b.get("accessory", {}).get("action_id", "").startswith(AGENDA_ACTION)]
    assert row["accessory"]["value"] == "cpog" and row["accessory"]["action_id"] == f"{AGENDA_ACTION}:cpog"
    click(bot, row["accessory"], user="UQA", channel="DUQA", name="papers", blocks=blocks)
    assert bot.slack.wait_for("respond")[-1].params["text"] == SENT
    assert set(papers_in(bot.slack, "DUQA")) == {f"{PAPER}.md", f"{PAPER}.html"}
