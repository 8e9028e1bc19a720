"""Block Kit views of the readiness use cases, kept inside Slack's limits.

Every piece of text that comes from the store is escaped, so an action titled `<!channel>`
pings nobody. Long lists are cut with a count of what is left, and the actions of a summary
are paged with buttons, so no message passes 50 blocks or 3000 characters a section.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

from governance.answers import HelpAnswer
from governance.brag import NOT_RATED
from governance.model import Direction
from governance.readiness import (
    ActionState, IndicatorReading, IndicatorsReadiness, Readiness, VisitReadiness, format_value,
)
from governance.services import ActionStatus, BodyReadiness, ThemeReadiness

Block = dict[str, Any]

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100
SECTION_CHARS = 3000
HEADER_CHARS = 150
BUTTON_CHARS = 75
PAGE_SIZE = 8
LIST_LINES = 10
EMOJI = {"blue": ":large_blue_circle:", "green": ":large_green_circle:", "amber": ":large_orange_circle:",
         "red": ":red_circle:", NOT_RATED: ":white_circle:"}
STATUS_EMOJI = {"green": ":large_green_circle:", "amber": ":large_orange_circle:", "red": ":red_circle:"}
INDICATOR_NAME_CHARS = 100
INDICATORS_LISTED = 30
"""Indicators listed under each heading of `status indicators`, LIST_LINES to a section: three headings of
three sections each stay far inside a message's 50 blocks, and each section inside its 3,000 characters."""

SHARE_ACTION = "status_share"
PAGE_ACTION = "status_page"
"""Previous and Next are `status_page_previous` and `status_page_next`: Slack refuses a message whose
action ids repeat."""


def escape(text: str) -> str:
    """Slack's own escaping: `<!channel>` and `<@U123>` arrive as text, not as mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_CHARS), "emoji": True}}


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_CHARS)}}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_CHARS)}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element = {"type": "button", "text": {"type": "plain_text", "text": clip(label, BUTTON_CHARS)},
               "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def listing(title: str, lines: Sequence[str], more_hint: str = "") -> Block | None:
    """A titled bullet list, at most LIST_LINES long, or None when there is nothing to list."""
    if not lines:
        return None
    shown = [f"• {line}" for line in lines[:LIST_LINES]]
    if len(lines) > LIST_LINES:
        shown.append(f"_…and {len(lines) - LIST_LINES} more{more_hint}_")
    return section(f"*{title}*\n" + "\n".join(shown))


def rating_label(readiness: Readiness, code: str) -> str:
    return f"{EMOJI.get(code, '')} {readiness.key.label(code)}".strip()


def spread_text(readiness: Readiness) -> str:
    parts = [f"{rating_label(readiness, code)} *{count}*" for code, count in readiness.spread.items()]
    return "   ".join(parts) + f"   ({len(readiness.states)} actions)"


def action_line(state: ActionState, readiness: Readiness) -> str:
    return (f"`{escape(state.action.ref)}` {escape(state.action.title)} — {escape(state.owner_name)}, "
            f"due {state.action.due:%d %b %Y}, {rating_label(readiness, state.rating)}")


def indicator_line(reading: IndicatorReading) -> str:
    """An indicator's latest month against its target, as every view that shows indicators writes it."""
    indicator, latest = reading.indicator, reading.latest
    name = escape(clip(indicator.name, INDICATOR_NAME_CHARS))
    if latest is None:
        return f"{name}: no data"
    target = f" vs target {format_value(indicator, indicator.target)}" if indicator.target is not None else ""
    return (f"{STATUS_EMOJI.get(reading.status or '', ':white_small_square:')} {name}: "
            f"*{format_value(indicator, latest.value)}* ({latest.month:%b %Y}){target}")


def indicator_lines(readiness: Readiness) -> list[str]:
    return [indicator_line(r) + (f", {r.trend}" if r.trend else "") for r in readiness.indicators]


@dataclass(frozen=True)
class Paging:
    """Where an answer's buttons lead: its question as words (`theme 5`, read back with `parse_status`), the page
    shown, whose view it is (the asker's Slack id, so a shared `status mine` pages through the sharer's actions,
    not the clicker's), and who shared it."""

    question: str
    page: int = 1
    who: str = ""
    shared_by: str | None = None
    shareable: bool = True

    def value(self, page: int) -> str:
        return json.dumps({"q": self.question, "p": page, "u": self.who})


