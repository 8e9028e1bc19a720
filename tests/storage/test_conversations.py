"""The conversation and pause repositories on SQLite and PostgreSQL: a check-in's actions in order, kept
bodies of events, and pauses kept once per request."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from governance.model import Prompt
from governance.reminders import Pause, PauseKind
from storage.store import Store
from tests.conftest import AS_OF

CARE = "head.cic.careleavers@example.org"


def test_a_check_in_remembers_its_actions_in_order_once_each(example_store: Store) -> None:
    with example_store.uow() as uow:
        for ref in ("6c", "6k", "6e", "6k"):
            uow.conversations.add_prompt(Prompt("DUCARE", "1516.1", ref, CARE, AS_OF))
        uow.conversations.add_prompt(Prompt("DUCARE", "1516.2", "6e", CARE, AS_OF))
        uow.commit()
    with example_store.uow() as uow:
        assert uow.conversations.thread_actions("DUCARE", "1516.1") == ["6c", "6k", "6e"]
        assert uow.conversations.thread_actions("DUCARE", "1516.3") == []
        assert uow.conversations.prompt("DUCARE", "1516.1").action == "6c"
        assert uow.conversations.prompt("DUCARE", "1516.2").action == "6e"


def test_a_finished_event_keeps_its_body_only_when_asked(example_store: Store) -> None:
    later = AS_OF + timedelta(seconds=30)
    with example_store.uow() as uow:
        for event_id in ("EvKeep", "EvDrop"):
            assert uow.conversations.claim_event(event_id, AS_OF, body=f'{{"event_id": "{event_id}"}}',
                                                 lease_until=later)
        uow.conversations.finish_event("EvKeep", AS_OF, keep_body=True)
        uow.conversations.finish_event("EvDrop", AS_OF)
        uow.commit()
    with example_store.uow() as uow:
        assert uow.conversations.event_body("EvKeep") == '{"event_id": "EvKeep"}'
        assert uow.conversations.event_body("EvDrop") is None
        assert uow.conversations.event_body("EvNever") is None
        assert uow.conversations.unfinished_events(at=later + timedelta(minutes=1)) == []


def test_pauses_are_kept_once_per_request_and_read_while_in_force(example_store: Store) -> None:
    at = datetime(2018, 1, 16, 9, tzinfo=AS_OF.tzinfo)
    snooze = Pause(CARE, PauseKind.SNOOZE, date(2018, 1, 16), date(2018, 1, 17))
    disowned = Pause(CARE, PauseKind.NOT_MINE, date(2018, 1, 16), date(2018, 1, 30), "6c")
    with example_store.uow() as uow:
        first = uow.outbox.add_pause(snooze, at=at, request_key="k1")
        assert uow.outbox.add_pause(snooze, at=at, request_key="k1") is None
        second = uow.outbox.add_pause(disowned, at=at, request_key="k2")
        uow.commit()
    assert first == Pause(CARE, PauseKind.SNOOZE, date(2018, 1, 16), date(2018, 1, 17), None, first.id)
    with example_store.uow() as uow:
        assert uow.outbox.pause_by_request("k2") == second and second.ref == "6c"
        assert uow.outbox.pauses(after=date(2018, 1, 16)) == [first, second]
        assert uow.outbox.pauses(after=date(2018, 1, 17)) == [second]
        assert uow.outbox.pauses(after=date(2018, 1, 1), person="someone@example.org") == []
