"""Reminders as Slack messages: each person's daily check-in as a DM, the PMO channel's digests as a
readiness view, notices (someone on leave, an action without an owner) as a line, and an action arising as its
prompt in its owner's DM. Each message carries its outbox key as message metadata, so a send cut off by a crash
can be found in the conversation instead of being sent again.
"""
from __future__ import annotations

import socket
from datetime import datetime
from typing import Any, Callable, TypeVar, assert_never
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from governance.errors import ReadinessError, UnknownAction, UnknownPerson
from governance.messages import CheckInView, DigestView, NoticeView, PromptView, view_of
from governance.model import Person
from governance.people import ByEmail
from governance.questions import Question
from governance.reminders import PMO_CHANNEL, OutboxItem
from handlers.slack import blocks
from handlers.slack.checkin import post_check_in
from handlers.slack.deps import SlackDeps, SlackDirectory, SlackRefused
from handlers.slack.status import Message, answer_message
from handlers.slack.updates import post_prompt
from scheduling.delivery import Delivery, PermanentFailure, RetryAfter, TransientFailure

EVENT_TYPE = "readiness_reminder"
TRANSIENT_ERRORS = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                              "request_timeout", "team_added_to_org"})
LOOK_BACK_SECONDS = 120
T = TypeVar("T")


class SlackReminderSender:
    """The dispatcher's Sender over the Slack Web API."""

    def __init__(self, client: WebClient, deps: SlackDeps, *, pmo_channel: str | None) -> None:
        self.client, self.deps, self.pmo_channel = client, deps, pmo_channel
        self.directory = SlackDirectory(client)

    def send(self, item: OutboxItem, *, now: datetime) -> Delivery:
        return _calling_slack(lambda: self._send(item))

    def find(self, item: OutboxItem) -> Delivery | None:
        return _calling_slack(lambda: self._find(item))

    def _send(self, item: OutboxItem) -> Delivery:
        """Draws the reminder as its kind's view says: the check-in, one line, or a digest's answer."""
        reminder = item.reminder
        metadata = {"event_type": EVENT_TYPE, "event_payload": {"key": reminder.key}}
        channel = self._channel(reminder.recipient)
        view = view_of(reminder.kind)
        match view:
            case CheckInView():
                if item.check_in is None:
                    raise PermanentFailure("a check-in reached the sender before its content was planned")
                return post_check_in(self.client, self.deps, item.check_in, channel=channel, metadata=metadata)
            case NoticeView():
                text = blocks.escape(reminder.reason)
                posted = self.client.chat_postMessage(channel=channel, text=blocks.clip(text, 3000),
                                                      metadata=metadata, blocks=[blocks.section(text)])
            case PromptView():
                return self._prompt(reminder.subject, reminder.reason, channel=channel,
                                    recipient=reminder.recipient, metadata=metadata)
            case DigestView(question):
                message = self._digest(question, recipient=reminder.recipient)
                posted = self.client.chat_postMessage(channel=channel, text=message["text"], metadata=metadata,
                                                      blocks=[blocks.section(blocks.escape(reminder.reason)),
                                                              *message["blocks"]][: blocks.MESSAGE_BLOCKS])
            case _:
                assert_never(view)
        return Delivery(posted["channel"], posted["ts"])

    def _prompt(self, ref: str, reason: str, *, channel: str, recipient: str, metadata: dict[str, Any]) -> Delivery:
        """An action arising told to its owner: the reason, then the action's prompt with its update buttons,
        remembered so a reply in its thread is about it. An action no longer in the plan is not sent."""
        try:
            posted = post_prompt(self.client, self.deps, channel=channel, ref=ref, email=recipient, intro=reason,
                                 metadata=metadata)
        except UnknownAction as gone:
            raise PermanentFailure(str(gone)) from None
        return Delivery(*posted)

    def _digest(self, question: Question, *, recipient: str) -> Message:
        """The digest's answer as of the send, without a share button: it is posted where it is seen already."""
        try:
            return answer_message(question, deps=self.deps, asker=recipient,
                                  paging=blocks.Paging(question.text, shareable=False))
        except ReadinessError as gone:
            raise PermanentFailure(str(gone)) from None

    def _person(self, email: str) -> Person:
        """The recipient with a Slack id, linked by e-mail now if `people sync` has not been run."""
        try:
            person = self.deps.programme.person(ByEmail(email))
        except UnknownPerson:
            raise PermanentFailure(f"{email} is no longer in the plan's people") from None
        if person.slack_user_id:
            return person
        user_id = self.directory.user_for_email(email)
        if user_id is None:
            raise PermanentFailure(f"no Slack account found for {email}: link it with `readiness people link`")
        return self.deps.programme.link_person(email, user_id).person

    def _channel(self, recipient: str) -> str:
        if recipient == PMO_CHANNEL:
            if not self.pmo_channel:
                raise PermanentFailure("no PMO channel is set: set READINESS_PMO_CHANNEL to its channel id")
            return self.pmo_channel
        user_id = self._person(recipient).slack_user_id or ""
        return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def _find(self, item: OutboxItem) -> Delivery | None:
        if item.attempted_at is None:
            return None
        channel = item.channel or self._channel(item.reminder.recipient)
        history = self.client.conversations_history(
            channel=channel, oldest=f"{item.attempted_at.timestamp() - LOOK_BACK_SECONDS:.6f}",
            include_all_metadata=True, limit=200)
        for message in history.get("messages", []):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == item.reminder.key:
                if payload.get("refs"):
                    self.deps.programme.remember_prompt(channel=channel, ts=str(message["ts"]),
                                                        refs=list(payload["refs"]), person=item.reminder.recipient)
                return Delivery(channel, str(message["ts"]))
        return None


def _calling_slack(call: Callable[[], T]) -> T:
    """Slack's answers sorted into wait, retry later, or give up."""
    try:
        return call()
    except SlackApiError as error:
        status = error.response.status_code
        code = str(error.response.get("error", ""))
        if status == 429:
            raise RetryAfter(float(error.response.headers.get("Retry-After", 30))) from None
        if status >= 500 or code in TRANSIENT_ERRORS:
            raise TransientFailure(f"Slack answered {status} {code}".strip()) from None
        raise PermanentFailure(f"Slack refused: {code or status}") from None
    except SlackRefused as refused:
        raise PermanentFailure(str(refused)) from None
    except (URLError, socket.timeout, ConnectionError) as error:
        raise TransientFailure(f"cannot reach Slack: {error}") from None
