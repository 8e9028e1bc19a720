"""Telling the programme office, in its channel, when a plan person's Slack link is replaced."""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from governance.errors import ReadinessError, first_line
from governance.people import Linked
from handlers.slack.blocks import escape


def announce_relink(client: WebClient, channel: str, linked: Linked) -> None:
    """A re-link moves someone's view of the plan, and their reminders, to another Slack account, so it is
    never silent: the PMO channel is told who moved from which account to which. Ids are shown as code, not
    as mentions, so neither account is pinged. Slack's refusal or silence is one ReadinessError line."""
    person = linked.person
    text = (f"{escape(person.name)} ({escape(person.email)}) is now linked to Slack user "
            f"`{escape(person.slack_user_id or '')}` instead of `{escape(linked.previous or '')}` "
            "(by `readiness people link`).")
    try:
        client.chat_postMessage(channel=channel, text=text)
    except SlackApiError as error:
        code = error.response.get("error") or error.response.status_code
        raise ReadinessError(f"Slack refused the notice to {channel} ({code}): check READINESS_PMO_CHANNEL and "
                             "that the bot is in that channel") from None
    except OSError as error:
        raise ReadinessError(f"cannot reach Slack at {client.base_url}: {first_line(error)}") from None
