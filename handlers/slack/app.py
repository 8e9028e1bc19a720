"""The Bolt app: built by a factory from `bot.py`, never at import time."""
from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, Callable

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, ServerErrorRetryHandler,
)

from governance.errors import ReadinessError, first_line
from handlers.slack import actions, checkin, commands, events, figures, meetings, mentions, updates
from handlers.slack.deps import SlackDeps, SlackDirectory, Viewer
from handlers.slack.errors import answer_error
from handlers.slack.settings import SlackSettings

log = logging.getLogger("readiness.slack")
LISTENER_THREADS = 16
ANSWER_THREADS = 1
"""Heavy read-only answers run one at a time: under the interpreter lock a second thread adds little
throughput, and every CPU-bound thread is one more that each acknowledgement has to wait behind."""
REPLY_THREADS = 1
"""Owners' DM replies are read and recorded one at a time, on a thread of their own, for the same reason: each
is kept in the store before it is acknowledged, so one waiting its turn is never lost, and a burst of them no
longer holds a dozen listener threads that every acknowledgement shares the interpreter with."""
NOT_CONNECTED = "This workspace is not connected to the readiness bot."


def web_client(token: str, api_url: str, *, retries: bool = True) -> WebClient:
    """Every Web API call, start-up included, goes to `api_url`; it retries 429, 5xx and dropped
    connections itself unless the caller (the reminder dispatcher) handles them."""
    if not retries:
        return WebClient(token=token, base_url=api_url, timeout=10, retry_handlers=[])
    return WebClient(token=token, base_url=api_url, timeout=10, retry_handlers=[
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
        ConnectionErrorRetryHandler(max_retry_count=2),
    ])


def build_app(deps: SlackDeps, settings: SlackSettings, *, client: WebClient) -> App:
    """The app with its listeners, calling Slack through `client`, the one the composition root built from
    `settings`; Bolt checks the token with auth.test here. Its listeners share one directory over that client,
    so no request looks anyone up through a client of its own."""
    settings.check()
    log.addFilter(_without_bolts_token_warning)
    try:
        app = App(client=client, signing_secret=settings.signing_secret or "", logger=log,
                  request_verification_enabled=not settings.socket_mode, process_before_response=False,
                  listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listeners"))
    except (BoltError, SlackApiError, OSError) as exc:
        raise ReadinessError(f"Slack did not accept SLACK_BOT_TOKEN at {client.base_url} ({_reason(exc)}): "
                             "check the token and SLACK_API_URL") from None
    directory = SlackDirectory(client)

    def attach(context: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        context["deps"] = deps
        if context.get("user_id"):
            context["viewer"] = Viewer(context["user_id"], deps, directory)
        return next()

    def once_per_event(req: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        """Slack retries an event it thinks was missed; the event id is claimed in the store first. A
        reply is kept with its body until recorded, so one acknowledged by a replica that dies is not lost."""
        event_id = body.get("event_id")
        if event_id and body.get("type") == "event_callback":
            kept = req.raw_body if updates.is_owner_reply(body.get("event") or {}) else None
            if not deps.programme.take_event(event_id, reply=kept):
                return BoltResponse(status=200, body="")
        return next()

    app.use(from_this_workspace)
    app.use(attach)
    app.use(once_per_event)
    app.error(answer_error)
    register_listeners(app, ThreadPoolExecutor(max_workers=ANSWER_THREADS, thread_name_prefix="answers"),
                       ThreadPoolExecutor(max_workers=REPLY_THREADS, thread_name_prefix="replies"), deps.command)
    return app


def from_this_workspace(context: BoltContext, body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
    """Serves only the workspace the bot token belongs to, over HTTP and Socket Mode alike. The app's signing
    secret and app token serve every workspace the app is ever installed in, and a Slack Connect channel
    brings in people from other organisations; the plan is this workspace's alone. Anything else is told so
    where Slack lets the bot answer, and is otherwise only acknowledged: no data, nothing stored."""
    installed = context.authorize_result
    allowed = {installed.team_id, installed.enterprise_id} if installed else set()
    named = _teams_named(context, body)
    if named and named <= allowed - {None}:
        return next()
    log.info("refused a request naming team(s) %s: this bot serves %s", sorted(named), installed and installed.team_id)
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": NOT_CONNECTED})
    if context.response_url and context.respond is not None:
        context.respond(text=NOT_CONNECTED, response_type="ephemeral", replace_original=False)
    return BoltResponse(status=200, body="")


def _teams_named(context: BoltContext, body: dict[str, Any]) -> set[str]:
    """Every team a request names for where it comes from or who acts. Bolt's `context.team_id` is the
    installation it was delivered to (`authorizations`, a modal's `app_installed_team_id`, `team.id`, or a
    slash command's `team_id`); the acting user's own team is `user.team_id` in clicks and forms, and in events
    the envelope's `team_id` with the event's `user_team` and `team`, which in a Slack Connect channel name the
    guest's workspace or organisation (an Enterprise Grid org id, `E…`, when the user belongs to the org)."""
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    named = (context.team_id, body.get("team_id"), user.get("team_id"), event.get("user_team"), event.get("team"))
    return {str(team) for team in named if team}


def _without_bolts_token_warning(record: logging.LogRecord) -> bool:
    """Bolt reads SLACK_BOT_TOKEN itself even when given a client, and then warns on every start that the
    token is unused; the client carries that very token (at SLACK_API_URL), so the warning says nothing."""
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "refused"))
    return first_line(error)


def register_listeners(app: App, answers: Executor, replies: Executor, command: str) -> None:
    commands.register(app, answers, command)
    mentions.register(app, answers)
    actions.register(app, answers)
    events.register(app, answers)
    updates.register(app, replies)
    checkin.register(app)
    figures.register(app, unpack=updates.kept_reply)
    meetings.register(app, answers)
