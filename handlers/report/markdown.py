"""The readiness pack as Markdown, for committee papers and e-mail.

Markdown renderers pass raw HTML through and follow any link, so every piece of text from the plan or
from people goes through `_md`: it reads exactly as typed and can neither run, link nor restyle. The
pack makes no links of its own.
"""
from __future__ import annotations

import re

from governance.model import ILLUSTRATIVE_KEY
from governance.readiness import ActionState, Readiness, latest_shown, supplied, target_shown
from governance.services import PlanPack
from handlers.report.contents import escalations_heading, escalations_intro, illustrative
from handlers.text.views import due_on, indicator_groups, note_on

MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~#])")
"""Characters that start links and images (`[`, `]`), emphasis, code, table cells and headings; a backslash
escapes each, and is itself escaped so that a typed one cannot undo ours."""
HTML_START = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])")
"""Where raw HTML, an autolink or a character reference could begin; any other `&` or `<` (D&A, <50%) is already
text, and stays readable in the Markdown itself."""


def _md(text: str) -> str:
    """Text as Markdown text: HTML openings as entities, Markdown syntax escaped, and a line break (which would end
    a table row or a list item) as a space."""
    html_safe = HTML_START.sub(lambda match: "&amp;" if match.group() == "&" else "&lt;", text)
    return MARKDOWN_SYNTAX.sub(r"\\\1", html_safe).replace("\r", " ").replace("\n", " ")


def _spread(readiness: Readiness) -> str:
    return " · ".join(f"{_md(readiness.key.label(code))} {count}" for code, count in readiness.spread.items())


def _actions(states: list[ActionState], readiness: Readiness) -> list[str]:
    lines = ["| Ref | Action | Owner | Due | BRAG |", "|---|---|---|---|---|"]
    lines += [f"| {_md(s.action.ref)} | {_md(s.action.title)} | {_md(s.owner_name)} | "
              f"{due_on(s.action, '%d %b %Y')} | {_md(readiness.key.label(s.rating))} |" for s in states]
    return lines


def _indicators(readiness: Readiness) -> list[str]:
    """The indicators under the board papers' headings, each latest figure with who gave it and the theme lead's note
    on it; no trend where the core judges none."""
    lines: list[str] = []
    for heading, _, readings in indicator_groups(readiness.indicators):
        lines += [f"*Indicators: {heading.lower()}*", "", "| Indicator | Latest | Target | Trend |",
                  "|---|---|---|---|"]
        for r in readings:
            latest = (" ".join(part for part in (f"{latest_shown(r)} ({r.latest.month:%b %Y})", _md(supplied(r)),
                                                 _md(note_on(r))) if part)
                      if r.latest else "no data")
            lines.append(f"| {_md(r.indicator.name)} | {latest} | {target_shown(r.indicator)} | {r.trend or '-'} |")
        lines.append("")
    return lines


def _section(readiness: Readiness) -> list[str]:
    lines = [f"BRAG: {_spread(readiness)}", ""]
    for heading, states in (("Overdue", readiness.overdue), ("Due within 10 working days", readiness.due_soon),
                            ("Red in two consecutive updates", readiness.red_twice),
                            ("Blue without evidence", readiness.blue_without_evidence)):
        if states:
            lines += [f"**{heading}**", "", *_actions(states, readiness), ""]
    if readiness.owners_not_answered:
        lines += ["**Owners who have not updated this cycle**", ""]
        lines += [f"- {_md(c.name)}: {_md(', '.join(c.refs))}" for c in readiness.owners_not_answered]
        lines.append("")
    lines += _indicators(readiness)
    for heading, items in (("What are we worried about", readiness.worried_about),
                           ("What is working well", readiness.working_well),
                           ("What needs to happen", readiness.needs_to_happen)):
        lines += [f"*{heading}*", ""] + [f"- {_md(i)}" for i in items or ["Nothing to report."]] + [""]
    return lines


def _escalations(pack: PlanPack) -> list[str]:
    lines = [f"## {_md(escalations_heading(pack))}", "", _md(escalations_intro(pack)), ""]
    if not pack.escalations:
        return lines + ["None.", ""]
    lines += ["| Ref | Action | Owner | Due | BRAG | Why |", "|---|---|---|---|---|---|"]
    lines += [f"| {_md(s.action.ref)} | {_md(s.action.title)} | {_md(s.owner_name)} | "
              f"{due_on(s.action, '%d %b %Y')} | {_md(pack.overall.key.label(s.rating))} | {s.escalated_because} |"
              for s in pack.escalations]
    return lines + [""]


def render_markdown(pack: PlanPack) -> str:
    lines = [f"# Readiness pack: {_md(pack.info.name)}", "",
             f"{_md(pack.info.organisation)}  ", f"As of {pack.overall.as_of:%A %d %B %Y}", "",
             "## The whole plan", "", *_section(pack.overall), *_escalations(pack)]
    if pack.visit:
        visit = pack.visit
        lines += [f"## Next monitoring visit: {_md(visit.visit.title)}", "",
                  f"{visit.visit.start:%d %B} – {visit.visit.end:%d %B %Y}{visit.visit.provenance.mark}; "
                  f"{visit.countdown}", ""]
        lines += [f"- {_md(area.name)}: themes {', '.join(map(str, area.themes))}"
                  + (f"; actions {_md(', '.join(area.actions))}" if area.actions else "")
                  for area in visit.visit.focus_areas]
        lines.append("")
        if visit.examined:
            lines += ["**Actions the focus areas name**", "", *_actions(visit.examined, visit.readiness), ""]
    for theme in pack.themes:
        lines += [f"## Theme {theme.theme.number}: {_md(theme.theme.title)}", ""]
        if theme.lead_name:
            lines += [f"Lead: {_md(theme.lead_name)}", ""]
        lines += _actions(theme.readiness.states, theme.readiness) + [""] + _section(theme.readiness)
    if illustrative(pack):
        lines += [ILLUSTRATIVE_KEY, ""]
    return "\n".join(lines) + "\n"
