"""Slack settings from the environment, checked before anything starts."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from governance.errors import ReadinessError
from governance.people import DEFAULT_CONTACT
from governance.questions import COMMAND
from handlers.slack.manifest import check_command

DEFAULT_API_URL = "https://slack.com/api/"
CONTACT_CHARS = 200
"""READINESS_CONTACT is finished into a sentence of a one-line refusal, so it stays short."""


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    api_url: str
    command: str = COMMAND
    """The app's slash command, as its manifest declares it (READINESS_COMMAND)."""
    contact: str = DEFAULT_CONTACT
    """Whom someone the plan cannot place is told to ask (READINESS_CONTACT), e.g. "the programme office
    (#improvement-pmo)": a role and a way to reach it, so no refusal names a person or an address."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SlackSettings:
        env = os.environ if environ is None else environ
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        contact = (env.get("READINESS_CONTACT") or "").strip() or DEFAULT_CONTACT
        if len(contact) > CONTACT_CHARS or not contact.isprintable():
            raise ReadinessError(f"READINESS_CONTACT must be one line of at most {CONTACT_CHARS} characters naming "
                                 'whom to ask, e.g. "the programme office (#improvement-pmo)"')
        return cls(env.get("SLACK_BOT_TOKEN") or None, env.get("SLACK_SIGNING_SECRET") or None,
                   env.get("SLACK_APP_TOKEN") or None, api_url if api_url.endswith("/") else api_url + "/",
                   env.get("READINESS_COMMAND") or COMMAND, contact)

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    def check(self) -> None:
        """Says exactly what to set, before any connection is tried."""
        missing = []
        if not self.bot_token or not self.bot_token.startswith("xoxb-"):
            missing.append("SLACK_BOT_TOKEN (the bot token, xoxb-…, from OAuth & Permissions)")
        if self.socket_mode and not self.app_token.startswith("xapp-"):
            missing.append("SLACK_APP_TOKEN (an app-level token, xapp-…, with connections:write)")
        if not self.socket_mode and not self.signing_secret:
            missing.append("SLACK_SIGNING_SECRET (from Basic Information), or SLACK_APP_TOKEN for Socket Mode")
        if missing:
            raise ReadinessError("set " + "; ".join(missing))
        check_command(self.command)
