"""The governance loop in the store (0012), on SQLite and on PostgreSQL: each body's meeting log kept in order, once
per request, append-only and read with every body; an action's meeting arisen at and its withdrawal kept; a store
from before keeps every action; the plan file's three forms carry both."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import MetaData, event, inspect, text
from sqlalchemy.exc import DBAPIError

from governance.brag import DEFAULT_KEY
from governance.model import (
    Action, Body, Channel, MeetingChange, MeetingChangeKind, Person, PlanDocument, Theme, Update, Withdrawal,
)
from governance.template import Known, read_document, write_document
from storage.migrate import alembic_config
from storage.plan_files import read_plan_file, write_plan_file
from storage.store import Store, open_store
from tests.storage.test_plan_files import laid_out

LONDON = ZoneInfo("Europe/London")
CHAIR = Person("chair@example.org", "Chris Chair")
OWNER = Person("owner@example.org", "Olu Owner")
CSIB = Body("csib", "Children's Services Improvement Board", CHAIR.email, "FREQ=MONTHLY;BYDAY=2TH",
            date(2017, 9, 14), time=time(14, 0))
BOARD = Body("board", "Improvement Board", dates=(date(2018, 1, 16),))
ARISING = Action("1d", 1, "Share the audit with partners", OWNER.email, date(2018, 1, 31), "csib",
                 raised_at=date(2018, 1, 11))
WITHDRAWN = Withdrawal(datetime(2018, 1, 18, 15, 5, tzinfo=LONDON), CHAIR.email, "Covered by the MASH audit")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2018, 1, day, hour, tzinfo=timezone.utc)


def moved(meeting: date, to: date, when: datetime, **more: object) -> MeetingChange:
    return MeetingChange("csib", MeetingChangeKind.MOVED, meeting, when, CHAIR.email, Channel.COMMAND, to, **more)


@pytest.fixture
def planned(store: Store) -> Store:
    with store.uow() as uow:
        for person in (CHAIR, OWNER):
            uow.plan.save_person(person)
        uow.plan.save_theme(Theme(1, "Thresholds"))
        uow.plan.save_body(CSIB)
        uow.plan.save_body(BOARD)
        uow.plan.save_action(Action("1a", 1, "Audit case files", OWNER.email, date(2018, 1, 5), "csib"))
        uow.commit()
    return store


def add(store: Store, *changes: MeetingChange, request_key: str | None = None) -> list[MeetingChange | None]:
    with store.uow() as uow:
        added = [uow.plan.add_meeting_change(change, request_key=request_key) for change in changes]
        uow.commit()
    return added


def bodies(store: Store) -> dict[str, Body]:
    with store.uow() as uow:
        return {body.key: body for body in uow.plan.bodies()}


def save(store: Store, action: Action) -> None:
    with store.uow() as uow:
        uow.plan.save_action(action)
        uow.commit()


# --- the meeting log ----------------------------------------------------------------------------------------------

def test_the_log_keeps_every_change_with_its_id_in_the_order_it_was_stored(planned: Store) -> None:
    """Stored order, not each request's clock: the second of two changes made at once was checked against the log
    the first left, so it is applied after it whatever instant its request carried."""
    later = MeetingChange("csib", MeetingChangeKind.CANCELLED, date(2018, 8, 9), at(12), None, Channel.CONSOLE)
    earlier = moved(date(2018, 1, 11), date(2018, 1, 18), at(8), time=time(15, 30))
    same_moment = MeetingChange("csib", MeetingChangeKind.ADDED, date(2018, 1, 25), at(12), CHAIR.email,
                                Channel.MODAL)
    held = MeetingChange("csib", MeetingChangeKind.HELD, date(2018, 1, 18), at(19), CHAIR.email, Channel.SLACK_DM)

    stored = add(planned, later, earlier, same_moment, held)

    assert all(change is not None and change.id is not None for change in stored)
    assert [replace(change, id=None) for change in stored if change] == [later, earlier, same_moment, held]
    log = bodies(planned)["csib"].changes
    assert log == tuple(stored)
    assert (log[1].to, log[1].time, log[0].to, log[0].time) == (date(2018, 1, 18), time(15, 30), None, None)
    assert log[0].at.utcoffset() == timezone.utc.utcoffset(None)


def test_every_body_comes_with_its_own_log_read_in_one_query(planned: Store) -> None:
    [board_added] = add(planned, MeetingChange("board", MeetingChangeKind.ADDED, date(2018, 2, 6), at(8)))
    [csib_moved] = add(planned, moved(date(2018, 1, 11), date(2018, 1, 18), at(9)))
    statements: list[str] = []
    event.listen(planned.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    found = bodies(planned)

    assert (found["board"].changes, found["csib"].changes) == ((board_added,), (csib_moved,))
    assert sum("FROM meeting_changes" in statement for statement in statements) == 1


def test_saving_a_body_leaves_its_log_as_it_is(planned: Store) -> None:
    [change] = add(planned, moved(date(2018, 1, 11), date(2018, 1, 18), at(9)))

    with planned.uow() as uow:
        uow.plan.save_body(replace(CSIB, name="Improvement Board (children)", changes=()))
        uow.commit()

    assert bodies(planned)["csib"] == replace(CSIB, name="Improvement Board (children)", changes=(change,))
    assert bodies(planned)["board"].changes == ()


def test_a_request_key_records_its_change_once(planned: Store) -> None:
    first = moved(date(2018, 1, 11), date(2018, 1, 18), at(9))

    [stored] = add(planned, first, request_key="slack:U1:1515403800.000100")
    with planned.uow() as uow:
        again = uow.plan.add_meeting_change(replace(first, to=date(2018, 1, 19)),
                                            request_key="slack:U1:1515403800.000100")
        other = uow.plan.add_meeting_change(replace(first, at=at(10)), request_key="slack:U1:1515490200.000200")
        uow.commit()

    assert stored is not None and again is None and other is not None
    with planned.uow() as uow:
        assert uow.plan.meeting_change_by_request("slack:U1:1515403800.000100") == stored
        assert uow.plan.meeting_change_by_request("slack:U1:unknown") is None
    assert [change.to for change in bodies(planned)["csib"].changes] == [date(2018, 1, 18), date(2018, 1, 18)]


def test_the_database_refuses_to_rewrite_the_log(planned: Store) -> None:
    add(planned, moved(date(2018, 1, 11), date(2018, 1, 18), at(9)))

    for statement in ("UPDATE meeting_changes SET to_day = meeting", "DELETE FROM meeting_changes"):
        with planned.engine.connect() as connection:
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text(statement))
    assert [change.to for change in bodies(planned)["csib"].changes] == [date(2018, 1, 18)]


# --- actions arising and withdrawn --------------------------------------------------------------------------------

def test_an_action_keeps_the_meeting_it_arose_at_and_its_withdrawal_however_it_is_read(planned: Store) -> None:
    closed = replace(ARISING, withdrawn=WITHDRAWN)

    save(planned, closed)

    with planned.uow() as uow:
        assert uow.plan.action("1d") == closed
        assert [a for a in uow.plan.actions() if a.ref == "1d"] == [closed]
        assert uow.plan.actions(body="csib", owner=OWNER.email, theme=1)[-1] == closed
        stored = uow.plan.action("1d")
    assert stored is not None and stored.withdrawn is not None
    assert stored.withdrawn.at.utcoffset() == timezone.utc.utcoffset(None)

    save(planned, replace(closed, withdrawn=None))
    with planned.uow() as uow:
        assert uow.plan.action("1d") == ARISING


def test_a_withdrawn_action_is_never_overdue(planned: Store) -> None:
    save(planned, replace(ARISING, due=date(2018, 1, 12)))

    def overdue() -> list[str]:
        with planned.uow() as uow:
            return [a.ref for a in uow.plan.overdue(date(2018, 1, 20), as_of=at(20), complete={"blue"})]

    assert overdue() == ["1a", "1d"]
    save(planned, replace(ARISING, due=date(2018, 1, 12), withdrawn=WITHDRAWN))
    assert overdue() == ["1a"]


# --- a store from before (0011) -----------------------------------------------------------------------------------

def test_a_store_from_before_keeps_every_action_and_going_back_keeps_them_too(store_url: str) -> None:
    old = open_store(store_url)
    command.upgrade(alembic_config(old.engine), "0011")
    with old.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for table, rows in (
            ("people", [{"email": p.email, "name": p.name, "role": "owner", "admin": False, "aliases": ""}
                        for p in (CHAIR, OWNER)]),
            ("themes", [{"number": 1, "title": "Thresholds", "description": ""}]),
            ("bodies", [{"key": "csib", "name": CSIB.name, "chair": CHAIR.email, "cadence": CSIB.cadence,
                         "starts": CSIB.starts, "dates": [], "meeting_time": time(14, 0), "paper_deadline_days": 5,
                         "description": "", "source": "", "illustrative": False, "whole_plan": False}]),
            ("actions", [{"id": n, "ref": ref, "theme": 1, "title": ref.upper(), "owner": OWNER.email,
                          "due": date(2018, 1, 31), "body": "csib", "source": "", "illustrative": False}
                         for n, ref in ((1, "1a"), (2, "1b"))]),
        ):
            connection.execute(tables.tables[table].insert(), rows)

    old.migrate()

    with old.uow() as uow:
        assert [(a.ref, a.raised_at, a.withdrawn) for a in uow.plan.actions()] == [("1a", None, None),
                                                                                  ("1b", None, None)]
        assert [b.changes for b in uow.plan.bodies()] == [()]
        uow.updates.add(Update("1a", at(8), "green", OWNER.email, Channel.SLACK_DM, "On track"))
        uow.plan.save_action(replace(uow.plan.action("1b"), raised_at=date(2018, 1, 11), withdrawn=WITHDRAWN))
        uow.plan.add_meeting_change(moved(date(2018, 2, 8), date(2018, 2, 15), at(9)))
        uow.commit()

    command.downgrade(alembic_config(old.engine), "0011")

    with old.engine.connect() as connection:
        assert connection.execute(text("SELECT ref FROM actions ORDER BY id")).scalars().all() == ["1a", "1b"]
        assert connection.execute(text("SELECT count(*) FROM updates")).scalar_one() == 1
        columns = {column["name"] for column in inspect(connection).get_columns("actions")}
        assert not columns & {"raised_at", "withdrawn_at", "withdrawn_by", "withdrawn_reason"}
        if connection.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    old.migrate()
    with old.uow() as uow:
        assert uow.plan.action("1b") == Action("1b", 1, "1B", OWNER.email, date(2018, 1, 31), "csib")
        assert [b.changes for b in uow.plan.bodies()] == [()]
        assert [u.rating for u in uow.updates.histories(["1a"], until=None)["1a"]] == ["green"]
    old.close()


# --- the plan file's three forms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["yaml", "xlsx", "csv"])
def test_each_form_of_the_plan_file_carries_the_meeting_arisen_at_and_the_withdrawal(tmp_path: Path,
                                                                                     suffix: str) -> None:
    closed = replace(ARISING, ref="1e", raised_at=None,
                     withdrawn=Withdrawal(datetime(2018, 1, 18, tzinfo=LONDON), None, "Covered by the MASH audit"))
    doc = PlanDocument(themes=[Theme(1, "Thresholds")], people=[CHAIR, OWNER], bodies=[CSIB],
                       actions=[ARISING, closed, Action("1f", 1, "Keep going", OWNER.email, None)])
    path = tmp_path / f"plan.{suffix}"
    write_plan_file(write_document(doc), path)

    known = Known(themes={1}, people={p.email: p.name for p in (CHAIR, OWNER)}, bodies={"csib"})
    again = read_document(laid_out(read_plan_file(path)), key=DEFAULT_KEY, known=known, now=at(20),
                          tz="Europe/London")

    assert again.problems == []
    assert again.doc.actions == doc.actions
    assert {"raised_at", "withdrawn", "withdrawn_reason"} <= again.columns["actions"]