def readiness_blocks(title: str, subtitle: str, readiness: Readiness, *, paging: Paging,
                     lead_blocks: Sequence[Block] = ()) -> list[Block]:
    """A readiness summary with its actions paged; the same layout for a theme, a body or a person."""
    shared_by = paging.shared_by
    blocks: list[Block] = [header(title), context(escape(subtitle) + (f" · shared by <@{shared_by}>"
                                                                      if shared_by else "")), *lead_blocks]
    blocks.append(section(spread_text(readiness)))
    for heading, states in (("Overdue", readiness.overdue), ("Due within 10 working days", readiness.due_soon),
                            ("Red in two consecutive updates", readiness.red_twice),
                            ("Blue without evidence", readiness.blue_without_evidence)):
        block = listing(f"{heading} ({len(states)})", [action_line(s, readiness) for s in states])
        if block:
            blocks.append(block)
    chase = [f"{escape(c.name)}: {', '.join(f'`{escape(r)}`' for r in c.refs)}" for c in readiness.owners_not_answered]
    blocks += [b for b in (
        listing("Not updated this cycle", chase),
        listing("Indicators", indicator_lines(readiness)),
        listing(":warning: What are we worried about", [escape(line) for line in readiness.worried_about]),
        listing(":sparkles: What is working well", [escape(line) for line in readiness.working_well]),
    ) if b]
    blocks += actions_page(readiness, paging)
    return blocks


