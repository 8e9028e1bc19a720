"""When an indicator's monthly figure is due from its data owner, and when a missing one is chased.

A figure is collected for the month before: on the `collection_day`-th working day of each month the data owner is
asked for last month's figure. One still missing is chased once, a few working days before the first paper deadline
of a body that reads it (the board responsible for the whole plan), so the papers are not written without it: its
meetings as the log leaves them, so a moved meeting moves the chase and a cancelled one chases nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from governance.cadence import meetings
from governance.model import Action, Body, Indicator
from governance.workdays import add_working_days

MEETINGS_AHEAD = timedelta(days=60)
"""How far past a collection date to look for the meetings whose paper deadlines a chase comes before: the next
month's collection has moved the owed month on well before this."""


def collected(indicator: Indicator) -> bool:
    """Whether its figure is asked for in Slack: the plan names who gives it and on which working day."""
    return indicator.owner is not None and indicator.collection_day is not None


def collection_date(indicator: Indicator, month: date) -> date | None:
    """The `collection_day`-th working day of the month after `month` (the first day of a month)."""
    if indicator.collection_day is None:
        return None
    return _due(month, indicator.collection_day)


def owed_month(indicator: Indicator, day: date) -> date | None:
    """The latest month whose figure was due on or before `day`: on 5 Jan the 5th working day of January is still
    to come, so November's figure is the one owed, not December's."""
    if indicator.collection_day is None:
        return None
    month = _previous_month(day.replace(day=1))
    while _due(month, indicator.collection_day) > day:
        month = _previous_month(month)
    return month


def has_figure(indicator: Indicator, month: date) -> bool:
    """Whether the month has a figure; saying it is not available leaves it missing."""
    return any(value.month == month for value in indicator.values)


def bodies_needing(indicator: Indicator, bodies: Iterable[Body], actions: Iterable[Action]) -> list[Body]:
    """The bodies whose papers report the figure: the body responsible for the whole plan, which reads the data
    dashboard; in a plan without one, the bodies overseeing an action (not withdrawn) of one of the indicator's
    themes."""
    bodies = list(bodies)
    whole_plan = [body for body in bodies if body.whole_plan]
    if whole_plan:
        return whole_plan
    overseeing = {action.body for action in actions if action.theme in indicator.themes and action.withdrawn is None}
    return [body for body in bodies if body.key in overseeing]


@dataclass(frozen=True)
class Chase:
    """The one day a missing figure is chased, and the paper deadline it is chased for."""

    day: date
    body: Body
    paper_deadline: date


def chase(indicator: Indicator, month: date, bodies: Iterable[Body], *, before_papers: int, tz: str) -> Chase | None:
    """The first working day after the month's collection date that is `before_papers` working days before a paper
    deadline of one of `bodies`; a later deadline, of the same body or another, does not chase the month again."""
    collected_on = collection_date(indicator, month)
    if collected_on is None:
        return None
    chases = [Chase(add_working_days(meeting.paper_deadline, -before_papers), body, meeting.paper_deadline)
              for body in bodies for meeting in meetings(body, collected_on, collected_on + MEETINGS_AHEAD, tz)]
    return min((c for c in chases if c.day > collected_on), key=lambda c: (c.day, c.paper_deadline, c.body.key),
               default=None)


def _due(month: date, collection_day: int) -> date:
    return add_working_days(_next_month(month) - timedelta(days=1), collection_day)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
