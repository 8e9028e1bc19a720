"""An action with no date yet and a comment given without a rating, as every view shows them: the terminal, JSON,
Slack (status, Home, an action's history, a prompt), the console and the pack. Drawn from plain domain objects: no
database."""
from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from rich.console import Console

from governance.answers import PlanAnswer
from governance.audit import Entry, Trail, changes
from governance.brag import DEFAULT_KEY
from governance.home import Home, OwnerSection
from governance.model import Action, Person, PlanInfo, Theme, Update
from governance.readiness import Readiness, ThemeReadiness, roll_up
from governance.services import ActionStatus, PlanPack
from handlers.cli.json_view import answer_json, dumps, trail_json
from handlers.cli.views import trail_view
from handlers.console.session import prompt_text
from handlers.report.html import render_html
from handlers.report.markdown import render_markdown
from handlers.slack.blocks import Paging, action_blocks, readiness_blocks
from handlers.slack.home import home_view
from handlers.slack.prompts import modal_view, prompt_rows
from handlers.text.answers import answer_view

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)
NOW = datetime(2018, 1, 22, 12, tzinfo=LONDON)
OWNER = Person("owner@example.org", "Olive Owner")
THEME = Theme(5, "Improving assessment")
NO_DATE = Action("5a", 5, "Review the front door", OWNER.email, None)
DATED = Action("5b", 5, "Audit assessments", OWNER.email, date(2018, 1, 31))
HISTORY = [Update("5a", datetime.combine(date(2018, 1, 3), time(12), tzinfo=LONDON), "amber", OWNER.email,
                  commentary="provider found"),
           Update("5a", datetime.combine(date(2018, 1, 19), time(12), tzinfo=LONDON), None, None,
                  commentary="contract with legal")]


def readiness() -> Readiness:
    return roll_up("Theme 5: Improving assessment", [NO_DATE, DATED], {"5a": HISTORY}, [], now=NOW,
                   key=DEFAULT_KEY, bodies={}, people={OWNER.email: OWNER}, tz=TZ)


def status() -> ActionStatus:
    return ActionStatus(readiness().states[0], THEME, None, HISTORY, DEFAULT_KEY)


def trail() -> Trail:
    return Trail(NO_DATE, DEFAULT_KEY, [Entry(u, changes(HISTORY[:n], u, DEFAULT_KEY)) for n, u in enumerate(HISTORY)])


def printed(view: object) -> str:
    console = Console(record=True, width=200)
    console.print(view)
    return " ".join(console.export_text().split())


def drawn(answer: object) -> str:
    return printed(answer_view(answer, TZ))


def slack_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_the_terminal_shows_no_date_and_the_comment_as_a_comment() -> None:
    table = drawn(PlanAnswer(readiness()))
    assert "│ 5a │ Review the front door │ Olive Owner │ no date │ Amber │" in table
    assert "5a: Olive Owner to give a due date" in table
    action = drawn(status())
    assert "│ Due no date │" in action
    assert "Comment │ contract with legal" in action and "Amber │ provider found" in action
    assert "Not rated" not in action


def test_json_gives_a_null_due_date_and_no_working_days() -> None:
    written = json.loads(dumps(answer_json(status())))
    assert written["due"] is None and written["working_days_to_due"] is None
    assert written["rating"] == "amber" and not written["overdue"] and not written["due_soon"]
    assert written["last_update"]["rating"] is None
    assert written["last_update"]["commentary"] == "contract with legal"


def test_slack_writes_no_date_where_a_date_would_be() -> None:
    summary = slack_text(readiness_blocks("Theme 5", "", readiness(), paging=Paging("theme 5")))
    assert "Olive Owner · no date · _contract with legal_" in summary
    assert "Olive Owner · due 31 Jan 2018 ·" in summary
    action = slack_text(action_blocks(status(), Paging("action 5a")))
    assert "*Due* no date\\n" in action and ":large_orange_circle: Amber" in action
    assert "19 Jan 2018 Comment — contract with legal" in action and "Not rated" not in action


def test_the_home_lists_an_action_with_no_date_after_the_dated_ones() -> None:
    rolled = readiness()
    owner = OwnerSection(rolled, list(reversed(rolled.states)))
    home = home_view(Home(OWNER, NOW.date(), owner=owner), "/readiness")
    texts = [block["text"]["text"] for block in home["blocks"] if block["type"] == "section"]
    assert texts[0].startswith("*5b* Audit assessments\nDue Wed 31 Jan 2018 (7 working days)")
    assert texts[1].startswith("*5a* Review the front door\nNo due date yet · :large_orange_circle: Amber")


def test_the_pack_shows_no_date_in_its_tables() -> None:
    rolled = readiness()
    pack = PlanPack(PlanInfo("Plan", "Council"), NOW, rolled, [ThemeReadiness(THEME, None, rolled)], None)
    assert "| 5a | Review the front door | Olive Owner | no date | Amber |" in render_markdown(pack)
    assert "<td>no date</td>" in render_html(pack)


def test_the_terminal_history_shows_a_comment_that_changes_no_rating() -> None:
    written = printed(trail_view(trail(), TZ))
    assert "│ import │ import │ Comment │ commentary │" in written and "contract with legal" in written
    assert "rating Not rated → Amber" in written and "→ Not rated" not in written and "Amber →" not in written


def test_json_history_gives_a_comment_a_null_rating_and_no_rating_change() -> None:
    amber, comment = json.loads(dumps(trail_json(trail())))["updates"]
    assert amber["rating"] == "amber" and amber["changes"] == ["rating Not rated → Amber", "commentary"]
    assert comment["rating"] is None and comment["changes"] == ["commentary"]


def test_a_slack_prompt_shows_a_last_comment_with_the_rating_it_leaves_and_no_due_date_yet() -> None:
    about = prompt_rows(status())[0]["text"]["text"]
    assert about.endswith("No due date yet · Last update 19 Jan: Comment (BRAG :large_orange_circle: Amber) — "
                          "contract with legal")
    form = json.dumps(modal_view(status(), DEFAULT_KEY, channel=None, ts=None))
    assert "No due date yet" in form and "Due no date" not in form


def test_a_console_prompt_shows_a_last_comment_with_the_rating_it_leaves_and_no_due_date_yet() -> None:
    written = printed(prompt_text(status(), ""))
    assert "No due date yet · last update 19 Jan: Comment (BRAG Amber ) contract with legal" in written
