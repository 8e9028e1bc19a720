"""Indicators' figures as an append-only log (0011), on SQLite and on PostgreSQL: kept in order, stored once per
request, folded into each month's figure; a store from before keeps every value; the plan template carries
each indicator's data owner and collection day."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import MetaData, event, text
from sqlalchemy.exc import DBAPIError

from governance.brag import DEFAULT_KEY
from governance.model import (
    Channel, Figure, FigureKind, Indicator, IndicatorValue, Person, PlanDocument, Provenance, Theme,
)
from governance.template import Known, read_document, write_document
from storage.migrate import alembic_config
from storage.plan_files import read_plan_file, write_plan_file
from storage.store import Store, open_store
from tests.storage.test_plan_files import laid_out

LEAD = Person("performance.lead@example.org", "Head of Performance", aliases=("Performance lead",))
REPEATS = Indicator("repeats", "Repeat referrals within 12 months", target=18, themes=(1,), owner=LEAD.email,
                    collection_day=5)
NOVEMBER, DECEMBER = date(2017, 11, 1), date(2017, 12, 1)
COLLECTED = datetime(2018, 1, 8, 9, 30, tzinfo=timezone.utc)
PAPER = Provenance("CELS Committee 16 Jan 2018, para 1.80")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2018, 1, day, hour, tzinfo=timezone.utc)


def given(month: date, kind: FigureKind, when: datetime, value: float | None = None, comment: str = "",
          **more: Any) -> Figure:
    return Figure("repeats", month, kind, when, value, by=LEAD.email, via=Channel.SLACK_DM, comment=comment, **more)


@pytest.fixture
def planned(store: Store) -> Store:
    with store.uow() as uow:
        uow.plan.save_person(LEAD)
        uow.plan.save_theme(Theme(1, "Thresholds"))
        uow.plan.save_indicator(REPEATS)
        uow.commit()
    return store


def add(store: Store, *figures: Figure, request_key: str | None = None) -> list[Figure | None]:
    with store.uow() as uow:
        added = [uow.figures.add(figure, request_key=request_key) for figure in figures]
        uow.commit()
    return added


def repeats(store: Store) -> Indicator:
    with store.uow() as uow:
        [indicator] = uow.plan.indicators(themes=[1])
    return indicator


# --- the log ------------------------------------------------------------------------------------------------------

def test_the_log_keeps_every_entry_oldest_first_whatever_order_they_came_in(planned: Store) -> None:
    later = given(DECEMBER, FigureKind.VALUE, at(9), 18.4)
    earlier = given(DECEMBER, FigureKind.VALUE, at(8), 18.1, numerator=155, denominator=857)
    same_moment = given(NOVEMBER, FigureKind.VALUE, at(9), 17.5)

    stored = add(planned, later, earlier, same_moment)

    with planned.uow() as uow:
        log = uow.figures.log("repeats")
        assert log == [stored[1], stored[0], stored[2]]
        assert log == uow.figures.log()
        assert uow.figures.get(stored[1].id) == replace(earlier, id=stored[1].id)
        assert uow.figures.log("other") == [] and uow.figures.get(stored[2].id + 1) is None
    assert log[0].at.utcoffset() == timezone.utc.utcoffset(None)


def test_the_database_refuses_to_rewrite_a_figure(planned: Store) -> None:
    add(planned, given(DECEMBER, FigureKind.VALUE, at(8), 18.1))

    for statement in ("UPDATE indicator_figures SET value = 17", "DELETE FROM indicator_figures"):
        with planned.engine.connect() as connection:
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text(statement))
    with planned.uow() as uow:
        assert [f.value for f in uow.figures.log()] == [18.1]


def test_a_request_key_stores_its_figure_once(planned: Store) -> None:
    first = given(DECEMBER, FigureKind.VALUE, at(8), 18.1)

    [stored] = add(planned, first, request_key="slack:U1:1515403800.000100")
    with planned.uow() as uow:
        again = uow.figures.add(replace(first, value=81.0), request_key="slack:U1:1515403800.000100")
        other = uow.figures.add(replace(first, at=at(9)), request_key="slack:U1:1515490200.000200")
        uow.commit()

    assert stored is not None and again is None and other is not None
    with planned.uow() as uow:
        assert uow.figures.by_request("slack:U1:1515403800.000100") == stored
        assert uow.figures.by_request("slack:U1:unknown") is None
        assert [f.value for f in uow.figures.log()] == [18.1, 18.1]


# --- the fold -----------------------------------------------------------------------------------------------------

def test_a_correction_is_the_month_s_figure_and_the_earlier_one_stays_in_the_log(planned: Store) -> None:
    add(planned, given(DECEMBER, FigureKind.VALUE, at(8), 181.0), given(DECEMBER, FigureKind.VALUE, at(8, 10), 18.1))

    indicator = repeats(planned)

    assert [(v.month, v.value, v.by, v.via, v.at) for v in indicator.values] == [
        (DECEMBER, 18.1, LEAD.email, Channel.SLACK_DM, at(8, 10))]
    with planned.uow() as uow:
        assert [f.value for f in uow.figures.log("repeats")] == [181.0, 18.1]


def test_not_available_and_withdrawn_leave_the_month_without_a_figure(planned: Store) -> None:
    add(planned,
        given(NOVEMBER, FigureKind.VALUE, at(2), 17.5),
        given(NOVEMBER, FigureKind.WITHDRAWN, at(3), comment="undo of 17.5"),
        given(DECEMBER, FigureKind.NOT_AVAILABLE, at(8), comment="system outage, will send Tuesday"))

    indicator = repeats(planned)

    assert indicator.values == ()
    assert [(f.month, f.comment) for f in indicator.not_available] == [(DECEMBER, "system outage, will send Tuesday")]
    add(planned, given(DECEMBER, FigureKind.VALUE, at(9), 18.1))
    assert ([v.value for v in repeats(planned).values], repeats(planned).not_available) == ([18.1], ())


def test_a_note_shows_beside_its_month_s_figure_and_leaves_it_as_it_is(planned: Store) -> None:
    add(planned,
        given(DECEMBER, FigureKind.VALUE, at(8), 18.1),
        replace(given(DECEMBER, FigureKind.NOTE, at(10), comment="rose after the MASH change"), by="qa@example.org"))

    [december] = repeats(planned).values

    assert (december.value, december.by, december.note) == (18.1, LEAD.email, "rose after the MASH change")


def test_an_indicator_reads_back_its_data_owner_and_collection_day(planned: Store) -> None:
    assert repeats(planned) == REPEATS
    with planned.uow() as uow:
        uow.plan.save_indicator(replace(REPEATS, owner=None, collection_day=None))
        uow.commit()

    assert (repeats(planned).owner, repeats(planned).collection_day) == (None, None)


def test_every_indicator_s_figures_are_read_in_one_query(example_store: Store) -> None:
    statements: list[str] = []
    event.listen(example_store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    with example_store.uow() as uow:
        indicators = uow.plan.indicators()
        some = uow.plan.indicators(themes=[5])

    assert len(indicators) == 21 and all(i.values for i in indicators)
    assert {i.key for i in some} == {"assessments-45wd", "assessments-completed", "strategy-discussions-compliant"}
    assert len(statements) == 6, "the indicators, their themes and their figures: three queries a call"
    assert sum("FROM indicator_figures" in statement for statement in statements) == 2


# --- saving an indicator with values ------------------------------------------------------------------------------

def test_saving_values_appends_only_the_months_that_differ_and_keeps_those_left_out(planned: Store) -> None:
    add(planned, given(DECEMBER, FigureKind.VALUE, COLLECTED, 18.1))
    november = IndicatorValue(NOVEMBER, 17.5, PAPER)
    with planned.uow() as uow:
        uow.plan.save_indicator(replace(REPEATS, values=(november,)))
        uow.plan.save_indicator(replace(REPEATS, values=(november,)))
        uow.plan.save_indicator(replace(REPEATS, values=(replace(november, provenance=Provenance()),
                                                         IndicatorValue(DECEMBER, 18.1, at=COLLECTED))))
        uow.commit()

    with planned.uow() as uow:
        log = uow.figures.log("repeats")
    assert [(f.month, f.value, f.provenance, f.via, f.at) for f in log] == [
        (NOVEMBER, 17.5, PAPER, Channel.IMPORT, datetime(2017, 12, 1, tzinfo=timezone.utc)),
        (NOVEMBER, 17.5, Provenance(), Channel.IMPORT, datetime(2017, 12, 1, tzinfo=timezone.utc)),
        (DECEMBER, 18.1, Provenance(), Channel.SLACK_DM, COLLECTED),
    ]
    assert [(v.month, v.value, v.provenance) for v in repeats(planned).values] == [
        (NOVEMBER, 17.5, Provenance()), (DECEMBER, 18.1, Provenance())]


# --- a store from before (0010) -----------------------------------------------------------------------------------

def test_a_store_from_before_keeps_every_value_and_going_back_keeps_each_month_s_figure(store_url: str) -> None:
    old = open_store(store_url)
    command.upgrade(alembic_config(old.engine), "0010")
    held = [("cafs", NOVEMBER, 614.0, "CELS Committee 16 Jan 2018, para 1.73", False),
            ("cafs", date(2016, 11, 1), 798.0, "", False), ("repeats", NOVEMBER, 18.1, "", True),
            ("repeats", DECEMBER, 18.4, "", False)]
    with old.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for key in ("cafs", "repeats"):
            connection.execute(tables.tables["indicators"].insert(), {
                "key": key, "name": key.title(), "unit": "%", "direction": "lower", "source": ""})
        connection.execute(tables.tables["indicator_values"].insert(), [
            {"indicator_key": key, "month": month, "value": value, "source": source, "illustrative": illustrative}
            for key, month, value, source, illustrative in held])

    old.migrate()

    with old.uow() as uow:
        indicators = {i.key: i for i in uow.plan.indicators()}
        log = uow.figures.log()
        uow.figures.add(Figure("repeats", DECEMBER, FigureKind.VALUE, COLLECTED, 18.2, by="pmo@example.org",
                               via=Channel.CONSOLE))
        uow.figures.add(Figure("repeats", NOVEMBER, FigureKind.WITHDRAWN, COLLECTED))
        uow.commit()
    assert sorted((f.indicator, f.month, f.value, f.provenance.source, f.provenance.illustrative) for f in log) == \
        sorted(held)
    assert {(f.kind, f.via, f.by, f.at) for f in log if f.month == NOVEMBER} == {
        (FigureKind.VALUE, Channel.IMPORT, None, datetime(2017, 12, 1, tzinfo=timezone.utc))}
    assert [(v.month, v.value) for v in indicators["cafs"].values] == [(date(2016, 11, 1), 798.0), (NOVEMBER, 614.0)]
    assert indicators["repeats"].values[0].provenance == Provenance("", True)

    command.downgrade(alembic_config(old.engine), "0010")
    with old.engine.connect() as connection:
        kept = connection.execute(text("SELECT indicator_key, month, value FROM indicator_values "
                                       "ORDER BY indicator_key, month")).all()
    assert [(key, str(month)[:10], value) for key, month, value in kept] == [
        ("cafs", "2016-11-01", 798.0), ("cafs", "2017-11-01", 614.0), ("repeats", "2017-12-01", 18.2)]
    old.migrate()
    with old.uow() as uow:
        assert [(v.month, v.value) for v in next(i for i in uow.plan.indicators() if i.key == "repeats").values] == [
            (DECEMBER, 18.2)]
    old.close()


# --- the plan template --------------------------------------------------------------------------------------------

KNOWN = Known(themes={1}, people={LEAD.email: LEAD.name}, aliases={"performance lead": LEAD.email})
NOW = datetime(2018, 1, 20, 12, 0, tzinfo=timezone.utc)


def read_indicator(**columns: Any) -> tuple[list[Indicator], list[str]]:
    row = {"key": "repeats", "name": "Repeat referrals within 12 months", "target": 18, "themes": "1", **columns}
    reading = read_document({"indicators": [row]}, key=DEFAULT_KEY, known=KNOWN, now=NOW, tz="Europe/London")
    return reading.doc.indicators, reading.problems


@pytest.mark.parametrize("suffix", ["yaml", "xlsx"])
def test_data_owner_and_collection_day_make_the_round_trip(tmp_path: Path, suffix: str) -> None:
    doc = PlanDocument(themes=[Theme(1, "Thresholds")], people=[LEAD],
                       indicators=[REPEATS, Indicator("cafs", "Open CAFs", "count", themes=(1,), owner=LEAD.email)])
    path = tmp_path / f"plan.{suffix}"
    write_plan_file(write_document(doc), path)

    again = read_document(laid_out(read_plan_file(path)), key=DEFAULT_KEY, known=Known(), now=NOW,
                          tz="Europe/London")

    assert again.problems == []
    assert again.doc.indicators == doc.indicators


@pytest.mark.parametrize("owner", [LEAD.email, "Performance.Lead@example.org", "Head of Performance",
                                   "performance lead"])
@pytest.mark.parametrize("day", [5, 5.0, "5", "5th working day", "5th Working Day", " 5th "])
def test_a_data_owner_is_any_name_for_a_person_and_a_collection_day_a_working_day(owner: str, day: Any) -> None:
    [indicator], problems = read_indicator(data_owner=owner, collection_day=day)

    assert problems == []
    assert (indicator.owner, indicator.collection_day) == (LEAD.email, 5)


def test_an_unknown_data_owner_is_refused_naming_its_row_and_column() -> None:
    indicators, problems = read_indicator(data_owner="Head of Perfomance", collection_day=5)

    assert indicators == []
    assert problems == ["indicators, row 2, column data_owner: unknown person 'Head of Perfomance' (add them to the "
                        "people sheet, give them as an alias there or in the tracker map's owners, or give an e-mail "
                        "address)"]


@pytest.mark.parametrize("day", [0, 16, -5, 5.5, "monthly", "5th of the month", "fifth working day", True])
def test_a_collection_day_that_is_not_a_working_day_from_1_to_15_is_one_problem(day: Any) -> None:
    indicators, problems = read_indicator(data_owner=LEAD.email, collection_day=day)

    assert indicators == []
    assert problems == [f"indicators, row 2, column collection_day: {day!r} is not a working day from 1 to 15 "
                        "(use 5 or 5th working day)"]


def test_a_collection_day_with_no_data_owner_is_refused() -> None:
    indicators, problems = read_indicator(collection_day=5)

    assert indicators == []
    assert problems == ["indicators, row 2, column collection_day: there is no data_owner to ask for the figure"]
