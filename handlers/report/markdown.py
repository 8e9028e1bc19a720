"""The readiness pack as Markdown, for committee papers and e-mail, and the pieces a body's agenda paper shares
with it.

Markdown renderers pass raw HTML through and follow any link, so every piece of text from the plan or
from people goes through `md_text`: it reads exactly as typed and can neither run, link nor restyle. The
pack makes no links of its own.
"""
from __future__ import annotations

import re
from typing import Iterable

from governance.brag import BragKey
from governance.model import ILLUSTRATIVE_KEY
from governance.readiness import ActionState, IndicatorReading, Readiness, latest_shown, supplied, target_shown
from governance.services import PlanPack
from handlers.report.contents import escalations_heading, escalations_intro, illustrative
from handlers.text.views import due_on, indicator_groups, note_on, withdrawn_line

MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~#])")
"""Characters that start links and images (`[`, `]`), emphasis, code, table cells and headings; a backslash
escapes each, and is itself escaped so that a typed one cannot undo ours."""
HTML_START = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])")
"""Where raw HTML, an autolink or a character reference could begin; any other `&` or `<` (D&A, <50%) is already
text, and stays readable in the Markdown itself."""


def md_text(text: str) -> str:
    """Text as Markdown text: HTML openings as entities, Markdown syntax escaped, and a line break (which would end
    a table row or a list item) as a space."""
    html_safe = HTML_START.sub(lambda match: "&amp;" if match.group() == "&" else "&lt;", text)
    return MARKDOWN_SYNTAX.sub(r"\\\1", html_safe).replace("\r", " ").replace("\n", " ")


def spread_text(readiness: Readiness) -> str:
    return " · ".join(f"{md_text(readiness.key.label(code))} {count}" for code, count in readiness.spread.items())


def actions_table(states: list[ActionState], readiness: Readiness) -> list[str]:
    lines = ["| Ref | Action | Owner | Due | BRAG |", "|---|---|---|---|---|"]
    lines += [f"| {md_text(s.action.ref)} | {md_text(s.action.title)} | {md_text(s.owner_name)} | "
              f"{due_on(s.action, '%d %b %Y')} | {md_text(readiness.key.label(s.rating))} |" for s in states]
    return lines


def indicator_tables(readings: Iterable[IndicatorReading]) -> list[str]:
    """The indicators under the board papers' headings, each latest figure with who gave it and the theme lead's note
    on it; no trend where the core judges none."""
    lines: list[str] = []
    for heading, _, group in indicator_groups(readings):
        lines += [f"*Indicators: {heading.lower()}*", "", "| Indicator | Latest | Target | Trend |",
                  "|---|---|---|---|"]
        for r in group:
            latest = (" ".join(part for part in (f"{latest_shown(r)} ({r.latest.month:%b %Y})", md_text(supplied(r)),
                                                 md_text(note_on(r))) if part)
                      if r.latest else "no data")
            lines.append(f"| {md_text(r.indicator.name)} | {latest} | {target_shown(r.indicator)} | {r.trend or '-'} |")
        lines.append("")
    return lines


def signs_of_safety(readiness: Readiness) -> list[str]:
    """What we are worried about, what is working well and what needs to happen, as the board papers head them."""
    lines: list[str] = []
    for heading, items in (("What are we worried about", readiness.worried_about),
                           ("What is working well", readiness.working_well),
                           ("What needs to happen", readiness.needs_to_happen)):
        lines += [f"*{heading}*", ""] + [f"- {md_text(i)}" for i in items or ["Nothing to report."]] + [""]
    return lines


def withdrawn_list(readiness: Readiness) -> list[str]:
    """The actions closed as no longer needed, still listed so that none disappears from the plan unseen."""
    return [md_text(withdrawn_line(readiness)), ""] if readiness.withdrawn else []


def _section(readiness: Readiness) -> list[str]:
    lines = [f"BRAG: {spread_text(readiness)}", ""]
    for heading, states in (("Overdue", readiness.overdue), ("Due within 10 working days", readiness.due_soon),
                            ("Red in two consecutive updates", readiness.red_twice),
                            ("Blue without evidence", readiness.blue_without_evidence)):
        if states:
            lines += [f"**{heading}**", "", *actions_table(states, readiness), ""]
    if readiness.owners_not_answered:
        lines += ["**Owners who have not updated this cycle**", ""]
        lines += [f"- {md_text(c.name)}: {md_text(', '.join(c.refs))}" for c in readiness.owners_not_answered]
        lines.append("")
    return lines + withdrawn_list(readiness) + indicator_tables(readiness.indicators) + signs_of_safety(readiness)


def escalations_table(states: list[ActionState], key: BragKey) -> list[str]:
    """Each action escalated, with why; "None." when nothing is."""
    if not states:
        return ["None.", ""]
    lines = ["| Ref | Action | Owner | Due | BRAG | Why |", "|---|---|---|---|---|---|"]
    lines += [f"| {md_text(s.action.ref)} | {md_text(s.action.title)} | {md_text(s.owner_name)} | "
              f"{due_on(s.action, '%d %b %Y')} | {md_text(key.label(s.rating))} | {s.escalated_because} |"
              for s in states]
    return lines + [""]


def _escalations(pack: PlanPack) -> list[str]:
    return [f"## {md_text(escalations_heading(pack))}", "", md_text(escalations_intro(pack)), "",
            *escalations_table(pack.escalations, pack.overall.key)]


def render_markdown(pack: PlanPack) -> str:
    lines = [f"# Readiness pack: {md_text(pack.info.name)}", "",
             f"{md_text(pack.info.organisation)}  ", f"As of {pack.overall.as_of:%A %d %B %Y}", "",
             "## The whole plan", "", *_section(pack.overall), *_escalations(pack)]
    if pack.visit:
        visit = pack.visit
        lines += [f"## Next monitoring visit: {md_text(visit.visit.title)}", "",
                  f"{visit.visit.start:%d %B} – {visit.visit.end:%d %B %Y}{visit.visit.provenance.mark}; "
                  f"{visit.countdown}", ""]
        lines += [f"- {md_text(area.name)}: themes {', '.join(map(str, area.themes))}"
                  + (f"; actions {md_text(', '.join(area.actions))}" if area.actions else "")
                  for area in visit.visit.focus_areas]
        lines.append("")
        if visit.examined:
            lines += ["**Actions the focus areas name**", "", *actions_table(visit.examined, visit.readiness), ""]
    for theme in pack.themes:
        lines += [f"## Theme {theme.theme.number}: {md_text(theme.theme.title)}", ""]
        if theme.lead_name:
            lines += [f"Lead: {md_text(theme.lead_name)}", ""]
        lines += actions_table(theme.readiness.states, theme.readiness) + [""] + _section(theme.readiness)
    if illustrative(pack):
        lines += [ILLUSTRATIVE_KEY, ""]
    return "\n".join(lines) + "\n"
