"""The App Home by role, in Block Kit, inside Slack's limits at any plan size.

A Home holds at most 100 blocks, so each role's section has a fixed block budget (SECTION_BLOCKS)
and every list in it is cut with "…and N more" plus the command that shows the rest. Titles and
names are clipped before they are escaped, and each list stops within its share of a section's
3,000 characters, so a long title, a name full of `&` or a person owning hundreds of actions
cannot break the view (`section` clipping at 3,000 is only the last guard). The only ids in the
view are the *Update* buttons' `add_detail:{ref}`, unique because refs are.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any, Callable, Sequence, TypeVar

from governance.home import AdminSection, ChairedBody, ChairSection, Home, LeadSection, OwnerSection
from governance.questions import BoardQuestion, MineQuestion, PlanQuestion, ThemeQuestion, VisitQuestion
from governance.readiness import (
    DUE_SOON_WORKING_DAYS, ESCALATE_OVERDUE, ActionState, OwnerChase, Readiness, ThemeReadiness,
)
from handlers.slack.blocks import (
    SECTION_CHARS, Block, action_line, button, clip, context, due_on, escape, header, key_line, rating_label,
    section, spread_text,
)
from handlers.slack.prompts import DETAIL_ACTION

T = TypeVar("T")
OWNER_ACTIONS = 20
LEAD_THEMES = 10
CHAIR_BODIES = 5
LIST_ITEMS = 4
LIST_CHARS = (SECTION_CHARS - 10) // 3
"""A section holds up to three lists; each stops early rather than let escaped text pass Slack's 3,000."""
REFS_PER_PERSON = 5
TITLE_CHARS = 80
"""A title in a list line; a title heading its own block may take HEADING_CHARS."""
HEADING_CHARS = 150
NAME_CHARS = 60

SECTION_BLOCKS = {
    "greeting": 2,
    "owner": 3 + OWNER_ACTIONS,
    "lead": 2 + 2 * LEAD_THEMES,
    "chair": 2 + 2 * CHAIR_BODIES,
    "admin": 4,
    "help": 1,
    "key": 1,
}
"""The most blocks each part of the Home may use; together within SURFACE_BLOCKS."""

ASK_ANY_TIME = (MineQuestion, ThemeQuestion, BoardQuestion, VisitQuestion)
"""The questions the Home suggests under a person's own sections, most personal first."""
ASKED_WITHOUT_A_ROLE = (*ASK_ANY_TIME, PlanQuestion)
"""Someone with no role has nothing of their own to look at, so the whole plan is suggested too."""
EXAMPLES = "\n".join(f"• `{question.example}`: {question.meaning}" for question in ASKED_WITHOUT_A_ROLE)
"""Each with the meaning the help gives it; the shorter ways to ask (`theme 5`) are left to the help."""


def home_view(home: Home, command: str) -> dict[str, Any]:
    """Each of the person's roles gets its section; someone with none is told what they can still ask.
    `command` is the app's slash command, which the questions follow in a channel."""
    blocks = _greeting(home)
    where = f"after `{command}` in any channel, or here in a DM"
    if not home.has_role:
        blocks.append(section("You don't own an action, lead a theme, chair a governance body or run the "
                              "programme office in this plan, so there is nothing of yours to show here yet. "
                              f"You can still ask about the plan, {where}:\n{EXAMPLES}"))
        return {"type": "home", "blocks": blocks}
    for part in (_owner(home.owner) if home.owner else [], _lead(home.lead) if home.lead else [],
                 _chair(home.chair) if home.chair else [], _admin(home.admin) if home.admin else []):
        blocks += part
    asked = ", ".join(f"`{question.example}`" for question in ASK_ANY_TIME)
    blocks.append(context(f"Ask any time, {where}: {asked}"))
    return {"type": "home", "blocks": blocks + key_line(_shows_illustrative(home))}


def stranger_home(text: str) -> dict[str, Any]:
    """For a Slack user the plan does not know: why they see nothing, and who can add them."""
    return {"type": "home", "blocks": [header("The readiness bot"), section(escape(text))]}


def _greeting(home: Home) -> list[Block]:
    roles = [name for name, held in (("action owner", home.owner), ("theme lead", home.lead),
                                     ("chair", home.chair), ("programme office", home.admin)) if held]
    return [header(f"Hello, {home.person.name}"),
            context(f"As of {home.as_of:%a %d %b %Y}" + (f" · {', '.join(roles)}" if roles else ""))]


def _more(count: int, hint: str) -> Block:
    return context(_rest(count, hint))


# --- owner ------------------------------------------------------------------------------------