def actions_page(readiness: Readiness, paging: Paging) -> list[Block]:
    states = readiness.states
    pages = max(1, -(-len(states) // PAGE_SIZE))
    page = min(max(paging.page, 1), pages)
    blocks: list[Block] = [{"type": "divider"}]
    for state in states[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
        detail = state.last_update.commentary if state.last_update else "No update yet."
        blocks.append(section(f"{rating_label(readiness, state.rating)}  *{escape(state.action.ref)}* "
                              f"{escape(state.action.title)}\n{escape(state.owner_name)} · due "
                              f"{state.action.due:%d %b %Y} · _{escape(clip(detail, 300))}_"))
    buttons = []
    if page > 1:
        buttons.append(button("Previous", f"{PAGE_ACTION}_previous", paging.value(page - 1)))
    if page < pages:
        buttons.append(button(f"Next ({page + 1} of {pages})", f"{PAGE_ACTION}_next", paging.value(page + 1)))
    if paging.shareable and not paging.shared_by:
        buttons.append(button("Share in channel", SHARE_ACTION, paging.value(page), "primary"))
    if buttons:
        blocks.append({"type": "actions", "block_id": "status_buttons", "elements": buttons})
    if pages > 1:
        blocks.append(context(f"Actions page {page} of {pages}"))
    return blocks


def theme_blocks(theme: ThemeReadiness, paging: Paging) -> list[Block]:
    lead = f" · lead: {theme.lead_name}" if theme.lead_name else ""
    return readiness_blocks(f"Theme {theme.theme.number}: {theme.theme.title}",
                            f"As of {theme.readiness.as_of:%a %d %b %Y}{lead}", theme.readiness, paging=paging)


def body_blocks(board: BodyReadiness, paging: Paging) -> list[Block]:
    meeting = board.meeting
    when = (f"Next meeting {meeting.starts:%a %d %b %Y, %H:%M}; papers due {meeting.paper_deadline:%a %d %b}"
            if meeting else "No meeting planned")
    chair = f" · chair: {board.chair_name}" if board.chair_name else ""
    return readiness_blocks(board.body.name, f"As of {board.readiness.as_of:%a %d %b %Y}{chair}", board.readiness,
                            paging=paging, lead_blocks=[section(escape(when))])


def visit_blocks(visit: VisitReadiness, paging: Paging) -> list[Block]:
    titles = {t.theme.number: t.theme.title for t in visit.themes}
    areas = [f"{escape(a.name)} → " + "; ".join(escape(f"{n} {titles.get(n, '')}") for n in a.themes)
             for a in visit.visit.focus_areas]
    per_theme = [f"*{t.theme.number}* {escape(t.theme.title)}: {spread_text(t.readiness)}; "
                 f"{len(t.readiness.overdue)} overdue, {len(t.readiness.stale)} not updated" for t in visit.themes]
    when = f"{visit.visit.start:%a %d %b} – {visit.visit.end:%a %d %b %Y}: {visit.countdown}"
    lead = [b for b in (section(escape(when)), listing("Focus areas", areas), listing("Themes", per_theme)) if b]
    return readiness_blocks(visit.visit.title, f"As of {visit.readiness.as_of:%a %d %b %Y}", visit.readiness,
                            paging=paging, lead_blocks=lead)


def action_blocks(status: ActionStatus, paging: Paging) -> list[Block]:
    state = status.state
    readiness_key = status.key
    facts = (f"*Theme* {status.theme.number} {escape(status.theme.title)}\n*Owner* {escape(state.owner_name)}\n"
             f"*Due* {state.action.due:%a %d %b %Y} ({state.working_days_to_due} working days)\n"
             f"*BRAG* {EMOJI.get(state.rating, '')} {readiness_key.label(state.rating)}"
             + (f"\n*Overseen by* {escape(status.body.name)}" if status.body else ""))
    history = [f"{u.at:%d %b %Y} {EMOJI.get(u.rating, '')} {readiness_key.label(u.rating)} — "
               f"{escape(clip(u.commentary, 200)) or '_no commentary_'}"
               + (f" (evidence: {escape(u.evidence)})" if u.evidence else "") for u in reversed(status.history)]
    shared_by = paging.shared_by
    blocks = [header(f"{state.action.ref} {state.action.title}"),
              context("Shared by <@" + shared_by + ">" if shared_by else "Latest first"), section(facts)]
    blocks.append(listing("Updates", history) or section("_No updates yet: Not rated._"))
    if paging.shareable and not shared_by:
        blocks.append({"type": "actions", "block_id": "status_buttons",
                       "elements": [button("Share in channel", SHARE_ACTION, paging.value(1), "primary")]})
    return blocks


def overdue_blocks(readiness: Readiness, paging: Paging) -> list[Block]:
    overdue = Readiness(readiness.title, readiness.as_of, readiness.key, readiness.overdue)
    return readiness_blocks(f"Overdue actions: {len(overdue.states)}", f"As of {readiness.as_of:%a %d %b %Y}",
                            overdue, paging=paging)


def text_blocks(text: str) -> list[Block]:
    return [section(text)]


def help_text(answer: HelpAnswer, command: str) -> str:
    """What the bot answers to, in the words people type after the app's command, in a DM or an @mention."""
    lines = "\n".join(f"• `{example}`: {meaning}" for example, meaning in answer.questions)
    return (f"*What I can tell you* — type these after `{command}`, send them to me in a DM, or @mention me\n"
            f"{lines}\nAnswers to `{command}` are only shown to you; *Share in channel* posts the same view for "
            "everyone.")


def indicators_blocks(indicators: IndicatorsReadiness, paging: Paging) -> list[Block]:
    """`status indicators` read the way the board papers read them: what worries us, what is working, and what
    cannot be judged yet, each indicator against its target with its trend and which way is good."""
    shared_by = paging.shared_by
    blocks: list[Block] = [header("Indicators"), context(f"As of {indicators.as_of:%a %d %b %Y}"
                                                         + (f" · shared by <@{shared_by}>" if shared_by else ""))]
    if not indicators.readings:
        blocks.append(section("The plan has no indicators yet."))
    else:
        for title, readings in ((":warning: What are we worried about", indicators.worried_about),
                                (":sparkles: What is working well", indicators.working_well),
                                (":grey_question: Not yet judged", indicators.not_judged)):
            blocks += _indicator_group(title, readings)
    if paging.shareable and not shared_by:
        blocks.append({"type": "actions", "block_id": "status_buttons",
                       "elements": [button("Share in channel", SHARE_ACTION, paging.value(1), "primary")]})
    return blocks


def _indicator_group(title: str, readings: Sequence[IndicatorReading]) -> list[Block]:
    """A heading's indicators in sections of LIST_LINES, at most INDICATORS_LISTED of them, the rest counted."""
    if not readings:
        return [section(f"*{title} (0)*\n_None._")]
    lines = [f"• {_reading_line(r)}" for r in readings[:INDICATORS_LISTED]]
    chunks = [lines[start:start + LIST_LINES] for start in range(0, len(lines), LIST_LINES)]
    blocks = [section(f"*{title} ({len(readings)})*\n" + "\n".join(chunks[0]))]
    blocks += [section("\n".join(chunk)) for chunk in chunks[1:]]
    if len(readings) > INDICATORS_LISTED:
        blocks.append(context(f"_…and {len(readings) - INDICATORS_LISTED} more_"))
    return blocks


def _reading_line(reading: IndicatorReading) -> str:
    parts = [indicator_line(reading)]
    if reading.trend:
        parts.append(f"{reading.trend} {_arrow(reading)}")
    parts.append(f"{reading.indicator.direction} is better")
    return " · ".join(parts)


def _arrow(reading: IndicatorReading) -> str:
    """Which way the figure itself moved: improving is up where higher is better, down where lower is."""
    if reading.trend == "steady":
        return "→"
    rising = (reading.trend == "improving") == (reading.indicator.direction == Direction.HIGHER)
    return "↑" if rising else "↓"
