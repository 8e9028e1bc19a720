"""Who the bot trusts: only the workspace its token belongs to, only the Slack account a plan person is linked
to, only requests Slack could have sent; every refusal is one line and changes nothing."""
from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import pytest
from slack_sdk import WebClient

from governance.errors import ReadinessError
from governance.people import Linked, identify, link_person
from handlers.slack.app import NOT_CONNECTED, build_app, web_client
from handlers.slack.blocks import escape
from handlers.slack.deps import SlackDeps, SlackDirectory, SlackRefused, SlackUnreachable
from handlers.slack.errors import SORRY, answer_error
from handlers.slack.people import announce_relink
from handlers.slack.server import SocketModeServer, http_server, stop
from handlers.slack.settings import SlackSettings
from storage.store import StoreUnavailable
from storage.store import Store
from tests.conftest import AS_OF
from tests.slack.conftest import SECRET, RunningBot, app_for, slack_deps, start_bot
from tests.slack.test_home_and_run import initialised, slack_process_env  # noqa: F401 - fixtures
from tests.slack_signing import block_actions_body, event_body, post, signature, slash_command_body
from tests.slack_standin import Reply, SlackStandIn
from tests.socket_standin import SocketStandIn
from tests.test_cli import readiness

OTHER = "T2"
"""A workspace the app's signing secret also serves (the app installed there too), but the bot token does not."""
STRANGER_FORM = "Sorry, I don't know you yet, so I can't show you the improvement plan."


def command(bot: RunningBot, text: str, *, user: str = "UMASH", team: str = "T1", name: str = "r") -> tuple[int, str]:
    return bot.send(slash_command_body("/readiness", text, user_id=user, team_id=team,
                                       response_url=bot.slack.response_url(name)))


def answer_to(bot: RunningBot, text: str, *, user: str = "UMASH", name: str = "r") -> dict[str, Any]:
    """What the bot posts to the response URL for a command from the installed workspace."""
    before = len(bot.slack.calls_to("respond"))
    assert command(bot, text, user=user, name=name) == (200, "")
    return bot.slack.wait_for("respond", before + 1)[-1].params


def people(store: Store) -> dict[str, str | None]:
    with store.uow() as uow:
        return {p.email: p.slack_user_id for p in uow.plan.people()}


def with_payload(form_body: str, change: Any) -> str:
    """A `payload=` form body from the signing helpers, with `change` applied to its JSON."""
    payload = json.loads(parse_qs(form_body)["payload"][0])
    change(payload)
    return urlencode({"payload": json.dumps(payload)})


# ---------------------------------------------------------------- another workspace


def test_a_command_from_another_workspace_is_told_so_and_sees_nothing(bot: RunningBot) -> None:
    status, body = command(bot, "status theme 5", user="UPMO", team=OTHER)
    assert status == 200
    assert json.loads(body) == {"response_type": "ephemeral", "text": NOT_CONNECTED}
    assert bot.slack.calls_to("users.info") == [] and bot.slack.calls_to("respond") == []
    assert people(bot.store)["pmo@example.org"] is None


def test_a_click_from_another_workspace_gets_one_private_line(bot: RunningBot) -> None:
    click = block_actions_body("status_page_next", "not json", user_id="UMASH", team_id=OTHER,
                               response_url=bot.slack.response_url("click"))
    assert bot.send(click) == (200, "")
    [refusal] = bot.slack.calls_to("respond")
    assert (refusal.params["text"], refusal.params["response_type"]) == (NOT_CONNECTED, "ephemeral")
    assert bot.slack.calls_to("users.info") == []


def test_a_slack_connect_guest_clicking_in_a_shared_channel_is_refused(bot: RunningBot) -> None:
    """The click is delivered to this workspace (`team.id`), but the user's own team is another one."""
    def guest(payload: dict[str, Any]) -> None:
        payload["user"]["team_id"] = OTHER

    click = with_payload(block_actions_body("status_page_next", "not json", user_id="UMASH",
                                            response_url=bot.slack.response_url("guest")), guest)
    assert bot.send(click) == (200, "")
    assert [c.params["text"] for c in bot.slack.calls_to("respond")] == [NOT_CONNECTED]


