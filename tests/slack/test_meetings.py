"""The governance loop through signed HTTP on the example plan, its clock at midday on Sat 20 Jan 2018: the
Corporate Parenting Officers Group (`cpog`, chaired by UCHAIR) last met on Wed 17 Jan at 14:00 and next meets on
Wed 21 Feb. Its chair moves, cancels and adds meetings by command and by form, says whether a meeting was held from
the check-in, and adds an action arising whose owner hears at once and answers in the prompt's thread."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from governance.cadence import Meeting
from governance.meetings import ArisingForm, MeetingForm, NewAction
from governance.model import MeetingChange, MeetingChangeKind, Person
from governance.reminders import CHECK_IN_SHOWS, Ask, CheckIn, FigureAsk, HeldAsk, Reason
from handlers.slack import checkin, meetings
from handlers.slack.figures import FIGURES_SHOWN
from handlers.slack.blocks import ARISING_FORM_ACTION, MEETING_FORM_ACTION
from scheduling.tick import tick
from tests.blockkit_rules import view_breaches
from tests.conftest import AS_OF, LONDON
from tests.scheduling.conftest import at, later
from tests.slack.blockkit import all_text, assert_valid_message, assert_valid_view
from tests.slack.conftest import RunningBot, slack_deps
from tests.slack.test_checkin import check_in_of
from tests.slack.test_checkin import click as click_on
from tests.slack.test_reminders import dispatcher
from tests.slack.test_status_command import ask
from tests.slack.test_updates import buttons, click, dm
from tests.slack_signing import event_body, slash_command_body, view_submission_body

CPOG = "Corporate Parenting Officers Group"
MOVED = (f"{CPOG}: the meeting of Wed 21 Feb 2018 moves to Wed 28 Feb 2018 at 15:30; papers due Fri 23 Feb.")


def changes(bot: RunningBot, key: str = "cpog") -> list[MeetingChange]:
    with bot.store.uow() as uow:
        return list(next(b for b in uow.plan.bodies() if b.key == key).changes)


def opened(bot: RunningBot, count: int) -> dict[str, Any]:
    view = bot.slack.wait_for("views.open", count)[-1].params["view"]
    assert_valid_view(view)
    return view


def open_form(bot: RunningBot, text: str, user: str = "UCHAIR") -> dict[str, Any]:
    """`/readiness text` opening a form with the command's trigger: the form Slack was asked to open."""
    before = len(bot.slack.calls_to("views.open"))
    assert bot.send(slash_command_body("/readiness", text, user_id=user, response_url=bot.slack.response_url(),
                                       trigger_id="T.form")) == (200, "")
    return opened(bot, before + 1)


def dm_to(bot: RunningBot, channel: str, count: int) -> dict[str, Any]:
    """The `count`th message the bot posted in `channel`."""
    bot.slack.wait_for("chat.postMessage", sum(1 for c in bot.slack.calls_to("chat.postMessage")
                                               if c.params["channel"] != channel) + count)
    return [c.params for c in bot.slack.calls_to("chat.postMessage") if c.params["channel"] == channel][count - 1]


def meeting_values(what: str, *, meeting: str | None = "2018-02-21", day: str | None = None,
                   time: str | None = None) -> dict[str, Any]:
    """`state.values` of the meeting form as Slack sends it."""
    return {"meeting": {"value": {"type": "static_select",
                                  "selected_option": {"value": meeting} if meeting else None}},
            "what": {"value": {"type": "radio_buttons", "selected_option": {"value": what}}},
            "date": {"value": {"type": "datepicker", "selected_date": day}},
            "time": {"value": {"type": "timepicker", "selected_time": time}}}


def submit(bot: RunningBot, callback: str, view: dict[str, Any], values: dict[str, Any], *, view_id: str,
           user: str = "UCHAIR") -> tuple[int, str]:
    return bot.send(view_submission_body(callback, values, user_id=user, view_id=view_id,
                                         private_metadata=view["private_metadata"]))


