"""The App Home by role, through signed Events API requests to a running bot and Slack's stand-in."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from governance.model import ILLUSTRATIVE_KEY, Person
from governance.reminders import Kind, Reminder, Status
from handlers.slack.blocks import SECTION_CHARS, SURFACE_BLOCKS
from handlers.slack.home import SECTION_BLOCKS
from handlers.slack.server import stop
from storage.store import Store
from tests.conftest import AS_OF
from tests.governance.test_home import BIG, build_big_plan
from tests.slack.blockkit import all_text, assert_valid_view
from tests.slack.conftest import RunningBot, start_bot
from tests.slack_signing import block_actions_body, event_body
from tests.slack_standin import SlackStandIn

_events = iter(range(1, 1_000_000))


def open_home(bot: RunningBot, user: str) -> dict[str, Any]:
    """Opens the Home tab as `user` and returns the view the bot published."""
    before = len(bot.slack.calls_to("views.publish"))
    status, _ = bot.send(event_body({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home",
                                     "event_ts": "1516000000.000100"}, event_id=f"EvHome{next(_events)}"),
                         content_type="application/json")
    assert status == 200
    published = bot.slack.wait_for("views.publish", before + 1)[-1].params
    assert published["user_id"] == user
    view = published["view"]
    assert view["type"] == "home"
    assert_valid_view(view)
    return view


def headers(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


def mrkdwn(blocks: list[dict[str, Any]]) -> str:
    """The text Slack parses for mentions: a `<!channel>` here would ping (plain text never does)."""
    texts = []
    for block in blocks:
        for item in (block.get("text"), *block.get("elements", [])):
            if isinstance(item, dict) and item.get("type") == "mrkdwn":
                texts.append(item["text"])
    return "\n".join(texts)


def update_buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("type") == "button"]


def link(store: Store, slack: SlackStandIn, user_id: str, person: Person) -> None:
    """A person the shared fixtures do not link yet, known to the stand-in's directory too."""
    with store.uow() as uow:
        uow.plan.save_person(person)
        uow.commit()
    slack.users[user_id] = {"id": user_id, "real_name": person.name, "profile": {"email": person.email}}


def test_an_owner_sees_their_open_actions_most_pressing_first_each_with_update(bot: RunningBot) -> None:
    view = open_home(bot, "UMASH")
    assert headers(view) == ["Hello, Head of Service, MASH", "Your actions"]
    buttons = update_buttons(view)
    assert [b["action_id"] for b in buttons] == ["add_detail:3a", "add_detail:4a", "add_detail:5c(i)", "add_detail:4c"]
    assert [json.loads(b["value"]) for b in buttons][0] == {"ref": "3a"}
    assert {b["text"]["text"] for b in buttons} == {"Update"}
    text = all_text(view["blocks"])
    assert "*4* open of 6" in text and "Due Wed 31 Jan 2018 (8 working days)" in text
    assert "after `/readiness` in any channel" in text and "`status mine`" in text


def test_update_on_the_home_opens_the_detail_form_for_that_action(bot: RunningBot) -> None:
    view = {**open_home(bot, "UMASH"), "id": "VHOME"}
    button = update_buttons(view)[2]
    before = len(bot.slack.calls_to("views.open"))
    status, _ = bot.send(block_actions_body(button["action_id"], button["value"], user_id="UMASH", view=view,
                                            channel_id=None))
    assert status == 200
    form = bot.slack.wait_for("views.open", before + 1)[-1].params["view"]
    assert form["type"] == "modal" and "5c(i)" in json.dumps(form)


def test_an_overdue_action_comes_first_and_says_so(bot: RunningBot) -> None:
    view = open_home(bot, "ULEAD")
    assert [b["action_id"] for b in update_buttons(view)] == ["add_detail:1a"]
    assert "*Overdue* since Fri 12 Jan 2018† (5 working days)" in all_text(view["blocks"])


def test_a_theme_lead_sees_each_theme_spread_reds_overdue_and_who_has_not_updated(bot: RunningBot) -> None:
    view = open_home(bot, "ULEAD")
    assert headers(view) == ["Hello, Operational Director, Children's Social Care", "Your actions", "Themes you lead"]
    text = all_text(view["blocks"])
    for number in (1, 5, 6):
        assert f"*Theme {number}: " in text
    assert "Red *1*" in text and "(8 actions)" in text
    assert "*Red (1)*\n• `5c(ii)`" in text
    assert "*Overdue (2)*" in text and "`5e`" in text
    assert "*Not updated this cycle (3)*\n• Head of Service, Duty and Assessment: `5c(ii)`" in text


def test_a_chair_sees_the_next_meeting_its_paper_deadline_and_who_has_not_updated(bot: RunningBot) -> None:
    view = open_home(bot, "UCHAIR")
    assert headers(view) == ["Hello, Chair, Corporate Parenting Officers Group", "Bodies you chair"]
    text = all_text(view["blocks"])
    assert "*Corporate Parenting Officers Group*" in text
    assert "Next meeting Wed 21 Feb 2018, 14:00† · papers due *Fri 16 Feb*†" in text
    assert ("*Not updated this cycle (3)*\n• Head of Service, Children in Care and Care Leavers: `6k`\n"
            "• HR Business Partner, Family Services Recruitment: `6h(ii)`\n"
            "• Head of the Virtual School: `6i`") in text
    assert "No escalations." in text
    assert not update_buttons(view)


