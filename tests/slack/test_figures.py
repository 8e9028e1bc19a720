"""Indicator figures through signed HTTP on the example plan, its clock at the January collection (Mon 8 Jan 2018,
the 5th working day): the check-in's *Give figure* rows and their form, figures given in words in the DM, an odd
figure asked about before it is stored, *Undo*, a theme lead's note and `status indicator`."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from governance.model import Figure, FigureKind, Indicator, IndicatorValue
from governance.reminders import CheckIn, FigureAsk
from handlers.slack import checkin, figures
from handlers.slack.server import stop
from scheduling.tick import tick
from storage.store import Store
from tests.blockkit_rules import view_breaches
from tests.scheduling.conftest import at
from tests.slack.blockkit import all_text, assert_valid_message, assert_valid_view
from tests.slack.conftest import RunningBot, slack_deps, start_bot
from tests.slack.test_checkin import check_in_of
from tests.slack.test_reminders import dispatcher
from tests.slack.test_status_command import ask
from tests.slack.test_updates import buttons, click, dm
from tests.slack_signing import block_actions_body, view_submission_body
from tests.slack_standin import SlackStandIn

PERF = "performance.lead@example.org"
PERFORMANCE = "Head of Performance and Business Intelligence"
MONDAY = at("2018-01-08", "10:00")
COLLECTED = ("assessments-45wd", "contacts-to-referral", "cp-visits-10d", "repeat-referrals-12m")
ASSESSMENTS = "Assessments completed within 45 working days"


@pytest.fixture
def bot(example_store: Store, slack: SlackStandIn) -> Iterator[RunningBot]:
    """The bot at 10:00 on the collection day, the performance lead in Slack as UPERF."""
    slack.users["UPERF"] = {"id": "UPERF", "real_name": PERFORMANCE, "profile": {"email": PERF}}
    running, server = start_bot(example_store, slack, slack_deps(example_store, MONDAY))
    yield running
    stop(server)


def collecting(store: Store, *keys: str) -> None:
    """The performance lead gives every indicator's figure; only `keys` are collected, on the 5th working day."""
    with store.uow() as uow:
        for indicator in uow.plan.indicators():
            uow.plan.save_indicator(replace(indicator, owner=PERF, collection_day=5 if indicator.key in keys else None))
        uow.commit()


def log(bot: RunningBot, key: str) -> list[Figure]:
    """The indicator's entries in the order they were added (the example plan is imported as of a later day)."""
    with bot.store.uow() as uow:
        return sorted(uow.figures.log(key), key=lambda figure: figure.id or 0)


def check_in(bot: RunningBot) -> dict[str, Any]:
    tick(dispatcher(bot.store, bot.slack, at("2018-01-08", "09:00")), bot.store.uow)
    message = check_in_of(bot, "DUPERF", "2018-01-08")
    assert_valid_message(message)
    return message


def accessories(blocks: list[dict]) -> dict[str, dict]:
    return {b["accessory"]["action_id"]: b["accessory"] for b in blocks if "accessory" in b}


def open_form(bot: RunningBot, message: dict[str, Any], key: str) -> dict[str, Any]:
    """Clicks *Give figure* for `key` on the check-in and returns the form Slack was asked to open."""
    before = len(bot.slack.calls_to("views.open"))
    click(bot, accessories(message["blocks"])[f"figure_form:{key}"], user="UPERF", channel="DUPERF",
          message_ts=message["ts"], blocks=message["blocks"])
    view = bot.slack.wait_for("views.open", before + 1)[-1].params["view"]
    assert_valid_view(view)
    return view


def submit(bot: RunningBot, view: dict[str, Any], figure: str, *, ticked: bool = False, source: str = "",
           user: str = "UPERF", view_id: str = "V1") -> tuple[int, str]:
    values = {"figure": {"value": {"type": "plain_text_input", "value": figure}},
              "source": {"value": {"type": "plain_text_input", "value": source or None}},
              "confirmed": {"value": {"type": "checkboxes", "selected_options": [
                  {"text": {"type": "plain_text", "text": "It is right"}, "value": "right"}] if ticked else []}}}
    return bot.send(view_submission_body(figures.FORM_CALLBACK, values, user_id=user, view_id=view_id,
                                         private_metadata=view["private_metadata"]))


def posted(bot: RunningBot, count: int) -> dict[str, Any]:
    message = bot.slack.wait_for("chat.postMessage", count)[-1].params
    assert_valid_message(message)
    return message


