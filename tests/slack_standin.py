"""A local stand-in for the Slack Web API, so end-to-end tests exercise real HTTP without Slack.

Point ``WebClient(base_url=slack.api_url)`` at it and pass ``slack.response_url()`` wherever Slack
would hand the bot a ``response_url``. Every request is recorded as a :class:`Call`; replies are
Slack-shaped defaults unless a test scripts its own with :meth:`SlackStandIn.reply`.

It is as strict as Slack about Block Kit: a message or view that breaks one of the rules in
:mod:`tests.blockkit_rules` is refused the way Slack refuses it, and every breach is recorded in
:attr:`SlackStandIn.violations`, so a test can fail on a payload the bot sent even when the bot
swallowed the error. Call :meth:`SlackStandIn.assert_no_violations` when a test ends.
It serves file uploads as Slack's files.upload v2 flow does (files.getUploadURLExternal, a POST of the bytes to
the upload URL it hands out, which this stand-in serves itself, then files.completeUploadExternal), and keeps each
file shared in :attr:`SlackStandIn.files`. With :attr:`SlackStandIn.scopes` set, a method needing a scope the token
lacks is refused with ``missing_scope``, as Slack refuses it.
Standard library only (plus the rules module), so it works wherever the tests do.
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.blockkit_rules import Breach, message_breaches, view_breaches

API_PREFIX = "/api/"
RESPOND_PREFIX = "/respond/"
UPLOAD_PREFIX = "/upload/v1/"
"""Where the bytes of a file go: the upload URL files.getUploadURLExternal hands out (files.slack.com in Slack)."""
SCOPE_NEEDED = {"files.getUploadURLExternal": "files:write", "files.completeUploadExternal": "files:write"}
"""The bot-token scope each method needs (the "Scopes" fact on docs.slack.dev/reference/methods/<method>), for the
methods whose scope this stand-in checks."""
ALT_TEXT_CHARS = 1000
"""files.getUploadURLExternal: alt_txt_too_large, "longer than the limit of 1000 character"."""

# Form fields that Slack expects as JSON text; parsed so tests can assert on structure, not strings.
JSON_FORM_FIELDS = frozenset(
    {"attachments", "blocks", "metadata", "unfurls", "user_auth_blocks", "view", "options"}
)
# Methods that carry a message's blocks; "respond" is a post to a response_url.
MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update", "respond"})
# Methods that carry a view (docs.slack.dev/reference/views/modal-views lists open, update and push).
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})


class Headers(dict[str, str]):
    """Request headers keyed in lower case but looked up in any case, as HTTP intends."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__((str(k).lower(), str(v)) for k, v in dict(items).items())

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class Call:
    """One request the bot made: which method, with what arguments and headers, and when."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float


class Violation(NamedTuple):
    """A payload the bot sent that breaks a Block Kit rule: the method it went to, and why, as Slack says it."""

    method: str
    reason: str


@dataclass
class Reply:
    """A scripted answer; ``body=None`` means the method's default reply (or an error if status != 200).
    ``text`` is a plain-text body instead of JSON, as Slack's webhooks answer their errors."""

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    text: str | None = None


