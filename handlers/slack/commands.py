"""The app's one slash command (`/readiness` unless the council named it otherwise): a question is
acknowledged at once and answered through the response URL; `update …` records, asks its owner to confirm a
reading in doubt, or sends the form; `meeting …`, `action add|close …` and `agenda …` go to the governance loop
(handlers/slack/meetings.py). Its text comes in Slack's encoding (`&amp;`, `&lt;`, `&gt;`) and is read as
typed."""
from __future__ import annotations

import logging
import time
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from governance.errors import ReadinessError
from governance.model import Channel
from governance.questions import Question, UpdateRequest, parse_request
from handlers.slack import meetings, updates
from handlers.slack.blocks import Paging
from handlers.slack.deps import SlackDeps, Viewer
from handlers.slack.errors import answered_later, answering_errors
from handlers.slack.status import answer_message

ANSWERS_LOG = logging.getLogger("readiness.slack.answers")
"""One INFO line per answer with its service time, which the benchmark reads; Python's logging shows nothing
below WARNING unless the process asks for it, so the bot itself stays quiet."""


def ask(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: dict[str, Any]) -> None:
    ack()
    started = time.perf_counter()
    request = parse_request(updates.typed_text(command.get("text")))
    viewer: Viewer = context["viewer"]
    deps: SlackDeps = context["deps"]
    person = viewer.person()
    request_key = f"command:{command.get('trigger_id')}"
    if isinstance(request, UpdateRequest):
        updates.give_update(request, viewer=viewer, deps=deps, client=client, respond=respond,
                            request_key=request_key)
        return
    if not isinstance(request, Question):
        message = meetings.act(request, deps=deps, viewer=viewer, client=client, via=Channel.COMMAND,
                               request_key=request_key, trigger_id=command.get("trigger_id"))
        if message:
            respond(response_type="ephemeral", **message)
        return
    respond(response_type="ephemeral", **answer_message(request, deps=deps, asker=person.email,
                                                        paging=Paging(request.text, who=viewer.user_id)))
    log_service_time(f"status {request.text}", started)


def log_service_time(what: str, started: float) -> None:
    """From starting to build an answer to the end of its post to Slack, `started` by `time.perf_counter()`:
    the work an answer costs, without the time it queued for the answers' pool."""
    ANSWERS_LOG.info('answered "%s" in %.1f ms', what, (time.perf_counter() - started) * 1000)


def register(app: App, answers: Executor, command: str) -> None:
    """Updates and changes are recorded, and forms opened, on the listener's own thread; questions and the agenda
    paper, which can be heavy, queue for `answers`."""
    question, at_once = answered_later(ask, answers), answering_errors(ask)

    def readiness(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient,
                  context: dict[str, Any]) -> None:
        listener = at_once if _at_once(command) else question
        listener(ack=ack, command=command, respond=respond, client=client, context=context)

    app.command(command)(readiness)


def _at_once(command: dict[str, Any]) -> bool:
    """Whether the command gives an update, changes the plan or opens a form (whose trigger lasts three seconds).
    Words that cannot be read go the question's way, whose answer is the refusal saying how to ask."""
    try:
        request = parse_request(updates.typed_text(command.get("text")))
    except ReadinessError:
        return False
    return isinstance(request, UpdateRequest) or (not isinstance(request, Question) and meetings.is_quick(request))