def test_the_check_in_on_the_collection_day_asks_each_figure_with_a_button(bot: RunningBot) -> None:
    collecting(bot.store, *COLLECTED)
    message = check_in(bot)
    text = all_text(message["blocks"])
    assert "*Your check-in for Mon 08 Jan*: 4 figures to give." in text
    assert (f"*{ASSESSMENTS}* — December's figure is due today · last 57% (Nov) · target 90%") in text
    assert "`repeat referrals 18.1%`" in text
    assert set(accessories(message["blocks"])) == {f"figure_form:{key}" for key in COLLECTED}
    assert json.loads(accessories(message["blocks"])["figure_form:assessments-45wd"]["value"]) == {
        "key": "assessments-45wd", "month": "2017-12-01"}
    assert message["text"].startswith("Your check-in for Mon 08 Jan: 4 figures to give (")


def test_the_form_records_a_figure_once_however_often_it_is_submitted(bot: RunningBot) -> None:
    collecting(bot.store, *COLLECTED)
    message = check_in(bot)
    view = open_form(bot, message, "assessments-45wd")
    assert view["title"]["text"] == "Give a figure"
    assert json.loads(view["private_metadata"]) == {"key": "assessments-45wd", "month": "2017-12-01",
                                                    "channel": "DUPERF", "ts": message["ts"]}
    assert "last 57% (Nov 2017) · target 90%" in all_text(view["blocks"])
    before, sent = len(log(bot, "assessments-45wd")), len(bot.slack.calls_to("chat.postMessage"))

    assert submit(bot, view, "155 of 224", source="LCS report") == (200, "")
    said = posted(bot, sent + 1)
    assert (said["channel"], said["thread_ts"]) == ("DUPERF", message["ts"])
    assert said["text"] == f"Recorded December 2017 for {ASSESSMENTS}: 69.2% (155 of 224)."
    assert list(buttons(said["blocks"])) == ["undo_figure"]
    assert submit(bot, view, "155 of 224", source="LCS report") == (200, "")
    assert posted(bot, sent + 2)["text"].endswith("(already recorded)")
    entries = log(bot, "assessments-45wd")
    assert len(entries) == before + 1
    latest = entries[-1]
    assert (latest.value, latest.numerator, latest.denominator, latest.by, latest.via.value,
            latest.provenance.source) == (69.2, 155, 224, PERF, "modal", "LCS report")


def test_a_figure_over_100_percent_goes_back_into_the_form_until_it_is_ticked(bot: RunningBot) -> None:
    collecting(bot.store, *COLLECTED)
    view = open_form(bot, check_in(bot), "contacts-to-referral")
    before = len(log(bot, "contacts-to-referral"))
    status, body = submit(bot, view, "240%")
    error = json.loads(body)["errors"]["figure"]
    assert status == 200 and "over 100%" in error.lower() and error.endswith("Tick “It is right” to record it.")
    assert len(error) <= 150
    assert len(log(bot, "contacts-to-referral")) == before
    assert submit(bot, view, "240%", ticked=True) == (200, "")
    assert log(bot, "contacts-to-referral")[-1].value == 240
    assert len(log(bot, "contacts-to-referral")) == before + 1


def test_words_that_are_no_figure_are_refused_under_the_field(bot: RunningBot) -> None:
    collecting(bot.store, *COLLECTED)
    view = open_form(bot, check_in(bot), "assessments-45wd")
    status, body = submit(bot, view, "soon, I hope")
    assert status == 200 and json.loads(body)["errors"]["figure"].startswith("I couldn't read a figure in that")
    status, body = submit(bot, {"private_metadata": "{}"}, "69%")
    assert json.loads(body)["errors"]["figure"].startswith("This form is out of date")


@pytest.mark.parametrize(("words", "key", "said"), [
    ("69%", "assessments-45wd", f"Recorded December 2017 for {ASSESSMENTS}: 69%."),
    ("155 of 224", "assessments-45wd", f"Recorded December 2017 for {ASSESSMENTS}: 69.2% (155 of 224)."),
    ("repeat referrals 18.1%", "repeat-referrals-12m",
     "Recorded December 2017 for Repeat referrals within 12 months: 18.1%."),
    ("n/a - system outage, will send Tuesday", "assessments-45wd",
     f"Noted: {ASSESSMENTS} for December 2017 is not available: system outage, will send Tuesday."),
], ids=["percent", "of", "named", "not-available"])
def test_a_figure_in_words_in_the_dm_is_recorded_once(bot: RunningBot, words: str, key: str, said: str) -> None:
    collecting(bot.store, "assessments-45wd")
    before = len(log(bot, key))
    answer = dm(bot, words, event_id="EvFigure", user="UPERF")
    assert answer is not None
    assert_valid_message(answer)
    assert answer["text"] == said
    assert list(buttons(answer["blocks"])) == ["undo_figure"]
    dm(bot, words, event_id="EvFigure", user="UPERF", expect_reply=False)
    dm(bot, "status indicators", event_id="EvAfter", user="UPERF")
    entries = log(bot, key)
    assert len(entries) == before + 1, "the same event delivered twice stores once"
    assert (entries[-1].by, entries[-1].via.value) == (PERF, "slack_dm")


