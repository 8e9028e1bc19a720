"""Each action's stored current state, on SQLite and on PostgreSQL: advanced with every update added, folded again
for older rows imported, rebuilt from the log in bulk, built by migration 0010 for a store from before, and kept
right when several replicas add to one action at once."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import MetaData, inspect, text

import storage.projection
from governance.brag import DEFAULT_KEY
from governance.model import Action, Channel, Person, Theme, Update
from governance.projection import Current, deciding, differences, fold
from storage.migrate import alembic_config
from storage.store import Store, open_store
from tests.conftest import LONDON

OWNER = "olive@example.org"
MONDAY = datetime(2018, 1, 8, 9, 0, tzinfo=LONDON)
DUE = date(2018, 1, 10)


def day(n: int) -> datetime:
    return MONDAY + timedelta(days=n)


def plan(store: Store, *actions: tuple[str, date | None]) -> None:
    with store.uow() as uow:
        uow.plan.save_person(Person(OWNER, "Olive Owner"))
        uow.plan.save_theme(Theme(1, "Practice"))
        for ref, due in actions:
            uow.plan.save_action(Action(ref, 1, f"Action {ref}", OWNER, due))
        uow.commit()


def rated(ref: str, rating: str | None, at: datetime) -> Update:
    return Update(ref, at, rating, OWNER, Channel.IMPORT, f"{rating or 'comment'} on {at:%d %b}")


def add(store: Store, *updates: Update) -> list[Update]:
    """Adds the updates in one unit of work, as an import does; returns them with their ids."""
    with store.uow() as uow:
        added = [uow.updates.add(update) for update in updates]
        uow.commit()
    assert all(a is not None for a in added)
    return [a for a in added if a is not None]


def folded(store: Store) -> tuple[dict[str, Current], dict[str, Current]]:
    """The stored states, and what each action's whole log folds to."""
    with store.uow() as uow:
        return uow.updates.states(), {ref: fold(history, DEFAULT_KEY)
                                      for ref, history in uow.updates.histories(None, until=None).items()}


RED_TWICE = (("green", 0), ("amber", 1), ("red", 2), (None, 3), ("red", 4))
"""Green, amber, red, a comment, red again: Red twice from day 4, and the comment last but one."""


def test_each_update_added_advances_the_state_of_its_action(store: Store) -> None:
    plan(store, ("1a", DUE), ("1b", DUE))
    _, _, red, _, again = add(store, *(rated("1a", r, day(n)) for r, n in RED_TWICE))

    with store.uow() as uow:
        states = uow.updates.states()
    assert states == {"1a": Current(last_id=again.id, last_at=day(4), rated_id=again.id, rating="red",
                                    prior_id=red.id, prior_rating="red", run_first_id=red.id,
                                    run_second_id=again.id)}
    assert set(states["1a"].ids) == {red.id, again.id}


def test_a_comment_moves_only_when_the_action_was_last_updated(store: Store) -> None:
    plan(store, ("1a", DUE), ("1b", DUE))
    amber, comment = add(store, rated("1a", "amber", day(0)), rated("1a", None, day(1)))
    (only_said,) = add(store, rated("1b", None, day(1)))

    with store.uow() as uow:
        states = uow.updates.states()
    assert (states["1a"].rating, states["1a"].rated_id, states["1a"].last_id) == ("amber", amber.id, comment.id)
    assert (states["1b"].rating, states["1b"].rated_id, states["1b"].last_id) == (None, None, only_said.id)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM action_states WHERE rating IS NULL")).scalar_one() == 1


def test_older_rows_imported_after_newer_ones_fold_the_whole_log_again(store: Store) -> None:
    plan(store, ("1a", DUE))
    (latest,) = add(store, rated("1a", "green", day(9)))
    add(store, *(rated("1a", r, day(n)) for r, n in RED_TWICE))
    add(store, rated("1a", "red", day(5)))

    stored, expected = folded(store)
    assert differences(stored, expected) == []
    assert (stored["1a"].last_id, stored["1a"].rating, stored["1a"].run_first_id) == (latest.id, "green", None)


