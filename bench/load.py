"""Signed requests at a chosen concurrency, each on its own kept-alive connection, timed one by one."""
from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.slack_signing import event_body, signed_headers

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass
class Stats:
    """Latencies in seconds and the wall time they took, with the percentiles people quote."""

    label: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    failures: int = 0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def fire(url: str, bodies: list[tuple[str, str]], *, concurrency: int, secret: str, label: str,
         sent_at: dict[int, float] | None = None) -> Stats:
    """POSTs every body to `url`, `concurrency` at a time; `sent_at[i]` records when body i went."""
    stats = Stats(label, concurrency)
    parts = urlsplit(url)
    lock = threading.Lock()
    queue = list(enumerate(bodies))[::-1]

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                index, (body, content_type) = queue.pop()
            headers = signed_headers(secret, body, content_type=content_type)
            started = time.monotonic()
            try:
                connection.request("POST", parts.path, body=body.encode(), headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                ok = False
            finished = time.monotonic()
            with lock:
                if sent_at is not None:
                    sent_at[index] = started
                if ok:
                    stats.latencies.append(finished - started)
                else:
                    stats.failures += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats.elapsed = time.monotonic() - began
    return stats


def reply_body(user: str, text: str, *, event_id: str, ts: str) -> tuple[str, str]:
    """An owner's free-text reply in the bot's DM, as Slack's Events API delivers it."""
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "ts": ts, "event_ts": ts,
             "text": text}
    return event_body(event, event_id=event_id), JSON


def home_opened_body(user: str, *, event_id: str) -> tuple[str, str]:
    """A person opening the bot's Home tab, as Slack's Events API delivers it."""
    event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home",
             "event_ts": "1700000000.000100"}
    return event_body(event, event_id=event_id), JSON
