"""APScheduler drives the scheduled work of the running bot.

The scheduler only says "look now"; every reminder lives in the database. So the misfire policy
is explicit and generous: a run that is late for any reason still runs (misfire_grace_time=None),
missed runs coalesce into one, and one run at a time, because each run does whatever is due.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable, Sequence

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from governance.ports import UnitOfWork
from scheduling.dispatch import Dispatcher
from scheduling.tick import tick

log = logging.getLogger("readiness.scheduling")


def start_scheduler(passes: Sequence[Callable[[], None]], *, every: float, tz: str) -> BackgroundScheduler:
    """Runs each pass at once and then every `every` seconds; stop it with `shutdown()`."""
    scheduler = BackgroundScheduler(timezone=tz, job_defaults={
        "misfire_grace_time": None, "coalesce": True, "max_instances": 1})
    for number, work in enumerate(passes):
        scheduler.add_job(_logging_failures(work), IntervalTrigger(seconds=every), id=f"pass-{number}",
                          next_run_time=datetime.now(timezone.utc))
    scheduler.start()
    return scheduler


def reminder_pass(dispatcher: Dispatcher, uows: Callable[[], UnitOfWork]) -> Callable[[], None]:
    def run() -> None:
        ticked = tick(dispatcher, uows)
        if ticked.materialised.added or sum(ticked.dispatched.outcomes.values()):
            log.info("reminders: %d materialised, %s", ticked.materialised.added, dict(ticked.dispatched.outcomes))
    return run


def _logging_failures(work: Callable[[], None]) -> Callable[[], None]:
    """A failed pass (the database restarting, say) is logged; the next pass retries, nothing is lost."""
    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("a scheduled pass failed; the next one retries")
    return run