def test_an_update_already_recorded_leaves_the_state_as_it_was(store: Store) -> None:
    plan(store, ("1a", DUE))
    with store.uow() as uow:
        first = uow.updates.add(rated("1a", "amber", day(0)), request_key="slack:1")
        again = uow.updates.add(rated("1a", "red", day(1)), request_key="slack:1")
        uow.commit()
        states = uow.updates.states()

    assert again is None and first is not None
    assert (states["1a"].rating, states["1a"].last_id) == ("amber", first.id)


def test_the_current_updates_are_those_the_history_is_decided_by(store: Store) -> None:
    plan(store, ("1a", DUE), ("1b", DUE), ("1c", DUE))
    add(store, *(rated("1a", r, day(n)) for r, n in RED_TWICE), rated("1b", "blue", day(2)))

    with store.uow() as uow:
        histories = uow.updates.histories(None, until=None)
        every = uow.updates.current(None, until=day(10))
        some = uow.updates.current(["1b", "1c", "9z"], until=day(10))

    assert every == {ref: deciding(history, DEFAULT_KEY) for ref, history in histories.items()}
    assert [(u.rating, u.at) for u in every["1a"]] == [("red", day(2)), ("red", day(4))]
    assert some == {"1b": histories["1b"]}


def test_as_of_an_earlier_day_an_action_updated_since_is_read_from_its_history(store: Store) -> None:
    plan(store, ("1a", DUE), ("1b", DUE))
    add(store, *(rated("1a", r, day(n)) for r, n in RED_TWICE), rated("1b", "blue", day(1)))

    with store.uow() as uow:
        histories = uow.updates.histories(None, until=day(3))
        then = uow.updates.current(None, until=day(3))
        before_any = uow.updates.current(["1a", "1b"], until=day(0) - timedelta(minutes=1))

    assert then["1a"] == histories["1a"] and len(then["1a"]) == 4
    assert then["1b"] == deciding(histories["1b"], DEFAULT_KEY)
    assert before_any == {}


