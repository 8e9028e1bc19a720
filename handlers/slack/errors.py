"""How the Slack app answers when something goes wrong: briefly, and never with a traceback."""
from __future__ import annotations

import functools
import logging
from typing import Any, Callable

from slack_bolt import Respond

from governance.errors import ReadinessError
from handlers.slack.blocks import escape

log = logging.getLogger("readiness.slack")
SORRY = "Something went wrong on my side and nothing was changed. Please try again in a minute."


def answer_error(error: Exception, respond: Respond | None) -> None:
    """A refusal or bad request gets its short answer; anything else is logged, never shown as a traceback."""
    if isinstance(error, ReadinessError):
        message = str(error)
    else:
        log.error("unexpected error handling a Slack request", exc_info=error)
        message = SORRY
    if respond is not None:
        respond(text=escape(message), response_type="ephemeral", replace_original=False)


def answering_errors(listener: Callable[..., None]) -> Callable[..., None]:
    """Answers a listener's errors itself: Bolt's own error path, taken after an early ack() in HTTP mode,
    can lose that ack and turn the request into a 404."""

    @functools.wraps(listener)
    def run(**kwargs: Any) -> None:
        try:
            listener(**kwargs)
        except Exception as error:  # every failure gets an answer; none reaches Slack as a 500
            answer_error(error, kwargs.get("respond"))

    return run
