"""How the Slack app answers when something goes wrong: briefly, and never with a traceback."""
from __future__ import annotations

import functools
import logging
from concurrent.futures import Executor
from typing import Any, Callable

from slack_bolt import Ack, Respond
from slack_sdk.errors import SlackApiError

from governance.errors import ReadinessError
from handlers.slack.blocks import clip, escape
from handlers.slack.deps import SlackRefused, SlackUnreachable
from storage.store import StoreUnavailable

log = logging.getLogger("readiness.slack")
FIELD_ERROR_CHARS = 150
"""What a form shows under a field; longer errors are cut."""
SORRY = "Something went wrong on my side and nothing was changed. Please try again in a minute."
FOR_OPERATORS = (StoreUnavailable, SlackRefused, SlackUnreachable)
"""Refusals worded for whoever runs the bot (they name the store's URL or Slack's API address): a person in
Slack gets SORRY, and the log keeps the words."""


def shown_to_person(error: Exception) -> str:
    """What a person in Slack is told about `error`; anything not worded for them is logged first."""
    if isinstance(error, ReadinessError) and not isinstance(error, FOR_OPERATORS):
        return str(error)
    log.error("unexpected error handling a Slack request", exc_info=error)
    return SORRY


class FieldError(ReadinessError):
    """Bad input in one field of a form: shown under that field, where it can be put right."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def answer_error(error: Exception, respond: Respond | None, context: dict[str, Any] | None = None) -> None:
    """A refusal or bad request gets its short answer; anything else is logged, never shown as a traceback.
    The answer goes where the person alone sees it: through the response URL, or, for a request that has none
    (a click on the Home tab, an event), in their DM with the bot. Failing to answer is logged, never raised,
    as Bolt would turn it into a 500 or lose the acknowledgement."""
    message = shown_to_person(error)
    try:
        if respond is not None and respond.response_url:
            respond(text=escape(message), response_type="ephemeral", replace_original=False)
        elif context and context.get("client") and context.get("user_id"):
            context["client"].chat_postMessage(channel=context["user_id"], text=escape(message))
    except (SlackApiError, OSError) as failure:
        log.warning("could not tell the person what went wrong: %s", failure)


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
            answer_error(error, kwargs.get("respond"), kwargs.get("context"))

    return run


def answering_view_errors(listener: Callable[..., None], field: str = "rating") -> Callable[..., None]:
    """A form submission must be acknowledged whatever happens, or Slack shows the person a generic error
    and Bolt answers 500: a FieldError is shown under its own field, any other refusal (someone the plan does
    not know, an action that is not theirs, a form the bot did not open) on the form's `field`, in one line;
    anything else is logged and shown as SORRY."""

    @functools.wraps(listener)
    def run(ack: Ack, **kwargs: Any) -> None:
        try:
            listener(ack=ack, **kwargs)
        except Exception as error:  # the form always gets an answer
            message = shown_to_person(error)
            if ack.response is None:
                where = error.field if isinstance(error, FieldError) else field
                ack(response_action="errors", errors={where: clip(message, FIELD_ERROR_CHARS)})

    return run
