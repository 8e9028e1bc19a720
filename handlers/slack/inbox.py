"""Replies acknowledged by a replica that died before recording them are replayed through the app."""
from __future__ import annotations

from slack_bolt import App, BoltRequest

from handlers.slack.deps import SlackDeps


def replay_unfinished(app: App, deps: SlackDeps) -> int:
    """Dispatches each kept, unfinished event again; its request key keeps the update single."""
    pending = deps.programme.unfinished_replies()
    for _, body in pending:
        app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    return len(pending)