def test_a_chair_sees_the_escalations_of_their_body(bot: RunningBot) -> None:
    link(bot.store, bot.slack, "UOIG", Person("strategic.director.cyp@example.org",
                                              "Strategic Director, Children and Young People", role="chair"))
    text = all_text(open_home(bot, "UOIG")["blocks"])
    assert "*Operational Improvement Group*" in text and "papers due *Mon 22 Jan*†" in text
    assert "*Escalations: Red twice running or overdue 10+ working days (2)*\n• `3g`" in text and "• `6c`" in text
    assert "_…and 3 more: `status board operational-improvement-group`_" in text


def test_the_programme_office_sees_the_plan_failed_reminders_and_the_visit_countdown(bot: RunningBot) -> None:
    view = open_home(bot, "UPMO")
    assert headers(view) == ["Hello, Improvement Programme Office", "Programme office"]
    text = all_text(view["blocks"])
    assert "*The whole plan*" in text and "Red *2*" in text and "(46 actions)" in text
    assert "No failed reminders." in text
    assert "Ofsted monitoring visit 2: the front door and care planning" in text
    assert "Tue 30 Jan – Wed 31 Jan 2018: *7 working days to go*" in text

    with bot.store.uow() as uow:
        uow.outbox.add(Reminder(Kind.NOTICE, "5a", "head.duty.assessment@example.org", date(2018, 1, 19),
                                "overdue"), due_at=AS_OF, status=Status.FAILED, error="user_not_found")
        uow.commit()
    text = all_text(open_home(bot, "UPMO")["blocks"])
    assert "*1 reminder(s) failed*" in text and "`readiness outbox --failed` lists them" in text


def test_during_the_visit_the_programme_office_sees_it_in_progress(visiting_bot: RunningBot) -> None:
    text = all_text(open_home(visiting_bot, "UPMO")["blocks"])
    assert "Tue 30 Jan – Wed 31 Jan 2018: *visit in progress*\n" in text


def test_someone_with_several_roles_sees_each_section(bot: RunningBot) -> None:
    view = open_home(bot, "UQA")
    assert headers(view)[1:] == ["Your actions", "Themes you lead"]
    assert "action owner, theme lead" in all_text(view["blocks"])
    assert len(update_buttons(view)) == 4
    asked, key = (block["elements"][0]["text"] for block in view["blocks"][-2:])
    assert asked.endswith(": `status mine`, `status theme 5`, `status board cpog`, `status visit`")
    assert key == ILLUSTRATIVE_KEY, "the due dates shown are illustrative"


def test_someone_with_no_role_is_told_what_they_can_ask(bot: RunningBot) -> None:
    link(bot.store, bot.slack, "UOBS", Person("observer@example.org", "Observer", role="observer"))
    view = open_home(bot, "UOBS")
    text = all_text(view["blocks"])
    assert headers(view) == ["Hello, Observer"]
    assert "nothing of yours to show here" in text
    assert "after `/readiness` in any channel" in text
    assert text.endswith("in a DM:\n• `status mine`: the actions you own\n• `status theme 5`: readiness of a theme\n"
                         "• `status board cpog`: the next meeting of a governance body\n"
                         "• `status visit`: the next Ofsted monitoring visit\n• `status plan`: the whole plan")


def test_a_stranger_is_told_whom_to_ask_and_no_ones_address(bot: RunningBot) -> None:
    text = all_text(open_home(bot, "USTRANGER")["blocks"])
    assert "Sorry, I don't know you yet" in text and "Ask the programme office to add you." in text
    assert "pmo@example.org" not in text
    assert "5c(i)" not in text


def test_the_block_budget_fits_a_home() -> None:
    assert sum(SECTION_BLOCKS.values()) <= SURFACE_BLOCKS


@pytest.fixture
def big_bot(store: Store, slack: SlackStandIn) -> Iterator[RunningBot]:
    build_big_plan(store)
    slack.users["UBIG"] = {"id": "UBIG", "real_name": "Big", "profile": {"email": BIG}}
    running, server = start_bot(store, slack)
    yield running
    stop(server)


def test_a_big_plan_stays_within_every_block_kit_limit(big_bot: RunningBot) -> None:
    """One person who owns 300 actions, leads all 12 themes, chairs 6 bodies and runs the programme office,
    with titles and names at the store's limits: every list is cut, and Slack accepts the view."""
    view = open_home(big_bot, "UBIG")
    blocks = view["blocks"]
    assert len(blocks) <= SURFACE_BLOCKS
    assert headers(view)[1:] == ["Your actions", "Themes you lead", "Bodies you chair", "Programme office"]
    starts = [n for n, block in enumerate(blocks) if block["type"] == "header"] + [len(blocks) - 1]
    used = [starts[1], *(end - start for start, end in zip(starts[1:], starts[2:])), 1]
    budget = [SECTION_BLOCKS[part] for part in ("greeting", "owner", "lead", "chair", "admin", "help")]
    assert all(n <= most for n, most in zip(used, budget)), (used, budget)
    assert max(len(b.get("text", {}).get("text", "")) for b in blocks) < SECTION_CHARS, "cut by the budget, not clipped"
    action_ids = [b["action_id"] for b in update_buttons(view)]
    assert len(action_ids) == len(set(action_ids)) == 20
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    text = all_text(blocks)
    assert "_…and 180 more: `status mine` lists them all_" in text
    assert "_…and 2 more: `status theme 11` and so on_" in text
    assert "_…and 1 more: `status board body-5` and so on_" in text
    assert "*1 reminder(s) failed*" in text and "working days to go" in text
    marked_up = mrkdwn(blocks)
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt; &gt;" in marked_up
    assert "<!channel>" not in marked_up and "<@U123>" not in marked_up
