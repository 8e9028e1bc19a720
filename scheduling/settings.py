"""How reminders go out where the bot runs: when, how late is still useful, how fast, and where digests go."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Mapping

from governance.errors import ReadinessError


@dataclass(frozen=True)
class Bounds:
    """A numeric setting's default and the closed range of values that make sense for it."""
    default: str
    low: float
    high: float

    def admits(self, value: float) -> bool:
        """Infinities fall outside, and so does nan, since every comparison with it is false."""
        return self.low <= value <= self.high


LATENESS_HOURS = Bounds("8", 0, 168)
"""Up to a week: a reminder later than that has long been overtaken by the next. Zero is refused with the
tick, which must be shorter."""
SEND_PACE = Bounds("0.5", 0, 60)
"""Up to the longest Retry-After waited out in place: a slower pace only holds up the day's reminders."""
LEASE_SECONDS = Bounds("300", 1, 86_400)
REPLY_LEASE_SECONDS = Bounds("60", 1, 3_600)
"""A kept reply is someone waiting for their update to count: an hour at most before another replica reads it."""
TICK_SECONDS = Bounds("60", 1, 3_600)
"""At least a second, so the scheduler does not spin on the database; at most an hour."""


@dataclass(frozen=True)
class ReminderSettings:
    send_at: time = time(9, 0)
    """Local time reminders go out on working days."""
    lateness: timedelta = timedelta(hours=8)
    """A reminder later than this (the bot was down) is skipped and recorded, not sent: the next has its own."""
    lease: timedelta = timedelta(minutes=5)
    reply_lease: timedelta = timedelta(seconds=60)
    """How long a replica that acknowledged a reply has to record it before another reads it again."""
    pace: float = 0.5
    """Seconds between two sends, to stay well inside Slack's rate limits."""
    max_wait: float = 60.0
    """The longest Retry-After the dispatcher waits out in place; longer ones are retried on a later tick."""
    max_attempts: int = 6
    batch: int = 20
    every: float = 60.0
    """Seconds between two passes of the running bot's scheduler."""
    pmo_channel: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ReminderSettings:
        """Every setting checked before any command runs, each refusal naming its variable. An empty
        variable means its default, as an unset one does."""
        env = os.environ if environ is None else environ
        settings = cls(send_at=_local_time(env, "READINESS_REMINDER_TIME", "09:00"),
                       lateness=timedelta(hours=_number(env, "READINESS_LATENESS_HOURS", LATENESS_HOURS)),
                       pace=_number(env, "READINESS_SEND_PACE", SEND_PACE),
                       lease=timedelta(seconds=_number(env, "READINESS_LEASE_SECONDS", LEASE_SECONDS)),
                       reply_lease=timedelta(seconds=_number(env, "READINESS_REPLY_LEASE_SECONDS",
                                                             REPLY_LEASE_SECONDS)),
                       every=_number(env, "READINESS_TICK_SECONDS", TICK_SECONDS),
                       pmo_channel=env.get("READINESS_PMO_CHANNEL") or None)
        if timedelta(seconds=settings.every) >= settings.lateness:
            raise ReadinessError(f"READINESS_TICK_SECONDS ({settings.every:g} s) must be shorter than "
                                 f"READINESS_LATENESS_HOURS ({settings.lateness.total_seconds() / 3600:g} h): a "
                                 "reminder waiting longer than that for the next tick is skipped as late")
        return settings


def _number(env: Mapping[str, str], name: str, bounds: Bounds) -> float:
    text = env.get(name) or bounds.default
    try:
        if bounds.admits(value := float(text)):
            return value
    except ValueError:
        pass
    raise ReadinessError(f"{name} is {text!r}: use a number from {bounds.low:g} to {bounds.high:g}")


def _local_time(env: Mapping[str, str], name: str, default: str) -> time:
    """A wall-clock time in READINESS_TZ; an offset would name another zone's nine o'clock."""
    text = env.get(name) or default
    try:
        moment = time.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is not None:
        raise ReadinessError(f"{name} is {text!r}: use a local time such as 09:00, in READINESS_TZ")
    return moment
