"""The pieces every terminal view of readiness is built from, readable at 80 columns: BRAG badges, the
spread, a table of actions, indicators and the Signs-of-Safety lists, and the mark's key."""
from __future__ import annotations

from typing import Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from governance.brag import NOT_RATED, BragKey
from governance.figures import FigureRecorded, IndicatorStatus, shown as figure_words
from governance.model import ILLUSTRATIVE_KEY, Action, FigureKind, Indicator, IndicatorValue, Section
from governance.readiness import (
    ESCALATE_OVERDUE, NO_DATE, ActionState, IndicatorReading, Readiness, latest_shown, target_shown,
)
from handlers.text.printable import shown

STYLES = {"blue": "bold white on blue", "green": "bold white on green4", "amber": "bold black on dark_orange",
          "red": "bold white on red3", NOT_RATED: "black on grey70"}
STATUS_STYLES = {"green": "green4", "amber": "dark_orange", "red": "red3"}
SECTIONS = (("What are we worried about", Section.WORRIED_ABOUT, "red3"),
            ("What is working well", Section.WORKING_WELL, "green4"),
            ("Not yet judged", None, ""))
"""The board papers' headings for indicators, in their order, with the section each holds and its colour."""
ESCALATED = f"Escalated: Red twice or overdue {ESCALATE_OVERDUE}+ working days"


def brag_badge(key: BragKey, code: str | None) -> Text:
    """A rating as a coloured badge; a comment that gave no rating (None) as a plain "Comment" one."""
    return shown(f" {key.said(code)} ", "" if code is None else STYLES.get(code, "reverse"))


def due_on(action: Action, form: str = "%d %b %y") -> str:
    """An action's due date ("no date" when the plan gives none yet), marked when the plan's date is illustrative."""
    return (action.due.strftime(form) if action.due else NO_DATE) + action.provenance.mark


def due_in(state: ActionState, form: str = "%a %d %b %Y") -> str:
    """The due date with the working days to it, or "no date" alone."""
    days = state.working_days_to_due
    return due_on(state.action, form) + (f" ({days} working days)" if days is not None else "")


def with_key(view: RenderableType, illustrative: bool) -> RenderableType:
    """The view with the mark's one-line key under it, when it shows an illustrative fact."""
    return Group(view, Text(ILLUSTRATIVE_KEY, style="dim")) if illustrative else view


def any_illustrative(states: Iterable[ActionState]) -> bool:
    """Some action listed has an illustrative due date."""
    return any(s.action.provenance.illustrative for s in states)


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


def actions_table(states: Iterable[ActionState], key: BragKey, title: str | Text | None = None, *,
                  note: Callable[[ActionState], tuple[str, str]] | None = None) -> Table:
    """One row per action; its flags (or the `note` given: text and style) sit under the title so the table fits
    80 columns."""
    table = Table(title=title, expand=True, title_justify="left")
    table.add_column("Ref", no_wrap=True)
    table.add_column("Action", ratio=3)
    table.add_column("Owner", ratio=2)
    table.add_column("Due", no_wrap=True)
    table.add_column("BRAG", no_wrap=True)
    for state in states:
        action = shown(state.action.title)
        said, style = note(state) if note else _flags_note(state)
        if said:
            action.append(f"\n{said}", style=style)
        table.add_row(shown(state.action.ref), action, shown(state.owner_name), due_on(state.action),
                      brag_badge(key, state.rating))
    return table


def _flags_note(state: ActionState) -> tuple[str, str]:
    return flags(state), "italic red3" if state.overdue or state.red_twice else "italic"


def escalations_view(states: Sequence[ActionState], key: BragKey) -> RenderableType:
    """What has been escalated, each with why, so a board sees what the escalation messages were about."""
    if not states:
        return Text(f"{ESCALATED}: none.", style="dim")
    return actions_table(states, key, Text(f"{ESCALATED} ({len(states)})", style="bold red3"),
                         note=lambda state: (state.escalated_because, "italic red3"))


def latest_value(reading: IndicatorReading) -> Text:
    """The latest month's figure (marked when illustrative), coloured by how it stands against target."""
    latest = reading.latest
    if latest is None:
        return Text("no data", style="dim")
    return Text(f"{latest_shown(reading)} ({latest.month:%b %y})", style=STATUS_STYLES.get(reading.status or "", ""))


def note_on(reading: IndicatorReading) -> str:
    """`— rose after the MASH change`: a theme lead's word on why the latest figure moved; empty when none."""
    latest = reading.latest
    return f"— {latest.note}" if latest is not None and latest.note else ""


def figure_shown(indicator: Indicator, value: IndicatorValue) -> str:
    """A month's figure in a board paper's words (`69.2% (155 of 224)`), marked when illustrative."""
    return figure_words(indicator, value) + value.provenance.mark


