"""The plan store on SQLite and on a real PostgreSQL server: migrations, import, history, export."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, text
from sqlalchemy.exc import DBAPIError

from governance import services
from governance.brag import DEFAULT_KEY
from governance.errors import PlanInvalid
from governance.model import Action, Body, Channel, Direction, FocusArea, Indicator, IndicatorValue, Visit
from governance.projection import deciding
from governance.reminders import Kind, Status
from governance.template import write_document
from storage.migrate import alembic_config, is_current
from storage.models import Base
from storage.store import Store, StoreUnavailable, open_store
from tests.conftest import AS_OF, LONDON
from tests.governance.test_template_columns import FULL


def test_migrations_bring_an_empty_store_to_the_newest_schema(store_url: str) -> None:
    fresh = open_store(store_url)
    assert not is_current(fresh.engine)
    with pytest.raises(StoreUnavailable, match="readiness init"):
        fresh.require_current()
    fresh.migrate()
    fresh.migrate()
    assert is_current(fresh.engine)
    fresh.close()


def test_the_migrations_build_exactly_the_tables_the_models_describe(store: Store) -> None:
    with store.engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert drift == []


def test_the_example_plan_reads_back_as_of_20_january_2018(example_store: Store) -> None:
    theme = services.theme_readiness(5, uow=example_store.uow(), now=AS_OF)
    assert theme.theme.title == "Improving Assessment for children"
    assert theme.readiness.spread == {"blue": 1, "green": 5, "amber": 1, "red": 1, "not_rated": 0}
    assert [s.action.ref for s in theme.readiness.overdue] == ["5c(ii)", "5e"]
    assert [s.action.ref for s in theme.readiness.red_twice] == ["5c(ii)"]
    assert {r.indicator.key for r in theme.readiness.indicators} >= {"assessments-45wd"}


def test_updates_after_now_do_not_count(example_store: Store) -> None:
    early = datetime(2017, 11, 1, 8, 0, tzinfo=LONDON)
    theme = services.theme_readiness(5, uow=example_store.uow(), now=early)
    assert set(theme.readiness.spread) == {"blue", "green", "amber", "red", "not_rated"}
    assert theme.readiness.spread["not_rated"] == len(theme.readiness.states)


def test_timestamps_come_back_timezone_aware_in_utc(example_store: Store) -> None:
    status = services.action_status("5b(ii)", uow=example_store.uow(), now=AS_OF)
    assert status.history
    for update in status.history:
        assert update.at.tzinfo is not None
        assert update.at.utcoffset() == timezone.utc.utcoffset(None)


def test_the_current_updates_are_those_each_history_is_decided_by(example_store: Store) -> None:
    """Roll-ups read only the updates an action's stored state names: exactly those its whole history decides by."""
    with example_store.uow() as uow:
        histories = uow.updates.histories(None, until=AS_OF)
        current = uow.updates.current(None, until=AS_OF)
        some = uow.updates.current(["5b(ii)", "6c"], until=AS_OF)
    assert current == {ref: deciding(history, DEFAULT_KEY) for ref, history in histories.items()}
    assert some == {ref: current[ref] for ref in ("5b(ii)", "6c")}


def test_the_database_refuses_to_rewrite_history(example_store: Store) -> None:
    for statement in ("UPDATE updates SET rating = 'blue'", "DELETE FROM updates"):
        with example_store.engine.connect() as connection:
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text(statement))
    with example_store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM updates")).scalar_one() > 60


def test_an_import_with_one_bad_row_changes_nothing(example_store: Store) -> None:
    before = write_document(services.export_plan(uow=example_store.uow()))
    sheets = {
        "actions": [
            {"ref": "5z", "theme": 5, "title": "A new action", "owner": "pmo@example.org", "due": "2018-03-01"},
            {"ref": "5y", "theme": 5, "title": "Another", "owner": "pmo@example.org", "due": "31/02/2018"},
        ],
    }
    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(sheets, uow=example_store.uow(), now=AS_OF)
    assert refused.value.problems == [
        "actions, row 3, column due: 31/02/2018 is not a date (use 31/01/2018 or 2018-01-31, a month such as "
        "Jan 2018, or TBC when there is none yet)"]
    assert write_document(services.export_plan(uow=example_store.uow())) == before


