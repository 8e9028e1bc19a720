"""A body's readiness paper, on a plan built here: for the body responsible for the whole plan, every escalation with
why, its actions and the indicators of their themes, the actions arising from its last meeting with their state and
the withdrawn one shown as withdrawn; for a body that has not met, or has no meeting planned, the paper says so. Text
from the plan reads as typed in Markdown and HTML and can neither run nor link, the HTML page fetches nothing, and
the mark's key closes a paper only when it shows an illustrative fact."""
from __future__ import annotations

from datetime import date, datetime
from html import escape

import pytest
from markdown_it import MarkdownIt

from governance.clock import FixedClock
from governance.meetings import parse_meeting
from governance.model import (
    ILLUSTRATIVE_KEY, Action, Body, Channel, Indicator, IndicatorValue, Person, PlanInfo, Provenance, Theme, Update,
    Withdrawal,
)
from governance.programme import Programme
from handlers.report.agenda import render_agenda_html, render_agenda_markdown
from storage.store import Store
from tests.conftest import AS_OF, LONDON

TZ = "Europe/London"
OWNER = "owner@example.org"
CHAIR = "chair@example.org"
PMO = "pmo@example.org"
BOARD_NAME = "Board <b>bold</b> & [x](javascript:y) | Co"
MARKED = Provenance(illustrative=True)


def build_plan(store: Store, *, illustrative: bool = False) -> Programme:
    """A board responsible for the whole plan (met Thu 11 Jan, meets Thu 25 Jan), a group that has not met yet and
    a body with no meeting planned; 1a long overdue and 1b Red twice (the group's), 2a and 2b arising from the
    board's meeting of 11 Jan, 2b since withdrawn; one indicator of theme 2."""
    provenance = MARKED if illustrative else Provenance("Council paper, para 4")
    with store.uow() as uow:
        uow.plan.save_info(PlanInfo("Test plan", "Test council"))
        uow.plan.save_person(Person(OWNER, "Olive Owner"))
        uow.plan.save_person(Person(CHAIR, "Chris Chair"))
        uow.plan.save_person(Person(PMO, "Pat Programme", admin=True))
        for number, title in ((1, "Front door"), (2, "Care planning")):
            uow.plan.save_theme(Theme(number, title))
        uow.plan.save_body(Body("board", BOARD_NAME, chair=CHAIR, dates=(date(2018, 1, 11), date(2018, 1, 25)),
                                whole_plan=True, provenance=provenance))
        uow.plan.save_body(Body("group", "Practice Group", dates=(date(2018, 2, 1),)))
        uow.plan.save_body(Body("dormant", "Dormant Panel"))
        uow.plan.save_action(Action("1a", 1, "Triage every contact", OWNER, date(2017, 12, 1), "group"))
        uow.plan.save_action(Action("1b", 1, "Audit strategy meetings", OWNER, date(2018, 3, 30), "group"))
        uow.plan.save_action(Action("2a", 2, "Review every plan", OWNER, date(2018, 4, 30), "board",
                                    raised_at=date(2018, 1, 11)))
        uow.plan.save_action(Action("2b", 2, "Review plans twice", OWNER, date(2018, 4, 30), "board",
                                    raised_at=date(2018, 1, 11),
                                    withdrawn=Withdrawal(datetime(2018, 1, 15, 23, 30, tzinfo=LONDON), CHAIR,
                                                         "merged into 2a")))
        for day in (8, 15):
            uow.updates.add(Update("1b", datetime(2018, 1, day, 9, 0, tzinfo=LONDON), "red", OWNER, Channel.CONSOLE,
                                   "no police attendance"))
        uow.plan.save_indicator(Indicator("plans", "Plans reviewed in time", target=90, themes=(2,),
                                          values=(IndicatorValue(date(2017, 12, 1), 80),)))
        uow.commit()
    return Programme(store.uow, FixedClock(AS_OF), TZ)


@pytest.fixture
def built(store: Store) -> Programme:
    return build_plan(store)


