"""A body's readiness paper in words every medium shares (its title, the meeting's line, the section on actions
arising), and drawn for the terminal; the Markdown and HTML papers (handlers/report/agenda.py) use the same words."""
from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from governance.cadence import Meeting
from governance.meetings import AgendaPaper
from governance.model import Action
from governance.readiness import ESCALATE_OVERDUE
from handlers.text.printable import shown
from handlers.text.views import actions_table, escalations_view, readiness_view

MEETING_DAY = "%A %d %B %Y"
SHORT_DAY = "%a %d %b %Y"


def paper_title(paper: AgendaPaper) -> str:
    """`Improvement Board — readiness paper for Thursday 25 January 2018`, marked when the body's dates are
    illustrative."""
    if paper.meeting is None:
        return f"{paper.body.name} — readiness paper"
    return f"{paper.body.name} — readiness paper for {paper.meeting.day:{MEETING_DAY}}{paper.body.provenance.mark}"


def meeting_line(paper: AgendaPaper) -> str:
    """When it meets (and whether that day was moved or added), when its papers are due, who chairs it, and the day
    the paper was drawn."""
    mark, parts = paper.body.provenance.mark, []
    if paper.meeting is None:
        parts.append("No meeting planned")
    else:
        parts += [f"Meeting {paper.meeting.starts:%a %d %b %Y %H:%M}{mark}{_changed(paper.meeting)}",
                  f"papers due {paper.meeting.paper_deadline:{SHORT_DAY}}{mark}"]
    if paper.chair_name:
        parts.append(f"chair: {paper.chair_name}")
    parts.append(f"as of {paper.readiness.as_of:{SHORT_DAY}}")
    return " · ".join(parts)


def _changed(meeting: Meeting) -> str:
    if meeting.scheduled and meeting.scheduled != meeting.day:
        return f" (moved from {meeting.scheduled:%a %d %b})"
    return " (added)" if meeting.added else ""


def escalations_intro(paper: AgendaPaper) -> str:
    scope = "whichever body oversees them" if paper.body.whole_plan else "of the actions it oversees"
    return f"Actions Red in two updates running or overdue {ESCALATE_OVERDUE}+ working days, {scope}."


def arising_heading(paper: AgendaPaper) -> str:
    if paper.last is None:
        return "Actions arising from the last meeting"
    return f"Actions arising from the meeting of {paper.last.day:{SHORT_DAY}}"


def arising_none(paper: AgendaPaper) -> str:
    """What the section says when it lists nothing: the body has not met yet, or nothing arose."""
    return "The body has not met yet." if paper.last is None else "None."


def withdrawn_entry(action: Action, paper: AgendaPaper) -> str:
    """`5l Review the MASH rota — withdrawn Mon 22 Jan 2018: merged into 5k`, dated on the body's own clock (its
    meetings are in the programme's timezone), so a withdrawal late in the evening is dated as the programme saw it."""
    withdrawal, last = action.withdrawn, paper.last
    assert withdrawal is not None and last is not None, "the paper lists only actions arising since withdrawn"
    day = withdrawal.at.astimezone(last.starts.tzinfo)
    return f"{action.ref} {action.title} — withdrawn {day:{SHORT_DAY}}" + (
        f": {withdrawal.reason}" if withdrawal.reason else "")


def agenda_view(paper: AgendaPaper) -> RenderableType:
    """The paper in the terminal: the meeting, what is escalated, the actions it oversees with their indicators and
    the Signs-of-Safety lists, then the actions arising from the last meeting."""
    readiness = paper.readiness
    arising: list[RenderableType] = [Text(arising_heading(paper), style="bold")]
    if paper.arising:
        arising.append(actions_table(paper.arising, readiness.key))
    arising += [shown(f"  {withdrawn_entry(action, paper)}", "dim") for action in paper.withdrawn]
    if not paper.arising and not paper.withdrawn:
        arising.append(Text(arising_none(paper), style="dim"))
    return readiness_view(readiness, lead=[shown(paper_title(paper), "bold"), shown(meeting_line(paper)),
                                           escalations_view(paper.escalations, readiness.key)],
                          tail=arising, actions_title="Actions it oversees", illustrative=paper.illustrative)
