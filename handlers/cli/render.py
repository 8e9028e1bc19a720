"""Rich renderings of the readiness use cases for the terminal, readable at 80 columns.

Names, titles and commentary come from anyone with a plan file or a Slack account and reach the PMO's
terminal, so they are shown as text: never read as rich markup, and with every control character made
visible instead of obeyed (an escape sequence could clear the screen, retitle the window or hide a link).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from governance.audit import Trail
from governance.brag import NOT_RATED, BragKey
from governance.readiness import ActionState, IndicatorReading, Readiness, ThemeReadiness, VisitReadiness, format_value
from governance.reminders import OutboxItem, Status
from governance.services import ActionStatus, BodyReadiness
from scheduling.calendar import CalendarEntry
from scheduling.tick import Ticked

STYLES = {"blue": "bold white on blue", "green": "bold white on green4", "amber": "bold black on dark_orange",
          "red": "bold white on red3", NOT_RATED: "black on grey70"}
STATUS_STYLES = {"green": "green4", "amber": "dark_orange", "red": "red3"}
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 but tab and line feed, DEL and C1: the characters a terminal obeys rather than shows."""


def printable(text: str) -> str:
    """The text with each line break kept as a line feed (a lone carriage return would let text overwrite its own
    line) and every other control character as its visible picture (ESC as ␛; C1 as �)."""
    return CONTROLS.sub(_picture, re.sub(r"\r\n?", "\n", text))


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def shown(text: str, style: str = "") -> Text:
    """Text from people or the plan as rich text: printable, and never read as markup or emoji codes."""
    return Text(printable(text), style=style)


class PlainConsole(Console):
    """A console on which every plain string, including those a command builds with a name in it, is printable
    text: markup and emoji codes are off, and control characters are shown rather than obeyed."""

    def __init__(self, *, width: int | None = None) -> None:
        super().__init__(width=width, highlight=False, markup=False, emoji=False)

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(printable(text), **options)


def brag_badge(key: BragKey, code: str) -> Text:
    return shown(f" {key.label(code)} ", STYLES.get(code, "reverse"))


def spread_line(readiness: Readiness) -> Text:
    line = Text()
    for code, count in readiness.spread.items():
        line.append_text(brag_badge(readiness.key, code))
        line.append(f" {count}   ")
    line.append(f"({len(readiness.states)} actions)", style="dim")
    return line


def flags(state: ActionState) -> str:
    marks = [
        ("overdue", state.overdue), ("due soon", state.due_soon), ("stale", state.stale),
        ("red twice", state.red_twice), ("no evidence", state.blue_without_evidence),
    ]
    return ", ".join(name for name, on in marks if on)


def actions_table(states: Iterable[ActionState], key: BragKey, title: str | None = None) -> Table:
    """One row per action; its flags sit under the title so the table fits 80 columns."""
    table = Table(title=title, expand=True, title_justify="left")
    table.add_column("Ref", no_wrap=True)
    table.add_column("Action", ratio=3)
    table.add_column("Owner", ratio=2)
    table.add_column("Due", no_wrap=True)
    table.add_column("BRAG", no_wrap=True)
    for state in states:
        action = shown(state.action.title)
        if flags(state):
            action.append(f"\n{flags(state)}", style="italic red3" if state.overdue or state.red_twice else "italic")
        table.add_row(shown(state.action.ref), action, shown(state.owner_name), f"{state.action.due:%d %b %y}",
                      brag_badge(key, state.rating))
    return table