def test_rebuilding_puts_back_every_state_from_the_log(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches, so the log is read and the states written in several rounds, interleaved."""
    monkeypatch.setattr(storage.projection, "READ_BATCH", 4)
    monkeypatch.setattr(storage.projection, "WRITE_BATCH", 3)
    refs = [f"1{letter}" for letter in "abcdefghij"]
    plan(store, *((ref, DUE) for ref in refs), ("2a", DUE))
    add(store, *(rated(ref, r, day(n + k)) for k, ref in enumerate(refs) for r, n in RED_TWICE))
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE action_states SET rating = 'blue', run_first_id = NULL"))
        connection.execute(text("DELETE FROM action_states "
                                "WHERE action_id = (SELECT id FROM actions WHERE ref = '1j')"))
    assert len(differences(*folded(store))) == len(refs)

    with store.uow() as uow:
        built = uow.updates.rebuild_states()
        uow.commit()

    assert built == len(refs)
    assert differences(*folded(store)) == []


def test_the_log_streamed_in_batches_folds_as_each_history_does(store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """What `readiness verify` compares with: read in rounds of a few rows, never the whole log at once."""
    monkeypatch.setattr(storage.projection, "READ_BATCH", 4)
    refs = [f"1{letter}" for letter in "abcdef"]
    plan(store, *((ref, DUE) for ref in refs), ("2a", DUE))
    add(store, *(rated(ref, r, day(n + k)) for k, ref in enumerate(refs) for r, n in RED_TWICE))
    with store.uow() as uow:
        streamed, count = uow.updates.folded(), uow.updates.count()
    assert streamed == folded(store)[1] and set(streamed) == set(refs)
    assert count == len(refs) * len(RED_TWICE)


def test_overdue_reads_each_action_s_stored_rating(store: Store) -> None:
    plan(store, ("1a", DUE), ("1b", DUE), ("1c", DUE), ("1d", DUE), ("1e", date(2018, 2, 10)), ("1f", None),
         ("1g", DUE))
    add(store, rated("1b", "blue", day(1)), rated("1b", None, day(2)), rated("1c", "blue", day(5)),
        rated("1d", "amber", day(1)), rated("1e", "red", day(1)), rated("1f", "red", day(1)), rated("1g", None, day(1)))

    def overdue(as_of: datetime) -> list[str]:
        with store.uow() as uow:
            return [a.ref for a in uow.plan.overdue(date(2018, 1, 20), as_of=as_of, complete={"blue"})]

    assert overdue(day(6)) == ["1a", "1d", "1g"]
    assert overdue(day(3)) == ["1a", "1c", "1d", "1g"]


def test_replicas_adding_to_one_action_at_once_leave_the_state_the_log_folds_to(store: Store) -> None:
    """Eight writers at once, each in a unit of work of its own per update, some dated before others already in:
    the state must come out as the fold of all of them, whichever order the database lets them through."""
    plan(store, ("1a", DUE))
    writers, rounds = 8, 4
    start, failures = threading.Barrier(writers), []

    def write(n: int) -> None:
        try:
            start.wait()
            for k in range(rounds):
                with store.uow() as uow:
                    uow.updates.add(rated("1a", ("red", "amber", None, "green")[(n + k) % 4],
                                          day(k) + timedelta(minutes=(n * 7) % writers)))
                    uow.commit()
        except Exception as exc:  # noqa: BLE001 - reported below, with the thread it came from
            failures.append(f"writer {n}: {exc!r}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    stored, expected = folded(store)
    assert differences(stored, expected) == []
    with store.uow() as uow:
        assert len(uow.updates.histories(["1a"], until=None)["1a"]) == writers * rounds


# --- a store from before (0009) ----------------------------------------------------------------------------------

def store_at_0009(store_url: str) -> Store:
    """A store at 0009 with a log written as earlier versions wrote it: comments with an empty rating, and a row
    imported after others though dated before them."""
    old = open_store(store_url)
    command.upgrade(alembic_config(old.engine), "0009")
    with old.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        connection.execute(tables.tables["people"].insert(), {"email": OWNER, "name": "Olive", "role": "owner",
                                                              "admin": False})
        connection.execute(tables.tables["themes"].insert(), {"number": 1, "title": "Practice", "description": ""})
        actions = tables.tables["actions"]
        ids = {ref: connection.execute(actions.insert().returning(actions.c.id), {
            "ref": ref, "theme": 1, "title": ref, "owner": OWNER, "due": DUE}).scalar_one()
            for ref in ("1a", "1b", "1c")}
        rows = [("1a", rating or "", n) for rating, n in RED_TWICE] + [("1a", "blue", -1), ("1b", "", 1)]
        connection.execute(tables.tables["updates"].insert(), [
            {"action_id": ids[ref], "at": day(n), "rating": rating, "via": "import", "commentary": "", "by": OWNER}
            for ref, rating, n in rows])
    return old


def test_migration_0010_builds_each_state_from_the_log(store_url: str) -> None:
    old = store_at_0009(store_url)

    old.migrate()

    stored, expected = folded(old)
    assert set(stored) == {"1a", "1b"}
    assert differences(stored, expected) == []
    assert (stored["1a"].rating, stored["1a"].prior_rating, stored["1b"].rating) == ("red", "red", None)
    old.close()


def test_going_back_to_0009_drops_the_states_and_keeps_the_log(store_url: str) -> None:
    old = store_at_0009(store_url)
    old.migrate()

    command.downgrade(alembic_config(old.engine), "0009")

    assert "action_states" not in inspect(old.engine).get_table_names()
    with old.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM updates")).scalar_one() == len(RED_TWICE) + 2
    old.close()
