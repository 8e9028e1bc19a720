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
from governance.brag import NOT_RATED, BragKey
from governance.figures import RECENT_MONTHS, IndicatorStatus
from governance.model import ILLUSTRATIVE_KEY, Action, Direction, Section
from governance.readiness import (
    ESCALATE_OVERDUE, NO_DATE, ActionState, IndicatorReading, IndicatorsReadiness, Readiness, VisitReadiness,
    latest_shown, sparkline, supplied, target_shown,
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
SOURCE_CHARS = 60
"""Where an indicator is reported, cut short: the papers' reference, not their title page."""
TITLE_CHARS = 80
"""An action's title in an escalation line, which also names its owner and why."""
INDICATORS_LISTED = 30
"""Indicators listed under each heading of `status indicators`, at most LIST_LINES to a section and fewer when
they are long, so each section stays inside its 3,000 characters and three headings far inside 50 blocks."""

"""Every figure the same (or only one): a level line, neither the lowest bar nor the highest."""
NOTE_ACTION = "figure_note"
"""*Add a note* under `status indicator KEY`: its value is the indicator's key."""
SECTION_HEADINGS = {Section.WORRIED_ABOUT: ":warning: What are we worried about",
                    Section.WORKING_WELL: ":sparkles: What is working well", None: ":grey_question: Not yet judged"}

MEETING_FORM_ACTION = "meeting_form"
ARISING_FORM_ACTION = "arising_form"
AGENDA_ACTION = "agenda_paper"
"""The body view's buttons (*Change a meeting*, *Add action arising*, *Agenda paper*): each carries the body's key."""
BODY_BUTTONS = "body_buttons"
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


def key_line(shown: bool) -> list[Block]:
    """The one line under an answer that explains the mark, when the answer shows an illustrative fact."""
    return [context(ILLUSTRATIVE_KEY)] if shown else []


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
            f"{due_words(state.action)}, {rating_label(readiness, state.rating)}")


def due_on(action: Action, *, weekday: bool = False) -> str:
    """An action's due date as every Slack view writes it (`28 Feb 2018`, or `Wed 28 Feb 2018` where there is
    room; "no date" when the plan gives none yet), marked when the plan's date is illustrative."""
    written = action.due.strftime("%a %d %b %Y" if weekday else "%d %b %Y") if action.due else NO_DATE
    return written + action.provenance.mark


def due_heading(action: Action) -> str:
    """`Due Wed 28 Feb 2018` where a line about an action starts with its date, or `No due date yet`."""
    return f"Due {due_on(action, weekday=True)}" if action.due else f"No due date yet{action.provenance.mark}"


def rating_given(key: BragKey, code: str | None) -> str:
    """What an update gave, with its rating's emoji: `:red_circle: Red`, or `Comment` for a comment that gave
    no rating."""
    return f"{EMOJI.get(code, '') if code else ''} {key.said(code)}".strip()


def due_words(action: Action) -> str:
    """`due 28 Feb 2018` in a line about an action, or "no date" alone."""
    return f"due {due_on(action)}" if action.due else due_on(action)


def due_in(state: ActionState) -> str:
    """The due date with the working days to it, or "no date" alone."""
    days = state.working_days_to_due
    return due_on(state.action, weekday=True) + (f" ({days} working days)" if days is not None else "")


def escalation_line(state: ActionState) -> str:
    """Why an action is escalated, in the reminders' words: Red twice running, overdue 10+ working days, or both."""
    return (f"`{escape(state.action.ref)}` {escape(clip(state.action.title, TITLE_CHARS))} — "
            f"{escape(state.owner_name)}, {due_words(state.action)}: {state.escalated_because}")


def indicator_line(reading: IndicatorReading) -> str:
    """An indicator's latest month against its target, as every view that shows indicators writes it."""
    indicator, latest = reading.indicator, reading.latest
    name = escape(clip(indicator.name, INDICATOR_NAME_CHARS))
    if latest is None:
        return f"{name}: no data"
    target = f" vs target {target_shown(indicator)}" if indicator.target is not None else ""
    return (f"{STATUS_EMOJI.get(reading.status or '', ':white_small_square:')} {name}: "
            f"*{latest_shown(reading)}* ({latest.month:%b %Y}){target}")


