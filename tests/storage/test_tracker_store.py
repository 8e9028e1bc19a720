"""What the PMO's tracker brings to the store (0009), on SQLite and on PostgreSQL: actions with no date yet,
people's other names, the plan's own ref pattern, and stores from before that keep all they hold."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from alembic import command
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.exc import IntegrityError

from governance.errors import ReadinessError
from governance.model import Action, Person, PlanInfo, Theme
from storage.migrate import alembic_config
from storage.store import Store, open_store

JO = Person("jo@example.org", "Jo Bloggs", aliases=("HoS MASH", "Head of Service - MASH"))
STARTED = datetime(2018, 1, 8, 9, 0, tzinfo=timezone.utc)


def save(store: Store, *facts: Person | Theme | Action | PlanInfo) -> None:
    savers = {Person: "save_person", Theme: "save_theme", Action: "save_action", PlanInfo: "save_info"}
    with store.uow() as uow:
        for fact in facts:
            getattr(uow.plan, savers[type(fact)])(fact)
        uow.commit()


def test_an_action_with_no_date_yet_reads_back_with_no_date(store: Store) -> None:
    ongoing = Action("1b", 1, "Embed the practice model", JO.email, None)
    dated = Action("1a", 1, "Audit", JO.email, date(2018, 1, 31))
    save(store, JO, Theme(1, "Practice"), dated, ongoing)

    with store.uow() as uow:
        assert uow.plan.action("1b") == ongoing
        assert uow.plan.actions(owner=JO.email) == [dated, ongoing]
        assert uow.plan.actions(theme=1) == [dated, ongoing]


def test_an_action_given_a_date_later_keeps_it_and_can_lose_it_again(store: Store) -> None:
    save(store, JO, Theme(1, "Practice"), Action("1b", 1, "Embed", JO.email, None))

    for due in (date(2018, 3, 31), None):
        save(store, Action("1b", 1, "Embed", JO.email, due))
        with store.uow() as uow:
            assert uow.plan.action("1b").due == due


def test_a_person_s_aliases_read_back_in_order(store: Store) -> None:
    save(store, JO)

    with store.uow() as uow:
        assert uow.plan.person(JO.email) == JO
        assert uow.plan.people() == [JO]


def test_aliases_are_kept_trimmed_and_without_blanks(store: Store) -> None:
    save(store, Person(JO.email, JO.name, aliases=("  HoS MASH ", "", "   ", "MASH lead")))

    with store.uow() as uow:
        assert uow.plan.person(JO.email).aliases == ("HoS MASH", "MASH lead")


def test_a_person_saved_again_takes_the_new_aliases(store: Store) -> None:
    save(store, JO)
    save(store, Person(JO.email, JO.name, aliases=("Head of Service",)))
    with store.uow() as uow:
        assert uow.plan.person(JO.email).aliases == ("Head of Service",)

    save(store, Person(JO.email, JO.name))
    with store.uow() as uow:
        assert uow.plan.person(JO.email).aliases == ()


def test_the_plan_s_ref_pattern_reads_back(store: Store) -> None:
    save(store, PlanInfo("Improvement Action Plan", "Barnet", r"^(?P<theme>[1-9])\.[0-9]+$"))
    with store.uow() as uow:
        assert uow.plan.info() == PlanInfo("Improvement Action Plan", "Barnet", r"^(?P<theme>[1-9])\.[0-9]+$")

    save(store, PlanInfo("Improvement Action Plan", "Barnet"))
    with store.uow() as uow:
        assert uow.plan.info().ref_pattern == ""


# --- a store from before (0008, and 0007 two steps behind) -------------------------------------------------------

def store_at(store_url: str, revision: str) -> Store:
    """A store at an earlier revision holding an action that updates, prompts and pauses point at, as a store in
    use would: SQLite must rebuild the actions table under them."""
    old = open_store(store_url)
    command.upgrade(alembic_config(old.engine), revision)
    with old.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for table, row in (
            ("plan_info", {"id": 1, "name": "Improvement Action Plan", "organisation": "Barnet"}),
            ("people", {"email": JO.email, "name": JO.name, "role": "owner", "admin": False}),
            ("themes", {"number": 1, "title": "Practice", "description": ""}),
        ):
            connection.execute(tables.tables[table].insert(), row)
        actions = tables.tables["actions"]
        action_id = connection.execute(actions.insert().returning(actions.c.id), {
            "ref": "1a", "theme": 1, "title": "Audit", "owner": JO.email, "due": date(2018, 1, 31)}).scalar_one()
        for table, row in (
            ("updates", {"at": STARTED, "rating": "green", "via": "import", "commentary": "On track"}),
            ("prompts", {"channel": "D1", "ts": "1.0", "person": JO.email, "sent_at": STARTED}),
            ("pauses", {"person": JO.email, "kind": "not_mine", "starts": date(2018, 1, 8), "until": date(2018, 1, 15),
                        "created_at": STARTED}),
        ):
            connection.execute(tables.tables[table].insert(), row | {"action_id": action_id})
    return old


def counts(store: Store) -> list[int]:
    with store.engine.connect() as connection:
        return [connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("actions", "updates", "prompts", "pauses")]


@pytest.mark.parametrize("revision", ["0008", "0007"])
def test_a_store_from_before_keeps_its_actions_and_their_history(store_url: str, revision: str) -> None:
    old = store_at(store_url, revision)

    old.migrate()

    with old.uow() as uow:
        assert uow.plan.actions() == [Action("1a", 1, "Audit", JO.email, date(2018, 1, 31))]
        assert uow.plan.people() == [Person(JO.email, JO.name)]
        assert uow.plan.info() == PlanInfo("Improvement Action Plan", "Barnet", "")
        assert [u.commentary for u in uow.updates.histories(["1a"], until=None)["1a"]] == ["On track"]
    assert counts(old) == [1, 1, 1, 1]
    old.close()


def test_the_foreign_keys_still_hold_after_0009(store_url: str) -> None:
    old = store_at(store_url, "0008")
    old.migrate()

    with pytest.raises(IntegrityError):
        with old.engine.begin() as connection:
            connection.execute(text("DELETE FROM actions"))
    assert counts(old) == [1, 1, 1, 1]
    old.close()


def test_going_back_to_0008_keeps_everything_once_every_action_has_a_date(store_url: str) -> None:
    old = store_at(store_url, "0008")
    old.migrate()
    save(old, Person(JO.email, JO.name, aliases=("HoS MASH",)), Action("1b", 1, "Embed", JO.email, None))

    with pytest.raises(ReadinessError, match="^cannot go back before migration 0009: 1b has no due date"):
        command.downgrade(alembic_config(old.engine), "0008")
    save(old, Action("1b", 1, "Embed", JO.email, date(2018, 3, 31)))
    command.downgrade(alembic_config(old.engine), "0008")

    schema = inspect(old.engine)
    assert {c["name"]: c["nullable"] for c in schema.get_columns("actions")}["due"] is False
    assert "aliases" not in {c["name"] for c in schema.get_columns("people")}
    assert "ref_pattern" not in {c["name"] for c in schema.get_columns("plan_info")}
    assert counts(old) == [2, 1, 1, 1]
    old.migrate()
    with old.uow() as uow:
        assert [(a.ref, a.due) for a in uow.plan.actions()] == [("1a", date(2018, 1, 31)), ("1b", date(2018, 3, 31))]
    old.close()
