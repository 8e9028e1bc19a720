"""The Slack stand-in and signing helpers behave as the real slack_sdk and slack_bolt expect.

End-to-end tests trust these fakes; if they drift from Slack, those tests prove nothing.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

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
    """A stand-in that fails the test at teardown if anything sent to it broke a Block Kit rule."""
    with SlackStandIn().start() as standin:
        yield standin
        standin.assert_no_violations()


@pytest.fixture
def refusing() -> Iterator[SlackStandIn]:
    """A stand-in for tests that send invalid payloads on purpose and check what it recorded themselves."""
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
    client(slack).api_call("chat.postMessage", params={"channel": "C1", "text": "-", "blocks": json.dumps(blocks)})
    assert slack.calls_to("chat.postMessage")[0].params == {"channel": "C1", "text": "-", "blocks": blocks}


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


# ---------------------------------------------------------------- Block Kit: the stand-in refuses what Slack refuses

def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def section(text: str = "Ready", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(action_id: str = "go", label: str = "Go", value: str = "v") -> dict[str, Any]:
    return {"type": "button", "text": plain(label), "action_id": action_id, "value": value}


def actions(*elements: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements), **extra}


def option(text: str = "One", value: str = "1") -> dict[str, Any]:
    return {"text": plain(text), "value": value}


def select(options: list[dict[str, Any]], placeholder: str = "Pick") -> dict[str, Any]:
    return {"type": "static_select", "action_id": "pick", "placeholder": plain(placeholder), "options": options}


def text_input(**extra: Any) -> dict[str, Any]:
    return {"type": "plain_text_input", "action_id": "value", **extra}


def input_block(block_id: str = "rating", label: str = "Rating", **extra: Any) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": text_input(), **extra}


def modal(*blocks: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A modal shaped like the bot's update form; `fields` override its chrome, None removes a field."""
    view = {"type": "modal", "callback_id": "update_modal", "title": plain("Update"), "submit": plain("Record"),
            "close": plain("Cancel"), "blocks": list(blocks) or [input_block()], **fields}
    return {key: value for key, value in view.items() if value is not None}


def breach(reason: str, pointer: str) -> str:
    return f"{reason} [json-pointer:{pointer}]"


MESSAGE_RULES = [
    pytest.param([actions(button("status_page"), button("status_page"))], "/blocks/0/elements/1/action_id",
                 "action_id 'status_page' is already used in this block", id="action_id-unique-in-block"),
    pytest.param([section(block_id="b"), section(block_id="b")], "/blocks/1/block_id",
                 "block_id 'b' is already used in this message or view", id="block_id-unique-in-message"),
    pytest.param([section() for _ in range(51)], "/blocks", "must have at most 50 items, not 51", id="50-blocks"),
    pytest.param([section("x" * 3001)], "/blocks/0/text/text", "must be at most 3000 characters, not 3001",
                 id="section-text-3000"),
    pytest.param([section("")], "/blocks/0/text/text", "must not be empty", id="section-text-not-empty"),
    pytest.param([{"type": "section"}], "/blocks/0", "must define either text or fields", id="section-text-or-fields"),
    pytest.param([{"type": "section", "fields": [plain("f")] * 11}], "/blocks/0/fields",
                 "must have at most 10 items, not 11", id="section-10-fields"),
    pytest.param([{"type": "section", "fields": [plain("x" * 2001)]}], "/blocks/0/fields/0/text",
                 "must be at most 2000 characters, not 2001", id="section-field-2000"),
    pytest.param([{"type": "header", "text": plain("x" * 151)}], "/blocks/0/text/text",
                 "must be at most 150 characters, not 151", id="header-150"),
    pytest.param([{"type": "header", "text": {"type": "mrkdwn", "text": "*Theme 5*"}}], "/blocks/0/text/type",
                 "must be plain_text", id="header-plain-text"),
    pytest.param([actions(button(label="x" * 76))], "/blocks/0/elements/0/text/text",
                 "must be at most 75 characters, not 76", id="button-text-75"),
    pytest.param([actions(button(label=""))], "/blocks/0/elements/0/text/text", "must not be empty",
                 id="button-text-not-empty"),
    pytest.param([actions(button(value="x" * 2001))], "/blocks/0/elements/0/value",
                 "must be at most 2000 characters, not 2001", id="button-value-2000"),
    pytest.param([actions(button(action_id="a" * 256))], "/blocks/0/elements/0/action_id",
                 "must be at most 255 characters, not 256", id="action_id-255"),
    pytest.param([section(block_id="b" * 256)], "/blocks/0/block_id", "must be at most 255 characters, not 256",
                 id="block_id-255"),
    pytest.param([actions(*(button(f"b{n}") for n in range(26)))], "/blocks/0/elements",
                 "must have at most 25 items, not 26", id="actions-25-elements"),
    pytest.param([actions()], "/blocks/0/elements", "must have at least 1 item(s)", id="actions-not-empty"),
    pytest.param([{"type": "context", "elements": [plain("c")] * 11}], "/blocks/0/elements",
                 "must have at most 10 items, not 11", id="context-10-elements"),
    pytest.param([actions(select([option(value=str(n)) for n in range(101)]))], "/blocks/0/elements/0/options",
                 "must have at most 100 items, not 101", id="select-100-options"),
    pytest.param([actions(select([option(text="x" * 76)]))], "/blocks/0/elements/0/options/0/text/text",
                 "must be at most 75 characters, not 76", id="option-text-75"),
    pytest.param([actions(select([option(value="x" * 151)]))], "/blocks/0/elements/0/options/0/value",
                 "must be at most 150 characters, not 151", id="option-value-150"),
    pytest.param([actions(select([option()], placeholder="x" * 151))], "/blocks/0/elements/0/placeholder/text",
                 "must be at most 150 characters, not 151", id="placeholder-150"),
]


