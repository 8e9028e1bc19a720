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
from tests.slack.conftest import RunningBot, slack_deps, start_bot
from tests.slack.test_updates import buttons, click, dm
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


def counted_bot(store: Store, slack: SlackStandIn, *, linked: bool) -> tuple[RunningBot, object, CountedUnitsOfWork]:
    """A bot whose every transaction is counted; its owner linked to Slack already, or met for the first time."""
    if linked:
        slack_deps(store).programme.link_person("head.mash@example.org", "UMASH")
    counted = CountedUnitsOfWork(store.uow)
    bot, server = start_bot(store, slack, SlackDeps(Programme(counted, FixedClock(AS_OF), "Europe/London")))
    return bot, server, counted


@pytest.mark.parametrize("linked", [True, False], ids=["linked owner", "first contact"])
def test_one_dm_reply_costs_exactly_two_transactions(example_store: Store, slack: SlackStandIn, linked: bool) -> None:
    bot, server, counted = counted_bot(example_store, slack, linked=linked)
    try:
        reply = dm(bot, "5c(i) amber - supplier late, forecast 12 Feb", event_id="EvCost")
        assert reply is not None and "Recorded *Amber* for `5c(i)`" in reply["text"]
        assert counted.entered == 2, "one to keep the reply, one to read, record and finish it"
    finally:
        stop(server)


@pytest.mark.parametrize("linked", [True, False], ids=["linked owner", "first contact"])
def test_a_reply_that_asks_which_action_costs_two_and_the_choice_one(example_store: Store, slack: SlackStandIn,
                                                                     linked: bool) -> None:
    bot, server, counted = counted_bot(example_store, slack, linked=linked)
    try:
        question = dm(bot, "amber - waiting on the police rota", event_id="EvWhich")
        assert question is not None and question["text"] == "Which action is this about?"
        assert counted.entered == 2, "one to keep the reply, one to read it and keep it for the choice"
        click(bot, buttons(question["blocks"])["choose_2"], message_ts="1700000000.000200", name="choose")
        assert "Recorded *Amber* for `4c`" in slack.wait_for("respond")[-1].params["text"]
        assert counted.entered == 3, "one to read the kept reply back and record it"
    finally:
        stop(server)
