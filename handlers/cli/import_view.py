"""What `readiness import` says: how a PMO's spreadsheet was read, what it will store, and what to check.

A preview draws the whole reading (sheets, header rows, each column against the field it fills) so that a
PMO can fix the mapping before anything is stored; an import says what it stored and what to check.
"""
from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from governance.services import ImportSummary
from governance.tracker import ColumnUse, SheetUse
from handlers.text.printable import shown

LISTED = 30
"""Warnings an import lists before it says how many more a preview shows."""


def preview_view(name: str, summary: ImportSummary, map_path: Path | None) -> RenderableType:
    parts: list[RenderableType] = [Text(f"Preview of {name}: nothing is stored."
                                        + (f" Read with the map {map_path.name}." if map_path else ""), style="bold")]
    if summary.layout:
        parts += [_sheets(summary.layout), *_columns(summary.layout)]
    if summary.new_people:
        parts.append(_listed("New to the plan (import with --allow-new-people to add them)", summary.new_people))
    if summary.warnings:
        parts.append(_listed(f"To check ({len(summary.warnings)})", summary.warnings))
    if summary.problems:
        parts.append(_listed(f"Problems ({len(summary.problems)}): nothing will be imported until they are fixed",
                             summary.problems, style="red"))
    parts.append(Text(f"Outcome: {outcome(summary)}", style="bold"))
    return Group(*parts)


def outcome(summary: ImportSummary) -> str:
    """The counts a PMO checks against their own tracker: "46 actions, 31 rated, 12 comments, 3 problems"."""
    counts = [_count(summary.actions, "action"), f"{summary.rated} rated", _count(summary.comments, "comment"),
              _count(len(summary.problems), "problem")]
    if summary.themes:
        counts.insert(0, _count(summary.themes, "theme"))
    return ", ".join(counts)


def imported_view(name: str, summary: ImportSummary, map_path: Path | None) -> RenderableType:
    line = (f"Imported {name}: {summary.themes} themes, {summary.people} people, {summary.bodies} bodies, "
            f"{summary.actions} actions, {summary.updates} updates, {summary.visits} visits, "
            f"{summary.indicators} indicators" + (f" ({summary.skipped_updates} updates already held)"
                                                  if summary.skipped_updates else "") + ".")
    parts: list[RenderableType] = [Text(line + (f" Read with the map {map_path.name}." if map_path else ""))]
    if summary.warnings:
        more = len(summary.warnings) - LISTED
        parts.append(_listed(f"To check ({len(summary.warnings)})", summary.warnings[:LISTED]
                             + ([f"… and {more} more: `readiness import {name} --preview` lists them all"]
                                if more > 0 else [])))
    return Group(*parts)


def _sheets(layout: list[SheetUse]) -> Table:
    table = Table(title="Sheets", title_justify="left", expand=False)
    for column in ("Sheet", "Read as", "Header row", "Why"):
        table.add_column(column)
    for sheet in layout:
        table.add_row(shown(sheet.name), sheet.role, str(sheet.header_row or ""), shown(sheet.note))
    return table


def _columns(layout: list[SheetUse]) -> list[Table]:
    """One table per distinct set of columns: a tracker with a sheet per theme usually has one."""
    groups: dict[tuple[ColumnUse, ...], list[str]] = {}
    for sheet in layout:
        if sheet.columns:
            groups.setdefault(sheet.columns, []).append(sheet.name)
    tables = []
    for columns, names in groups.items():
        table = Table(title=f"Columns of {', '.join(names)}", title_justify="left", expand=False)
        for heading in ("", "Column", "Read as", "Why"):
            table.add_column(heading)
        for use in columns:
            table.add_row(use.letter, shown(use.header), use.field or Text("ignored", style="dim"), shown(use.note))
        tables.append(table)
    return tables


def _listed(title: str, lines: list[str], *, style: str = "") -> RenderableType:
    return Group(Text(title, style=f"bold {style}".strip()), *(shown(f"  {line}") for line in lines))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
