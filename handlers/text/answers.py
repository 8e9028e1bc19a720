"""Every answer drawn for the terminal, once: the console and the command line show the same view.

One function per answer type (`governance.answers.ANSWER_TYPES`), chosen by the answer's type, so a
new kind of question needs a view here and nowhere decides again what was asked.
"""
from __future__ import annotations

from functools import singledispatch
from typing import Sequence
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from governance.answers import HelpAnswer, NoVisit, Overdue, OwnedActions, PlanAnswer
from governance.figures import RECENT_MONTHS, IndicatorStatus
from governance.model import Indicator, IndicatorValue, Withdrawal
from governance.readiness import (
    IndicatorReading, IndicatorsReadiness, ThemeReadiness, VisitReadiness, format_value, sparkline, supplied,
    target_shown,
)
from governance.services import ActionStatus, BodyReadiness
from handlers.text.printable import shown
from handlers.text.views import (
    STATUS_STYLES, actions_table, any_illustrative, brag_badge, collection_line, due_in, escalations_view,
    figure_shown, flags, given_line, latest_value, note_on, readiness_view, section_heading, spread_line, with_key,
)


@singledispatch
def answer_view(answer: object, tz: str) -> RenderableType:
    """The answer as the terminal shows it; `tz` is where the times of updates are read."""
    raise TypeError(f"no terminal view for {type(answer).__name__}")


@answer_view.register
def _help(answer: HelpAnswer, tz: str) -> RenderableType:
    return Markdown("**What I can tell you**\n\n" + "\n".join(f"* `{example}`: {meaning}"
                                                             for example, meaning in answer.questions))


@answer_view.register
def _theme(theme: ThemeReadiness, tz: str) -> RenderableType:
    return readiness_view(theme.readiness, f"lead: {theme.lead_name}" if theme.lead_name else "")


@answer_view.register
def _action(status: ActionStatus, tz: str) -> RenderableType:
    state, key = status.state, status.key
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Action", shown(state.action.title))
    facts.add_row("Theme", shown(f"{status.theme.number} {status.theme.title}"))
    facts.add_row("Owner", shown(state.owner_name))
    facts.add_row("Due", due_in(state))
    facts.add_row("Overseen by", shown(status.body.name) if status.body else "-")
    if state.action.raised_at and status.body:
        facts.add_row("Arising from", shown(f"{status.body.name} on {state.action.raised_at:%a %d %b %Y}"))
    facts.add_row("BRAG", brag_badge(key, state.rating))
    facts.add_row("Flags", flags(state) or "-")
    if withdrawal := state.action.withdrawn:
        facts.add_row("Withdrawn", shown(withdrawn_words(withdrawal, status.withdrawer, tz), "bold"))
    history = Table(title="Updates", expand=True, title_justify="left")
    for column in ("When", "By", "Via", "BRAG", "Commentary"):
        history.add_column(column, ratio=3 if column == "Commentary" else None)
    for update in reversed(status.history):
        history.add_row(f"{update.at.astimezone(ZoneInfo(tz)):%d %b %y %H:%M}", shown(update.by or "-"),
                        update.via.value, brag_badge(key, update.rating), shown(update.commentary + (
                            f" [evidence: {update.evidence}]" if update.evidence else "") + (
                            f" [forecast {update.forecast:%d %b %Y}]" if update.forecast else "")))
    return with_key(Panel(Group(facts, history if status.history else Text("No updates yet: Not rated.", style="dim")),
                          title=shown(state.action.ref), title_align="left"),
                    state.action.provenance.illustrative)


def withdrawn_words(withdrawal: Withdrawal, withdrawer: str | None, tz: str) -> str:
    """`Mon 22 Jan 2018 by Chair, CPOG: merged into 5k`: when, on the programme's clock, who and why."""
    by = f" by {withdrawer}" if withdrawer else ""
    why = f": {withdrawal.reason}" if withdrawal.reason else ""
    return f"{withdrawal.at.astimezone(ZoneInfo(tz)):%a %d %b %Y}{by}{why}"


