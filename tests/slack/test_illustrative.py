"""Facts the plan marks illustrative are shown with the mark, and an answer showing one ends with the mark's key;
escalations reach the body responsible for the whole plan; a visit lists the actions its focus areas name.
Through signed HTTP, on a small plan of this file's own, so no figure of the example plan is relied on."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from governance.model import (
    ILLUSTRATIVE_KEY, ILLUSTRATIVE_MARK, Action, Body, Channel, FocusArea, Indicator, IndicatorValue, Person,
    Provenance, Section, Theme, Update, Visit,
)
from governance.reminders import PMO_CHANNEL, Kind, OutboxItem, Reminder, Status
from handlers.slack.app import web_client
from handlers.slack.reminders import SlackReminderSender
from handlers.slack.server import stop
from storage.store import Store
from tests.conftest import AS_OF, LONDON
from tests.slack.blockkit import all_text, assert_valid_message
from tests.slack.conftest import RunningBot, slack_deps, start_bot
from tests.slack.test_home import open_home
from tests.slack.test_status_command import ask
from tests.slack.test_updates import buttons, click
from tests.slack_standin import SlackStandIn

ILLUSTRATIVE = Provenance(illustrative=True)
SOURCED = Provenance("CELS Committee 16 Jan 2018, para 1.74")
MASH, CHAIR, QA = "head.mash@example.org", "chair.cpog@example.org", "qa.lead@example.org"
CADENCE = "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=2"


def plan(store: Store, facts: Provenance) -> None:
    """Two themes, a board responsible for the whole plan and a panel, an action each, a visit whose focus area
    names the panel's action, and two indicators; every fact carries `facts`. The panel's action is Red twice."""
    with store.uow() as uow:
        for email, name, admin in ((MASH, "Head of MASH", False), (CHAIR, "Chair of the board", False),
                                   (QA, "Head of QA", False), ("pmo@example.org", "Programme office", True)):
            uow.plan.save_person(Person(email, name, admin=admin))
        uow.plan.save_theme(Theme(1, "The front door", lead=QA))
        uow.plan.save_theme(Theme(2, "Care planning", lead=QA))
        uow.plan.save_body(Body("board", "Improvement Board", CHAIR, CADENCE, date(2017, 9, 1), whole_plan=True,
                                provenance=facts))
        uow.plan.save_body(Body("panel", "Practice Panel", QA, CADENCE, date(2017, 9, 1), provenance=facts))
        uow.plan.save_action(Action("1a", 1, "Decide every contact within a day", MASH, date(2018, 2, 28), "board",
                                    facts))
        uow.plan.save_action(Action("2a", 2, "Review every child's plan", MASH, date(2018, 3, 29), "panel", facts))
        uow.plan.save_visit(Visit(date(2018, 1, 30), date(2018, 1, 31), "Monitoring visit",
                                  (FocusArea("The front door", (1,), ("2a",)),), provenance=facts))
        uow.plan.save_indicator(Indicator(
            "contacts", "Contacts decided within a day", target=90, amber_within=10, themes=(1,),
            source="CELS Committee 16 Jan 2018", values=(IndicatorValue(date(2017, 11, 1), 57, facts),),
            target_provenance=facts))
        uow.plan.save_indicator(Indicator(
            "cafs", "Open Common Assessment Frameworks", unit="count", themes=(1,), section=Section.WORRIED_ABOUT,
            values=(IndicatorValue(date(2017, 10, 1), 668, facts), IndicatorValue(date(2017, 11, 1), 614, facts))))
        for day in (10, 17):
            uow.updates.add(Update("2a", datetime(2018, 1, day, 10, tzinfo=LONDON), "red", MASH, Channel.CONSOLE,
                                   "no reviewer yet"))
        uow.commit()


@pytest.fixture(params=[ILLUSTRATIVE, SOURCED], ids=["illustrative", "sourced"])
def facts(request: pytest.FixtureRequest) -> Provenance:
    return request.param


@pytest.fixture
def planned(store: Store, slack: SlackStandIn, facts: Provenance) -> Iterator[RunningBot]:
    plan(store, facts)
    running, server = start_bot(store, slack)
    yield running
    stop(server)


def text_of(message: dict) -> str:
    assert_valid_message(message)
    return all_text(message["blocks"])


def ends_with_key(blocks: list[dict]) -> bool:
    return blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": ILLUSTRATIVE_KEY}]}


def assert_marked(text: str, facts: Provenance, *shown: str) -> None:
    """Each of `shown` appears with the mark when the facts are illustrative, without it when they are sourced;
    the key closes the answer only when something in it is marked."""
    for fact in shown:
        assert fact + facts.mark in text
    assert (ILLUSTRATIVE_MARK in text) is facts.illustrative
    assert (ILLUSTRATIVE_KEY in text) is facts.illustrative


def test_indicators_show_their_figures_marked_grouped_by_section_with_no_trend_unless_judged(
        planned: RunningBot, facts: Provenance) -> None:
    answer = ask(planned, "status indicators")
    text = text_of(answer)
    assert_marked(text, facts, "*57%", "vs target 90%", "*614")
    assert ends_with_key(answer["blocks"]) is facts.illustrative
    worried = next(b["text"]["text"] for b in answer["blocks"] if "What are we worried about" in b.get("text", {})
                   .get("text", ""))
    assert "Contacts decided within a day" in worried and "Open Common Assessment Frameworks" in worried
    cafs = next(line for line in worried.splitlines() if "Open Common" in line)
    assert "improving" not in cafs and "worsening" not in cafs, "no target, so no trend"
    assert "source: CELS Committee 16 Jan 2018" in worried

    click(planned, buttons(answer["blocks"])["status_share"], name="share", channel="C1")
    shared = planned.slack.wait_for("respond", 2)[-1].params
    assert shared["response_type"] == "in_channel"
    assert_marked(text_of(shared), facts, "*57%")


def test_a_theme_marks_its_due_dates_and_figures(planned: RunningBot, facts: Provenance) -> None:
    assert_marked(text_of(ask(planned, "status theme 1")), facts, "due 28 Feb 2018", "57%")
    assert_marked(text_of(ask(planned, "status action 2a", name="action")), facts, "*Due* Thu 29 Mar 2018")


def test_the_visit_marks_its_dates_and_lists_the_actions_its_focus_areas_name(
        planned: RunningBot, facts: Provenance) -> None:
    text = text_of(ask(planned, "status visit"))
    assert_marked(text, facts, "Tue 30 Jan – Wed 31 Jan 2018")
    named = text.split("*Actions the focus areas name (1)*\n", 1)[1].split("\n")[0]
    assert named.startswith("• `2a` Review every child's plan — Head of MASH, due 29 Mar 2018")


def test_the_whole_plan_board_sees_an_escalation_another_body_oversees(planned: RunningBot,
                                                                       facts: Provenance) -> None:
    board = ask(planned, "status board board")
    text = text_of(board)
    assert_marked(text, facts, "Next meeting Thu 08 Feb 2018, 10:00", "papers due Thu 01 Feb")
    assert ends_with_key(board["blocks"]) is facts.illustrative
    escalated = text.split("*Escalated: Red twice or overdue 10+ working days (1)*\n", 1)[1].split("\n")[0]
    assert escalated == (f"• `2a` Review every child's plan — Head of MASH, due 29 Mar 2018{facts.mark}: "
                         "Red twice running")
    assert text.count("Review every child's plan") == 1, "the panel oversees 2a: the board only hears of it"
    panel = text_of(ask(planned, "status board panel", name="panel"))
    assert "*Escalated: Red twice or overdue 10+ working days (1)*\n• `2a`" in panel


def test_the_home_marks_what_it_shows_and_ends_with_the_key(planned: RunningBot, facts: Provenance) -> None:
    owner = open_home(planned, "UMASH")
    assert_marked(all_text(owner["blocks"]), facts, "Due Wed 28 Feb 2018")
    assert ends_with_key(owner["blocks"]) is facts.illustrative
    chair = all_text(open_home(planned, "UCHAIR")["blocks"])
    assert_marked(chair, facts, "Next meeting Thu 08 Feb 2018, 10:00")
    pmo = all_text(open_home(planned, "UPMO")["blocks"])
    assert_marked(pmo, facts, "Tue 30 Jan – Wed 31 Jan 2018")


def test_the_visit_digest_in_the_pmo_channel_marks_the_visit_and_ends_with_the_key(
        planned: RunningBot, facts: Provenance) -> None:
    sender = SlackReminderSender(web_client("xoxb-test", planned.slack.api_url, retries=False),
                                 slack_deps(planned.store), pmo_channel="CPMO")
    digest = Reminder(Kind.VISIT_DIGEST, "2018-01-30", PMO_CHANNEL, AS_OF.date(), "The visit is 7 working days away.")
    sender.send(OutboxItem(1, digest, AS_OF, Status.PENDING), now=AS_OF)
    posted = planned.slack.wait_for("chat.postMessage")[-1].params
    assert posted["channel"] == "CPMO"
    assert_marked(text_of(posted), facts, "Tue 30 Jan – Wed 31 Jan 2018", "due 29 Mar 2018")
    assert ends_with_key(posted["blocks"]) is facts.illustrative


def test_an_owners_prompt_and_its_form_mark_the_due_date(planned: RunningBot, facts: Provenance) -> None:
    prompt = ask(planned, "update 1a")
    assert "sent you the prompt for `1a`" in prompt["text"]
    posted = planned.slack.wait_for("chat.postMessage")[-1].params
    assert_marked(text_of(posted), facts, "Due Wed 28 Feb 2018")
    assert ends_with_key(posted["blocks"]) is facts.illustrative
    click(planned, buttons(posted["blocks"])["add_detail:1a"], name="detail")
    form = planned.slack.wait_for("views.open")[-1].params["view"]
    assert_marked(all_text(form["blocks"]), facts, "Due Wed 28 Feb 2018")
