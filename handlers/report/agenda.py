"""A body's readiness paper for its next meeting, as Markdown and as one standalone HTML page: what the chair takes
into the room. It is built from the pack's own pieces, so a table, an escalation or an indicator reads the same in
both papers, with the same escaping (`md_text` in Markdown, every text escaped in HTML, nothing fetched to open it),
and in the words the terminal shows it in (handlers/text/agenda.py).
"""
from __future__ import annotations

from html import escape

from governance.meetings import AgendaPaper
from governance.model import ILLUSTRATIVE_KEY
from handlers.report import html, markdown
from handlers.text.agenda import (
    arising_heading, arising_none, escalations_intro, meeting_line, paper_title, withdrawn_entry,
)


def render_agenda_markdown(paper: AgendaPaper) -> str:
    """The paper for committee packs and e-mail: every text from the plan or from people through `md_text`."""
    readiness, md = paper.readiness, markdown.md_text
    lines = [f"# {md(paper_title(paper))}", "", f"{md(paper.info.organisation)}: {md(paper.info.name)}  ",
             md(meeting_line(paper)), "",
             "## Readiness of the actions it oversees", "", f"BRAG: {markdown.spread_text(readiness)}", "",
             *markdown.withdrawn_list(readiness),
             "## Escalations", "", md(escalations_intro(paper)), "",
             *markdown.escalations_table(paper.escalations, readiness.key),
             "## What we are worried about, what is working well, what needs to happen", "",
             *markdown.signs_of_safety(readiness),
             "## Actions it oversees", ""]
    lines += [*markdown.actions_table(readiness.states, readiness), ""] if readiness.states else ["None.", ""]
    if paper.indicators:
        lines += ["## Indicators of its themes", "", *markdown.indicator_tables(paper.indicators)]
    lines += [f"## {md(arising_heading(paper))}", ""]
    if paper.arising:
        lines += [*markdown.actions_table(paper.arising, readiness), ""]
    lines += [f"- {md(withdrawn_entry(action, paper))}" for action in paper.withdrawn]
    if paper.withdrawn:
        lines.append("")
    if not paper.arising and not paper.withdrawn:
        lines += [arising_none(paper), ""]
    if paper.illustrative:
        lines += [ILLUSTRATIVE_KEY, ""]
    return "\n".join(lines) + "\n"


def render_agenda_html(paper: AgendaPaper) -> str:
    """The paper as one page that opens offline, inline styles and charts only, every text escaped."""
    readiness = paper.readiness
    states = (html.actions_table(readiness.states, readiness) if readiness.states
              else "<p class='muted'>None.</p>")
    sections = [
        f"<h2>Readiness of the actions it oversees</h2>{html.summary(readiness)}",
        f"<h2>Escalations</h2><p>{escape(escalations_intro(paper))}</p>"
        f"{html.escalations_table(paper.escalations, readiness)}",
        "<h2>What we are worried about, what is working well, what needs to happen</h2>"
        f"{html.signs_of_safety(readiness)}",
        f"<h2>Actions it oversees</h2>{states}",
    ]
    if paper.indicators:
        sections.append(f"<h2>Indicators of its themes</h2>{html.indicator_tables(paper.indicators)}")
    sections.append(f"<h2>{escape(arising_heading(paper))}</h2>{_arising_html(paper)}")
    subtitle = f"{paper.info.organisation}: {paper.info.name} — {meeting_line(paper)}"
    return html.standalone(paper_title(paper), subtitle, readiness.key, sections, marked=paper.illustrative)


def _arising_html(paper: AgendaPaper) -> str:
    if not paper.arising and not paper.withdrawn:
        return f"<p class='muted'>{escape(arising_none(paper))}</p>"
    table = html.actions_table(paper.arising, paper.readiness) if paper.arising else ""
    withdrawn = "".join(f"<li>{escape(withdrawn_entry(action, paper))}</li>" for action in paper.withdrawn)
    return table + (f'<ul class="muted">{withdrawn}</ul>' if withdrawn else "")