def _owner(owner: OwnerSection) -> list[Block]:
    readiness, pressing = owner.readiness, owner.pressing
    overdue = sum(1 for s in pressing if s.overdue)
    due_soon = sum(1 for s in pressing if s.due_soon)
    blocks = [header("Your actions"),
              context(f"*{len(pressing)}* open of {len(readiness.states)} · *{overdue}* overdue · "
                      f"*{due_soon}* due within {DUE_SOON_WORKING_DAYS} working days · most pressing first")]
    if not pressing:
        return blocks + [section("All your actions are complete: nothing to update.")]
    blocks += [_owned_action(state, readiness) for state in pressing[:OWNER_ACTIONS]]
    if len(pressing) > OWNER_ACTIONS:
        blocks.append(_more(len(pressing) - OWNER_ACTIONS, "`status mine` lists them all"))
    return blocks


def _owned_action(state: ActionState, readiness: Readiness) -> Block:
    """One open action with its *Update* button (`add_detail:{ref}`), which opens the detail form for that ref."""
    ref = state.action.ref
    when = _when_due(state)
    last = f" · last update {state.last_update.at:%d %b}" if state.last_update else ""
    text = (f"*{escape(ref)}* {escape(clip(state.action.title, HEADING_CHARS))}\n"
            f"{when} · {rating_label(readiness, state.rating)}{last}")
    block = section(text)
    block["accessory"] = button("Update", f"{DETAIL_ACTION}:{ref}", json.dumps({"ref": ref}))
    return block


def _when_due(state: ActionState) -> str:
    """`*Overdue* since Wed 28 Feb 2018 (3 working days)`, `Due Fri 2 Mar 2018 (2 working days)`, or that the
    plan gives no date yet."""
    if state.no_date:
        return f"No due date yet{state.action.provenance.mark}"
    due, days = due_on(state.action, weekday=True), abs(state.working_days_to_due or 0)
    return f"*Overdue* since {due} ({days} working days)" if state.overdue else f"Due {due} ({days} working days)"


def _capped(title: str, items: Sequence[T], limit: int, draw: Callable[[T], list[Block]],
            hint: Callable[[Sequence[T]], str]) -> list[Block]:
    """A role's section: its first `limit` items drawn in full, the rest counted with where to ask for them,
    so the Home stays inside its block budget however many themes or bodies a person has."""
    blocks = [header(title)]
    for item in items[:limit]:
        blocks += draw(item)
    if len(items) > limit:
        rest = items[limit:]
        blocks.append(_more(len(rest), hint(rest)))
    return blocks


# --- theme lead -------------------------------------------------------------------------------

def _lead(lead: LeadSection) -> list[Block]:
    return _capped("Themes you lead", lead.themes, LEAD_THEMES, _theme,
                   lambda rest: f"`status theme {rest[0].theme.number}` and so on")


def _theme(theme: ThemeReadiness) -> list[Block]:
    readiness, number = theme.readiness, theme.theme.number
    key = readiness.key
    reds = [s for s in readiness.states if key.is_off_track(s.rating)]
    off_track = "/".join(r.label for r in key.ratings if r.off_track) or "Off track"
    hint = f"`status theme {number}`"
    title = f"*Theme {number}: {escape(clip(theme.theme.title, HEADING_CHARS))}*"
    return [section(f"{title}\n{spread_text(readiness)}"),
            section("\n".join([*_list(off_track, _lines(reds, readiness), hint),
                                *_list("Overdue", _lines(readiness.overdue, readiness), hint),
                                *_chase(readiness.owners_not_answered, hint)]))]


# --- chair ------------------------------------------------------------------------------------

def _chair(chair: ChairSection) -> list[Block]:
    return _capped("Bodies you chair", chair.bodies, CHAIR_BODIES, _body,
                   lambda rest: f"`status board {escape(rest[0].readiness.body.key)}` and so on")


def _body(chaired: ChairedBody) -> list[Block]:
    board, meeting = chaired.readiness, chaired.readiness.meeting
    readiness, mark = board.readiness, board.body.provenance.mark
    when = ((f"Next meeting {meeting.starts:%a %d %b %Y, %H:%M}{mark} · papers due "
             f"*{meeting.paper_deadline:%a %d %b}*{mark}" + _papers_countdown(readiness.as_of, meeting.paper_deadline))
            if meeting else "No meeting planned")
    spread = spread_text(readiness) if readiness.states else "It oversees no actions."
    hint = f"`status board {escape(board.body.key)}`"
    return [section(f"*{escape(clip(board.body.name, HEADING_CHARS))}*\n{when}\n{spread}"),
            section("\n".join([
                *_chase(readiness.owners_not_answered, hint),
                *(_list(f"Escalations: Red twice running or overdue {ESCALATE_OVERDUE}+ working days",
                        _lines(chaired.escalations, readiness), hint) or ["No escalations."]),
            ]))]