def given_line(value: IndicatorValue, supplier: str | None, tz: str) -> str:
    """Who gave a month's figure, when and how: `Head of Performance, Mon 08 Jan 2018 10:02 (console)`."""
    when = f"{value.at.astimezone(ZoneInfo(tz)):%a %d %b %Y %H:%M}" if value.at else ""
    if value.by is None:
        return "imported" + (f", {when}" if when else "")
    return f"{supplier or value.by}" + (f", {when}" if when else "") + (f" ({value.via.value})" if value.via else "")


def undone_line(restored: FigureRecorded) -> str:
    """What an undo put back, the month as it stood before: `Undone: Repeat referrals within 12 months for December
    2017 is back to 18.4%.`"""
    figure, name = restored.figure, restored.indicator.name
    month = f"{figure.month:%B %Y}"
    if figure.kind is FigureKind.NOTE:
        return (f"Undone: the note on {name} ({month}) is back to “{figure.comment}”." if figure.comment
                else f"Undone: {name} ({month}) has no note again.")
    if figure.kind is FigureKind.WITHDRAWN:
        return f"Undone: {name} has no figure for {month} again."
    return f"Undone: {name} for {month} is back to {figure_words(restored.indicator, figure)}."


def collection_line(status: IndicatorStatus) -> str:
    """When the data owner gives the figure, what is owed now, and why it is missing when they said."""
    indicator = status.reading.indicator
    if indicator.collection_day is None:
        return "not collected in Slack: its figures come with the plan"
    parts = []
    if status.owed:
        parts.append(f"{status.owed:%B %Y}'s figure is owed"
                     + (f" ({figure_words(indicator, status.not_available)})" if status.not_available else ""))
    if status.due:
        parts.append(f"next due {status.due:%a %d %b %Y}")
    return " · ".join(parts + [f"the {_ordinal(indicator.collection_day)} working day of each month"])


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def section_heading(reading: IndicatorReading) -> str:
    """The board papers' heading the indicator sits under."""
    return next(heading for heading, section, _ in SECTIONS if section is reading.section)


def indicator_groups(readings: Iterable[IndicatorReading]
                     ) -> list[tuple[str, str, tuple[IndicatorReading, ...]]]:
    """The readings under the board papers' headings (heading, colour, readings), leaving out empty ones."""
    listed = tuple(readings)
    groups = [(heading, style, tuple(r for r in listed if r.section is section))
              for heading, section, style in SECTIONS]
    return [group for group in groups if group[2]]


def indicators_table(readings: Iterable[IndicatorReading]) -> Table:
    """Grouped as the board papers read them, each with its theme lead's note under its name; no status and no trend
    where the core judges none."""
    table = Table(title="Indicators", expand=True, title_justify="left")
    table.add_column("Indicator", ratio=3)
    table.add_column("Latest", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    for heading, style, group in indicator_groups(readings):
        table.add_row(Text(heading, style=f"bold {style}"))
        for reading in group:
            indicator = reading.indicator
            name = shown(indicator.name)
            if note := note_on(reading):
                name.append_text(shown(f"\n{note}", "italic"))
            table.add_row(name, latest_value(reading), target_shown(indicator), reading.trend or "-")
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


def withdrawn_line(readiness: Readiness) -> str:
    """`Withdrawn (no longer needed): 5l, 5m`: actions closed as no longer needed stay in sight, never counted."""
    return "Withdrawn (no longer needed): " + ", ".join(action.ref for action in readiness.withdrawn)


def readiness_view(readiness: Readiness, subtitle: str = "", *, lead: Sequence[RenderableType] = (),
                   tail: Sequence[RenderableType] = (), actions_title: str | None = None,
                   illustrative: bool = False) -> RenderableType:
    """A readiness summary: `lead` (what a body shows first) before the spread, then the actions, indicators and
    Signs-of-Safety lists, then `tail` (what a paper adds at its end); the mark's key under it when the roll-up shows
    an illustrative fact or the caller's own facts do (`illustrative`)."""
    parts: list[RenderableType] = [*lead, spread_line(readiness)]
    if readiness.states:
        parts.append(actions_table(readiness.states, readiness.key, actions_title))
    if readiness.withdrawn:
        parts.append(shown(withdrawn_line(readiness), "dim"))
    if readiness.indicators:
        parts.append(indicators_table(readiness.indicators))
    parts += [signs_of_safety(readiness), *tail]
    heading = f"{readiness.title} — as of {readiness.as_of:%a %d %b %Y}" + (f" — {subtitle}" if subtitle else "")
    return with_key(Panel(Group(*parts), title=shown(heading), title_align="left"),
                    readiness.illustrative or illustrative)
