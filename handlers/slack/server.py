"""Serving the Bolt app: waitress for HTTP (with /healthz), or Socket Mode behind a firewall."""
from __future__ import annotations

import gc
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


GC_THRESHOLDS = (20_000, 2, 10)
"""Young collections every 20,000 allocations (Python's default: 700), the middle one every second young
one. A roll-up over thousands of actions allocates hundreds of thousands of short-lived objects; at the
defaults they were promoted so fast that full collections ran every few answers, each stopping every
thread, acks included, for up to 90 ms. Measured at 8 concurrent `/status theme 5` on 10,000 actions: the
longest pause fell to 14 ms and ack p99 from about 60 ms to under 30 ms."""


def tune_for_quick_acks() -> None:
    """For the serving process only; commands that run and exit keep Python's defaults. Freezing the
    start-up objects out of collections was measured too and made acks slower: full collections then come
    sooner, as the oldest generation looks small."""
    gc.set_threshold(*GC_THRESHOLDS)


def socket_mode(app: App, app_token: str) -> SocketModeHandler:
    return SocketModeHandler(app, app_token)
