"""Answer service times, read from the bot's own log (bench.timed_bot): the work each answer cost, from
starting to build it to the end of its post to Slack, without the time it queued.

The acknowledgement is timed from outside, as Slack sees it; an answer's work can only be timed inside the
bot, so the bot logs one line per answer and the benchmark reads the lines each burst added.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

SERVICE_LINE = re.compile(r'answered "(?P<what>[^"]+)" in (?P<ms>\d+(?:\.\d+)?) ms')
"""What handlers.slack.commands.log_service_time writes."""


class AnswerLog:
    """The bot's log, read from where the current burst began."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def mark(self) -> None:
        """A burst begins: only lines written from here on are its own."""
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def service_times(self, what: str, count: int, timeout: float) -> list[float]:
        """Seconds per answer to `what` since the mark; waits until `count` have been logged, since the line
        comes after the post the benchmark saw, or until `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._read(what)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def _read(self, what: str) -> list[float]:
        with self.path.open("rb") as log:
            log.seek(self.offset)
            text = log.read().decode("utf-8", errors="replace")
        return [float(m["ms"]) / 1000 for m in SERVICE_LINE.finditer(text) if m["what"] == what]