def test_an_import_adds_actions_and_a_rating_becomes_an_update(example_store: Store) -> None:
    sheets = {"actions": [{"ref": "5g", "theme": "5", "title": "Audit of fathers' involvement",
                           "owner": "Head of Service, MASH", "due": "28/02/2018", "rating": "Amber",
                           "commentary": "Audit tool agreed"}]}
    summary = services.import_plan(sheets, uow=example_store.uow(), now=AS_OF)
    assert (summary.actions, summary.updates) == (1, 1)
    status = services.action_status("5g", uow=example_store.uow(), now=AS_OF)
    assert status.state.rating == "amber"
    assert status.history[-1].via == "import"
    assert status.state.action.owner == "head.mash@example.org"


def test_re_importing_an_export_records_nothing_new(example_store: Store) -> None:
    exported = write_document(services.export_plan(uow=example_store.uow()))
    summary = services.import_plan(exported, uow=example_store.uow(), now=AS_OF)
    assert summary.updates == 0
    assert summary.skipped_updates == len(exported["updates"]) + sum(1 for a in exported["actions"] if a.get("rating"))
    assert write_document(services.export_plan(uow=example_store.uow())) == exported


def test_an_export_loads_into_an_empty_store_unchanged(example_store: Store, tmp_path) -> None:
    exported = write_document(services.export_plan(uow=example_store.uow()))
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    other.migrate()
    services.import_plan(exported, uow=other.uow(), now=AS_OF)
    assert write_document(services.export_plan(uow=other.uow())) == exported
    other.close()


def test_visit_readiness_looks_at_the_focus_area_themes_and_the_actions_they_name(example_store: Store) -> None:
    visit = services.visit_readiness(uow=example_store.uow(), now=AS_OF)
    assert visit is not None
    assert (visit.visit.start.isoformat(), visit.visit.end.isoformat()) == ("2018-01-30", "2018-01-31")
    assert [t.theme.number for t in visit.themes] == [4, 5, 6]
    assert visit.working_days_to_go == 7
    counted = [s.action.ref for s in visit.readiness.states]
    themed = {s.action.ref for t in visit.themes for s in t.readiness.states}
    examined = {s.action.ref for s in visit.examined}
    assert examined == set(visit.visit.actions) == {"1a", "1b", "3a", "3g", "4a", "5a", "5b(i)", "5c(ii)", "6a",
                                                    "6b", "6g"}
    assert len(counted) == len(set(counted)) and set(counted) == themed | examined
    assert set(counted) - themed == {"1a", "1b", "3a", "3g"}


def test_my_actions_lists_only_what_the_person_owns(example_store: Store) -> None:
    mine = services.my_actions("head.mash@example.org", uow=example_store.uow(), now=AS_OF)
    assert mine.states
    assert {s.action.owner for s in mine.states} == {"head.mash@example.org"}


def test_an_unreachable_database_is_named_without_its_password() -> None:
    with pytest.raises(StoreUnavailable) as refused:
        open_store("postgresql+psycopg://pmo:s3cret@127.0.0.1:1/readiness")
    assert "cannot reach the database at postgresql+psycopg://pmo:***@127.0.0.1:1/readiness" in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_reminders_kept_from_before_check_ins_read_as_notices(store_url: str) -> None:
    """Before check-ins (0005) an outbox row named a reason (`overdue`) as its kind: 0007 keeps it, as a notice,
    and withdraws it if it was still waiting, so no kind is left that the bot has no message for."""
    old = open_store(store_url)
    command.upgrade(alembic_config(old.engine), "0006")
    with old.engine.begin() as connection:
        for key, kind, status in (("overdue:5a", "overdue", "pending"), ("papers:ib", "papers", "failed")):
            connection.execute(text(
                "INSERT INTO reminders (key, kind, subject, recipient, day, reason, asks_update, due_at, status, "
                "attempts, error) VALUES (:key, :kind, 'x', 'pmo', '2017-12-01', 'old', false, :due, :status, 0, '')"),
                {"key": key, "kind": kind, "status": status, "due": datetime(2017, 12, 1, tzinfo=timezone.utc)})
    old.migrate()
    with old.uow() as uow:
        items = uow.outbox.items(statuses=list(Status))
    assert sorted((i.reminder.kind, i.status) for i in items) == [(Kind.NOTICE, Status.FAILED),
                                                                 (Kind.NOTICE, Status.OBSOLETE)]
    old.close()