def test_the_command_moves_a_meeting_and_refuses_anyone_but_its_chair(bot: RunningBot) -> None:
    refused = ask(bot, "meeting cpog move 2018-02-28 15:30", user="UMASH", name="mash")
    assert refused["text"] == (f"Only Chair, Corporate Parenting Officers Group (chair) and the programme office can "
                               f"change the {CPOG}'s meetings.")
    assert changes(bot) == []

    said = ask(bot, "meeting cpog move 2018-02-28 15:30", user="UCHAIR", name="chair")
    assert (said["text"], said["response_type"]) == (MOVED, "ephemeral")
    [change] = changes(bot)
    assert (change.kind, change.meeting, change.to, change.time.isoformat(), change.by, change.via.value) == (
        MeetingChangeKind.MOVED, date(2018, 2, 21), date(2018, 2, 28), "15:30:00", "chair.cpog@example.org",
        "command")


def test_the_meeting_form_moves_once_however_often_it_is_submitted_and_cancels(bot: RunningBot) -> None:
    view = open_form(bot, "meeting cpog")
    assert bot.slack.calls_to("views.open")[0].params["trigger_id"] == "T.form"
    assert json.loads(view["private_metadata"]) == {"body": "cpog"}
    [which] = [b for b in view["blocks"] if b.get("block_id") == "meeting"]
    assert [o["text"]["text"] for o in which["element"]["options"]][:2] == ["Wed 21 Feb 2018, 14:00",
                                                                            "Wed 21 Mar 2018, 14:00"]
    assert which["element"]["initial_option"]["value"] == "2018-02-21"

    for _ in range(2):
        assert submit(bot, meetings.MEETING_CALLBACK, view, meeting_values("move", day="2018-02-28", time="15:30"),
                      view_id="VMOVE") == (200, "")
    assert dm_to(bot, "UCHAIR", 1)["text"] == MOVED
    assert dm_to(bot, "UCHAIR", 2)["text"] == MOVED.removesuffix(".") + " (already recorded)."
    assert submit(bot, meetings.MEETING_CALLBACK, view, meeting_values("cancel", meeting="2018-03-21"),
                  view_id="VCANCEL") == (200, "")
    assert dm_to(bot, "UCHAIR", 3)["text"] == (f"{CPOG}: the meeting of Wed 21 Mar 2018 is cancelled; nobody is "
                                               "reminded about it.")
    assert [(c.kind, c.meeting, c.via.value) for c in changes(bot)] == [
        (MeetingChangeKind.MOVED, date(2018, 2, 21), "modal"), (MeetingChangeKind.CANCELLED, date(2018, 3, 21), "modal")]


def test_a_day_in_the_past_goes_back_under_the_new_day_and_changes_nothing(bot: RunningBot) -> None:
    status, body = submit(bot, meetings.MEETING_CALLBACK, open_form(bot, "meeting cpog"),
                          meeting_values("add", meeting=None, day="2018-01-19"), view_id="VPAST")
    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {
        "date": "Fri 19 Jan 2018 at 14:00 is in the past: a meeting can only move to or be added on a time to come."}}
    assert changes(bot) == []


def test_only_the_chair_sees_the_form_and_a_stranger_is_told_in_one_line(bot: RunningBot) -> None:
    answer = ask(bot, "status board cpog", user="UMASH")
    assert_valid_message(answer)
    body_buttons = buttons(answer["blocks"])
    assert {MEETING_FORM_ACTION, ARISING_FORM_ACTION, "agenda_paper"} <= set(body_buttons)
    assert body_buttons[MEETING_FORM_ACTION]["value"] == "cpog"
    click(bot, body_buttons[MEETING_FORM_ACTION], user="UMASH", name="refused")
    refusal = bot.slack.wait_for("respond", 2)[-1].params
    assert refusal["response_type"] == "ephemeral" and refusal["text"].startswith("Only Chair, Corporate")
    assert bot.slack.calls_to("views.open") == []
    click(bot, body_buttons[MEETING_FORM_ACTION], user="UCHAIR", name="chair")
    assert opened(bot, 1)["callback_id"] == meetings.MEETING_CALLBACK


