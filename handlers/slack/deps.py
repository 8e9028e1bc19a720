"""What every Slack listener needs, handed over by middleware rather than rebuilt in each listener."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from governance.errors import ReadinessError, first_line
from governance.model import Person
from governance.people import DEFAULT_CONTACT, BySlackId
from governance.programme import Programme
from governance.questions import COMMAND

T = TypeVar("T")
NOT_FOUND = frozenset({"users_not_found", "user_not_found", "user_not_visible"})
"""Slack's answers that mean "no such person here" (users.lookupByEmail, users.info); any other refusal is
about the bot itself (token, scopes, rate) and must not pass for everyone being missing."""


class SlackUnreachable(ReadinessError, ConnectionError):
    """No answer from Slack at all. Still a ConnectionError, so a caller that retries dropped connections
    (the reminder sender) goes on treating it as one."""


class SlackRefused(ReadinessError):
    """Slack answered, but with an error that is not "not found"."""


class SlackDirectory:
    """The plan's Directory port over Slack's users.* methods. "Not found" is None; any other failure is one
    ReadinessError line, so `people sync` never prints a traceback or reports everyone as missing."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def email_of(self, user_id: str) -> str | None:
        user = self._ask("users.info", lambda: self.client.users_info(user=user_id)["user"])
        return (user.get("profile") or {}).get("email") if user else None

    def user_for_email(self, email: str) -> str | None:
        user = self._ask("users.lookupByEmail", lambda: self.client.users_lookupByEmail(email=email)["user"])
        return str(user["id"]) if user else None

    def _ask(self, method: str, call: Callable[[], T]) -> T | None:
        """`call`'s answer; None when Slack says the person is not there. Slack being busy (429, 5xx) is
        left as Slack said it, for a caller that waits and retries (the reminder sender)."""
        try:
            return call()
        except SlackApiError as error:
            status, code = error.response.status_code, str(error.response.get("error") or "")
            if code in NOT_FOUND:
                return None
            if status == 429 or status >= 500:
                raise
            raise SlackRefused(f"Slack refused {method} at {self.client.base_url} ({code or status}): check "
                               "SLACK_BOT_TOKEN and the app's scopes") from None
        except OSError as error:
            raise SlackUnreachable(f"cannot reach Slack at {self.client.base_url}: {first_line(error)}") from None


@dataclass(frozen=True)
class SlackDeps:
    programme: Programme
    """The use cases, bound once to the store, the clock and the timezone by `bot.py`."""
    command: str = COMMAND
    """The app's slash command, named in help and hints."""
    contact: str = DEFAULT_CONTACT
    """Whom someone the plan cannot place is told to ask (READINESS_CONTACT)."""


@dataclass
class Viewer:
    """The Slack user behind a request, resolved to a person only when a listener asks (after the ack)."""

    user_id: str
    deps: SlackDeps
    directory: SlackDirectory
    _person: Person | None = field(default=None, init=False)

    @property
    def speaker(self) -> BySlackId:
        """Who the core is told is speaking: it identifies them (linking by e-mail on first contact) inside the
        transaction that acts on what they said."""
        return BySlackId(self.user_id, self.directory, self.deps.contact)

    def person(self) -> Person:
        if self._person is None:
            self._person = self.deps.programme.person(self.speaker)
        return self._person
