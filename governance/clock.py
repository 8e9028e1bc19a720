"""The clock: everything that depends on "now" is handed one, so tests and `--now` control time."""
from __future__ import annotations

from dataclasses import dataclass
import time as time_module
from datetime import date, datetime, time, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo

from governance.errors import ReadinessError


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


@dataclass(frozen=True)
class FixedClock:
    instant: datetime

    def now(self) -> datetime:
        return self.instant


class RunningClock:
    """Starts at a chosen instant and runs on in real time: `run` and `console` replaying a past day."""

    def __init__(self, start: datetime) -> None:
        self.start, self._started = start, time_module.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time_module.monotonic() - self._started)


EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
"""The days `--now` and `--at` may name. A plan's working days, cadences and deadlines are reckoned years
either side of now, so an instant near the calendar's end (9999-12-31) overflows, and one centuries away
costs seconds of bank-holiday arithmetic; no readiness plan runs outside this century."""


def parse_now(text: str, tz: str) -> datetime:
    """An instant from `--now`/`--at`: a bare date means the end of that day, so its updates count."""
    try:
        if len(text.strip()) == 10:
            moment = datetime.combine(date.fromisoformat(text.strip()), time(23, 59, 59))
        else:
            moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ReadinessError(f"{text!r} is not a date or time (use 2018-01-20 or 2018-01-20T09:00)") from None
    if not EARLIEST <= moment.date() <= LATEST:
        raise ReadinessError(f"{text!r} is out of range: use a date from {EARLIEST} to {LATEST}")
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))