@dataclass
class UploadedFile:
    """A file as the upload flow leaves it: asked for (name and announced length), its bytes once posted to the upload
    URL, and where files.completeUploadExternal shared it (None while it is not completed, "" when kept private)."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str = ""
    channel: str | None = None


class SlackStandIn:
    """An HTTP server that answers like Slack's Web API and records what it was asked."""

    auth_token: str = "xoxb-test"

    def __init__(self, clock: Callable[[], float] | None = None, *, strict: bool = True) -> None:
        """`clock` (seconds since the epoch) stamps each message with the moment it was posted, as
        Slack does, for a bot whose clock is not the machine's; by default stamps only count up.
        `strict=False` accepts any payload unchecked, for benchmarks that measure the bot, not its blocks."""
        self._clock = clock
        self.strict = strict
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.scopes: frozenset[str] | None = None
        """The token's scopes; None grants every scope."""
        self._replies: dict[str, deque[Reply]] = {}
        self._arrived = threading.Condition()
        self._ts_counter = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._defaults: dict[str, Callable[[dict[str, Any], Headers], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": lambda params, _: {"ok": True, "message_ts": self._next_ts()},
            "chat.update": self._chat_update,
            "views.publish": self._view_reply,
            "views.open": self._view_reply,
            "views.update": self._view_reply,
            "conversations.open": self._conversations_open,
            "files.getUploadURLExternal": self._get_upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "conversations.history": self._conversations_history,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "users.list": lambda params, _: {
                "ok": True,
                "members": list(self.users.values()),
                "response_metadata": {"next_cursor": ""},
            },
        }

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> SlackStandIn:
        """Bind a free port on 127.0.0.1 and serve from a daemon thread, so a hung test cannot hang exit."""
        if self._server is not None:
            raise RuntimeError("SlackStandIn is already running")
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll interval keeps stop() (and so every test teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="slack-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> SlackStandIn:
        return self if self._server is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ----------------------------------------------------------------- addresses

    @property
    def _base(self) -> str:
        if self._server is None:
            raise RuntimeError("SlackStandIn is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``; the trailing slash matters to slack_sdk."""
        return f"{self._base}{API_PREFIX}"

    def response_url(self, name: str = "r") -> str:
        """A URL to hand out as ``response_url``; posts to it are recorded as method ``"respond"``."""
        return f"{self._base}{RESPOND_PREFIX}{name}"

    # ----------------------------------------------------------------- assertions

    def calls_to(self, method: str) -> list[Call]:
        """A snapshot of the calls made to ``method`` so far, oldest first."""
        with self._arrived:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls to ``method`` arrived, because the bot answers asynchronously."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                matching = [call for call in self.calls if call.method == method]
                remaining = deadline - time.monotonic()
                if len(matching) >= count:
                    return matching
                if remaining <= 0:
                    arrived = [call.method for call in self.calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method} within {timeout}s, "
                        f"got {len(matching)}; calls that did arrive: {arrived}"
                    )
                self._arrived.wait(remaining)

    def posted(self) -> list[dict[str, Any]]:
        """A snapshot of every message posted in any conversation; those answered with an error are not there."""
        with self._arrived:
            return [dict(message) for messages in self.messages.values() for message in messages]

    def assert_no_violations(self) -> None:
        """Fail if the bot sent anything Slack would refuse (or the product forbids); call it as a test
        ends, because the bot may have logged Slack's refusal and carried on."""
        with self._arrived:
            found = list(self.violations)
        assert not found, "Block Kit rules broken:\n" + "\n".join(f"  {v.method}: {v.reason}" for v in found)

    def shared(self, channel: str) -> list[UploadedFile]:
        """The files completed into `channel`, in the order they were asked for."""
        with self._arrived:
            return [f for f in self.files.values() if f.channel == channel]

    def scripted_left(self, method: str) -> int:
        """How many scripted replies to ``method`` have not been used yet."""
        with self._arrived:
            return len(self._replies.get(method, ()))

    def reply(self, method: str, *responses: Reply) -> None:
        """Queue scripted replies for ``method``, used in order before falling back to the default."""
        with self._arrived:
            self._replies.setdefault(method, deque()).extend(responses)

    # ----------------------------------------------------------------- request handling

    def _record(self, method: str, params: dict[str, Any], headers: Headers) -> Reply | None:
        """Record a call and take its scripted reply, if any, under one lock so order is exact."""
        with self._arrived:
            self.calls.append(Call(method, params, headers, time.monotonic()))
            self._arrived.notify_all()
            queue = self._replies.get(method)
            return queue.popleft() if queue else None

    def _answer(self, method: str, params: dict[str, Any], headers: Headers) -> Reply:
        """Work out what Slack would say: a scripted failure first (Slack limits a rate before it reads
        the payload), then a refusal of invalid Block Kit, else the method's default."""
        scripted = self._record(method, params, headers)
        refusal = self._vet(method, params) or self._unscoped(method)
        if scripted is not None and (scripted.body is not None or scripted.status != 200):
            if scripted.body is None:
                error = "ratelimited" if scripted.status == 429 else f"http_{scripted.status}"
                return Reply(scripted.status, {"ok": False, "error": error}, scripted.headers, scripted.delay)
            return scripted
        reply = refusal if refusal is not None else self._default_reply(method, params, headers)
        if scripted is not None:
            return Reply(reply.status, reply.body, scripted.headers, scripted.delay, reply.text)
        return reply

    def _default_reply(self, method: str, params: dict[str, Any], headers: Headers) -> Reply:
        default = self._defaults.get(method)
        return Reply(body=default(params, headers) if default is not None else {"ok": True})

    def _vet(self, method: str, params: dict[str, Any]) -> Reply | None:
        """Check a message or view against the Block Kit rules, record each breach, and return Slack's
        refusal if any breach is one Slack refuses (None when Slack would accept the payload)."""
        if not self.strict:
            return None
        if method in MESSAGE_METHODS:
            breaches = message_breaches(params)
        elif method in VIEW_METHODS:
            breaches = view_breaches(params.get("view"))
        else:
            return None
        with self._arrived:
            self.violations.extend(Violation(method, str(breach)) for breach in breaches)
        refused = [breach for breach in breaches if breach.refused]
        return _refusal(method, refused) if refused else None

    def _unscoped(self, method: str) -> Reply | None:
        """Slack's refusal of a method whose scope the token lacks: HTTP 200, ``missing_scope`` naming the scope
        needed and the scopes the token has (docs.slack.dev/authentication/tokens: "missing_scope")."""
        needed = SCOPE_NEEDED.get(method)
        if self.scopes is None or needed is None or needed in self.scopes:
            return None
        return Reply(body={"ok": False, "error": "missing_scope", "needed": needed,
                           "provided": ",".join(sorted(self.scopes))})

    def _next_ts(self) -> str:
        with self._arrived:
            if self._clock is None:
                self._ts_counter += 1
                return f"1700000000.{self._ts_counter * 100:06d}"
            self._ts_counter = max(self._ts_counter + 1, round(self._clock() * 1_000_000))
            seconds, micros = divmod(self._ts_counter, 1_000_000)
            return f"{seconds}.{micros:06d}"

    # ----------------------------------------------------------------- default replies

    def _auth_test(self, params: dict[str, Any], headers: Headers) -> dict[str, Any]:
        authorization = headers.get("authorization", "")
        token = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else params.get("token")
        if token != self.auth_token:
            return {"ok": False, "error": "invalid_auth"}
        return {
            "ok": True,
            "user_id": "UBOT",
            "bot_id": "BBOT",
            "team_id": "T1",
            "team": "Test",
            "url": "https://test.slack.com/",
        }

    def _chat_post_message(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        ts = self._next_ts()
        message: dict[str, Any] = {
            "type": "message",
            "user": "UBOT",
            "bot_id": "BBOT",
            "text": params.get("text", ""),
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in params:
                message[key] = params[key]
        with self._arrived:
            self.messages.setdefault(str(params.get("channel")), []).append(message)
        return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}

    def _chat_update(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        text = params.get("text", "")
        message: dict[str, Any] = {"type": "message", "user": "UBOT", "bot_id": "BBOT", "text": text}
        if "blocks" in params:
            message["blocks"] = params["blocks"]
        ts = params.get("ts") or self._next_ts()
        return {"ok": True, "channel": params.get("channel"), "ts": ts, "text": text, "message": message}

    def _view_reply(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        view = params.get("view")
        submitted = view if isinstance(view, dict) else {}
        return {"ok": True, "view": {**submitted, "id": params.get("view_id") or "V1"}}

    def _conversations_open(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        users = params.get("users", "")
        first = users[0] if isinstance(users, list) and users else str(users).split(",")[0]
        return {"ok": True, "channel": {"id": f"D{first}"}}

    def _conversations_history(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        """Messages the bot posted to a channel, newest first; metadata only when asked for, as Slack does."""
        oldest = float(params.get("oldest") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._arrived:
            posted = [dict(m) for m in self.messages.get(str(params.get("channel")), []) if float(m["ts"]) >= oldest]
        if not with_metadata:
            for message in posted:
                message.pop("metadata", None)
        return {"ok": True, "messages": posted[::-1], "has_more": False}

    def _get_upload_url(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        """files.getUploadURLExternal: `filename` and a `length` in bytes are required ("missing_argument ...
        Typically only occurs when the length provided is 0"); alt_txt at most ALT_TEXT_CHARS."""
        filename, length = str(params.get("filename") or ""), str(params.get("length") or "")
        if not filename or not length.isdigit() or int(length) == 0:
            return {"ok": False, "error": "missing_argument"}
        if len(str(params.get("alt_txt") or "")) > ALT_TEXT_CHARS:
            return {"ok": False, "error": "alt_txt_too_large"}
        with self._arrived:
            file_id = f"F{len(self.files) + 1:06d}"
            self.files[file_id] = UploadedFile(file_id, filename, int(length))
        return {"ok": True, "upload_url": f"{self._base}{UPLOAD_PREFIX}{file_id}", "file_id": file_id}

    def _receive_upload(self, file_id: str, raw: bytes) -> Reply:
        """The bytes of a file posted to its upload URL. Slack answers 200 when the upload worked and anything else
        when it did not (files.getUploadURLExternal, usage info); bytes other than the announced length, or a
        second upload, are refused here."""
        with self._arrived:
            found = self.files.get(file_id)
            if found is None or found.content is not None:
                return Reply(404, text="upload_url_expired")
            if len(raw) != found.length:
                return Reply(400, text=f"length mismatch: announced {found.length} bytes, sent {len(raw)}")
            found.content = raw
        return Reply(200, text=f"OK - {len(raw)}")

    def _complete_upload(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        """files.completeUploadExternal: `files` (required) a JSON array of {"id", "title"} for files whose bytes
        arrived; each completed once ("This method can only be called once"). Without `channel_id` (or `channels`)
        Slack keeps the file private, which the bot never wants: accepted, and recorded as a violation."""
        try:
            listed = json.loads(str(params.get("files") or ""))
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(listed, list) or not listed or not all(isinstance(f, dict) and f.get("id") for f in listed):
            return {"ok": False, "error": "invalid_arguments"}
        channel = str(params.get("channel_id") or params.get("channels") or "")
        with self._arrived:
            found = [self.files.get(str(f["id"])) for f in listed]
            if any(f is None or f.content is None or f.channel is not None for f in found):
                return {"ok": False, "error": "file_not_found"}
            if not channel:
                self.violations.append(Violation("files.completeUploadExternal",
                                                 "no channel_id: the file stays private to the bot"))
            for entry, uploaded in zip(listed, found):
                assert uploaded is not None
                uploaded.title, uploaded.channel = str(entry.get("title") or uploaded.filename), channel
        return {"ok": True, "files": [{"id": str(f["id"]), "title": str(f.get("title") or "")} for f in listed]}

    def _users_info(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        user = self.users.get(str(params.get("user", "")))
        return {"ok": True, "user": user} if user is not None else {"ok": False, "error": "user_not_found"}

    def _users_lookup_by_email(self, params: dict[str, Any], _: Headers) -> dict[str, Any]:
        wanted = str(params.get("email", "")).casefold()
        for user in list(self.users.values()):
            if str(user.get("profile", {}).get("email", "")).casefold() == wanted:
                return {"ok": True, "user": user}
        return {"ok": False, "error": "users_not_found"}


def _refusal(method: str, refused: list[Breach]) -> Reply:
    """Slack's answer to invalid Block Kit, which differs by where it was sent.

    chat.*: HTTP 200, ``invalid_blocks`` with the reasons in ``errors`` and ``response_metadata.messages``
    (a real reply quoted in github.com/slackapi/bolt-python/issues/1016). views.*: HTTP 200,
    ``invalid_arguments`` with ``response_metadata.messages`` (a views.publish reply kept as a golden file by
    the slack-web Haskell package; github.com/jeremeamia/slack-block-kit/issues/3 for views.open).
    A response_url: HTTP 400 with the plain-text body ``invalid_blocks``, as Slack's webhooks answer
    (api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks: errors are "simple strings"
    in the body with a 4xx status; github.com/sourcegraph/sourcegraph-public-snapshot/issues/49979 quotes
    "400 Bad Request with body \"invalid_blocks\"").
    """
    if method == "respond":
        return Reply(400, text="invalid_blocks")
    messages = [f"[ERROR] {breach}" for breach in refused]
    if method in VIEW_METHODS:
        return Reply(body={"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": messages}})
    return Reply(body={"ok": False, "error": "invalid_blocks", "errors": [str(breach) for breach in refused],
                       "response_metadata": {"messages": messages}})


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """Read a JSON or form body into a dict, decoding JSON-valued form fields like ``blocks``."""
    if not raw:
        return {}
    media_type = content_type.split(";", 1)[0].strip().lower()
    text = raw.decode("utf-8")
    if media_type == "application/json":
        parsed = json.loads(text)
        return parsed if isinstance(parsed, dict) else {"_body": parsed}
    if media_type in ("application/x-www-form-urlencoded", ""):
        return _parse_form(text)
    return {}


def _parse_form(text: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        params[key] = _maybe_json(value) if key in JSON_FORM_FIELDS else value
    return params


def _maybe_json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _handler_for(standin: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    """Build a handler class bound to one stand-in, as http.server wants a class, not an instance."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "SlackStandIn/1.0"

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from base class
            """Stay quiet: pytest output is for test failures, not access logs."""

        def _handle(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = Headers(self.headers.items())
            if url.path.startswith(UPLOAD_PREFIX) and self.command == "POST":
                file_id = unquote(url.path[len(UPLOAD_PREFIX):])
                standin._record("upload", {"file_id": file_id, "length": len(raw)}, headers)
                self._send(standin._receive_upload(file_id, raw))
                return
            try:
                params = _parse_form(url.query)
                params.update(_parse_body(raw, headers.get("content-type", "")))
            except (ValueError, UnicodeDecodeError) as exc:
                self._send(Reply(400, {"ok": False, "error": "invalid_form_data", "detail": str(exc)}))
                return
            if url.path.startswith(API_PREFIX) and len(url.path) > len(API_PREFIX):
                method = unquote(url.path[len(API_PREFIX):])
            elif url.path.startswith(RESPOND_PREFIX) and self.command == "POST":
                method = "respond"
                params["_name"] = unquote(url.path[len(RESPOND_PREFIX):])
            else:
                self._send(Reply(404, {"ok": False, "error": "unknown_path"}))
                return
            self._send(standin._answer(method, params, headers))

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            if reply.text is not None:
                payload, content_type = reply.text.encode("utf-8"), "text/plain; charset=utf-8"
            else:
                payload = json.dumps(reply.body if reply.body is not None else {"ok": True}).encode("utf-8")
                content_type = "application/json; charset=utf-8"
            self.send_response(reply.status)
            if not any(name.lower() == "content-type" for name in reply.headers):
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, str(value))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