def indicators_table(readings: Iterable[IndicatorReading]) -> Table:
    table = Table(title="Indicators", expand=True, title_justify="left")
    table.add_column("Indicator", ratio=3)
    table.add_column("Latest", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    for reading in readings:
        indicator, latest = reading.indicator, reading.latest
        value = (Text(f"{format_value(indicator, latest.value)} ({latest.month:%b %y})",
                      style=STATUS_STYLES.get(reading.status or "", ""))
                 if latest else Text("no data", style="dim"))
        table.add_row(shown(indicator.name), value, format_value(indicator, indicator.target), reading.trend or "-")
    return table


def signs_of_safety(readiness: Readiness) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    for heading, lines, style in (("What are we worried about", readiness.worried_about, "red3"),
                                  ("What is working well", readiness.working_well, "green4"),
                                  ("What needs to happen", readiness.needs_to_happen, "bold")):
        grid.add_row(Text(heading, style=f"bold {style}"))
        for line in lines or ["Nothing to report."]:
            grid.add_row(shown(f"  • {line}"))
    return grid


def readiness_view(readiness: Readiness, subtitle: str = "") -> RenderableType:
    parts: list[RenderableType] = [spread_line(readiness)]
    if readiness.states:
        parts.append(actions_table(readiness.states, readiness.key))
    if readiness.indicators:
        parts.append(indicators_table(readiness.indicators))
    parts.append(signs_of_safety(readiness))
    heading = f"{readiness.title} — as of {readiness.as_of:%a %d %b %Y}" + (f" — {subtitle}" if subtitle else "")
    return Panel(Group(*parts), title=shown(heading), title_align="left")


def theme_view(theme: ThemeReadiness) -> RenderableType:
    return readiness_view(theme.readiness, f"lead: {theme.lead_name}" if theme.lead_name else "")


def visit_view(visit: VisitReadiness) -> RenderableType:
    areas = Table(title="Focus areas", expand=True, title_justify="left")
    areas.add_column("Focus area", ratio=2)
    areas.add_column("Themes", ratio=3)
    titles = {t.theme.number: t.theme.title for t in visit.themes}
    for area in visit.visit.focus_areas:
        areas.add_row(shown(area.name), shown("; ".join(f"{n} {titles.get(n, '')}" for n in area.themes)))
    when = (f"{visit.visit.start:%d %b} – {visit.visit.end:%d %b %Y}, "
            f"{visit.working_days_to_go} working day(s) to go" if visit.working_days_to_go > 0 else "in progress")
    per_theme = Table(title="Readiness by theme", expand=True, title_justify="left")
    per_theme.add_column("Theme", ratio=3)
    per_theme.add_column("BRAG spread", ratio=3)
    per_theme.add_column("Overdue", justify="right")
    per_theme.add_column("Stale", justify="right")
    for theme in visit.themes:
        per_theme.add_row(shown(f"{theme.theme.number} {theme.theme.title}"), spread_line(theme.readiness),
                          str(len(theme.readiness.overdue)), str(len(theme.readiness.stale)))
    return Group(Panel(Group(areas, per_theme), title=shown(f"{visit.visit.title} — {when}"), title_align="left"),
                 readiness_view(visit.readiness, "actions in the focus-area themes"))


def action_view(status: ActionStatus, tz: str) -> RenderableType:
    state, key = status.state, status.key
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Action", shown(state.action.title))
    facts.add_row("Theme", shown(f"{status.theme.number} {status.theme.title}"))
    facts.add_row("Owner", shown(state.owner_name))
    facts.add_row("Due", f"{state.action.due:%a %d %b %Y} ({state.working_days_to_due} working days)")
    facts.add_row("Overseen by", shown(status.body.name) if status.body else "-")
    facts.add_row("BRAG", brag_badge(key, state.rating))
    facts.add_row("Flags", flags(state) or "-")
    history = Table(title="Updates", expand=True, title_justify="left")
    for column in ("When", "By", "Via", "BRAG", "Commentary"):
        history.add_column(column, ratio=3 if column == "Commentary" else None)
    for update in reversed(status.history):
        history.add_row(f"{update.at.astimezone(ZoneInfo(tz)):%d %b %y %H:%M}", shown(update.by or "-"), update.via.value,
                        brag_badge(key, update.rating), shown(update.commentary + (
                            f" [evidence: {update.evidence}]" if update.evidence else "") + (
                            f" [forecast {update.forecast:%d %b %Y}]" if update.forecast else "")))
    return Panel(Group(facts, history if status.history else Text("No updates yet: Not rated.", style="dim")),
                 title=shown(state.action.ref),
                 title_align="left")


def body_view(board: BodyReadiness) -> RenderableType:
    meeting = board.meeting
    when = (f"next meeting {meeting.starts:%a %d %b %Y %H:%M}, papers due {meeting.paper_deadline:%a %d %b}"
            if meeting else "no meeting planned")
    return readiness_view(board.readiness, when)


def overdue_view(readiness: Readiness) -> RenderableType:
    if not readiness.overdue:
        return Text(f"No overdue actions as of {readiness.as_of:%d %b %Y}.")
    return actions_table(readiness.overdue, readiness.key,
                         f"Overdue actions as of {readiness.as_of:%a %d %b %Y}: {len(readiness.overdue)}")


def make_console(width: int | None = None) -> Console:
    return PlainConsole(width=width)


def trail_view(trail: Trail, tz: str) -> RenderableType:
    table = Table(title=shown(f"{trail.action.ref} {trail.action.title}"), expand=True, title_justify="left")
    for column in ("When", "Who", "Via", "BRAG", "What changed"):
        table.add_column(column, ratio=3 if column == "What changed" else None)
    for entry in trail.entries:
        update = entry.update
        detail = "; ".join(entry.changes) + (f"\n{update.commentary}" if update.commentary else "")
        table.add_row(f"{update.at.astimezone(ZoneInfo(tz)):%d %b %Y %H:%M}", shown(update.by or "import"), update.via.value,
                      brag_badge(trail.key, update.rating), shown(detail))
    if not trail.entries:
        return shown(f"{trail.action.ref} has no updates yet: Not rated.")
    return table


def outbox_view(items: Iterable[OutboxItem], title: str, tz: str) -> RenderableType:
    """Reminders with where they stand: what the PMO checks when someone says they were not asked."""
    zone = ZoneInfo(tz)
    table = Table(title=shown(title), expand=True, title_justify="left")
    for column in ("Due", "Kind", "About", "To", "Status", "Why / what happened"):
        table.add_column(column, ratio=3 if column.startswith("Why") else None)
    for item in items:
        reminder = item.reminder
        table.add_row(f"{item.due_at.astimezone(zone):%d %b %H:%M}", reminder.kind.value.replace("_", " "),
                      shown(reminder.subject), shown(reminder.recipient), item.status.value,
                      shown(item.error or reminder.reason))
    return table


def tick_view(ticked: Ticked, at: datetime, tz: str) -> RenderableType:
    outcomes = ticked.dispatched.outcomes
    summary = (f"Reminders as of {at.astimezone(ZoneInfo(tz)):%a %d %b %Y %H:%M}: "
               f"{ticked.materialised.added} materialised, {ticked.materialised.skipped} skipped while down; "
               + (", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())) or "nothing to send")
               + ".")
    if not ticked.dispatched.handled:
        return Text(summary)
    handled = [replace(item, status=Status(outcome) if outcome in Status.__members__.values() else item.status)
               for item, outcome in ticked.dispatched.handled]
    return Group(Text(summary), outbox_view(handled, "Handled this tick", tz))


def calendar_view(entries: Iterable[CalendarEntry], title: str) -> RenderableType:
    table = Table(title=shown(title), expand=True, title_justify="left")
    table.add_column("When", no_wrap=True)
    table.add_column("What", ratio=2)
    table.add_column("Detail", ratio=3)
    for entry in entries:
        when = f"{entry.day:%a %d %b}" + (f" {entry.starts:%H:%M}" if entry.starts else "")
        if entry.end_day != entry.day:
            when += f" – {entry.end_day:%a %d %b}"
        title_text = Text.assemble(shown(entry.title), (" (cancelled)", "red") if entry.cancelled else "")
        table.add_row(when, title_text, shown(entry.detail))
    return table
