"""Serving the Bolt app: waitress for HTTP (with /healthz), or Socket Mode behind a firewall."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from storage.store import Store

EVENTS_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App, store: Store) -> WsgiApp:
    """Slack's endpoint plus a health check that also proves the store answers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            healthy = store.ping()
            body = json.dumps({"ok": healthy}).encode()
            start_response("200 OK" if healthy else "503 Service Unavailable",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return application


def http_server(app: App, store: Store, *, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server, not yet running: `run()` serves until `close()`."""
    return create_server(wsgi_app(app, store), host=host, port=port, threads=threads, ident="readiness")


def stop(server: Any) -> None:
    """Close the server from inside its own loop, so the loop ends cleanly instead of
    polling a socket another thread has closed."""
    server.trigger.pull_trigger(server.close)


def socket_mode(app: App, app_token: str) -> SocketModeHandler:
    return SocketModeHandler(app, app_token)
