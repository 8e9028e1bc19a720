"""The Slack stand-in and signing helpers behave as the real slack_sdk and slack_bolt expect.

End-to-end tests trust these fakes; if they drift from Slack, those tests prove nothing.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from slack_bolt import Ack, App, BoltRequest, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.slack_signing import (
    block_actions_body,
    post,
    signature,
    signed_headers,
    slash_command_body,
)
from tests.slack_standin import Reply, SlackStandIn

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn().start() as standin:
        yield standin


def client(slack: SlackStandIn, token: str = "xoxb-test", **kwargs: object) -> WebClient:
    return WebClient(token=token, base_url=slack.api_url, **kwargs)  # type: ignore[arg-type]


def test_auth_test_accepts_only_the_bot_token(slack: SlackStandIn) -> None:
    assert client(slack).auth_test()["user_id"] == "UBOT"
    with pytest.raises(SlackApiError) as raised:
        client(slack, token="xoxb-wrong").auth_test()
    assert raised.value.response["error"] == "invalid_auth"
    first, second = slack.calls_to("auth.test")
    assert first.headers["Authorization"] == "Bearer xoxb-test"
    assert second.headers["authorization"] == "Bearer xoxb-wrong"


def test_post_message_records_blocks_as_structure(slack: SlackStandIn) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Ready*"}}]
    first = client(slack).chat_postMessage(channel="C9", text="Ready", blocks=blocks)
    second = client(slack).chat_postMessage(channel="C9", text="Again")

    assert first["channel"] == "C9"
    assert float(second["ts"]) > float(first["ts"])
    call = slack.wait_for("chat.postMessage", count=2)[0]
    assert call.params["blocks"] == blocks
    assert call.params["text"] == "Ready"


def test_form_encoded_json_fields_are_parsed(slack: SlackStandIn) -> None:
    blocks = [{"type": "divider"}]
    client(slack).api_call("chat.postMessage", params={"channel": "C1", "blocks": json.dumps(blocks)})
    assert slack.calls_to("chat.postMessage")[0].params == {"channel": "C1", "blocks": blocks}


def test_rate_limit_is_retried_after_the_advertised_delay(slack: SlackStandIn) -> None:
    slack.reply("chat.postMessage", Reply(status=429, headers={"Retry-After": "1"}))
    retrying = client(slack, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])

    assert retrying.chat_postMessage(channel="C1", text="hi")["ok"] is True
    first, second = slack.calls_to("chat.postMessage")
    assert second.at - first.at >= 1.0


def test_rate_limit_without_retry_handler_surfaces_as_error(slack: SlackStandIn) -> None:
    slack.reply("chat.postMessage", Reply(status=429, headers={"Retry-After": "30"}))
    with pytest.raises(SlackApiError) as raised:
        client(slack, retry_handlers=[]).chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "30"


def test_users_are_found_by_email_and_id(slack: SlackStandIn) -> None:
    slack.users["U1"] = {"id": "U1", "real_name": "Ada", "profile": {"email": "ada@example.org"}}

    assert client(slack).users_lookupByEmail(email="ADA@example.org")["user"]["id"] == "U1"
    assert client(slack).users_info(user="U1")["user"]["real_name"] == "Ada"
    with pytest.raises(SlackApiError) as raised:
        client(slack).users_lookupByEmail(email="nobody@example.org")
    assert raised.value.response["error"] == "users_not_found"
    assert client(slack).conversations_open(users="U1")["channel"]["id"] == "DU1"


def test_webhook_posts_to_response_url_are_recorded(slack: SlackStandIn) -> None:
    response = WebhookClient(slack.response_url("x")).send(text="hi")

    assert response.status_code == 200
    (call,) = slack.wait_for("respond")
    assert call.params == {"text": "hi", "_name": "x"}


def test_wait_for_names_what_did_arrive(slack: SlackStandIn) -> None:
    client(slack).auth_test()
    with pytest.raises(AssertionError, match=r"auth\.test"):
        slack.wait_for("chat.postMessage", timeout=0.1)


def test_signature_matches_slack_sdk_verifier() -> None:
    body = slash_command_body("/ready", "status", user_id="U1", response_url="http://x/respond/r")
    headers = signed_headers(SECRET, body)
    verifier = SignatureVerifier(SECRET)

    timestamp = headers["X-Slack-Request-Timestamp"]
    assert headers["X-Slack-Signature"] == signature(SECRET, int(timestamp), body)
    assert verifier.is_valid(body, timestamp, headers["X-Slack-Signature"])
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)


def test_stale_timestamp_fails_verification() -> None:
    body = slash_command_body("/ready", "status", user_id="U1", response_url="http://x/respond/r")
    headers = signed_headers(SECRET, body, timestamp=int(time.time()) - 600)
    assert not SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_bolt_routes_signed_payloads_and_responds_through_the_stand_in(slack: SlackStandIn) -> None:
    """The bodies are shaped well enough for bolt to route them to the right listener."""
    app = App(signing_secret=SECRET, client=client(slack))

    @app.command("/ready")
    def ready(ack: Ack, respond: Respond, command: dict[str, str]) -> None:
        ack()
        respond(f"status for {command['user_id']}: {command['text']}")

    @app.action("approve")
    def approve(ack: Ack, respond: Respond, body: dict[str, object]) -> None:
        ack()
        respond(f"approved {body['actions'][0]['value']}")  # type: ignore[index]

    slash = slash_command_body("/ready", "status", user_id="U1", response_url=slack.response_url("cmd"))
    action = block_actions_body("approve", "42", user_id="U1", response_url=slack.response_url("btn"))
    for body in (slash, action):
        assert app.dispatch(BoltRequest(body=body, headers=signed_headers(SECRET, body))).status == 200
    stale = app.dispatch(BoltRequest(body=slash, headers=signed_headers(SECRET, slash, timestamp=0)))
    assert stale.status == 401

    texts = {call.params["_name"]: call.params["text"] for call in slack.wait_for("respond", count=2)}
    assert texts == {"cmd": "status for U1: status", "btn": "approved 42"}


def test_post_returns_error_statuses_instead_of_raising(slack: SlackStandIn) -> None:
    status, headers, text = post(slack.api_url.replace("/api/", "/nowhere"), "{}", {})
    assert status == 404
    assert json.loads(text)["error"] == "unknown_path"
    assert headers["Content-Type"].startswith("application/json")
