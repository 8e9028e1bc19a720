"""Answers to `status …` questions: one use case per kind of question, rendered as Block Kit."""
from __future__ import annotations

from typing import Any

from governance import services
from handlers.slack import blocks
from handlers.slack.blocks import Paging
from handlers.slack.deps import SlackDeps
from handlers.status_query import StatusQuery

Message = dict[str, Any]


def status_message(query: StatusQuery, *, deps: SlackDeps, email: str, paging: Paging | None = None) -> Message:
    """The message answering `query` for the person `email`, at the page and with the buttons `paging` says."""
    now, tz = deps.clock.now(), deps.tz
    uow = deps.store.uow
    paging = paging or Paging(query.text)
    if query.kind == "help":
        return {"text": "What I can tell you", "blocks": blocks.text_blocks(blocks.help_text(deps.command))}
    if query.kind == "theme":
        theme = services.theme_readiness(query.arg, uow=uow(), now=now, tz=tz)
        return _message(f"Theme {theme.theme.number}: {theme.theme.title}", blocks.theme_blocks(theme, paging))
    if query.kind == "action":
        status = services.action_status(query.arg, uow=uow(), now=now, tz=tz)
        return _message(f"{status.state.action.ref} {status.state.action.title}", blocks.action_blocks(status, paging))
    if query.kind == "plan":
        readiness = services.plan_readiness(uow=uow(), now=now, tz=tz)
        return _message(readiness.title, blocks.readiness_blocks(
            readiness.title, f"As of {readiness.as_of:%a %d %b %Y}", readiness, paging=paging))
    if query.kind == "overdue":
        readiness = services.plan_readiness(uow=uow(), now=now, tz=tz)
        return _message(f"Overdue actions: {len(readiness.overdue)}", blocks.overdue_blocks(readiness, paging))
    if query.kind == "visit":
        visit = services.visit_readiness(uow=uow(), now=now, tz=tz)
        if visit is None:
            return {"text": "No monitoring visit is planned.", "blocks": blocks.text_blocks("No monitoring visit is planned.")}
        return _message(visit.visit.title, blocks.visit_blocks(visit, paging))
    if query.kind == "board":
        board = services.body_readiness(query.arg, uow=uow(), now=now, tz=tz)
        return _message(board.body.name, blocks.body_blocks(board, paging))
    readiness = services.my_actions(email, uow=uow(), now=now, tz=tz)
    return _message(readiness.title, blocks.readiness_blocks(
        readiness.title, f"As of {readiness.as_of:%a %d %b %Y}", readiness, paging=paging))


def _message(text: str, body: list[blocks.Block]) -> Message:
    return {"text": blocks.escape(text), "blocks": body[: blocks.MESSAGE_BLOCKS]}
