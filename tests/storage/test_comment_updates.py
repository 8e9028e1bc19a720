"""A comment given without a rating, stored on SQLite and on PostgreSQL: it reads back as a comment (None), never as
Not rated, while an undo of an action's first rating reads back as Not rated and the status says so."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from governance import services
from governance.brag import NOT_RATED
from governance.model import Action, Channel, Person, Theme, Update
from governance.recording import NewUpdate, record_update, undo
from storage.store import Store
from tests.conftest import AS_OF

OWNER = "olive@example.org"


def _plan(store: Store) -> None:
    """Olive owns 9a, not yet rated."""
    with store.uow() as uow:
        uow.plan.save_person(Person(OWNER, "Olive Owner"))
        uow.plan.save_theme(Theme(9, "Front door"))
        uow.plan.save_action(Action("9a", 9, "Triage every contact", OWNER, date(2018, 3, 30)))
        uow.commit()


def _add(store: Store, *updates: Update) -> None:
    with store.uow() as uow:
        for update in updates:
            uow.updates.add(update)
        uow.commit()


def _comment(hours_before: int, said: str = "chased the provider") -> Update:
    return Update("9a", AS_OF - timedelta(hours=hours_before), None, None, Channel.IMPORT, said)


def _rated(rating: str, hours_before: int) -> Update:
    return Update("9a", AS_OF - timedelta(hours=hours_before), rating, OWNER, Channel.IMPORT, rating)


def _rate_then_undo(store: Store, rating: str) -> Update:
    """Olive rates 9a, then takes it back: the update the undo records."""
    recorded = record_update(NewUpdate("9a", rating, OWNER, Channel.CONSOLE, "first go"), uow=store.uow(), now=AS_OF)
    assert recorded.update.id is not None
    return undo(recorded.update.id, by=OWNER, via=Channel.CONSOLE, uow=store.uow(),
                now=AS_OF + timedelta(minutes=1)).update


def _status_rating(store: Store) -> str:
    return services.action_status("9a", uow=store.uow(), now=AS_OF + timedelta(hours=1)).state.rating


def test_a_comment_is_stored_as_an_empty_rating_and_reads_back_as_none(store: Store) -> None:
    _plan(store)
    _add(store, _rated("amber", 3), _comment(2))
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT rating FROM updates ORDER BY at")).scalars().all()
    assert stored == ["amber", ""]
    with store.uow() as uow:
        history = uow.updates.histories(["9a"], until=None)["9a"]
        current = uow.updates.current(["9a"], until=AS_OF)["9a"]
        state = uow.updates.states()["9a"]
        one = uow.updates.get(history[-1].id or 0)
    assert [u.rating for u in history] == [u.rating for u in current] == ["amber", None]
    assert (state.rating, state.rated_id, state.last_id) == ("amber", history[0].id, history[-1].id)
    assert one is not None and one.rating is None
    assert history[-1].commentary == "chased the provider"
    assert _status_rating(store) == "amber"


def test_undo_of_a_first_rating_shows_not_rated_in_status(store: Store) -> None:
    _plan(store)
    restored = _rate_then_undo(store, "green")
    assert restored.rating == NOT_RATED and restored.commentary == "Undo: back to Not rated"
    assert _status_rating(store) == NOT_RATED
    theme = services.theme_readiness(9, uow=store.uow(), now=AS_OF + timedelta(hours=1))
    assert theme.readiness.spread["not_rated"] == 1 and theme.readiness.spread["green"] == 0


def test_undo_of_a_first_rating_after_a_comment_shows_not_rated(store: Store) -> None:
    _plan(store)
    _add(store, _comment(2))
    assert _rate_then_undo(store, "red").rating == NOT_RATED
    assert _status_rating(store) == NOT_RATED


def test_undo_goes_back_past_a_comment_to_the_rating_before(store: Store) -> None:
    _plan(store)
    _add(store, _rated("amber", 3), _comment(2, "contract with legal"))
    restored = _rate_then_undo(store, "green")
    assert restored.rating == "amber" and restored.commentary == "Undo: back to Amber (amber)"
    assert _status_rating(store) == "amber"