@answer_view.register
def _plan(answer: PlanAnswer, tz: str) -> RenderableType:
    return readiness_view(answer.readiness)


@answer_view.register
def _overdue(answer: Overdue, tz: str) -> RenderableType:
    readiness = answer.readiness
    if not readiness.overdue:
        return Text(f"No overdue actions as of {readiness.as_of:%d %b %Y}.")
    return with_key(actions_table(readiness.overdue, readiness.key,
                                  f"Overdue actions as of {readiness.as_of:%a %d %b %Y}: {len(readiness.overdue)}"),
                    any_illustrative(readiness.overdue))


@answer_view.register
def _visit(visit: VisitReadiness, tz: str) -> RenderableType:
    """The focus areas, the actions they name (what inspectors look at first), then readiness theme by theme."""
    areas = Table(title="Focus areas", expand=True, title_justify="left")
    areas.add_column("Focus area", ratio=2)
    areas.add_column("Themes", ratio=3)
    areas.add_column("Actions", ratio=1)
    titles = {t.theme.number: t.theme.title for t in visit.themes}
    for area in visit.visit.focus_areas:
        areas.add_row(shown(area.name), shown("; ".join(f"{n} {titles.get(n, '')}" for n in area.themes)),
                      shown(", ".join(area.actions) or "-"))
    examined = [actions_table(visit.examined, visit.readiness.key,
                              f"Actions the focus areas name ({len(visit.examined)})")] if visit.examined else []
    mark = visit.visit.provenance.mark
    when = Text(f"{visit.visit.start:%d %b} – {visit.visit.end:%d %b %Y}{mark}, {visit.countdown}", style="bold")
    per_theme = Table(title="Readiness by theme", expand=True, title_justify="left")
    per_theme.add_column("Theme", ratio=3)
    per_theme.add_column("BRAG spread", ratio=3)
    per_theme.add_column("Overdue", justify="right")
    per_theme.add_column("Stale", justify="right")
    for theme in visit.themes:
        per_theme.add_row(shown(f"{theme.theme.number} {theme.theme.title}"), spread_line(theme.readiness),
                          str(len(theme.readiness.overdue)), str(len(theme.readiness.stale)))
    return Group(Panel(Group(when, areas, *examined, per_theme), title=shown(visit.visit.title), title_align="left"),
                 readiness_view(visit.readiness, "actions the focus areas cover", illustrative=bool(mark)))


@answer_view.register
def _no_visit(answer: NoVisit, tz: str) -> RenderableType:
    return Text("No monitoring visit is planned.")


@answer_view.register
def _body(board: BodyReadiness, tz: str) -> RenderableType:
    """A body's next meeting (marked when its cadence is illustrative: a line of its own, so the mark is never cut
    off with a long title) and what has been escalated to it (across the whole plan for the body responsible for
    it), then the actions it oversees."""
    meeting, mark = board.meeting, board.body.provenance.mark
    when = (f"Next meeting {meeting.starts:%a %d %b %Y %H:%M}{mark}, papers due {meeting.paper_deadline:%a %d %b}{mark}"
            if meeting else "No meeting planned")
    return readiness_view(board.readiness, lead=[Text(when, style="bold"),
                                                 escalations_view(board.escalations, board.readiness.key)],
                          actions_title="Actions it oversees",
                          illustrative=bool(meeting and mark) or any_illustrative(board.escalations))


@answer_view.register
def _owned(answer: OwnedActions, tz: str) -> RenderableType:
    return readiness_view(answer.readiness)


