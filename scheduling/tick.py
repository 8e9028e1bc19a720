"""One pass of scheduled work as of an instant: what the running bot does every minute and
`readiness tick --at` does once, for cron-style deployments and for tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from governance.ports import UnitOfWork
from scheduling.dispatch import Dispatched, Dispatcher
from scheduling.outbox import Materialised, materialise


@dataclass(frozen=True)
class Ticked:
    materialised: Materialised
    dispatched: Dispatched


def tick(dispatcher: Dispatcher, uows: Callable[[], UnitOfWork]) -> Ticked:
    materialised = materialise(uow=uows(), now=dispatcher.clock.now(), tz=dispatcher.tz, settings=dispatcher.settings)
    return Ticked(materialised, dispatcher.dispatch())
