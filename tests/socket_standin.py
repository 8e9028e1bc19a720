"""A local stand-in for Slack's Socket Mode WebSocket, so Socket Mode is tested end to end without Slack.

It plugs into the HTTP stand-in: :meth:`SocketStandIn.offer` scripts ``apps.connections.open`` to hand out
``ws://127.0.0.1:PORT/link/?ticket=N&app_id=A1`` as Slack hands out its single-use ``wss://`` URLs. Each
connection gets Slack's ``hello`` (unless ``greet=False``, to hold a bot at "connecting"); tests then push
envelopes, read back the acks, and send ``disconnect`` to make the bot reconnect.

Message shapes, as Slack's Socket Mode guide documents them
(https://docs.slack.dev/apis/events-api/using-socket-mode/, formerly
https://api.slack.com/apis/connections/socket-implement) and as slack_sdk's own mock server sends them
(python-slack-sdk tests/slack_sdk/socket_mode/mock_socket_mode_server.py):

- ``{"type": "hello", "num_connections": 1, "debug_info": {...}, "connection_info": {"app_id": ...}}``
- ``{"envelope_id": ..., "type": "slash_commands" | "events_api" | "interactive", "payload": {...},
  "accepts_response_payload": bool}``; ``events_api`` ones also carry ``retry_attempt`` and ``retry_reason``
- the app's ack: ``{"envelope_id": ...}``, plus ``"payload"`` when it answers in the ack
- ``{"type": "disconnect", "reason": "refresh_requested" | "warning" | "link_disabled", "debug_info": {...}}``

Payloads reuse :mod:`tests.slack_signing`'s builders, so a command or click is shaped the same over HTTP and
over the socket.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import parse_qs, parse_qsl, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.slack_signing import APP_ID, event_body, slash_command_body
from tests.slack_standin import Reply, SlackStandIn

DEBUG_INFO = {"host": "applink-standin", "build_number": 1, "approximate_connection_time": 18060}
ANSWERABLE_IN_ACK = frozenset({"view_submission", "block_suggestion"})
"""Interactive payloads whose ack may carry the answer (a response_action, or the options to show)."""
T = TypeVar("T")


@dataclass
class Ack:
    """What the app sent back for one envelope, and on which connection (by ticket)."""

    envelope_id: str
    payload: dict[str, Any] | None
    ticket: int


@dataclass
class Link:
    """One WebSocket connection the app opened, named by the ticket of the URL it used."""

    ticket: int
    connection: ServerConnection
    closed: threading.Event = field(default_factory=threading.Event)
    retiring: bool = False


class SocketStandIn:
    """A WebSocket server that talks like Slack's Socket Mode and records the acks it gets."""

    def __init__(self, web: SlackStandIn, *, greet: bool = True) -> None:
        self.web = web
        self.greet = greet
        self.links: list[Link] = []
        self.acks: list[Ack] = []
        self._changed = threading.Condition()
        self._tickets = itertools.count(1)
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> SocketStandIn:
        """Listen on a free loopback port; a short close timeout keeps teardown quick."""
        if self._server is not None:
            raise RuntimeError("SocketStandIn is already running")
        self._server = serve(self._serve_link, "127.0.0.1", 0, close_timeout=1)
        self._thread = threading.Thread(target=self._server.serve_forever, name="socket-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and wait for their threads; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> SocketStandIn:
        return self if self._server is not None else self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # ----------------------------------------------------------------- scripting Slack

    def offer(self, count: int = 1) -> None:
        """Queue ``count`` answers to ``apps.connections.open``: one per connection the app will make."""
        if self._server is None:
            raise RuntimeError("SocketStandIn is not running; call start() first")
        port = self._server.socket.getsockname()[1]
        for _ in range(count):
            url = f"ws://127.0.0.1:{port}/link/?ticket={next(self._tickets)}&app_id={APP_ID}"
            self.web.reply("apps.connections.open", Reply(body={"ok": True, "url": url}))

    def hello(self) -> None:
        """Say hello on the newest connection, for a stand-in made with ``greet=False``."""
        self._greet(self.live())

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does every few hours (or with ``link_disabled``, to stop).
        Slack then drops the old link; the stand-in does so as soon as the app has opened its next one,
        since the SDK's reader would otherwise sit on the old socket for its 3 s receive timeout."""
        link = self.live()
        with self._changed:
            link.retiring = True
        self._send(link, {"type": "disconnect", "reason": reason, "debug_info": DEBUG_INFO})

    def push(self, kind: str, payload: dict[str, Any], **extra: Any) -> str:
        """Send one envelope on the newest connection; returns its ``envelope_id`` to wait for the ack."""
        envelope_id = str(uuid.uuid4())
        self._send(self.live(), {"envelope_id": envelope_id, "type": kind, "payload": payload, **extra})
        return envelope_id

    def slash_command(self, command: str, text: str, **fields: Any) -> str:
        """A slash command: Slack's form fields, as a JSON object, answerable in the ack."""
        payload = dict(parse_qsl(slash_command_body(command, text, **fields), keep_blank_values=True))
        return self.push("slash_commands", payload, accepts_response_payload=True)

    def events_api(self, event: dict[str, Any], *, event_id: str, retry_attempt: int = 0) -> str:
        """An Events API callback, first delivery unless ``retry_attempt`` says otherwise."""
        payload = json.loads(event_body(event, event_id=event_id))
        return self.push("events_api", payload, accepts_response_payload=False, retry_attempt=retry_attempt,
                         retry_reason="timeout" if retry_attempt else "")

    def interactive(self, form_body: str) -> str:
        """A click or submission, from one of ``tests.slack_signing``'s ``payload=<json>`` form bodies:
        over the socket Slack sends that JSON itself."""
        payload = json.loads(parse_qs(form_body)["payload"][0])
        return self.push("interactive", payload, accepts_response_payload=payload["type"] in ANSWERABLE_IN_ACK)

    # ----------------------------------------------------------------- assertions

    def live(self) -> Link:
        """The newest connection still open: where Slack would deliver."""
        with self._changed:
            open_links = [link for link in self.links if not link.closed.is_set()]
        if not open_links:
            raise AssertionError(f"no open Socket Mode connection; tickets used so far: "
                                 f"{[link.ticket for link in self.links]}")
        return open_links[-1]

    def wait_for_links(self, count: int, timeout: float = 5.0) -> list[Link]:
        """Block until the app has opened ``count`` connections in all."""
        return self._wait(lambda: list(self.links) if len(self.links) >= count else None, timeout,
                          lambda: f"{count} connection(s), got {len(self.links)}")

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        """Block until the app acks ``envelope_id``; Slack redelivers an envelope not acked within 3 s."""
        return self._wait(lambda: next((ack for ack in self.acks if ack.envelope_id == envelope_id), None),
                          timeout, lambda: f"an ack for {envelope_id}, got {[a.envelope_id for a in self.acks]}")

    # ----------------------------------------------------------------- serving

    def _serve_link(self, connection: ServerConnection) -> None:
        link = Link(int(parse_qs(urlsplit(connection.request.path).query)["ticket"][0]), connection)
        with self._changed:
            retired = [old for old in self.links if old.retiring and not old.closed.is_set()]
            self.links.append(link)
            self._changed.notify_all()
        for old in retired:
            old.connection.close()
        if self.greet:
            self._greet(link)
        try:
            for raw in connection:
                self._record(link, json.loads(raw))
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                link.closed.set()
                self._changed.notify_all()

    def _record(self, link: Link, message: dict[str, Any]) -> None:
        with self._changed:
            self.acks.append(Ack(message["envelope_id"], message.get("payload"), link.ticket))
            self._changed.notify_all()

    def _greet(self, link: Link) -> None:
        """Slack's first message on a live link; the app may not claim to be connected before it."""
        self._send(link, {"type": "hello", "num_connections": self._open_count(),
                          "debug_info": DEBUG_INFO, "connection_info": {"app_id": APP_ID}})

    def _send(self, link: Link, message: dict[str, Any]) -> None:
        link.connection.send(json.dumps(message))

    def _open_count(self) -> int:
        with self._changed:
            return sum(not link.closed.is_set() for link in self.links)

    def _wait(self, found: Callable[[], T | None], timeout: float, wanted: Callable[[], str]) -> T:
        deadline = time.monotonic() + timeout
        with self._changed:
            while (result := found()) is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {wanted()} within {timeout}s")
                self._changed.wait(remaining)
            return result
