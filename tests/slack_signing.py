"""Build inbound requests exactly as Slack signs and shapes them, so tests hit the bot's real verifier.

Bodies follow Slack's documented payloads closely enough for slack_bolt to route them; signatures are
Slack's v0 scheme (https://api.slack.com/authentication/verifying-requests-from-slack).
Standard library only.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

# Slack still sends the legacy verification token; bolt ignores it, but real payloads carry it.
VERIFICATION_TOKEN = "legacy-verification-token"
APP_ID = "A1"
TEAM_DOMAIN = "test"


def signature(secret: str, timestamp: int, body: str) -> str:
    """Slack's v0 signature: ``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode("utf-8")
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str,
    body: str,
    *,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """Headers Slack sends with a request; pass an old ``timestamp`` to test replay protection."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return {
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": signature(secret, stamp, body),
        "Content-Type": content_type,
    }


MARKUP = re.compile(r"<(?:[@#!]|https?://|mailto:)[^<>]*>")
"""What Slack's client makes of a mention or a link; written by a test, it stands for that markup."""
BARE_LINK = re.compile(r"https?://[^\s<>]+?(?=[.,!?]*(?:\s|$))")
ENCODED = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def as_slack_sends(typed: str) -> str:
    """Message or command text as Slack delivers what a person typed: `&`, `<` and `>` as `&amp;`, `&lt;` and
    `&gt;`, and a bare link wrapped as `<https://…>` (Slack detects links on its server), `&` in it encoded too
    (https://api.slack.com/docs/formatting). Markup such as `<@U1>`, `<!channel>` or `<https://x|label>` in
    `typed` stands for a mention or a link made in Slack's client, so it keeps its brackets."""
    pieces, cursor = [], 0
    for markup in MARKUP.finditer(typed):
        pieces.append(_plain(typed[cursor:markup.start()]))
        pieces.append(markup[0].replace("&", ENCODED["&"]))
        cursor = markup.end()
    pieces.append(_plain(typed[cursor:]))
    return "".join(pieces)


def _plain(text: str) -> str:
    encoded = re.sub(r"[&<>]", lambda match: ENCODED[match[0]], text)
    return BARE_LINK.sub(lambda link: f"<{link[0]}>", encoded)


def _user(user_id: str, team_id: str) -> dict[str, str]:
    name = user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _payload_form(payload: dict[str, Any]) -> str:
    """Interactive payloads arrive as a single form field holding JSON."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


def slash_command_body(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str = "C1",
    response_url: str,
    trigger_id: str = "T.1",
    team_id: str = "T1",
) -> str:
    """The form-encoded body Slack posts for a slash command, fields in Slack's order."""
    return urlencode(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id,
            "channel_name": "general" if channel_id.startswith("C") else "directmessage",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": as_slack_sends(text),
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def block_actions_body(
    action_id: str,
    value: str,
    *,
    user_id: str,
    response_url: str | None = None,
    channel_id: str | None = "C1",
    container: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    trigger_id: str = "T.2",
    block_id: str = "b1",
    message: dict[str, Any] | None = None,
    team_id: str = "T1",
) -> str:
    """A button click: ``payload=<json>`` of type ``block_actions``.

    Without an explicit ``container`` one is derived as Slack would: a view container when ``view``
    is given, else a message container (ephemeral when no ``message`` is given, since Slack omits
    the message for ephemeral ones).
    """
    if container is None:
        if view is not None:
            container = {"type": "view", "view_id": view.get("id", "V1")}
        else:
            container = {
                "type": "message",
                "message_ts": (message or {}).get("ts", "1700000000.000100"),
                "channel_id": channel_id,
                "is_ephemeral": message is None,
            }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": container,
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if channel_id is not None:
        payload["channel"] = {"id": channel_id, "name": "general" if channel_id.startswith("C") else "directmessage"}
    if message is not None:
        payload["message"] = message
    if view is not None:
        payload["view"] = view
    if response_url is not None:
        payload["response_url"] = response_url
    payload["actions"] = [
        {
            "type": "button",
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "action_ts": f"{time.time():.6f}",
        }
    ]
    return _payload_form(payload)


def view_submission_body(
    callback_id: str,
    values: dict[str, Any],
    *,
    user_id: str,
    private_metadata: str = "",
    view_id: str = "V1",
    team_id: str = "T1",
) -> str:
    """A modal submitted by the user: ``payload=<json>`` of type ``view_submission``.

    ``values`` is ``state.values`` as Slack nests it: ``{block_id: {action_id: {"type": ..., "value": ...}}}``.
    """
    payload = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": _user(user_id, team_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": "T.3",
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
            "hash": "1700000000.abcdef",
            "app_id": APP_ID,
            "bot_id": "BBOT",
        },
        "response_urls": [],
        "enterprise": None,
        "is_enterprise_install": False,
    }
    return _payload_form(payload)


def event_body(
    event: dict[str, Any],
    *,
    event_id: str,
    team_id: str = "T1",
    api_app_id: str = APP_ID,
    event_time: int | None = None,
) -> str:
    """The JSON ``event_callback`` envelope of the Events API; ``event_id`` lets tests probe retries. The event's
    ``text`` is what the person typed, delivered as Slack delivers it."""
    if isinstance(event.get("text"), str):
        event = {**event, "text": as_slack_sends(event["text"])}
    return json.dumps(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "api_app_id": api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()) if event_time is None else event_time,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": "UBOT",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
    )


def url_verification_body(challenge: str) -> str:
    """The handshake Slack sends when an Events API request URL is saved."""
    return json.dumps({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"})


def post(url: str, body: str, headers: dict[str, str], timeout: float = 10) -> tuple[int, dict[str, str], str]:
    """POST like Slack does; 4xx/5xx come back as values because tests assert on rejections."""
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read().decode("utf-8")