@pytest.mark.parametrize(("blocks", "pointer", "reason"), MESSAGE_RULES)
def test_a_message_breaking_a_rule_is_refused_as_slack_refuses_it(refusing: SlackStandIn, blocks: list[Any],
                                                                    pointer: str, reason: str) -> None:
    with pytest.raises(SlackApiError) as raised:
        client(refusing).chat_postMessage(channel="C1", text="Ready", blocks=blocks)

    answer = raised.value.response
    assert (answer.status_code, answer["error"]) == (200, "invalid_blocks")
    assert answer["response_metadata"]["messages"] == [f"[ERROR] {breach(reason, pointer)}"]
    assert refusing.violations == [("chat.postMessage", breach(reason, pointer))]
    assert refusing.posted() == []


@pytest.mark.parametrize("send", [
    pytest.param(lambda web, blocks: web.chat_postEphemeral(channel="C1", user="U1", text="x", blocks=blocks),
                 id="chat.postEphemeral"),
    pytest.param(lambda web, blocks: web.chat_update(channel="C1", ts="1.2", text="x", blocks=blocks),
                 id="chat.update"),
])
def test_every_chat_method_refuses_invalid_blocks(refusing: SlackStandIn, send: Any) -> None:
    with pytest.raises(SlackApiError) as raised:
        send(client(refusing), [actions(button("page"), button("page"))])
    assert raised.value.response["error"] == "invalid_blocks"
    assert [v.reason for v in refusing.violations] == [
        breach("action_id 'page' is already used in this block", "/blocks/0/elements/1/action_id")]


def test_a_response_url_refuses_invalid_blocks_with_http_400(refusing: SlackStandIn) -> None:
    response = WebhookClient(refusing.response_url()).send(text="x", blocks=[section("x" * 3001)])

    assert (response.status_code, response.body) == (400, "invalid_blocks")
    assert refusing.violations == [("respond", breach("must be at most 3000 characters, not 3001",
                                                      "/blocks/0/text/text"))]


VIEW_RULES = [
    pytest.param(modal(*(section() for _ in range(101))), "/view/blocks", "must have at most 100 items, not 101",
                 id="100-blocks"),
    pytest.param(modal(title=plain("x" * 25)), "/view/title/text", "must be at most 24 characters, not 25",
                 id="title-24"),
    pytest.param(modal(submit=plain("x" * 25)), "/view/submit/text", "must be at most 24 characters, not 25",
                 id="submit-24"),
    pytest.param(modal(close=plain("x" * 25)), "/view/close/text", "must be at most 24 characters, not 25",
                 id="close-24"),
    pytest.param(modal(submit=None), "/view/submit", "a modal with input blocks needs submit", id="submit-for-input"),
    pytest.param(modal(private_metadata="x" * 3001), "/view/private_metadata",
                 "must be at most 3000 characters, not 3001", id="private_metadata-3000"),
    pytest.param(modal(callback_id="x" * 256), "/view/callback_id", "must be at most 255 characters, not 256",
                 id="callback_id-255"),
    pytest.param(modal(input_block(label="x" * 2001)), "/view/blocks/0/label/text",
                 "must be at most 2000 characters, not 2001", id="input-label-2000"),
    pytest.param(modal(input_block(hint=plain("x" * 2001))), "/view/blocks/0/hint/text",
                 "must be at most 2000 characters, not 2001", id="input-hint-2000"),
    pytest.param(modal(input_block("a"), input_block("a")), "/view/blocks/1/block_id",
                 "block_id 'a' is already used in this message or view", id="block_id-unique-in-view"),
    pytest.param(modal(input_block(element=text_input(max_length=3001))), "/view/blocks/0/element/max_length",
                 "must be between 1 and 3000, not 3001", id="input-max_length-3000"),
]