def indicator_lines(readiness: Readiness) -> list[str]:
    return [indicator_line(r) + (f", {r.trend}" if r.trend else "") + noted(r) for r in readiness.indicators]


def noted(reading: IndicatorReading) -> str:
    """` — rose after the MASH change`: a theme lead's line on why the latest figure moved, or nothing."""
    latest = reading.latest
    return f" — _{escape(latest.note)}_" if latest is not None and latest.note else ""


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
                     lead_blocks: Sequence[Block] = (), illustrative: bool = False) -> list[Block]:
    """A readiness summary with its actions paged; the same layout for a theme, a body or a person. The mark's
    key closes it when the roll-up shows an illustrative fact, or the `lead_blocks` do (`illustrative`)."""
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
        listing(f"Withdrawn, no longer needed ({len(readiness.withdrawn)})",
                [f"`{escape(a.ref)}` {escape(clip(a.title, 200))}" for a in readiness.withdrawn]),
        listing("Indicators", indicator_lines(readiness)),
        listing(":warning: What are we worried about", [escape(line) for line in readiness.worried_about]),
        listing(":sparkles: What is working well", [escape(line) for line in readiness.working_well]),
    ) if b]
    blocks += actions_page(readiness, paging)
    return blocks + key_line(readiness.illustrative or illustrative)