def guest_mention(event_id: str, **team: str) -> str:
    """An @mention in a Slack Connect channel, shaped as Slack sends it (bolt-python's test fixtures of real
    payloads): delivered to this installation (`authorizations`), naming the guest's team elsewhere."""
    envelope = json.loads(event_body({"type": "app_mention", "channel": "C1", "user": "UMASH",
                                      "text": "<@UBOT> status theme 5", "ts": "1516440000.000900",
                                      "event_ts": "1516440000.000900", **team}, event_id=event_id))
    envelope["is_ext_shared_channel"] = True
    return json.dumps(envelope)


def unclaimed(store: Store, event_id: str) -> bool:
    """Whether the bot left `event_id` unclaimed: it claims each event before any listener runs, so an
    unclaimed one reached none (claiming it here is the check)."""
    with store.uow() as uow:
        first = uow.conversations.claim_event(event_id, AS_OF)
        uow.commit()
    return first


@pytest.mark.parametrize("team", [{"team": OTHER, "user_team": OTHER}, {"user_team": "E2"}])
def test_a_slack_connect_guest_mentioning_the_bot_reaches_no_listener(bot: RunningBot, team: dict[str, str]) -> None:
    assert bot.send(guest_mention("EvGuest", **team), content_type="application/json") == (200, "")
    assert unclaimed(bot.store, "EvGuest")


def test_the_home_tab_of_another_workspace_stays_empty(bot: RunningBot) -> None:
    opened = event_body({"type": "app_home_opened", "user": "UPMO", "channel": "D1", "tab": "home",
                         "event_ts": "1516000000.000100"}, event_id="EvHomeOther", team_id=OTHER)
    assert bot.send(opened, content_type="application/json") == (200, "")
    assert unclaimed(bot.store, "EvHomeOther")


@pytest.fixture
def grid_bot(example_store: Store, slack: SlackStandIn) -> Iterator[RunningBot]:
    """Installed in workspace T1 of an Enterprise Grid org E1, whose members' `user.team_id` is the org's id."""
    slack.reply("auth.test", Reply(body={"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1",
                                         "enterprise_id": "E1", "team": "Test", "url": "https://test.slack.com/"}))
    running, server = start_bot(example_store, slack)
    yield running
    stop(server)


def test_a_member_of_the_installed_enterprise_grid_org_is_served(grid_bot: RunningBot) -> None:
    def org_member(payload: dict[str, Any]) -> None:
        payload["user"]["team_id"] = "E1"

    click = with_payload(block_actions_body("status_page_next", "not json", user_id="UMASH",
                                            response_url=grid_bot.slack.response_url("org")), org_member)
    assert grid_bot.send(click) == (200, "")
    answer = grid_bot.slack.wait_for("respond")[0].params
    assert answer["text"] == "That button is out of date: ask again with `status`."


def test_a_command_from_another_workspace_over_socket_mode_is_told_so_in_the_ack(
        example_store: Store, slack: SlackStandIn) -> None:
    settings = SlackSettings("xoxb-test", None, "xapp-1-A1-1-standin", slack.api_url)
    app = app_for(slack_deps(example_store), settings)
    with SocketStandIn(slack) as sockets:
        server = SocketModeServer(app, "xapp-1-A1-1-standin")
        sockets.offer()
        server.connect()
        try:
            envelope = sockets.slash_command("/readiness", "status theme 5", user_id="UMASH", team_id=OTHER,
                                             response_url=slack.response_url())
            ack = sockets.wait_for_ack(envelope)
        finally:
            server.close()
    assert ack.payload == {"response_type": "ephemeral", "text": NOT_CONNECTED}
    assert slack.calls_to("respond") == [] and slack.calls_to("users.info") == []


# ---------------------------------------------------------------- one Slack account per person


def test_a_second_account_with_a_linked_persons_email_is_refused_and_the_link_kept(bot: RunningBot) -> None:
    answer_to(bot, "mine")
    bot.slack.users["UNEW"] = {"id": "UNEW", "real_name": "Impostor", "profile": {"email": "Head.MASH@example.org"}}
    refusal = answer_to(bot, "theme 5", user="UNEW", name="new")
    assert refusal["text"] == ("Sorry, your e-mail address is linked to another Slack account, so I can't show you "
                               "the improvement plan. Ask the programme office to link this account instead.")
    assert "blocks" not in refusal
    assert people(bot.store)["head.mash@example.org"] == "UMASH"