def test_the_whole_plan_bodys_paper_has_every_section_in_order(built: Programme) -> None:
    markdown = render_agenda_markdown(built.agenda("board"))
    assert "as of Sat 20 Jan 2018" in markdown and "Meeting Thu 25 Jan 2018 10:00 · papers due" in markdown
    assert "chair: Chris Chair" in markdown and "Test council: Test plan" in markdown
    sections = [markdown.index(h) for h in (
        "## Readiness of the actions it oversees", "## Escalations", "## What we are worried about",
        "## Actions it oversees", "## Indicators of its themes", "## Actions arising from the meeting of Thu 11 Jan 2018")]
    assert sections == sorted(sections)
    escalations = markdown[sections[1]:sections[2]]
    assert "whichever body oversees them." in escalations
    assert "| 1a | Triage every contact | Olive Owner | 01 Dec 2017 | Not rated | overdue" in escalations
    assert "| 1b | Audit strategy meetings | Olive Owner | 30 Mar 2018 | Red | Red twice running |" in escalations
    oversees = markdown[sections[3]:sections[4]]
    assert "| 2a | Review every plan |" in oversees and "| 2b |" not in oversees
    assert "| Plans reviewed in time | 80% (Dec 2017) | 90% | - |" in markdown[sections[4]:sections[5]]
    arising = markdown[sections[5]:]
    assert "| 2a | Review every plan | Olive Owner | 30 Apr 2018 | Not rated |" in arising
    assert "- 2b Review plans twice — withdrawn Mon 15 Jan 2018: merged into 2a" in arising
    assert "BRAG: Blue 0 · Green 0 · Amber 0 · Red 0 · Not rated 1" in markdown, "the withdrawn action is not counted"
    assert "Withdrawn (no longer needed): 2b" in markdown
    assert ILLUSTRATIVE_KEY not in markdown and "†" not in markdown


def test_text_from_the_plan_is_text_in_both_papers(built: Programme) -> None:
    paper = built.agenda("board")
    markdown, html = render_agenda_markdown(paper), render_agenda_html(paper)
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<b>" not in rendered and "<a " not in rendered
    assert f"{escape(BOARD_NAME, quote=False)} — readiness paper for Thursday 25 January 2018" in rendered
    assert "<b>" not in html and f"<h1>{escape(BOARD_NAME)} — readiness paper for Thursday 25 January 2018</h1>" in html
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "<link" not in html
    assert "src=" not in html and "href=" not in html, "the page opens offline, fetching nothing"


def test_the_html_paper_lists_the_same_facts(built: Programme) -> None:
    html = render_agenda_html(built.agenda("board"))
    assert "<h2>Escalations</h2>" in html and "<td>Red twice running</td>" in html
    assert "<h2>Actions arising from the meeting of Thu 11 Jan 2018</h2>" in html
    assert "<li>2b Review plans twice — withdrawn Mon 15 Jan 2018: merged into 2a</li>" in html
    assert "Withdrawn (no longer needed): 2b" in html and "<title>Dec 2017: 80%</title>" in html
    assert ILLUSTRATIVE_KEY not in html


def test_a_body_that_has_not_met_or_meets_no_more_says_so(built: Programme) -> None:
    group = render_agenda_markdown(built.agenda("group"))
    assert group.startswith("# Practice Group — readiness paper for Thursday 01 February 2018\n")
    assert "## Actions arising from the last meeting\n\nThe body has not met yet.\n" in group
    assert "of the actions it oversees." in group and "| 1a | Triage every contact |" in group
    dormant = built.agenda("dormant")
    markdown, html = render_agenda_markdown(dormant), render_agenda_html(dormant)
    assert markdown.startswith("# Dormant Panel — readiness paper\n") and "No meeting planned · as of" in markdown
    assert "## Actions it oversees\n\nNone.\n" in markdown and "## Escalations" in markdown
    assert "<h2>Actions it oversees</h2><p class='muted'>None.</p>" in html


def test_an_illustrative_meeting_day_is_marked_and_the_paper_ends_with_the_key(store: Store) -> None:
    paper = build_plan(store, illustrative=True).agenda("board")
    markdown, html = render_agenda_markdown(paper), render_agenda_html(paper)
    assert "readiness paper for Thursday 25 January 2018†" in markdown
    assert "Meeting Thu 25 Jan 2018 10:00† · papers due" in markdown
    assert markdown.rstrip().endswith(ILLUSTRATIVE_KEY)
    assert html.endswith(f'<p class="muted">{ILLUSTRATIVE_KEY}</p></body></html>\n')


def test_a_moved_or_added_meeting_says_so_on_the_paper(built: Programme) -> None:
    built.change_meeting(parse_meeting("board move 2018-01-26 14:00"), by=CHAIR, via=Channel.COMMAND)
    assert "Meeting Fri 26 Jan 2018 14:00 (moved from Thu 25 Jan) · papers due" in render_agenda_markdown(
        built.agenda("board"))
    built.change_meeting(parse_meeting("dormant add 2018-02-07 09:30"), by=PMO, via=Channel.COMMAND)
    added = render_agenda_markdown(built.agenda("dormant"))
    assert added.startswith("# Dormant Panel — readiness paper for Wednesday 07 February 2018\n")
    assert "Meeting Wed 07 Feb 2018 09:30 (added) · papers due" in added
