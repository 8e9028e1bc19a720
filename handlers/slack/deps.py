"""What every Slack listener needs, handed over by middleware rather than rebuilt in each listener."""
from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from governance.clock import Clock
from governance.model import Person
from governance.people import identify
from handlers.status_query import DEFAULT_COMMAND
from storage.store import Store


class SlackDirectory:
    """The plan's Directory port over Slack's users.* methods."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def email_of(self, user_id: str) -> str | None:
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError:
            return None
        return (user.get("profile") or {}).get("email")

    def user_for_email(self, email: str) -> str | None:
        try:
            return self.client.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError:
            return None


@dataclass(frozen=True)
class SlackDeps:
    store: Store
    clock: Clock
    tz: str
    command: str = DEFAULT_COMMAND
    """The app's slash command, named in help and hints."""


@dataclass
class Viewer:
    """The Slack user behind a request, resolved to a person only when a listener asks (after the ack)."""

    user_id: str
    deps: SlackDeps
    directory: SlackDirectory
    _person: Person | None = field(default=None, init=False)

    def person(self) -> Person:
        if self._person is None:
            self._person = identify(self.user_id, uow=self.deps.store.uow(), directory=self.directory)
        return self._person
