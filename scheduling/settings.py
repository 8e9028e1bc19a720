"""How reminders go out where the bot runs: when, how late is still useful, how fast, and where digests go."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import time, timedelta

from governance.errors import ReadinessError


@dataclass(frozen=True)
class ReminderSettings:
    send_at: time = time(9, 0)
    """Local time reminders go out on working days."""
    lateness: timedelta = timedelta(hours=8)
    """A reminder later than this (the bot was down) is skipped and recorded, not sent: the next has its own."""
    lease: timedelta = timedelta(minutes=5)
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
    def from_env(cls, environ: dict[str, str] | None = None) -> ReminderSettings:
        env = os.environ if environ is None else environ
        try:
            send_at = time.fromisoformat(env.get("READINESS_REMINDER_TIME", "09:00"))
            lateness = timedelta(hours=float(env.get("READINESS_LATENESS_HOURS", "8")))
            pace = float(env.get("READINESS_SEND_PACE", "0.5"))
            lease = timedelta(seconds=float(env.get("READINESS_LEASE_SECONDS", "300")))
            every = float(env.get("READINESS_TICK_SECONDS", "60"))
        except ValueError as exc:
            raise ReadinessError(f"reminder settings: {exc} (READINESS_REMINDER_TIME is HH:MM; "
                                 "READINESS_LATENESS_HOURS, READINESS_SEND_PACE, READINESS_LEASE_SECONDS and "
                                 "READINESS_TICK_SECONDS are numbers)") from None
        if lateness <= timedelta(0) or pace < 0 or lease <= timedelta(0) or every <= 0:
            raise ReadinessError("READINESS_LATENESS_HOURS, READINESS_LEASE_SECONDS and READINESS_TICK_SECONDS must "
                                 "be above 0, READINESS_SEND_PACE not below 0")
        return cls(send_at=send_at, lateness=lateness, pace=pace, lease=lease, every=every,
                   pmo_channel=env.get("READINESS_PMO_CHANNEL") or None)
