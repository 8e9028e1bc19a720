"""Views only the programme office asks for, from the command line: an action's history, an indicator's log,
the outbox, a reminder tick, the governance calendar and what the reply reader takes from a phrase."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Iterable
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from governance.audit import Trail
from governance.brag import BragKey
from governance.figures import IndicatorHistory, shown as figure_words
from governance.model import ILLUSTRATIVE_KEY, Figure, FigureKind
from governance.reply_reader import Reading
from governance.reminders import OutboxItem, Status
from handlers.text.printable import shown
from handlers.text.views import brag_badge
from scheduling.calendar import CalendarEntry
from scheduling.tick import Ticked


def trail_view(trail: Trail, tz: str) -> RenderableType:
    table = Table(title=shown(f"{trail.action.ref} {trail.action.title}"), expand=True, title_justify="left")
    for column in ("When", "Who", "Via", "BRAG", "What changed"):
        table.add_column(column, ratio=3 if column == "What changed" else None)
    for entry in trail.entries:
        update = entry.update
        detail = "; ".join(entry.changes) + (f"\n{update.commentary}" if update.commentary else "")
        table.add_row(f"{update.at.astimezone(ZoneInfo(tz)):%d %b %Y %H:%M}", shown(update.by or "import"),
                      update.via.value, brag_badge(trail.key, update.rating), shown(detail))
    if not trail.entries:
        return shown(f"{trail.action.ref} has no updates yet: Not rated.")
    return table


def figure_history_view(history: IndicatorHistory, tz: str) -> RenderableType:
    """Every entry of an indicator's log, oldest first, corrections and undos as the new entries they are, each with
    its source or comment under it: what the PMO shows a board that asks where a figure came from."""
    indicator = history.indicator
    if not history.entries:
        return shown(f"{indicator.name} has no figures yet.")
    table = Table(title=shown(f"{indicator.name} ({indicator.key})"), expand=True, title_justify="left",
                  caption=ILLUSTRATIVE_KEY if any(f.provenance.illustrative for f in history.entries) else None,
                  caption_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Month", no_wrap=True)
    table.add_column("Figure", ratio=3)
    table.add_column("Who", ratio=2)
    table.add_column("When", no_wrap=True)
    table.add_column("Via", no_wrap=True)
    for figure in history.entries:
        table.add_row(str(figure.id or ""), f"{figure.month:%b %Y}", _entry(history, figure),
                      shown(history.names.get(figure.by, figure.by) if figure.by else "import"),
                      f"{figure.at.astimezone(ZoneInfo(tz)):%d %b %Y %H:%M}", figure.via.value.replace("_", " "))
    return table


def _entry(history: IndicatorHistory, figure: Figure) -> Text:
    """What the entry says of its month (the figure, marked when illustrative; why there is none; the note), then
    where it comes from and any comment the figure itself does not show."""
    if figure.kind is FigureKind.NOTE:
        said = f"note: “{figure.comment}”" if figure.comment else "note taken off"
    else:
        said = figure_words(history.indicator, figure) + (figure.provenance.mark if figure.kind is FigureKind.VALUE
                                                         else "")
    text = shown(said)
    comment = figure.comment if figure.kind in (FigureKind.VALUE, FigureKind.WITHDRAWN) else ""
    for part in (figure.provenance.source, comment):
        if part:
            text.append_text(shown(f"\n{part}", "italic dim"))
    return text


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
    """Each entry on its day; an illustrative date carries the mark, and the key closes the table."""
    entries = list(entries)
    table = Table(title=shown(title), expand=True, title_justify="left",
                  caption=ILLUSTRATIVE_KEY if any(e.provenance.illustrative for e in entries) else None,
                  caption_justify="left")
    table.add_column("When", no_wrap=True)
    table.add_column("What", ratio=2)
    table.add_column("Detail", ratio=3)
    for entry in entries:
        when = f"{entry.day:%a %d %b}" + (f" {entry.starts:%H:%M}" if entry.starts else "")
        if entry.end_day != entry.day:
            when += f" – {entry.end_day:%a %d %b}"
        when += entry.provenance.mark
        title_text = Text.assemble(shown(entry.title), (" (cancelled)", "red") if entry.cancelled else "")
        table.add_row(when, title_text, shown(entry.detail))
    return table


def reading_view(reading: Reading, key: BragKey) -> RenderableType:
    """Each part the reader took, then what the bot would do with the reply: record it at once, ask its owner to
    confirm it first (and why), or record nothing for want of a rating."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Rating", brag_badge(key, reading.rating) if reading.rating else Text("none found", style="dim"))
    facts.add_row("Forecast", f"{reading.forecast:%a %d %b %Y}" if reading.forecast else "-")
    facts.add_row("Ref", shown(reading.ref or "-"))
    facts.add_row("Commentary", shown(reading.commentary or "-"))
    facts.add_row("Unsure", shown("; ".join(reading.unsure) or "-"))
    if reading.rating is None:
        verdict = "No rating: the bot would record nothing and ask for one."
    elif reading.confirm:
        verdict = "The bot would ask its owner to confirm this reading before recording anything."
    else:
        verdict = "The bot would record this at once."
    return Group(facts, Text(verdict, style="bold"))