@pytest.mark.parametrize(("view", "pointer", "reason"), VIEW_RULES)
def test_a_modal_breaking_a_rule_is_refused_as_slack_refuses_it(refusing: SlackStandIn, view: dict[str, Any],
                                                                  pointer: str, reason: str) -> None:
    with pytest.raises(SlackApiError) as raised:
        client(refusing).views_open(trigger_id="1.2.3", view=view)

    answer = raised.value.response
    assert (answer.status_code, answer["error"]) == (200, "invalid_arguments")
    assert answer["response_metadata"]["messages"] == [f"[ERROR] {breach(reason, pointer)}"]
    assert refusing.violations == [("views.open", breach(reason, pointer))]


def test_home_tab_and_view_updates_are_vetted_too(refusing: SlackStandIn) -> None:
    web = client(refusing)
    with pytest.raises(SlackApiError) as home:
        web.views_publish(user_id="U1", view={"type": "home", "blocks": [section() for _ in range(101)]})
    with pytest.raises(SlackApiError) as update:
        web.views_update(view_id="V1", view=modal(title=plain("x" * 25)))

    assert home.value.response["error"] == update.value.response["error"] == "invalid_arguments"
    assert refusing.violations == [
        ("views.publish", breach("must have at most 100 items, not 101", "/view/blocks")),
        ("views.update", breach("must be at most 24 characters, not 25", "/view/title/text"))]


def test_a_message_at_every_limit_is_accepted(slack: SlackStandIn) -> None:
    """Limits are inclusive; an action_id may repeat in another block (Slack asks uniqueness per block)."""
    buttons = [button(f"{n:02d}" + "a" * 253, "x" * 75, "v" * 2000) for n in range(25)]
    blocks = [
        {"type": "header", "text": plain("h" * 150), "block_id": "b" * 255},
        section("s" * 3000, fields=[plain("f" * 2000)] * 10, accessory=button("again")),
        actions(*buttons),
        actions(button("again"), select([option("o" * 75, f"{n:03d}" + "v" * 147) for n in range(100)],
                                        placeholder="p" * 150)),
        {"type": "context", "elements": [plain("c")] * 10},
    ]
    blocks += [{"type": "divider"}] * (50 - len(blocks))

    assert client(slack).chat_postMessage(channel="C1", text="Ready", blocks=blocks)["ok"] is True
    assert len(slack.posted()) == 1


def test_a_modal_at_every_limit_is_accepted(slack: SlackStandIn) -> None:
    """The bot's form repeats action_id "value" in every input block; Slack keys state by block, then action."""
    inputs = [input_block(f"field{n}", "l" * 2000, hint=plain("h" * 2000),
                          element=text_input(max_length=3000, min_length=0)) for n in range(100)]
    view = modal(*inputs, title=plain("t" * 24), submit=plain("s" * 24), close=plain("c" * 24),
                 private_metadata="m" * 3000, callback_id="c" * 255)

    assert client(slack).views_open(trigger_id="1.2.3", view=view)["ok"] is True
    assert client(slack).views_publish(user_id="U1", view={"type": "home", "blocks": [section()] * 100})["ok"]


def test_blocks_without_fallback_text_are_accepted_but_recorded(refusing: SlackStandIn) -> None:
    """Slack only warns about a missing fallback; the product forbids it, so the stand-in records it."""
    with pytest.warns(UserWarning, match="text"):
        answer = client(refusing).chat_postMessage(channel="C1", blocks=[section()])

    assert answer["ok"] is True
    assert len(refusing.posted()) == 1
    assert refusing.violations == [("chat.postMessage", breach("a message with blocks needs fallback text", "/text"))]


def test_assert_no_violations_names_each_broken_rule(refusing: SlackStandIn) -> None:
    with pytest.raises(SlackApiError):
        client(refusing).chat_postMessage(channel="C1", text="x", blocks=[actions(button("p"), button("p"))])
    with pytest.raises(AssertionError, match=r"chat\.postMessage: action_id 'p' is already used in this block"):
        refusing.assert_no_violations()


def test_a_lenient_stand_in_accepts_any_payload() -> None:
    with SlackStandIn(strict=False) as lenient:
        assert client(lenient).chat_postMessage(channel="C1", blocks=[section("")], text="x")["ok"] is True
        assert lenient.violations == []