def _papers_countdown(today: date, deadline: date) -> str:
    if deadline < today:
        return " (passed)"
    return " (today)" if deadline == today else ""


# --- programme office ---------------------------------------------------------------------------

def _admin(admin: AdminSection) -> list[Block]:
    plan = admin.plan
    failed = (f":warning: *{admin.failed_reminders} reminder(s) failed*: Slack refused them and they are not "
              "retried. `readiness outbox --failed` lists them." if admin.failed_reminders
              else "No failed reminders.")
    return [header("Programme office"),
            section(f"*The whole plan*\n{spread_text(plan)}\n*{len(plan.overdue)}* overdue · "
                    f"*{len(plan.owners_not_answered)}* owner(s) not updated this cycle"),
            section(failed),
            section(_visit_countdown(admin))]


def _visit_countdown(admin: AdminSection) -> str:
    visit = admin.visit
    if visit is None:
        return "*Next monitoring visit*: none planned."
    focus = visit.readiness
    themes = ", ".join(str(t.theme.number) for t in visit.themes) or "none"
    return (f"*Next monitoring visit*: {escape(clip(visit.visit.title, HEADING_CHARS))}\n"
            f"{visit.visit.start:%a %d %b} – {visit.visit.end:%a %d %b %Y}{visit.visit.provenance.mark}: "
            f"*{visit.countdown}*\n"
            f"Focus themes {themes}: *{len(focus.overdue)}* overdue, *{len(focus.stale)}* not updated")


# --- the mark's key ----------------------------------------------------------------------------

def _shows_illustrative(home: Home) -> bool:
    """Whether the Home shows a fact the plan marks illustrative: the due date of an action it lists, a chaired
    body's next meeting, or the visit's dates. Then it ends with the mark's key."""
    listed: list[ActionState] = []
    if home.owner:
        listed += home.owner.pressing[:OWNER_ACTIONS]
    if home.lead:
        listed += [s for t in home.lead.themes[:LEAD_THEMES] for s in _listed_for_theme(t.readiness)]
    bodies = home.chair.bodies[:CHAIR_BODIES] if home.chair else []
    listed += [s for chaired in bodies for s in chaired.escalations]
    meetings = any(c.readiness.meeting and c.readiness.body.provenance.illustrative for c in bodies)
    visit = bool(home.admin and home.admin.visit and home.admin.visit.visit.provenance.illustrative)
    return meetings or visit or any(s.action.provenance.illustrative for s in listed)


def _listed_for_theme(readiness: Readiness) -> list[ActionState]:
    """The actions a theme's lists name with their due dates: those off track, and those overdue."""
    return [s for s in readiness.states if readiness.key.is_off_track(s.rating) or s.overdue]


# --- lists --------------------------------------------------------------------------------------

def _lines(states: Sequence[ActionState], readiness: Readiness) -> list[str]:
    """Action lines as the status views write them, with the title and owner clipped to keep a list short."""
    return [action_line(replace(s, action=replace(s.action, title=clip(s.action.title, TITLE_CHARS)),
                                owner_name=clip(s.owner_name, NAME_CHARS)), readiness) for s in states]


def _list(title: str, lines: Sequence[str], hint: str) -> list[str]:
    """A titled list of at most LIST_ITEMS lines within LIST_CHARS, and a count of the rest with where to
    see them; nothing when it is empty. Room for the count is kept, so it is never clipped away."""
    if not lines:
        return []
    shown = [f"*{title} ({len(lines)})*"]
    room = LIST_CHARS - len(shown[0]) - len(_rest(len(lines), hint)) - 2
    for line in lines[:LIST_ITEMS]:
        room -= len(line) + 3
        if room < 0:
            break
        shown.append(f"• {line}")
    listed = len(shown) - 1
    return shown + ([_rest(len(lines) - listed, hint)] if listed < len(lines) else [])


def _rest(count: int, hint: str) -> str:
    return f"_…and {count} more: {hint}_"


def _chase(chase: Sequence[OwnerChase], hint: str) -> list[str]:
    """Who has not updated since the body last met (or in 30 days), and on which actions."""
    if not chase:
        return ["Everyone has updated this cycle."]
    lines = [f"{escape(clip(c.name, NAME_CHARS))}: {_refs(c.refs)}" for c in chase]
    return _list("Not updated this cycle", lines, hint)


def _refs(refs: Sequence[str]) -> str:
    shown = ", ".join(f"`{escape(r)}`" for r in refs[:REFS_PER_PERSON])
    return shown + (f" +{len(refs) - REFS_PER_PERSON} more" if len(refs) > REFS_PER_PERSON else "")
