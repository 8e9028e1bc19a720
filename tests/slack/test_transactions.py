"""What a reply costs the store, through signed HTTP: one transaction keeps it before the acknowledgement, one
reads, records and finishes it. The Slack side opens none of its own."""
from __future__ import annotations

from types import TracebackType
from typing import Any, Callable

import pytest

from governance.clock import FixedClock
from governance.ports import UnitOfWork
from governance.programme import Programme
from handlers.slack.deps import SlackDeps
from handlers.slack.server import stop
from storage.store import Store
from tests.conftest import AS_OF
from tests.slack.conftest import slack_deps, start_bot
from tests.slack.test_updates import dm
from tests.slack_standin import SlackStandIn


class CountedUnitsOfWork:
    """The store's units of work, counting every transaction begun (each entry opens a session of its own)."""

    def __init__(self, open_uow: Callable[[], UnitOfWork]) -> None:
        self.open_uow = open_uow
        self.entered = 0

    def __call__(self) -> UnitOfWork:
        return _Counting(self.open_uow(), self)  # type: ignore[return-value]


class _Counting:
    def __init__(self, uow: UnitOfWork, counter: CountedUnitsOfWork) -> None:
        self._uow, self._counter = uow, counter

    def __enter__(self) -> _Counting:
        self._counter.entered += 1
        self._uow.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._uow.__exit__(kind, error, traceback)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)


@pytest.mark.parametrize("linked", [True, False], ids=["linked owner", "first contact"])
def test_one_dm_reply_costs_exactly_two_transactions(example_store: Store, slack: SlackStandIn, linked: bool) -> None:
    if linked:
        slack_deps(example_store).programme.link_person("head.mash@example.org", "UMASH")
    counted = CountedUnitsOfWork(example_store.uow)
    bot, server = start_bot(example_store, slack, SlackDeps(Programme(counted, FixedClock(AS_OF), "Europe/London")))
    try:
        reply = dm(bot, "5c(i) amber - supplier late, forecast 12 Feb", event_id="EvCost")
        assert reply is not None and "Recorded *Amber* for `5c(i)`" in reply["text"]
        assert counted.entered == 2, "one to keep the reply, one to read, record and finish it"
    finally:
        stop(server)