@answer_view.register
def _indicators(answer: IndicatorsReadiness, tz: str) -> RenderableType:
    """Grouped as the board papers read them: what worries us, what works, and what cannot be judged yet."""
    if not answer.readings:
        return Text("The plan has no indicators yet.")
    groups = (("What are we worried about", answer.worried_about, "red3"),
              ("What is working well", answer.working_well, "green4"),
              ("Not yet judged", answer.not_judged, ""))
    parts = [_readings_table(heading, readings, style) if readings else Text(f"{heading}: none.", style="dim")
             for heading, readings, style in groups]
    return with_key(Panel(Group(*parts), title=f"Indicators — as of {answer.as_of:%a %d %b %Y}", title_align="left"),
                    answer.illustrative)


def _readings_table(heading: str, readings: tuple[IndicatorReading, ...], style: str) -> Table:
    """Which way is good, where the measure is reported, who gave the latest figure and the theme lead's note sit
    under each name, and the last months' sparkline under the trend, so the facts fit 80 columns. No status and no
    trend where the core judges none."""
    table = Table(title=Text(heading, style=f"bold {style}"), expand=True, title_justify="left")
    table.add_column("Indicator", ratio=3)
    table.add_column("Latest", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    for reading in readings:
        indicator = reading.indicator
        name = shown(indicator.name)
        name.append(f"\n{indicator.direction.value} is better", style="italic dim")
        if indicator.source:
            name.append_text(shown(f"\nsource: {indicator.source}", "italic dim"))
        for line, style in ((supplied(reading), "dim"), (note_on(reading), "italic")):
            if line:
                name.append_text(shown(f"\n{line}", style))
        trend = reading.trend or "-"
        if len(reading.history) > 1:
            trend += "\n" + sparkline(v.value for v in reading.history[-RECENT_MONTHS:])
        table.add_row(name, latest_value(reading), target_shown(indicator),
                      Text(reading.status or "-", style=STATUS_STYLES.get(reading.status or "", "")), trend)
    return table


@answer_view.register
def _indicator(status: IndicatorStatus, tz: str) -> RenderableType:
    """`status indicator KEY`: one indicator as a board and its data owner read it, the latest month against target
    first, then the recent months, who gave the figure, the theme lead's note and what is owed."""
    reading = status.reading
    indicator, latest = reading.indicator, reading.latest
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("Section", section_heading(reading))
    facts.add_row("Latest", Text(f"{figure_shown(indicator, latest)} ({latest.month:%B %Y})",
                                 style=STATUS_STYLES.get(reading.status or "", ""))
                  if latest else Text("no figure yet", style="dim"))
    facts.add_row("Target", f"{target_shown(indicator)} ({indicator.direction.value} is better)")
    facts.add_row("Status", Text(reading.status or "-", style=STATUS_STYLES.get(reading.status or "", "")))
    facts.add_row("Trend", reading.trend or "-")
    facts.add_row("Recent", _recent(indicator, status.recent))
    facts.add_row("Given by", shown(given_line(latest, reading.supplier, tz)) if latest else "-")
    facts.add_row("Note", shown(latest.note) if latest and latest.note else "-")
    facts.add_row("Data owner", shown(status.owner_name or "none named"))
    facts.add_row("Collection", shown(collection_line(status)))
    facts.add_row("Source", shown(indicator.source or "-"))
    return with_key(Panel(facts, title=shown(f"{indicator.name} ({indicator.key})"), title_align="left"),
                    reading.illustrative)


def _recent(indicator: Indicator, values: Sequence[IndicatorValue]) -> RenderableType:
    """The last months with a figure (up to six), each figure under its month, the sparkline beside them."""
    if not values:
        return Text("no figures yet", style="dim")
    months = Table.grid(padding=(0, 2))
    for _ in values:
        months.add_column(justify="right", no_wrap=True)
    months.add_column(no_wrap=True)
    months.add_row(*(Text(f"{v.month:%b %y}", style="dim") for v in values), "")
    months.add_row(*(format_value(indicator, v.value, v.provenance.mark) for v in values),
                   sparkline(v.value for v in values))
    return months
