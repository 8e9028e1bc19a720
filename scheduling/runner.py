"""APScheduler drives the outbox in the running bot.

The scheduler only says "look now"; every reminder lives in the database. So the misfire policy
is explicit and generous: a run that is late for any reason still runs (misfire_grace_time=None),
missed runs coalesce into one, and one run at a time, because each run sends whatever is due.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from governance.ports import UnitOfWork
from scheduling.dispatch import Dispatcher
from scheduling.tick import tick

log = logging.getLogger("readiness.scheduling")
EVERY_SECONDS = 60


def start_scheduler(dispatcher: Dispatcher, uows: Callable[[], UnitOfWork]) -> BackgroundScheduler:
    """Ticks at once and then every minute; stop it with `shutdown()`."""
    scheduler = BackgroundScheduler(timezone=dispatcher.tz, job_defaults={
        "misfire_grace_time": None, "coalesce": True, "max_instances": 1})

    def run_tick() -> None:
        try:
            ticked = tick(dispatcher, uows)
        except Exception:
            log.exception("reminder tick failed; the next tick retries, nothing is lost")
            return
        if ticked.materialised.added or sum(ticked.dispatched.outcomes.values()):
            log.info("reminders: %d materialised, %s", ticked.materialised.added, dict(ticked.dispatched.outcomes))

    scheduler.add_job(run_tick, IntervalTrigger(seconds=EVERY_SECONDS), id="reminders",
                      next_run_time=datetime.now(timezone.utc))
    scheduler.start()
    return scheduler