def odd(bot: RunningBot) -> dict[str, Any]:
    """`240%` sent in the DM for a figure whose last was 57%: offered back, nothing stored."""
    collecting(bot.store, "assessments-45wd")
    question = dm(bot, "240%", event_id="EvOdd", user="UPERF")
    assert question is not None
    assert_valid_message(question)
    assert question["text"].startswith(f"Is 240% right for {ASSESSMENTS} (December 2017)? ")
    assert "over 100%" in question["text"].lower() and "Nothing is recorded until you choose." in all_text(
        question["blocks"])
    assert list(buttons(question["blocks"])) == ["record_figure", "change_figure"]
    assert len(log(bot, "assessments-45wd")) == 1
    return question


def test_an_odd_figure_in_words_is_stored_once_when_its_giver_clicks_record(bot: RunningBot) -> None:
    question = odd(bot)
    record = buttons(question["blocks"])["record_figure"]
    click(bot, record, user="UPERF", channel="DUPERF", name="record")
    recorded = bot.slack.wait_for("respond", 1)[-1].params
    click(bot, record, user="UPERF", channel="DUPERF", name="again")
    again = bot.slack.wait_for("respond", 2)[-1].params
    assert_valid_message(recorded)
    assert recorded["replace_original"] is True
    assert recorded["text"] == f"Recorded December 2017 for {ASSESSMENTS}: 240%."
    assert again["text"].endswith("(already recorded)")
    entries = log(bot, "assessments-45wd")
    assert len(entries) == 2 and (entries[-1].value, entries[-1].via.value) == (240, "slack_dm")


def test_change_opens_the_form_with_the_replys_words_and_stores_nothing(bot: RunningBot) -> None:
    question = odd(bot)
    click(bot, buttons(question["blocks"])["change_figure"], user="UPERF", channel="DUPERF", name="change",
          blocks=question["blocks"])
    view = bot.slack.wait_for("views.open")[-1].params["view"]
    assert_valid_view(view)
    assert view["blocks"][1]["element"]["initial_value"] == "240%"
    assert json.loads(view["private_metadata"])["key"] == "assessments-45wd"
    changing = bot.slack.wait_for("respond")[-1].params
    assert_valid_message(changing)
    assert buttons(changing["blocks"]) == {}, "only the form can store it now"
    assert len(log(bot, "assessments-45wd")) == 1
    assert submit(bot, view, "24%") == (200, "")
    assert log(bot, "assessments-45wd")[-1].value == 24


def test_undo_appends_the_month_as_it_was(bot: RunningBot) -> None:
    collecting(bot.store, "assessments-45wd")
    answer = dm(bot, "69%", event_id="EvGiven", user="UPERF")
    assert answer is not None
    click(bot, buttons(answer["blocks"])["undo_figure"], user="UPERF", channel="DUPERF", name="undo")
    undone = bot.slack.wait_for("respond")[-1].params
    assert_valid_message(undone)
    assert undone["text"] == f"↩️ Undone: {ASSESSMENTS} has no figure for December 2017 again."
    entries = log(bot, "assessments-45wd")
    assert [e.kind for e in entries[-2:]] == [FigureKind.VALUE, FigureKind.WITHDRAWN]
    forged = {"action_id": "undo_figure", "value": "99999999999999999999"}
    click(bot, forged, user="UPERF", channel="DUPERF", name="forged")
    assert bot.slack.wait_for("respond", 2)[-1].params["text"] == "That button is out of date."


def note_form(bot: RunningBot, user: str) -> dict[str, Any]:
    answer = ask(bot, "status indicator assessments-45wd", user=user)
    body = block_actions_body("figure_note", buttons(answer["blocks"])["figure_note"]["value"], user_id=user,
                              response_url=bot.slack.response_url("note"))
    before = len(bot.slack.calls_to("views.open"))
    assert bot.send(body)[0] == 200
    view = bot.slack.wait_for("views.open", before + 1)[-1].params["view"]
    assert_valid_view(view)
    return view


def write_note(bot: RunningBot, view: dict[str, Any], text: str, *, user: str, view_id: str) -> tuple[int, str]:
    values = {"note": {"value": {"type": "plain_text_input", "value": text}}}
    return bot.send(view_submission_body(figures.NOTE_CALLBACK, values, user_id=user, view_id=view_id,
                                         private_metadata=view["private_metadata"]))