# --- where facts come from (0008) -------------------------------------------------------------------------------

def test_every_fact_keeps_its_source_and_the_plan_its_links_in_the_store(store: Store) -> None:
    services.import_plan(write_document(FULL), uow=store.uow(), now=AS_OF)

    stored = services.export_plan(uow=store.uow())

    imported = [replace(i, values=tuple(replace(v, at=AS_OF, via=Channel.IMPORT) for v in i.values))
                for i in FULL.indicators]
    assert (stored.bodies, stored.actions, stored.visits, stored.indicators) == (
        FULL.bodies, FULL.actions, FULL.visits, imported)
    assert stored.visits[0].actions == ("a1",)


def test_a_focus_area_keeps_its_actions_in_order_and_a_new_list_replaces_the_old(example_store: Store) -> None:
    visit = Visit(date(2018, 3, 6), date(2018, 3, 7), "Visit 3", (
        FocusArea("Care planning", (5,), ("5b(ii)", "1a")), FocusArea("Front door", (4,), ("1b", "5b(ii)"))))
    for saved in (visit, replace(visit, focus_areas=(FocusArea("Care planning", (5,), ("1c",)),))):
        with example_store.uow() as uow:
            uow.plan.save_visit(saved)
            uow.commit()
        with example_store.uow() as uow:
            assert next(v for v in uow.plan.visits() if v.start == visit.start) == saved


def test_one_body_is_responsible_for_the_whole_plan(store: Store) -> None:
    for key in ("board", "cabinet"):
        body = Body(key, key.title(), dates=(date(2018, 1, 16),), whole_plan=True)
        with store.uow() as uow:
            uow.plan.save_body(body)
            uow.commit()

    with store.uow() as uow:
        assert [(b.key, b.whole_plan) for b in uow.plan.bodies()] == [("board", False), ("cabinet", True)]


def test_rows_stored_before_0008_are_kept_unsourced_and_link_nothing(store_url: str) -> None:
    old = open_store(store_url)
    command.upgrade(alembic_config(old.engine), "0007")
    with old.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for table, row in (
            ("people", {"email": "jo@example.org", "name": "Jo", "role": "owner", "admin": False}),
            ("themes", {"number": 1, "title": "Practice", "description": ""}),
            ("bodies", {"key": "board", "name": "Board", "dates": ["2018-01-16"], "meeting_time": time(10, 0),
                        "paper_deadline_days": 5, "description": ""}),
            ("actions", {"id": 1, "ref": "1a", "theme": 1, "title": "Do", "owner": "jo@example.org",
                         "due": date(2018, 1, 31), "body": "board"}),
            ("visits", {"id": 1, "start": date(2018, 1, 30), "end": date(2018, 1, 31), "title": "Visit 2",
                        "cancelled": False}),
            ("focus_areas", {"id": 1, "visit_id": 1, "position": 0, "name": "MASH", "themes": [1]}),
            ("indicators", {"key": "cafs", "name": "Open CAFs", "unit": "count", "direction": "lower", "source": "MI"}),
            ("indicator_values", {"indicator_key": "cafs", "month": date(2017, 11, 1), "value": 614}),
        ):
            connection.execute(tables.tables[table].insert(), row)

    old.migrate()

    # From 0011 on, a value stored before reads as imported when its month ended.
    november = IndicatorValue(date(2017, 11, 1), 614.0, at=datetime(2017, 12, 1, tzinfo=timezone.utc),
                              via=Channel.IMPORT)
    with old.uow() as uow:
        assert uow.plan.bodies() == [Body("board", "Board", dates=(date(2018, 1, 16),))]
        assert uow.plan.actions() == [Action("1a", 1, "Do", "jo@example.org", date(2018, 1, 31), "board")]
        assert uow.plan.visits() == [Visit(date(2018, 1, 30), date(2018, 1, 31), "Visit 2", (FocusArea("MASH", (1,)),))]
        assert uow.plan.indicators() == [Indicator("cafs", "Open CAFs", "count", Direction.LOWER, source="MI",
                                                   values=(november,))]
    command.downgrade(alembic_config(old.engine), "0007")
    with old.engine.connect() as connection:
        assert [connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("bodies", "actions", "visits", "focus_areas", "indicator_values")] == [1, 1, 1, 1, 1]
    old.close()
