"""Serving the Bolt app: waitress for HTTP (with /healthz), or Socket Mode behind a firewall."""
from __future__ import annotations

import gc
import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError
from waitress.server import create_server

from governance.errors import ReadinessError
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


HELLO_TIMEOUT = 10.0
"""Seconds to wait, once the WebSocket is open, for Slack's `hello`: Slack sends it at once on a live link."""
LINK_DISABLED = "link_disabled"
"""The `disconnect` reason Slack gives when Socket Mode is turned off in the app's settings: retrying cannot help."""
SOCKET_LOG = logging.getLogger("readiness.slack.socket")


class SocketModeServer:
    """Slack over an outbound WebSocket, for a bot behind a firewall. `connect()` returns only once Slack
    has said `hello` on a live connection, so "connected" is never claimed early; `run()` then serves until
    `close()`, while the SDK reconnects by itself whenever Slack refreshes the link.

    Every Web API call, `apps.connections.open` included, goes through the app's own client, so it honours
    SLACK_API_URL as the rest of the bot does."""

    def __init__(self, app: App, app_token: str, *, hello_timeout: float = HELLO_TIMEOUT) -> None:
        self._handler = SocketModeHandler(app, app_token, logger=SOCKET_LOG)
        self._hello_timeout = hello_timeout
        self._answered = threading.Event()
        self._refusal: str | None = None
        self._first_error: Exception | None = None
        self._stopped = threading.Event()
        self._handler.client.on_message_listeners.append(self._before_hello)
        self._handler.client.on_error_listeners.append(self._remember_error)

    def connect(self) -> None:
        """Opens the link and waits for `hello`; any failure is one ReadinessError line, and leaves no
        threads behind. Closing on failure happens while the SDK is still silenced, as its monitor thread
        may already be retrying the connection."""
        with _silenced(SOCKET_LOG):
            try:
                self._open()
            except BaseException:
                self.close()
                raise

    def run(self) -> None:
        """Serves until `close()` or Ctrl+C, then lets go of the connection."""
        try:
            self._stopped.wait()
        finally:
            self.close()

    def close(self) -> None:
        """Safe to call twice, and from any thread. The SDK's reader holds the socket for up to its 3 s
        receive timeout and closing waits for it; shutting the socket down first ends that read at once."""
        self._stopped.set()
        session = self._handler.client.current_session
        live = session.sock if session is not None else None
        if live is not None:
            with suppress(OSError):
                live.shutdown(socket.SHUT_RDWR)
        self._handler.close()

    def _open(self) -> None:
        client = self._handler.client
        client.wss_uri = self._ticket()
        client.connect()
        if not client.is_connected():
            raise ReadinessError(f"Slack's Socket Mode WebSocket did not open ({self._failure()}): check that "
                                 "this machine may make outbound WebSocket (wss://) connections to Slack")
        if not self._answered.wait(self._hello_timeout):
            raise ReadinessError(f"Slack's Socket Mode WebSocket opened but Slack did not say hello within "
                                 f"{self._hello_timeout:g} s")
        if self._refusal:
            raise ReadinessError(f"Slack closed the Socket Mode connection ({self._refusal}): "
                                 "turn Socket Mode on in the app's settings")

    def _ticket(self) -> str:
        """The WebSocket URL for the first connection, asked for here rather than inside the SDK, which
        would log the refusal as a multi-line error before the one line that says what to do."""
        client = self._handler.client
        api_url = client.web_client.base_url
        try:
            return str(client.web_client.apps_connections_open(app_token=client.app_token)["url"])
        except SlackApiError as exc:
            raise ReadinessError(f"Slack did not accept SLACK_APP_TOKEN at {api_url} "
                                 f"({exc.response.get('error', 'refused')}): check the app-level token "
                                 "(xapp-…, with connections:write) and SLACK_API_URL") from None
        except OSError as exc:
            raise ReadinessError(f"cannot reach Slack at {api_url} to open a Socket Mode connection "
                                 f"({_reason(exc)})") from None

    def _before_hello(self, raw: str) -> None:
        """Runs on the receiving thread for every message, so after `hello` it returns at once."""
        if self._answered.is_set() or not raw.startswith("{"):
            return
        message = json.loads(raw)
        if message.get("type") == "disconnect" and message.get("reason") == LINK_DISABLED:
            self._refusal = LINK_DISABLED
            self._answered.set()
        elif message.get("type") == "hello":
            self._answered.set()

    def _remember_error(self, error: Exception) -> None:
        """Keeps the first: once the first connection fails, the SDK's monitor may already be retrying."""
        if self._first_error is None:
            self._first_error = error

    def _failure(self) -> str:
        return _reason(self._first_error) if self._first_error else "the handshake was refused"


@contextmanager
def _silenced(logger: logging.Logger) -> Iterator[None]:
    """While the first connection is tried, the SDK's own log lines would only repeat, in its words, the
    ReadinessError that follows them."""
    def drop(_: logging.LogRecord) -> bool:
        return False

    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


def _reason(error: BaseException) -> str:
    return str(getattr(error, "reason", None) or error).splitlines()[0]


def socket_mode(app: App, app_token: str) -> SocketModeServer:
    return SocketModeServer(app, app_token)
