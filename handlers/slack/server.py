"""Serving the Bolt app: waitress for HTTP (with /healthz), or Socket Mode behind a firewall."""
from __future__ import annotations

import gc
import io
import json
import logging
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request.internals import parse_body
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from waitress.server import create_server

from governance.errors import ReadinessError, first_line
from storage.store import Store

EVENTS_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
TIMESTAMP_DIGITS = 12
"""Slack's request timestamps are whole seconds since 1970 (ten digits until the year 2286)."""
UNAUTHORISED = ("401 Unauthorized", {"error": "invalid request"})
"""What Bolt itself answers a request whose signature does not verify."""
MALFORMED = ("400 Bad Request", {"error": "the request body is not a Slack payload"})


def wsgi_app(app: App, store: Store, signing_secret: str) -> WsgiApp:
    """Slack's endpoint plus a health check that also proves the store answers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            healthy = store.ping()
            return _json(start_response, "200 OK" if healthy else "503 Service Unavailable", {"ok": healthy})
        if environ.get("PATH_INFO") == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            refusal = _unreadable(environ, verifier)
            if refusal is not None:
                return _json(start_response, *refusal)
        return slack(environ, start_response)

    return application


def _unreadable(environ: dict[str, Any], verifier: SignatureVerifier) -> tuple[str, dict[str, str]] | None:
    """Bolt parses a body before it checks the signature, and checks the signature by turning the timestamp
    into a number: a timestamp that is not digits, a body that is not UTF-8, or a `payload=` (or JSON body)
    that is not a JSON object (or nests too deep to read) made it answer 500. The timestamp is refused
    first, as Bolt refuses an unsigned request; the body is parsed here exactly as Bolt will parse it, and
    put back for Bolt to read. A body that cannot be read is 400 only when Slack signed it, else 401 as
    Bolt would answer: only Slack learns that it sent something unreadable."""
    stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    if stamp is not None and not (stamp.isascii() and stamp.isdigit() and len(stamp) <= TIMESTAMP_DIGITS):
        return UNAUTHORISED
    raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(raw)
    if _readable(raw, environ.get("CONTENT_TYPE") or ""):
        return None
    return MALFORMED if _signed(verifier, raw, stamp, environ.get("HTTP_X_SLACK_SIGNATURE")) else UNAUTHORISED


def _signed(verifier: SignatureVerifier, raw: bytes, stamp: str | None, signature: str | None) -> bool:
    """Slack sends UTF-8 only, and the SDK checks a signature over text: bytes that are not UTF-8 were not
    signed by Slack."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return stamp is not None and verifier.is_valid(text, stamp, signature or "")


def _readable(raw: bytes, content_type: str) -> bool:
    try:
        body = parse_body(raw.decode("utf-8"), content_type.split(";")[0] or None)
    except (ValueError, RecursionError):
        return False
    return isinstance(body, dict) and _shaped_as_slack_sends(body)


def _shaped_as_slack_sends(body: dict[str, Any]) -> bool:
    """The parts Bolt reads to pick a listener, before any listener can answer: a click without an action id,
    a view that is not an object, or an event that is not one, made it answer 500."""
    kind, view = body.get("type"), body.get("view")
    if kind == "block_actions":
        actions = body.get("actions")
        if not (isinstance(actions, list) and actions
                and all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)):
            return False
    if "view" in body and not isinstance(view, dict):
        return False
    if kind in ("view_submission", "view_closed") and not isinstance((view or {}).get("callback_id"), str):
        return False
    if kind == "event_callback":
        event = body.get("event")
        return isinstance(event, dict) and isinstance(event.get("type"), str)
    return True


def _json(start_response: Callable[..., Any], status: str, data: dict[str, Any]) -> list[bytes]:
    body = json.dumps(data).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def http_server(app: App, store: Store, *, signing_secret: str, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server, not yet running: `run()` serves until `close()`."""
    return create_server(wsgi_app(app, store, signing_secret), host=host, port=port, threads=threads,
                         ident="readiness")


def stop(server: Any) -> None:
    """Close the server from inside its own loop, so the loop ends cleanly instead of
    polling a socket another thread has closed. Waitress queues the close before it writes to its wake-up
    pipe, so a loop already awake (a request just finished) may close that pipe first: the write then
    fails on a server that is closed, which is what was asked."""
    with suppress(OSError):
        server.trigger.pull_trigger(server.close)


GC_THRESHOLDS = (20_000, 2, 10)
"""Young collections every 20,000 allocations (Python's default: 700), the middle one every second young
one. A roll-up over thousands of actions allocates hundreds of thousands of short-lived objects; at the
defaults they were promoted so fast that full collections ran every few answers, each stopping every
thread, acks included, for up to 90 ms. Measured at 8 concurrent `/status theme 5` on 10,000 actions: the
longest pause fell to 14 ms and ack p99 from about 60 ms to under 30 ms."""


SWITCH_INTERVAL_S = 0.001
"""How long a thread may hold the interpreter while another waits for it (Python's default: 5 ms). An answer
or a reply being built never waits on anything, so at the default every acknowledging thread queued behind it
for up to 5 ms at each step of its request."""


def tune_for_quick_acks() -> None:
    """For the serving process only; commands that run and exit keep Python's defaults. Freezing the
    start-up objects out of collections was measured too and made acks slower: full collections then come
    sooner, as the oldest generation looks small."""
    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL_S)


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
                                 f"({first_line(exc)})") from None

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
        return first_line(self._first_error) if self._first_error else "the handshake was refused"


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


def socket_mode(app: App, app_token: str) -> SocketModeServer:
    return SocketModeServer(app, app_token)
