"""The readiness pack as one standalone HTML file: inline styles and SVG, nothing fetched to open it; and the pieces
a body's agenda paper shares with it."""
from __future__ import annotations

from html import escape
from typing import Iterable

from governance.brag import BragKey
from governance.model import ILLUSTRATIVE_KEY
from governance.readiness import ActionState, IndicatorReading, Readiness, latest_shown, supplied, target_shown
from governance.services import PlanPack
from handlers.report.contents import escalations_heading, escalations_intro, illustrative
from handlers.report.svg import brag_bar, legend, trend_line
from handlers.text.views import due_on, flags, indicator_groups, note_on, withdrawn_line

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2rem auto;max-width:1000px;
color:#1b1b1b;line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #e3e3e3;
padding:.3rem .4rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#f4f4f4}
.chip{display:inline-block;color:#fff;border-radius:3px;padding:0 .4rem;font-size:.8rem;font-weight:600}
.muted{color:#666}.sos{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}
.sos div{background:#f8f8f8;padding:.5rem .8rem;border-radius:4px}.sos h4{margin:.2rem 0}
.worried h4{color:#c62828}.well h4{color:#2e7d32}
@media print{.sos{grid-template-columns:1fr}}
"""


def chip(readiness: Readiness, code: str) -> str:
    rating = readiness.key.get(code)
    style = "color:#000" if code == "amber" else ""
    return f'<span class="chip" style="background:{rating.colour};{style}">{escape(rating.label)}</span>'


def actions_table(states: list[ActionState], readiness: Readiness) -> str:
    if not states:
        return '<p class="muted">No actions.</p>'
    rows = "".join(
        f"<tr><td>{escape(s.action.ref)}</td><td>{escape(s.action.title)}</td><td>{escape(s.owner_name)}</td>"
        f"<td>{due_on(s.action, '%d %b %Y')}</td><td>{chip(readiness, s.rating)}</td><td>{escape(flags(s))}</td>"
        f"<td>{escape(s.last_update.commentary) if s.last_update else ''}</td></tr>"
        for s in states)
    return ("<table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Due</th><th>BRAG</th><th>Flags</th>"
            f"<th>Latest commentary</th></tr></thead><tbody>{rows}</tbody></table>")


def indicator_tables(readings: Iterable[IndicatorReading]) -> str:
    """The indicators under the board papers' headings, each latest figure with who gave it and the theme lead's note
    on it; no trend where the core judges none."""
    tables = []
    for heading, _, group in indicator_groups(readings):
        rows = "".join(
            f"<tr><td>{escape(r.indicator.name)}<br><span class='muted'>{escape(r.indicator.source)}</span></td>"
            f"<td>{_latest(r)}</td>"
            f"<td>{escape(target_shown(r.indicator))}</td><td>{escape(r.trend or '-')}</td>"
            f"<td>{trend_line(r)}</td></tr>"
            for r in group)
        tables.append(f"<h4>{escape(heading)}</h4><table><thead><tr><th>Indicator</th><th>Latest</th><th>Target</th>"
                      f"<th>Trend</th><th>Monthly values against target (dashed)</th></tr></thead><tbody>{rows}"
                      "</tbody></table>")
    return "<h3>Indicators</h3>" + "".join(tables) if tables else ""


def _latest(reading: IndicatorReading) -> str:
    if reading.latest is None:
        return "no data"
    given = supplied(reading)
    note = note_on(reading)
    return (escape(latest_shown(reading)) + (f"<br><span class='muted'>{escape(given)}</span>" if given else "")
            + (f"<br><em>{escape(note)}</em>" if note else ""))


def escalations_table(states: list[ActionState], readiness: Readiness) -> str:
    """Each action escalated, with why; "None." when nothing is."""
    if not states:
        return "<p class='muted'>None.</p>"
    rows = "".join(
        f"<tr><td>{escape(s.action.ref)}</td><td>{escape(s.action.title)}</td><td>{escape(s.owner_name)}</td>"
        f"<td>{due_on(s.action, '%d %b %Y')}</td><td>{chip(readiness, s.rating)}</td>"
        f"<td>{escape(s.escalated_because)}</td></tr>"
        for s in states)
    return ("<table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Due</th><th>BRAG</th>"
            f"<th>Why</th></tr></thead><tbody>{rows}</tbody></table>")


def _escalations(pack: PlanPack) -> str:
    return (f"<h2>{escape(escalations_heading(pack))}</h2><p>{escape(escalations_intro(pack))}</p>"
            f"{escalations_table(pack.escalations, pack.overall)}")


def withdrawn_list(readiness: Readiness) -> str:
    """The actions closed as no longer needed, still listed so that none disappears from the plan unseen."""
    return f'<p class="muted">{escape(withdrawn_line(readiness))}</p>' if readiness.withdrawn else ""


def signs_of_safety(readiness: Readiness) -> str:
    boxes = []
    for css, heading, items in (("worried", "What are we worried about", readiness.worried_about),
                                ("well", "What is working well", readiness.working_well),
                                ("needs", "What needs to happen", readiness.needs_to_happen)):
        listed = "".join(f"<li>{escape(i)}</li>" for i in items) or "<li>Nothing to report.</li>"
        boxes.append(f'<div class="{css}"><h4>{heading}</h4><ul>{listed}</ul></div>')
    return f'<div class="sos">{"".join(boxes)}</div>'


def summary(readiness: Readiness) -> str:
    counts = (f"{len(readiness.overdue)} overdue · {len(readiness.due_soon)} due within 10 working days · "
              f"{len(readiness.stale)} without an update this cycle · {len(readiness.red_twice)} Red twice · "
              f"{len(readiness.blue_without_evidence)} Blue without evidence")
    return f"<p>{brag_bar(readiness)}</p><p>{counts}</p>{withdrawn_list(readiness)}"


def render_html(pack: PlanPack) -> str:
    sections = [f"<h2>The whole plan</h2>{summary(pack.overall)}{signs_of_safety(pack.overall)}", _escalations(pack)]
    if pack.visit:
        visit = pack.visit
        areas = "".join(f"<li>{escape(a.name)}: themes {escape(', '.join(map(str, a.themes)))}"
                        + (f"; actions {escape(', '.join(a.actions))}" if a.actions else "") + "</li>"
                        for a in visit.visit.focus_areas)
        examined = (f"<h3>Actions the focus areas name</h3>{actions_table(visit.examined, visit.readiness)}"
                    if visit.examined else "")
        sections.append(
            f"<h2>Next monitoring visit: {escape(visit.visit.title)}</h2>"
            f"<p>{visit.visit.start:%d %B} – {visit.visit.end:%d %B %Y}{visit.visit.provenance.mark}; "
            f"{visit.countdown}</p><ul>{areas}</ul>{examined}"
            f"{summary(visit.readiness)}<h3>Overdue in the focus areas</h3>"
            f"{actions_table(visit.readiness.overdue, visit.readiness)}")
    for theme in pack.themes:
        lead = f'<p class="muted">Lead: {escape(theme.lead_name)}</p>' if theme.lead_name else ""
        sections.append(
            f'<h2 id="theme-{theme.theme.number}">Theme {theme.theme.number}: {escape(theme.theme.title)}</h2>'
            f"{lead}<p>{escape(theme.theme.description)}</p>{summary(theme.readiness)}"
            f"{actions_table(theme.readiness.states, theme.readiness)}{indicator_tables(theme.readiness.indicators)}"
            f"{signs_of_safety(theme.readiness)}")
    title = f"Readiness pack: {pack.info.name}"
    return standalone(title, f"{pack.info.organisation} — as of {pack.overall.as_of:%A %d %B %Y}", pack.overall.key,
                      sections, marked=illustrative(pack))


def standalone(title: str, subtitle: str, key: BragKey, sections: list[str], *, marked: bool) -> str:
    """One page that opens anywhere, offline: the title and the line under it (both escaped here), the key to the
    ratings, the sections as given (already HTML), and the mark's key at the end when a fact shown is illustrative."""
    closing = f'<p class="muted">{escape(ILLUSTRATIVE_KEY)}</p>' if marked else ""
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{STYLE}</style></head>'
            f"<body><h1>{escape(title)}</h1><p class='muted'>{escape(subtitle)}</p><p>{legend(key)}</p>"
            f"{''.join(sections)}{closing}</body></html>\n")