def test_people_link_says_which_account_it_replaced(example_store: Store) -> None:
    first = link_person("head.mash@example.org", "UMASH", uow=example_store.uow())
    again = link_person("head.mash@example.org", "UMASH", uow=example_store.uow())
    moved = link_person(" Head.Mash@example.org", "UNEW", uow=example_store.uow())
    assert (first.previous, again.previous, moved.previous) == (None, None, "UMASH")
    assert moved.person.slack_user_id == "UNEW" and people(example_store)["head.mash@example.org"] == "UNEW"


def test_a_relink_is_told_to_the_pmo_channel_without_pinging_anyone(example_store: Store, slack: SlackStandIn) -> None:
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    link_person("head.mash@example.org", "UMASH", uow=example_store.uow())
    announce_relink(client, "CPMO", link_person("head.mash@example.org", "UNEW", uow=example_store.uow()))
    [notice] = slack.calls_to("chat.postMessage")
    assert notice.params["channel"] == "CPMO"
    assert notice.params["text"] == ("Head of Service, MASH (head.mash@example.org) is now linked to Slack user `UNEW` "
                                     "instead of `UMASH` (by `readiness people link`).")


def test_a_relink_notice_slack_refuses_is_one_line(example_store: Store, slack: SlackStandIn) -> None:
    slack.reply("chat.postMessage", Reply(body={"ok": False, "error": "channel_not_found"}))
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    person = link_person("head.mash@example.org", "UNEW", uow=example_store.uow()).person
    with pytest.raises(ReadinessError, match=r"^Slack refused the notice to CGONE \(channel_not_found\): check "
                                             r"READINESS_PMO_CHANNEL"):
        announce_relink(client, "CGONE", Linked(person, "UMASH"))


# ---------------------------------------------------------------- the refusal names a role, not people


def test_a_stranger_is_told_the_role_to_ask_and_no_ones_address(bot: RunningBot) -> None:
    refusal = answer_to(bot, "theme 5", user="USTRANGER")
    assert refusal["text"] == f"{STRANGER_FORM} Ask the programme office to add you."
    assert "@" not in refusal["text"]


def test_the_contact_line_is_configurable(example_store: Store, slack: SlackStandIn) -> None:
    settings = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
                                       "SLACK_API_URL": slack.api_url,
                                       "READINESS_CONTACT": " the programme office (#improvement-pmo) "})
    deps = SlackDeps(slack_deps(example_store).programme, settings.command, settings.contact)
    app = app_for(deps, settings)
    server = http_server(app, example_store, signing_secret=SECRET, host="127.0.0.1", port=0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        bot = RunningBot(f"http://127.0.0.1:{server.effective_port}", slack, example_store)
        refusal = answer_to(bot, "theme 5", user="USTRANGER")
    finally:
        stop(server)
    assert refusal["text"] == f"{STRANGER_FORM} Ask the programme office (#improvement-pmo) to add you."


@pytest.mark.parametrize("contact", ["the PMO\n<!channel>", "x" * 201])
def test_a_contact_line_that_is_not_one_short_line_is_refused_at_start_up(contact: str) -> None:
    with pytest.raises(ReadinessError, match="^READINESS_CONTACT must be one line of at most 200 characters"):
        SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
                                "READINESS_CONTACT": contact})


def test_identify_names_only_the_contact_it_is_given(example_store: Store, slack: SlackStandIn) -> None:
    directory = SlackDirectory(WebClient(token="xoxb-test", base_url=slack.api_url))
    with pytest.raises(ReadinessError) as refused:
        identify("USTRANGER", uow=example_store.uow(), directory=directory, contact="#pmo-help")
    assert str(refused.value) == f"{STRANGER_FORM} Ask #pmo-help to add you."


# ---------------------------------------------------------------- the directory's failures


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_people_sync_with_a_token_slack_refuses_is_one_line_not_everyone_missing(
        initialised: Path, slack: SlackStandIn, slack_process_env: dict[str, str]) -> None:  # noqa: F811
    slack.reply("users.lookupByEmail", Reply(body={"ok": False, "error": "missing_scope"}))
    result = readiness("people", "sync", cwd=initialised, env=slack_process_env)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: Slack refused users.lookupByEmail at {slack.api_url} (missing_scope): "
                                      "check SLACK_BOT_TOKEN and the app's scopes")
    assert "Not found in Slack" not in result.stdout