@pytest.mark.parametrize("action_id, said, kind", [
    (meetings.HELD_PREFIX, "is recorded as held.", MeetingChangeKind.HELD),
    (meetings.NOT_HELD_PREFIX, "is recorded as not held; staleness counts from the meeting before it.",
     MeetingChangeKind.NOT_HELD),
], ids=["held", "did-not-happen"])
def test_the_chairs_check_in_asks_whether_the_meeting_was_held(bot: RunningBot, action_id: str, said: str,
                                                               kind: MeetingChangeKind) -> None:
    tick(dispatcher(bot.store, bot.slack, at("2018-01-18")), bot.store.uow)
    message = check_in_of(bot, "DUCHAIR", "2018-01-18")
    assert_valid_message(message)
    assert "CPOG met on Wed 17 Jan at 14:00: was it held?" in all_text(message["blocks"])
    assert "1 meeting to say whether held" in message["text"]
    button_id = f"{action_id}cpog:2018-01-17"
    assert json.loads(buttons(message["blocks"])[button_id]["value"]) == {"body": "cpog", "day": "2018-01-17"}

    click_on(bot, message, button_id, user="UCHAIR", channel="DUCHAIR")
    redrawn = bot.slack.wait_for("respond")[-1].params
    assert_valid_message(redrawn)
    assert redrawn["replace_original"] is True
    assert redrawn["text"] == f"{CPOG}: the meeting of Wed 17 Jan 2018 {said}"
    assert f"✅ {redrawn['text']}" in all_text(redrawn["blocks"])
    assert not any(key.startswith(("meeting_held:", "meeting_not_held:")) for key in buttons(redrawn["blocks"]))
    assert "checkin_snooze" in buttons(redrawn["blocks"]), "the rest of the check-in stays"
    click_on(bot, message, button_id, user="UCHAIR", channel="DUCHAIR", name="again")
    assert bot.slack.wait_for("respond", 2)[-1].params["text"].endswith("(already recorded).")
    assert [(c.kind, c.meeting, c.via.value) for c in changes(bot)] == [(kind, date(2018, 1, 17), "slack_dm")]


def arising_values(view: dict[str, Any], *, title: str, owner: str, due: str, theme: str) -> dict[str, Any]:
    [meeting] = [b for b in view["blocks"] if b.get("block_id") == "meeting"]
    return {"title": {"value": {"type": "plain_text_input", "value": title}},
            "owner": {"value": {"type": "static_select", "selected_option": {"value": owner}}},
            "due": {"value": {"type": "datepicker", "selected_date": due}},
            "theme": {"value": {"type": "static_select", "selected_option": {"value": theme}}},
            "meeting": {"value": {"type": "static_select",
                                  "selected_option": meeting["element"]["initial_option"]}},
            "ref": {"value": {"type": "plain_text_input", "value": None}}}