def actions_page(readiness: Readiness, paging: Paging) -> list[Block]:
    states = readiness.states
    pages = max(1, -(-len(states) // PAGE_SIZE))
    page = min(max(paging.page, 1), pages)
    blocks: list[Block] = [{"type": "divider"}]
    for state in states[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
        detail = state.last_update.commentary if state.last_update else "No update yet."
        blocks.append(section(f"{rating_label(readiness, state.rating)}  *{escape(state.action.ref)}* "
                              f"{escape(state.action.title)}\n{escape(state.owner_name)} · "
                              f"{due_words(state.action)} · _{escape(clip(detail, 300))}_"))
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
    """A body's next meeting (its dates marked when its cadence is illustrative), what has been escalated to it
    (across the whole plan for the body responsible for it), then its own actions."""
    meeting, mark = board.meeting, board.body.provenance.mark
    when = (f"Next meeting {meeting.starts:%a %d %b %Y, %H:%M}{mark}; papers due {meeting.paper_deadline:%a %d %b}"
            f"{mark}" if meeting else "No meeting planned")
    chair = f" · chair: {board.chair_name}" if board.chair_name else ""
    escalated = listing(f"Escalated: Red twice or overdue {ESCALATE_OVERDUE}+ working days ({len(board.escalations)})",
                        [escalation_line(s) for s in board.escalations])
    illustrative = bool(meeting and mark) or any(s.action.provenance.illustrative for s in board.escalations)
    lead = [b for b in (section(escape(when)), body_buttons(board.body.key), escalated) if b]
    return readiness_blocks(board.body.name, f"As of {board.readiness.as_of:%a %d %b %Y}{chair}", board.readiness,
                            paging=paging, lead_blocks=lead, illustrative=illustrative)


def body_buttons(key: str) -> Block:
    """What a body's chair does from its view (whether they may is the core's to say on the click), and the paper
    anyone may take into its next meeting."""
    return {"type": "actions", "block_id": BODY_BUTTONS, "elements": [
        button("Change a meeting", MEETING_FORM_ACTION, key), button("Add action arising", ARISING_FORM_ACTION, key),
        button("Agenda paper", AGENDA_ACTION, key)]}


def visit_blocks(visit: VisitReadiness, paging: Paging) -> list[Block]:
    titles = {t.theme.number: t.theme.title for t in visit.themes}
    areas = [f"{escape(a.name)} → " + "; ".join(escape(f"{n} {titles.get(n, '')}") for n in a.themes)
             for a in visit.visit.focus_areas]
    per_theme = [f"*{t.theme.number}* {escape(t.theme.title)}: {spread_text(t.readiness)}; "
                 f"{len(t.readiness.overdue)} overdue, {len(t.readiness.stale)} not updated" for t in visit.themes]
    examined = [action_line(s, visit.readiness) for s in visit.examined]
    mark = visit.visit.provenance.mark
    when = f"{visit.visit.start:%a %d %b} – {visit.visit.end:%a %d %b %Y}{mark}: {visit.countdown}"
    lead = [b for b in (section(escape(when)), listing("Focus areas", areas),
                        listing(f"Actions the focus areas name ({len(examined)})", examined),
                        listing("Themes", per_theme)) if b]
    return readiness_blocks(visit.visit.title, f"As of {visit.readiness.as_of:%a %d %b %Y}", visit.readiness,
                            paging=paging, lead_blocks=lead, illustrative=bool(mark))


def action_blocks(status: ActionStatus, paging: Paging) -> list[Block]:
    state = status.state
    readiness_key = status.key
    facts = (f"*Theme* {status.theme.number} {escape(status.theme.title)}\n*Owner* {escape(state.owner_name)}\n"
             f"*Due* {due_in(state)}\n"
             f"*BRAG* {EMOJI.get(state.rating, '')} {readiness_key.label(state.rating)}"
             + (f"\n*Overseen by* {escape(status.body.name)}" if status.body else "")
             + _arising_and_withdrawn(status))
    history = [f"{u.at:%d %b %Y} {rating_given(readiness_key, u.rating)} — "
               f"{escape(clip(u.commentary, 200)) or '_no commentary_'}"
               + (f" (evidence: {escape(u.evidence)})" if u.evidence else "") for u in reversed(status.history)]
    shared_by = paging.shared_by
    blocks = [header(f"{state.action.ref} {state.action.title}"),
              context("Shared by <@" + shared_by + ">" if shared_by else "Latest first"), section(facts)]
    blocks.append(listing("Updates", history) or section("_No updates yet: Not rated._"))
    if paging.shareable and not shared_by:
        blocks.append({"type": "actions", "block_id": "status_buttons",
                       "elements": [button("Share in channel", SHARE_ACTION, paging.value(1), "primary")]})
    return blocks + key_line(state.action.provenance.illustrative)


def _arising_and_withdrawn(status: ActionStatus) -> str:
    """The meeting an action arose at, and when, by whom and why it was withdrawn, as lines of its facts."""
    action, lines = status.state.action, ""
    if status.body and action.raised_at:
        lines += f"\n*Arising from* the {escape(status.body.name)} on {action.raised_at:%a %d %b %Y}"
    if action.withdrawn and status.withdrawn_on:
        by = f" by {escape(status.withdrawer)}" if status.withdrawer else ""
        why = f": {escape(action.withdrawn.reason)}" if action.withdrawn.reason else ""
        lines += f"\n*Withdrawn* {status.withdrawn_on:%a %d %b %Y}{by}{why}"
    return lines


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
        for title, readings in ((SECTION_HEADINGS[Section.WORRIED_ABOUT], indicators.worried_about),
                                (SECTION_HEADINGS[Section.WORKING_WELL], indicators.working_well),
                                (SECTION_HEADINGS[None], indicators.not_judged)):
            blocks += _indicator_group(title, readings)
    if paging.shareable and not shared_by:
        blocks.append({"type": "actions", "block_id": "status_buttons",
                       "elements": [button("Share in channel", SHARE_ACTION, paging.value(1), "primary")]})
    return blocks + key_line(indicators.illustrative)


def _indicator_group(title: str, readings: Sequence[IndicatorReading]) -> list[Block]:
    """A heading's indicators in sections of at most LIST_LINES, each within a section's 3,000 characters, at most
    INDICATORS_LISTED of them, the rest counted."""
    if not readings:
        return [section(f"*{title} (0)*\n_None._")]
    texts, listed = [f"*{title} ({len(readings)})*"], 0
    for line in (f"• {_reading_line(r)}" for r in readings[:INDICATORS_LISTED]):
        if listed == LIST_LINES or len(texts[-1]) + 1 + len(line) > SECTION_CHARS:
            texts.append(line)
            listed = 1
        else:
            texts[-1] += "\n" + line
            listed += 1
    blocks = [section(text) for text in texts]
    if len(readings) > INDICATORS_LISTED:
        blocks.append(context(f"_…and {len(readings) - INDICATORS_LISTED} more_"))
    return blocks


def _reading_line(reading: IndicatorReading) -> str:
    """An indicator against its target, its trend when the core judges one, which way is good and where the
    measure is reported."""
    parts = [indicator_line(reading)]
    if reading.trend:
        parts.append(f"{reading.trend} {_arrow(reading)}")
    parts.append(f"{reading.indicator.direction} is better")
    parts += [part for part in (sparkline([v.value for v in reading.history[-RECENT_MONTHS:]]), escape(supplied(reading)))
              if part]
    if reading.indicator.source:
        parts.append(f"source: {escape(clip(reading.indicator.source, SOURCE_CHARS))}")
    return " · ".join(parts) + noted(reading)


def _arrow(reading: IndicatorReading) -> str:
    """Which way the figure itself moved: improving is up where higher is better, down where lower is."""
    if reading.trend == "steady":
        return "→"
    rising = (reading.trend == "improving") == (reading.indicator.direction == Direction.HIGHER)
    return "↑" if rising else "↓"


def indicator_status_blocks(status: IndicatorStatus, paging: Paging) -> list[Block]:
    """`status indicator KEY`: the latest month against target, the last months as a sparkline, who gave the figure
    and a lead's note on why it moved, its data owner and what is due or owed; with *Add a note*."""
    reading = status.reading
    indicator = reading.indicator
    shared_by = paging.shared_by
    where = SECTION_HEADINGS[reading.section].split(" ", 1)[1]
    facts = [indicator_line(reading) + (f" · {reading.trend} {_arrow(reading)}" if reading.trend else "")
             + f" · {indicator.direction} is better"]
    if status.recent:
        first, last = status.recent[0].month, status.recent[-1].month
        months = f"{last:%b %Y}" if first == last else f"{first:%b %Y} – {last:%b %Y}"
        facts.append(f"*Trend* {sparkline([v.value for v in status.recent])} ({months})")
    if supplied(reading):
        facts.append(f"*Given* {escape(supplied(reading))}{noted(reading)}")
    elif noted(reading):
        facts.append(f"*Note*{noted(reading)}")
    facts.append(f"*Data owner* {escape(status.owner_name) if status.owner_name else 'none named'}")
    facts += _collection(status)
    if indicator.source:
        facts.append(f"*Source* {escape(clip(indicator.source, SOURCE_CHARS))}")
    buttons = [button("Add a note", NOTE_ACTION, indicator.key)]
    if paging.shareable and not shared_by:
        buttons.append(button("Share in channel", SHARE_ACTION, paging.value(1), "primary"))
    return [header(indicator.name),
            context(f"`{escape(indicator.key)}` · {where}" + (f" · shared by <@{shared_by}>" if shared_by else "")),
            section("\n".join(facts)),
            {"type": "actions", "block_id": "status_buttons", "elements": buttons},
            *key_line(reading.illustrative)]


def _collection(status: IndicatorStatus) -> list[str]:
    """What is owed from the data owner and when the next figure is due; nothing for a figure not collected."""
    lines = []
    if status.owed is not None:
        said = status.not_available
        why = "" if said is None else ": not available" + (f", {escape(said.comment)}" if said.comment else "")
        lines.append(f"*Owed* {status.owed:%B %Y}'s figure{why}")
    if status.due is not None:
        lines.append(f"*Next due* {status.due:%a %d %b %Y}")
    return lines
