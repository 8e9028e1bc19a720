"""The Slack app manifest, made from the code's own command name, events and scopes, so the app a
council creates in one paste is the app this code serves. Slack refuses a whole manifest that declares
one of its built-in commands, so the name is checked here before anyone pastes it."""
from __future__ import annotations

import re
from typing import Any

import yaml

from governance.errors import ReadinessError
from governance.questions import COMMAND
from handlers.slack.server import EVENTS_PATH

BUILT_IN_COMMANDS = frozenset(
    "status me join away active dnd shrug remind msg feed who collapse expand leave open search topic mute pro "
    "shortcuts invite archive kick remove rename".split())
"""Slack's own slash commands. A manifest declaring one is refused whole ("the slash command has an invalid
name" at features.slash_commands), as other apps found with /status (NousResearch/hermes-agent#17054,
openclaw/openclaw#29032); Slack's documentation names only some (/topic, /remind), so this list errs wide."""
COMMAND_NAME = re.compile(r"^/[a-z0-9][a-z0-9_-]*$")
COMMAND_CHARS = 32
"""Including the leading slash (the manifest schema in slackapi/node-slack-sdk, `manifest.ts`)."""
PLACEHOLDER_HOST = "YOUR-HOST"
BOT_EVENTS = ("app_home_opened", "app_mention", "message.im")
SCOPES = {
    "commands": "the slash command",
    "chat:write": "answers, check-ins and digests, and private answers to an @mention (chat.postEphemeral)",
    "im:write": "opening the DM a check-in or an update form goes to (conversations.open)",
    "im:history": "owners' replies in DMs (message.im); reading a check-in back, to redraw it after a form "
                  "or to find one whose send was cut off",
    "app_mentions:read": "`@readiness status theme 5` in a channel (app_mention)",
    "channels:history": "finding a digest in the PMO channel (public) whose send was cut off",
    "groups:history": "the same when the PMO channel is private",
    "users:read": "looking up who sent a request the first time they use the bot (users.info)",
    "users:read.email": "their e-mail in that look-up, and `people sync` (users.lookupByEmail): how the plan's "
                        "people are linked to Slack accounts",
    "files:write": "a body's agenda paper, uploaded as Markdown and HTML into the DM of whoever asks for it "
                   "(files.getUploadURLExternal and files.completeUploadExternal)",
}
"""Exactly the scopes the code uses, each with why; the README lists the same reasons."""
HEADER = """\
# The Slack app in one paste: api.slack.com/apps → Create New App → From a manifest.
# Made by `readiness manifest{options}`. {how}
"""
HOW = {
    "http": "Replace YOUR-HOST with where `readiness run` listens over HTTPS, or make\n# your own with "
            "`readiness manifest --host HOST`; behind a firewall use --socket and SLACK_APP_TOKEN.",
    "host": "Slack sends its requests to the request URLs below,\n# where `readiness run` listens behind TLS.",
    "socket": "Socket Mode: run with SLACK_APP_TOKEN (an app-level token with connections:write).",
}
HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$")


def check_command(name: str) -> str:
    """The command name as Slack will take it, or a one-line reason it would refuse it."""
    command = name if name.startswith("/") else f"/{name}"
    if len(command) > COMMAND_CHARS:
        raise ReadinessError(f"{command} is {len(command)} characters; Slack allows {COMMAND_CHARS} at most")
    if not COMMAND_NAME.match(command):
        raise ReadinessError(f"{command!r} is not a command name Slack accepts: lower case letters, digits, "
                             "- and _ only, no spaces")
    if command[1:] in BUILT_IN_COMMANDS:
        raise ReadinessError(f"{command} is one of Slack's built-in commands, and Slack refuses an app that "
                             "declares it: choose another, e.g. /readiness or /cpstatus")
    return command


def check_host(host: str) -> str:
    """A host (and optional port and path prefix) for the HTTPS request URLs, without a scheme."""
    bare = host.removeprefix("https://").rstrip("/")
    if not HOST.match(bare):
        raise ReadinessError(f"{host!r} is not a host name: give one like bot.example.gov.uk or "
                             "bot.example.gov.uk:8443")
    return bare


def manifest(*, command: str, socket: bool = False, host: str = PLACEHOLDER_HOST) -> dict[str, Any]:
    url = f"https://{host}{EVENTS_PATH}"
    request_url = {} if socket else {"request_url": url}
    return {
        "display_information": {
            "name": "Readiness bot",
            "description": "Keeps the improvement plan honest and ready for inspection.",
            "long_description": (
                "Answers chairs with the current readiness of a theme, a governance body's next meeting or the "
                "next Ofsted monitoring visit, and sends each action owner one check-in a working day for the "
                "actions that need an update. It tracks actions, meetings and aggregate indicators only, never "
                "child-level data."),
            "background_color": "#1f5fbf",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": "readiness", "always_online": True},
            "slash_commands": [{
                "command": command, **({} if socket else {"url": url}),
                "description": "Readiness of a theme, an action or a visit; give an update",
                "usage_hint": "status theme 5 | status overdue | update 5b(ii) amber - … | help",
                "should_escape": False,
            }],
        },
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {
            "event_subscriptions": {**request_url, "bot_events": list(BOT_EVENTS)},
            "interactivity": {"is_enabled": True, **request_url},
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket,
            "token_rotation_enabled": False,
        },
    }


def manifest_text(*, command: str, socket: bool = False, host: str = PLACEHOLDER_HOST) -> str:
    """The manifest as YAML, with a header saying how it was made and how to use it."""
    checked = check_command(command)
    host = host if host == PLACEHOLDER_HOST else check_host(host)
    options = "".join(f" {flag}" for flag in (
        f"--command {checked}" if checked != COMMAND else "", "--socket" if socket else "",
        f"--host {host}" if host != PLACEHOLDER_HOST else "") if flag)
    how = HOW["socket" if socket else "http" if host == PLACEHOLDER_HOST else "host"]
    body = yaml.safe_dump(manifest(command=checked, socket=socket, host=host), sort_keys=False, allow_unicode=True,
                          width=100)
    return HEADER.format(options=options, how=how) + body
