"""Answers drawn as Slack messages: one renderer per kind of answer, so a question is never read again here.

The core answers a question with an answer of its own type; `render` picks the renderer by that type.
A new answer type without a renderer here fails the suite (tests/slack/test_status_renderers.py) rather
than a person's question in Slack.
"""
from __future__ import annotations

from functools import singledispatch
from typing import Any

from governance.answers import HelpAnswer, NoVisit, Overdue, OwnedActions, PlanAnswer
from governance.figures import IndicatorStatus
from governance.questions import Question
from governance.readiness import IndicatorsReadiness, Readiness, ThemeReadiness, VisitReadiness
from governance.services import ActionStatus, BodyReadiness
from handlers.slack import blocks
from handlers.slack.blocks import Paging
from handlers.slack.deps import SlackDeps

Message = dict[str, Any]
NO_VISIT = "No monitoring visit is planned."


def answer_message(question: Question, *, deps: SlackDeps, asker: str | None, paging: Paging | None = None) -> Message:
    """The message answering `question` for the person `asker`, at the page and with the buttons `paging` says."""
    answer = deps.programme.answer(question, asker=asker)
    return render(answer, command=deps.command, paging=paging or Paging(question.text))


@singledispatch
def render(answer: object, *, command: str, paging: Paging) -> Message:
    raise TypeError(f"no Slack renderer for a {type(answer).__name__}")


@render.register
def _help(answer: HelpAnswer, *, command: str, paging: Paging) -> Message:
    return {"text": "What I can tell you", "blocks": blocks.text_blocks(blocks.help_text(answer, command))}


@render.register
def _theme(theme: ThemeReadiness, *, command: str, paging: Paging) -> Message:
    return _message(f"Theme {theme.theme.number}: {theme.theme.title}", blocks.theme_blocks(theme, paging))


@render.register
def _action(status: ActionStatus, *, command: str, paging: Paging) -> Message:
    return _message(f"{status.state.action.ref} {status.state.action.title}", blocks.action_blocks(status, paging))


@render.register
def _plan(plan: PlanAnswer, *, command: str, paging: Paging) -> Message:
    return _roll_up(plan.readiness, paging)


@render.register
def _overdue(overdue: Overdue, *, command: str, paging: Paging) -> Message:
    readiness = overdue.readiness
    return _message(f"Overdue actions: {len(readiness.overdue)}", blocks.overdue_blocks(readiness, paging))


@render.register
def _visit(visit: VisitReadiness, *, command: str, paging: Paging) -> Message:
    return _message(visit.visit.title, blocks.visit_blocks(visit, paging))


@render.register
def _no_visit(answer: NoVisit, *, command: str, paging: Paging) -> Message:
    return {"text": NO_VISIT, "blocks": blocks.text_blocks(NO_VISIT)}


@render.register
def _body(board: BodyReadiness, *, command: str, paging: Paging) -> Message:
    return _message(board.body.name, blocks.body_blocks(board, paging))


@render.register
def _owned(owned: OwnedActions, *, command: str, paging: Paging) -> Message:
    return _roll_up(owned.readiness, paging)


@render.register
def _indicators(indicators: IndicatorsReadiness, *, command: str, paging: Paging) -> Message:
    worried, well = len(indicators.worried_about), len(indicators.working_well)
    return _message(f"Indicators: {worried} worried about, {well} working well",
                    blocks.indicators_blocks(indicators, paging))


@render.register
def _indicator(status: IndicatorStatus, *, command: str, paging: Paging) -> Message:
    return _message(status.reading.indicator.name, blocks.indicator_status_blocks(status, paging))


def _roll_up(readiness: Readiness, paging: Paging) -> Message:
    """The whole plan and one person's actions are the same roll-up under their own titles."""
    return _message(readiness.title, blocks.readiness_blocks(
        readiness.title, f"As of {readiness.as_of:%a %d %b %Y}", readiness, paging=paging))


def _message(text: str, body: list[blocks.Block]) -> Message:
    return {"text": blocks.escape(text), "blocks": body[: blocks.MESSAGE_BLOCKS]}
