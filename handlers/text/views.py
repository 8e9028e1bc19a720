"""The pieces every terminal view of readiness is built from, readable at 80 columns: BRAG badges, the
spread, a table of actions, indicators and the Signs-of-Safety lists."""
from __future__ import annotations

from typing import Iterable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from governance.brag import NOT_RATED, BragKey
from governance.readiness import ActionState, IndicatorReading, Readiness, format_value
from handlers.text.printable import shown

STYLES = {"blue": "bold white on blue", "green": "bold white on green4", "amber": "bold black on dark_orange",
          "red": "bold white on red3", NOT_RATED: "black on grey70"}
STATUS_STYLES = {"green": "green4", "amber": "dark_orange", "red": "red3"}


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


def latest_value(reading: IndicatorReading) -> Text:
    """The latest month's figure, coloured by how it stands against target."""
    latest = reading.latest
    if latest is None:
        return Text("no data", style="dim")
    return Text(f"{format_value(reading.indicator, latest.value)} ({latest.month:%b %y})",
                style=STATUS_STYLES.get(reading.status or "", ""))


def indicators_table(readings: Iterable[IndicatorReading]) -> Table:
    table = Table(title="Indicators", expand=True, title_justify="left")
    table.add_column("Indicator", ratio=3)
    table.add_column("Latest", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    for reading in readings:
        indicator = reading.indicator
        table.add_row(shown(indicator.name), latest_value(reading), format_value(indicator, indicator.target),
                      reading.trend or "-")
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
