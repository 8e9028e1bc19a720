"""What each kind of reminder shows when it is sent: one view per kind, so no front end maps kinds itself.

A kind without a view is refused here, when the bot starts, rather than when the first such reminder
falls due and reaches Slack or the console.
"""
from __future__ import annotations

from dataclasses import dataclass

from governance.questions import PlanQuestion, Question, VisitQuestion
from governance.reminders import Kind


@dataclass(frozen=True)
class CheckInView:
    """The person's check-in: every action that needs them, with buttons, planned as it is sent."""


@dataclass(frozen=True)
class NoticeView:
    """One line: the reminder's reason (someone on leave, an action that needs a new owner)."""


@dataclass(frozen=True)
class PromptView:
    """The reminder's reason, then the prompt of the action its subject names, with its update buttons."""


@dataclass(frozen=True)
class DigestView:
    """The reminder's reason, then the answer to a question, for the PMO channel."""

    question: Question


View = CheckInView | NoticeView | PromptView | DigestView

VIEWS: dict[Kind, View] = {
    Kind.CHECK_IN: CheckInView(),
    Kind.NOTICE: NoticeView(),
    Kind.NEW_ACTION: PromptView(),
    Kind.VISIT_DIGEST: DigestView(VisitQuestion()),
    Kind.WEEKLY_DIGEST: DigestView(PlanQuestion()),
}
if missing := set(Kind) - set(VIEWS):
    raise ImportError(f"reminder kinds without a view: {', '.join(sorted(missing))}")


def view_of(kind: Kind) -> View:
    return VIEWS[kind]