def test_status_indicator_shows_the_trend_who_gave_it_and_a_leads_note(bot: RunningBot) -> None:
    collecting(bot.store, "assessments-45wd")
    assert dm(bot, "69%", event_id="EvGiven", user="UPERF") is not None
    view = note_form(bot, "ULEAD")
    assert view["callback_id"] == "figure_note_form"
    sent = len(bot.slack.calls_to("chat.postMessage"))
    assert write_note(bot, view, "rose after the extra social workers started", user="ULEAD", view_id="VN1") == (
        200, "")
    said = posted(bot, sent + 1)
    assert said["channel"] == "ULEAD"
    assert said["text"] == f"Noted on {ASSESSMENTS} (December 2017): “rose after the extra social workers started”."

    answer = ask(bot, "status indicator assessments-45wd", user="UMASH", name="status")
    assert_valid_message(answer)
    text = all_text(answer["blocks"])
    assert answer["blocks"][0]["text"]["text"] == ASSESSMENTS
    assert "*69%* (Dec 2017) vs target 90% · improving ↑ · higher is better" in text
    assert "*Trend* ▁█ (Nov 2017 – Dec 2017)" in text
    assert f"*Given* from {PERFORMANCE}, 8 Jan — _rose after the extra social workers started_" in text
    assert f"*Data owner* {PERFORMANCE}" in text
    assert {"figure_note", "status_share"} == set(buttons(answer["blocks"]))

    listed = all_text(ask(bot, "status indicators", user="UMASH", name="list")["blocks"])
    line = next(line for line in listed.splitlines() if ASSESSMENTS in line)
    assert f"▁█ · from {PERFORMANCE}, 8 Jan" in line
    assert line.endswith("— _rose after the extra social workers started_")
    theme = all_text(ask(bot, "status theme 5", user="UMASH", name="theme")["blocks"])
    assert "*69%* (Dec 2017) vs target 90%, improving — _rose after the extra social workers started_" in theme


def test_a_note_from_someone_not_leading_its_theme_is_refused_in_one_line(bot: RunningBot) -> None:
    collecting(bot.store, "assessments-45wd")
    view = note_form(bot, "UMASH")
    status, body = write_note(bot, view, "rose after the MASH change", user="UMASH", view_id="VN2")
    error = json.loads(body)["errors"]["note"]
    assert status == 200 and "\n" not in error
    assert error.startswith("Nothing was recorded: notes on Assessments completed within 45 working days are added "
                            "by the leads of its themes")
    assert [e.kind for e in log(bot, "assessments-45wd")] == [FigureKind.VALUE]


def test_a_check_in_asking_many_figures_stays_inside_slacks_limits_and_pings_nobody() -> None:
    many = tuple(FigureAsk(Indicator(f"figure-{n}", f"<!channel> figure {n} " * 20, target=90,
                                     values=(IndicatorValue(date(2017, 11, 1), 57),)),
                           date(2017, 12, 1), "December's figure is due today", chased=False) for n in range(12))
    text, blocks = checkin.check_in_message(CheckIn(PERF, date(2018, 1, 8), (), figures=many), {})
    message = {"text": text, "blocks": blocks}
    assert_valid_message(message)
    assert len(accessories(blocks)) == figures.FIGURES_SHOWN
    shown = all_text(blocks)
    assert "<!channel>" not in shown and "&lt;!channel&gt; figure 0" in shown
    assert "and 4 more figures (`figure-8`, `figure-9`, `figure-10`, `figure-11`)" in shown
    assert text.startswith("Your check-in for Mon 08 Jan: 12 figures to give (figure-0, figure-1")


def test_checkboxes_follow_slacks_rules() -> None:
    tick = {"text": {"type": "mrkdwn", "text": "*It is right*"}, "value": "right"}
    form = {"type": "modal", "title": {"type": "plain_text", "text": "Give a figure"},
            "submit": {"type": "plain_text", "text": "Record"},
            "blocks": [{"type": "input", "block_id": "confirmed", "label": {"type": "plain_text", "text": "Check"},
                        "element": {"type": "checkboxes", "action_id": "value", "options": [tick] * 11,
                                    "initial_options": [{**tick, "value": "wrong"}]}}]}
    assert [str(b) for b in view_breaches(form)] == [
        "must have at most 10 items, not 11 [json-pointer:/view/blocks/0/element/options]",
        "must exactly match one of the options [json-pointer:/view/blocks/0/element/initial_options/0]"]