def test_an_action_arising_reaches_its_owner_who_updates_it_in_the_prompts_thread(bot: RunningBot) -> None:
    view = open_form(bot, "action add cpog")
    assert view["callback_id"] == meetings.ARISING_CALLBACK
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    themes = {o["value"]: o["description"]["text"] for o in by_id["theme"]["element"]["options"]}
    assert themes["6"] == "next ref 6l"
    assert by_id["meeting"]["element"]["initial_option"]["value"] == "2018-01-17"
    owners = {o["value"] for o in by_id["owner"]["element"]["options"]}
    assert "head.mash@example.org" in owners

    values = arising_values(view, title="Audit placement stability <!channel>", owner="head.mash@example.org",
                            due="2018-03-01", theme="6")
    assert submit(bot, meetings.ARISING_CALLBACK, view, values, view_id="VARISE") == (200, "")
    added = dm_to(bot, "UCHAIR", 1)["text"]
    assert added.startswith("Added 6l Audit placement stability &lt;!channel&gt; (theme 6), owned by Head of Service, "
                            "MASH, due Thu 01 Mar 2018, arising from the Corporate Parenting Officers Group on Wed 17 "
                            "Jan 2018")
    assert submit(bot, meetings.ARISING_CALLBACK, view, values, view_id="VARISE") == (200, "")
    assert "nothing was added" in dm_to(bot, "UCHAIR", 2)["text"]
    assert "DUMASH" not in bot.slack.messages, "the owner hears from the outbox, not from the form"

    tick(dispatcher(bot.store, bot.slack, later(AS_OF, minutes=1)), bot.store.uow)
    [news] = bot.slack.messages["DUMASH"]
    assert_valid_message(news)
    assert news["metadata"]["event_payload"]["refs"] == ["6l"]
    assert "New action 6l for you, arising from the CPOG on Wed 17 Jan" in all_text(news["blocks"])
    assert {"rate_green:6l", "add_detail:6l"} <= set(buttons(news["blocks"]))
    reply = dm(bot, "amber - data requested, forecast 1/3/2018", event_id="EvArise", user="UMASH",
               thread_ts=news["ts"], ts="1516449600.000100")
    assert "Recorded *Amber* for `6l`" in reply["text"]


def test_an_owner_not_in_the_plan_goes_back_under_the_owner(bot: RunningBot) -> None:
    view = open_form(bot, "action add cpog")
    values = arising_values(view, title="Audit", owner="nobody@example.org", due="2018-03-01", theme="6")
    status, body = submit(bot, meetings.ARISING_CALLBACK, view, values, view_id="VNOBODY")
    assert status == 200 and json.loads(body)["errors"] == {
        "owner": "nobody@example.org is not in the plan's people; the programme office can add them"}


def test_in_a_dm_a_form_comes_as_a_button_and_a_change_is_recorded(bot: RunningBot) -> None:
    offered = dm(bot, "meeting cpog", event_id="EvForm", user="UCHAIR", ts="1516449600.000200")
    assert_valid_message(offered)
    assert offered["text"] == f"Change a meeting of the {CPOG}:"
    click(bot, buttons(offered["blocks"])[MEETING_FORM_ACTION], user="UCHAIR", channel="DUCHAIR")
    assert opened(bot, 1)["callback_id"] == meetings.MEETING_CALLBACK
    said = dm(bot, "meeting cpog add 2018-02-07 10:00", event_id="EvAdd", user="UCHAIR", ts="1516449600.000300")
    assert said["text"] == f"{CPOG}: a meeting is added on Wed 07 Feb 2018 at 10:00; papers due Fri 02 Feb."
    assert [(c.kind, c.meeting, c.via.value) for c in changes(bot)] == [
        (MeetingChangeKind.ADDED, date(2018, 2, 7), "slack_dm")]


def test_a_withdrawal_by_command_and_a_mention_answered_to_its_asker_alone(bot: RunningBot) -> None:
    said = ask(bot, "action close 6e merged into 6d", user="UCHAIR")
    assert said["text"] == ("6e is withdrawn as no longer needed (merged into 6d): it stays in the plan and its "
                            "history, and nobody is asked about it again.")
    with bot.store.uow() as uow:
        assert uow.plan.action("6e").withdrawn.reason == "merged into 6d"
    event = {"type": "app_mention", "channel": "C1", "user": "UCHAIR", "text": "<@UBOT> action add cpog",
             "ts": "1516449600.000400", "event_ts": "1516449600.000400"}
    assert bot.send(event_body(event, event_id="EvMention"), content_type="application/json")[0] == 200
    offered = bot.slack.wait_for("chat.postEphemeral")[-1].params
    assert_valid_message(offered)
    assert (offered["user"], offered["text"]) == ("UCHAIR", f"Add an action arising from the {CPOG}:")
    assert buttons(offered["blocks"])[ARISING_FORM_ACTION]["value"] == "cpog"


