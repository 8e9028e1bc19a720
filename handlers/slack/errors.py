"""How the Slack app answers when something goes wrong: briefly, and never with a traceback."""
from __future__ import annotations

import functools
import logging
from concurrent.futures import Executor
from typing import Any, Callable

from slack_bolt import Ack, Respond

from governance.errors import ReadinessError
from handlers.slack.blocks import clip, escape

log = logging.getLogger("readiness.slack")
FIELD_ERROR_CHARS = 150
"""What a form shows under a field; longer errors are cut."""
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


def answered_later(listener: Callable[..., None], answers: Executor) -> Callable[..., None]:
    """Acknowledges at once and leaves the answer to a small pool of its own. A burst of heavy answers
    (a roll-up over thousands of actions) then queues for that pool instead of holding Bolt's listener
    threads, so every acknowledgement stays instant; the listener's own ack() becomes a no-op."""

    @functools.wraps(listener)
    def run(ack: Ack, **kwargs: Any) -> None:
        ack()
        answers.submit(answering_errors(listener), ack=_already_acknowledged, **kwargs)

    return run


def _already_acknowledged(*args: Any, **kwargs: Any) -> None:
    return None


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


def answering_view_errors(listener: Callable[..., None], field: str = "rating") -> Callable[..., None]:
    """A form submission must be acknowledged whatever happens, or Slack shows the person a generic error
    and Bolt answers 500: a refusal (someone the plan does not know, an action that is not theirs) is shown
    on the form's `field` in one line; anything else is logged and shown as SORRY."""

    @functools.wraps(listener)
    def run(ack: Ack, **kwargs: Any) -> None:
        try:
            listener(ack=ack, **kwargs)
        except Exception as error:  # the form always gets an answer
            if not isinstance(error, ReadinessError):
                log.error("unexpected error handling a form", exc_info=error)
            if ack.response is None:
                message = str(error) if isinstance(error, ReadinessError) else SORRY
                ack(response_action="errors", errors={field: clip(message, FIELD_ERROR_CHARS)})

    return run