def test_the_directory_keeps_not_found_apart_from_failures(slack: SlackStandIn) -> None:
    directory = SlackDirectory(WebClient(token="xoxb-test", base_url=slack.api_url))
    assert directory.user_for_email("nobody@example.org") is None
    assert directory.email_of("UNOBODY") is None
    assert directory.email_of("UMASH") == "head.mash@example.org"
    slack.reply("users.info", Reply(body={"ok": False, "error": "invalid_auth"}))
    with pytest.raises(SlackRefused, match=r"\(invalid_auth\)"):
        directory.email_of("UMASH")
    unreachable = SlackDirectory(WebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{closed_port()}/api/"))
    with pytest.raises(SlackUnreachable, match="^cannot reach Slack at ") as failure:
        unreachable.user_for_email("head.mash@example.org")
    assert isinstance(failure.value, ConnectionError), "the reminder sender retries it as a dropped connection"


# ---------------------------------------------------------------- requests Slack could not have sent


def raw_post(bot: RunningBot, body: bytes, *, timestamp: str, content_type: str,
             secret: str = SECRET) -> tuple[int, str]:
    """Posts `body` byte for byte, signed with `secret` and `timestamp` exactly as given, whatever it holds."""
    mac = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(f"{bot.url}/slack/events", data=body, method="POST", headers={
        "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={mac}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


FORM = "application/x-www-form-urlencoded"
NOT_A_NUMBER = ["soon", "", "1e9", "9" * 5000]
"""Bolt turns the timestamp into an int to check its age: each of these raised ValueError there (500)."""
NOT_AN_OBJECT = [
    (b"payload=not-json", FORM), (b"payload=", FORM), (b"payload=%5B1%2C2%5D", FORM), (b'payload="text"', FORM),
    (b"payload=%7B%22type%22%3A", FORM), (b"payload=%FF%FE", FORM),
    (b"[]", "application/json"), (b"{not json", "application/json"), (b"[" * 100_000, "application/json"),
]
"""Signed bodies Slack never sends, each of which made Bolt answer 500."""
MISSHAPEN = [
    {"type": "block_actions", "actions": []}, {"type": "block_actions", "actions": [{"value": "x"}]},
    {"type": "block_actions", "actions": "rate_g"}, {"type": "view_submission", "view": "a view"},
    {"type": "view_submission", "view": {"id": "V1"}}, {"type": "event_callback", "event": "message"},
    {"type": "event_callback", "event": {"text": "no type"}},
]
"""Signed JSON objects whose parts Bolt reads to choose a listener are not what Slack sends: each made Bolt 500."""


def test_a_timestamp_that_is_not_a_number_is_401_before_anything_else(bot: RunningBot) -> None:
    command_body = slash_command_body("/readiness", "theme 5", user_id="UMASH", response_url=bot.slack.response_url())
    for timestamp in NOT_A_NUMBER:
        for body in (command_body.encode(), b"payload=not-json"):
            assert raw_post(bot, body, timestamp=timestamp, content_type=FORM)[0] == 401, (timestamp[:10], body)
    assert {call.method for call in bot.slack.calls} == {"auth.test"}


def test_a_signed_body_that_is_not_a_json_object_is_400(bot: RunningBot) -> None:
    for body, content_type in NOT_AN_OBJECT:
        status, text = raw_post(bot, body, timestamp=str(int(time.time())), content_type=content_type)
        assert (status, json.loads(text)) == (400, {"error": "the request body is not a Slack payload"}), body[:20]
    assert answer_to(bot, "theme 5")["blocks"][0]["text"]["text"].startswith("Theme 5"), "the bot still answers"


def test_an_unreadable_body_not_signed_by_slack_is_401(bot: RunningBot) -> None:
    stamp = str(int(time.time()))
    for body, content_type in NOT_AN_OBJECT[:3]:
        assert raw_post(bot, body, timestamp=stamp, content_type=content_type, secret="guessed")[0] == 401, body
    assert raw_post(bot, b"text=\xff\xfe", timestamp=stamp, content_type=FORM)[0] == 401, "Slack sends only UTF-8"


def test_a_signed_payload_not_shaped_as_slack_sends_is_400(bot: RunningBot) -> None:
    for payload in MISSHAPEN:
        for body, content_type in ((("payload=" + quote(json.dumps(payload))).encode(), FORM),
                                   (json.dumps(payload).encode(), "application/json")):
            status, text = raw_post(bot, body, timestamp=str(int(time.time())), content_type=content_type)
            assert (status, json.loads(text)) == (400, {"error": "the request body is not a Slack payload"}), payload


def test_the_app_calls_slack_through_the_client_it_is_given(store: Store, slack: SlackStandIn) -> None:
    """One Slack client, built by the composition root, serves the app and everything else."""
    client = web_client("xoxb-test", slack.api_url)
    app = build_app(slack_deps(store), SlackSettings("xoxb-test", SECRET, None, slack.api_url), client=client)
    assert app.client is client and slack.calls_to("auth.test")


def test_stopping_a_server_that_has_already_closed_is_quiet(store: Store, slack: SlackStandIn) -> None:
    """The close can win the race with stop()'s own wake-up call when a request has just finished."""
    settings = SlackSettings("xoxb-test", SECRET, None, slack.api_url)
    app = app_for(slack_deps(store), settings)
    server = http_server(app, store, signing_secret=SECRET, host="127.0.0.1", port=0, threads=1)
    server.close()
    stop(server)


def test_a_forged_signature_is_still_401(bot: RunningBot) -> None:
    body = slash_command_body("/readiness", "theme 5", user_id="UMASH", response_url=bot.slack.response_url())
    stamp = int(time.time())
    headers = {"X-Slack-Request-Timestamp": str(stamp), "X-Slack-Signature": signature("wrong", stamp, body),
               "Content-Type": FORM}
    assert post(f"{bot.url}/slack/events", body, headers)[0] == 401


def test_people_link_that_replaces_a_link_tells_the_pmo_channel(
        initialised: Path, slack: SlackStandIn, slack_process_env: dict[str, str]) -> None:  # noqa: F811
    env = {**slack_process_env, "READINESS_PMO_CHANNEL": "CPMO"}
    first = readiness("people", "link", "head.mash@example.org", "UMASH", cwd=initialised, env=env)
    assert first.returncode == 0 and first.stdout.strip() == "Linked head.mash@example.org to UMASH."
    assert slack.calls_to("chat.postMessage") == [], "a first link replaces nothing, so there is nothing to tell"

    moved = readiness("people", "link", "head.mash@example.org", "UNEW", cwd=initialised, env=env)

    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.splitlines() == ["Linked head.mash@example.org to UNEW (it was UMASH).",
                                         "Told the PMO channel."]
    notice = slack.wait_for("chat.postMessage", 1)[0].params
    assert notice["channel"] == "CPMO" and "`UNEW` instead of `UMASH`" in notice["text"]


def test_people_link_without_a_pmo_channel_links_and_says_no_one_was_told(initialised: Path) -> None:  # noqa: F811
    readiness("people", "link", "head.mash@example.org", "UMASH", cwd=initialised)
    moved = readiness("people", "link", "head.mash@example.org", "UNEW", cwd=initialised)
    assert moved.returncode == 0
    assert moved.stdout.splitlines()[-1] == "The PMO channel was not told: set SLACK_BOT_TOKEN and READINESS_PMO_CHANNEL."


@pytest.mark.parametrize("refusal", [StoreUnavailable("cannot reach the database at postgresql+psycopg://pmo:***@db/x"),
                                     SlackUnreachable("cannot reach Slack at https://slack.example/api/: refused")])
def test_a_refusal_worded_for_operators_reaches_a_person_in_slack_as_sorry(refusal: ReadinessError) -> None:
    said: list[dict[str, Any]] = []

    class Respond:
        response_url = "https://hooks.slack.example/1"

        def __call__(self, **message: Any) -> None:
            said.append(message)

    answer_error(refusal, Respond())  # type: ignore[arg-type]
    assert said == [{"text": escape(SORRY), "response_type": "ephemeral", "replace_original": False}]