def test_every_form_keeps_to_slacks_rules_at_its_edges(bot: RunningBot) -> None:
    """A body with no meeting coming offers only to add one; a plan with more people than a select holds has the
    owner typed."""
    with bot.store.uow() as uow:
        body = next(b for b in uow.plan.bodies() if b.key == "cpog")
        themes = tuple(uow.plan.themes())
    empty = meetings.meeting_view(MeetingForm(body, ()))
    assert view_breaches(empty) == []
    [what] = [b for b in empty["blocks"] if b.get("block_id") == "what"]
    assert [o["value"] for o in what["element"]["options"]] == ["add"]
    crowd = tuple(Person(f"person{n}@example.org", f"Person {n}") for n in range(150))
    form = meetings.arising_view(ArisingForm(replace(body, name="x" * 200), crowd, themes, (), {6: "6l"}))
    assert view_breaches(form) == []
    [owner] = [b for b in form["blocks"] if b.get("block_id") == "owner"]
    assert owner["element"]["type"] == "plain_text_input"


def test_a_check_in_asking_everything_at_once_stays_inside_a_messages_50_blocks(bot: RunningBot) -> None:
    """Every kind of row at its most: actions past CHECK_IN_SHOWS, papers summaries, figures past FIGURES_SHOWN and
    meetings past HELD_SHOWN, each list cut with a line naming the rest."""
    with bot.store.uow() as uow:
        refs, bodies, indicators = uow.plan.refs()[:14], uow.plan.bodies(), uow.plan.indicators()
    asks = tuple(Ask(Reason.OVERDUE, ref, "overdue since 31 Dec 2017", None, True, True) for ref in refs)
    held = tuple(HeldAsk(body, Meeting(body.key, datetime(2018, 1, day, 10, tzinfo=LONDON), date(2018, 1, day - 5)))
                 for body in bodies for day in (16, 17))
    owed = tuple(FigureAsk(indicator, date(2017, 12, 1), "December's figure is due today", False)
                 for indicator in indicators[:12])
    asked = CheckIn("head.mash@example.org", date(2018, 1, 22), asks, tuple(f"Papers line {n}" for n in range(7)),
                    owed, held, tuple(f"body-{n}" for n in range(7)))
    assert len(held) > meetings.HELD_SHOWN and len(owed) > FIGURES_SHOWN and len(asks) > CHECK_IN_SHOWS
    text, blocks = checkin.check_in_message(asked, slack_deps(bot.store).programme.check_in_statuses(asked))
    assert_valid_message({"text": text, "blocks": blocks})
    assert len(blocks) <= 50
    assert f"and {len(held) - meetings.HELD_SHOWN} more meetings to say about: `meeting " in all_text(blocks)


def test_a_withdrawn_action_is_shown_as_withdrawn_and_never_counted(bot: RunningBot) -> None:
    programme = slack_deps(bot.store).programme
    programme.raise_action(NewAction("cpog", "Review <!channel> placements", "head.cic.careleavers@example.org",
                                     date(2018, 2, 28), 6), by="chair.cpog@example.org")
    programme.withdraw_action("6l", "merged into *6c*", by="chair.cpog@example.org")
    action = ask(bot, "status action 6l", user="UCHAIR")
    assert_valid_message(action)
    facts = all_text(action["blocks"])
    assert f"*Arising from* the {CPOG} on Wed 17 Jan 2018" in facts
    assert "*Withdrawn* Sat 20 Jan 2018 by Chair, Corporate Parenting Officers Group: merged into *6c*" in facts
    board = ask(bot, "status board cpog", user="UCHAIR")
    listed = all_text(board["blocks"])
    assert "*Withdrawn, no longer needed (1)*\n• `6l` Review &lt;!channel&gt; placements" in listed
    assert "<!channel>" not in listed
