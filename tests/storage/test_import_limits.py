"""Imports that once reached the database as errors: SQLite and PostgreSQL now answer alike, with a
problem naming sheet, row and column, and the store unchanged."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String

from governance import services
from governance.errors import PlanInvalid
from governance.model import Body
from governance.template import COLUMN_LENGTHS, MAX_TEXT, write_document
from scheduling.calendar import coming
from storage import models
from storage.plan_files import example_path, read_plan_file, write_plan_file
from storage.store import Store
from tests.conftest import AS_OF
from tests.governance.test_hostile_import import Steps, rule_steps  # noqa: F401 - a fixture used below

STORED_AS = {
    ("plan", "name"): models.PlanInfoRow.name, ("plan", "organisation"): models.PlanInfoRow.organisation,
    ("themes", "title"): models.ThemeRow.title, ("themes", "lead"): models.ThemeRow.lead,
    ("people", "email"): models.PersonRow.email, ("people", "name"): models.PersonRow.name,
    ("people", "role"): models.PersonRow.role, ("people", "slack_user_id"): models.PersonRow.slack_user_id,
    ("people", "aliases"): models.PersonRow.aliases, ("plan", "ref_pattern"): models.PlanInfoRow.ref_pattern,
    ("bodies", "key"): models.BodyRow.key, ("bodies", "name"): models.BodyRow.name,
    ("bodies", "chair"): models.BodyRow.chair, ("bodies", "cadence"): models.BodyRow.cadence,
    ("actions", "ref"): models.ActionRow.ref, ("actions", "owner"): models.ActionRow.owner,
    ("actions", "body"): models.ActionRow.body, ("actions", "evidence"): models.UpdateRow.evidence,
    ("updates", "action"): models.ActionRow.ref, ("updates", "by"): models.UpdateRow.by,
    ("updates", "evidence"): models.UpdateRow.evidence,
    ("visits", "title"): models.VisitRow.title, ("focus_areas", "name"): models.FocusAreaRow.name,
    ("indicators", "key"): models.IndicatorRow.key, ("indicators", "name"): models.IndicatorRow.name,
    ("indicators", "unit"): models.IndicatorRow.unit, ("indicators", "source"): models.IndicatorRow.source,
    ("indicator_values", "indicator"): models.IndicatorFigureRow.indicator_key,
    ("indicators", "data_owner"): models.IndicatorRow.owner,
    ("bodies", "source"): models.BodyRow.source, ("actions", "source"): models.ActionRow.source,
    ("visits", "source"): models.VisitRow.source, ("indicators", "target_source"): models.IndicatorRow.target_source,
    ("indicator_values", "source"): models.IndicatorFigureRow.source,
}
CHECKED_OTHERWISE = {"updates.rating", "updates.via", "indicators.direction", "indicators.section",
                     "updates.request_key", "actions.title", "indicator_figures.kind", "indicator_figures.via",
                     "indicator_figures.by", "indicator_figures.comment", "indicator_figures.request_key",
                     "actions.withdrawn_by"}
"""Columns the template fills from a fixed list, never from the file, or holds to MAX_TEXT."""
PLAN_TABLES = {"plan_info", "people", "themes", "bodies", "actions", "updates", "visits", "focus_areas",
               "focus_area_actions", "indicators", "indicator_figures"}


def test_every_template_length_is_its_store_column() -> None:
    assert {cell: COLUMN_LENGTHS[cell] for cell in STORED_AS} == {cell: c.type.length for cell, c in STORED_AS.items()}
    assert set(COLUMN_LENGTHS) == set(STORED_AS)
    assert models.ActionRow.title.type.length == MAX_TEXT


def test_every_bounded_plan_column_is_checked_by_the_template() -> None:
    bounded = {f"{table.name}.{column.name}" for table in models.Base.metadata.sorted_tables
               if table.name in PLAN_TABLES for column in table.columns
               if isinstance(column.type, String) and column.type.length}
    covered = {f"{c.table.name}.{c.name}" for c in (attribute.property.columns[0] for attribute in STORED_AS.values())}
    assert bounded - covered == CHECKED_OTHERWISE


def padded(length: int, prefix: str = "", suffix: str = "", fill: str = "x") -> str:
    return prefix + fill * (length - len(prefix) - len(suffix)) + suffix


def cadence_of(length: int) -> str:
    """A daily-or-slower rule exactly `length` characters long."""
    head = "FREQ=WEEKLY;BYDAY=MO;BYMONTH=1"
    rest = length - len(head)
    ones = (2 * rest) % 3
    return head + ",1" * ones + ",12" * ((rest - 2 * ones) // 3)


def plan_with_lengths(extra: int) -> dict[str, list[dict[str, Any]]]:
    """One value in every bounded column, each `extra` characters over its column (0: exactly fits)."""
    def over(cell: tuple[str, str], **kwargs: Any) -> str:
        return padded(COLUMN_LENGTHS[cell] + extra, **kwargs)

    person = over(("people", "email"), suffix="@example.org", fill="p")
    return {
        "plan": [{"name": over(("plan", "name")), "organisation": over(("plan", "organisation"))}],
        "people": [{"email": person, "name": over(("people", "name")), "role": over(("people", "role")),
                    "slack_user_id": over(("people", "slack_user_id"), prefix="U", fill="1")}],
        "themes": [{"number": 1, "title": over(("themes", "title")), "lead": person}],
        "bodies": [{"key": over(("bodies", "key"), fill="b"), "name": over(("bodies", "name")),
                    "cadence": cadence_of(COLUMN_LENGTHS[("bodies", "cadence")] + extra), "starts": "2017-09-04",
                    "source": over(("bodies", "source"))}],
        "actions": [{"ref": over(("actions", "ref"), prefix="1a(", suffix=")", fill="i"), "theme": 1, "title": "Act",
                     "owner": person, "due": "2018-01-31", "rating": "green",
                     "evidence": over(("actions", "evidence"), prefix="https://example.org/"),
                     "source": over(("actions", "source"))}],
        "visits": [{"start": "2018-01-30", "end": "2018-01-31", "title": over(("visits", "title")),
                    "source": over(("visits", "source"))}],
        "focus_areas": [{"visit": "2018-01-30", "name": over(("focus_areas", "name")), "themes": "1"}],
        "indicators": [{"key": over(("indicators", "key"), fill="k"), "name": over(("indicators", "name")),
                        "unit": over(("indicators", "unit")), "source": over(("indicators", "source")),
                        "target": 90, "target_source": over(("indicators", "target_source")),
                        "data_owner": person}],
        "indicator_values": [{"indicator": over(("indicators", "key"), fill="k"), "month": "2017-11", "value": 57,
                              "source": over(("indicator_values", "source"))}],
    }


def test_a_value_as_long_as_its_column_imports_on_every_store(store: Store) -> None:
    summary = services.import_plan(plan_with_lengths(0), uow=store.uow(), now=AS_OF)

    assert (summary.people, summary.actions, summary.bodies, summary.indicators) == (1, 1, 1, 1)


def test_one_character_more_is_a_problem_on_every_store(store: Store) -> None:
    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(plan_with_lengths(1), uow=store.uow(), now=AS_OF)

    too_long = {(p.split(",")[0], p.split("column ")[1].split(":")[0]) for p in refused.value.problems
                if "characters; at most" in p}
    assert too_long == {
        ("plan", "name"), ("plan", "organisation"), ("themes", "title"), ("themes", "lead"),
        ("people", "email"), ("people", "name"), ("people", "role"), ("people", "slack_user_id"),
        ("bodies", "key"), ("bodies", "name"), ("bodies", "cadence"),
        ("actions", "ref"), ("actions", "owner"), ("actions", "evidence"), ("visits", "title"),
        ("focus_areas", "name"), ("indicators", "key"), ("indicators", "name"), ("indicators", "unit"),
        ("indicators", "source"), ("bodies", "source"), ("actions", "source"), ("visits", "source"),
        ("indicators", "target_source"), ("indicator_values", "indicator"), ("indicator_values", "source"),
        ("indicators", "data_owner"),
    }
    with store.uow() as uow:
        assert uow.plan.people() == [] and uow.plan.themes() == []


def test_the_issue_s_long_ref_is_one_problem_on_every_store(example_store: Store) -> None:
    before = write_document(services.export_plan(uow=example_store.uow()))
    sheets = {"actions": [{"ref": "5a(" + "i" * 40 + ")", "theme": 5, "title": "Too long a ref",
                           "owner": "pmo@example.org", "due": "2018-03-01"}]}

    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(sheets, uow=example_store.uow(), now=AS_OF)

    assert refused.value.problems == ["actions, row 2, column ref: is 44 characters; at most 20"]
    assert write_document(services.export_plan(uow=example_store.uow())) == before


def test_two_people_with_one_slack_id_in_a_file_is_one_problem_on_every_store(store: Store) -> None:
    sheets = {"themes": [{"number": 1, "title": "Practice"}],
              "people": [{"email": "ann@example.org", "name": "Ann", "slack_user_id": "UANN"},
                         {"email": "bob@example.org", "name": "Bob", "slack_user_id": "UANN"}]}

    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(sheets, uow=store.uow(), now=AS_OF)

    assert refused.value.problems == [
        "people, row 3, column slack_user_id: Slack user UANN is already linked to ann@example.org"]


def test_a_slack_id_the_store_links_to_someone_else_is_one_problem_on_every_store(store: Store) -> None:
    first = {"themes": [{"number": 1, "title": "Practice"}],
             "people": [{"email": "ann@example.org", "name": "Ann", "slack_user_id": "UANN"}]}
    services.import_plan(first, uow=store.uow(), now=AS_OF)
    again = {"people": [{"email": "ann@example.org", "name": "Ann Smith", "slack_user_id": "UANN"},
                        {"email": "bob@example.org", "name": "Bob", "slack_user_id": "UANN"}]}

    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(again, uow=store.uow(), now=AS_OF)

    assert refused.value.problems == [
        "people, row 3, column slack_user_id: Slack user UANN is already linked to ann@example.org"]
    with store.uow() as uow:
        assert [(p.email, p.name, p.slack_user_id) for p in uow.plan.people()] == [("ann@example.org", "Ann", "UANN")]


def test_a_typo_in_an_owner_on_a_csv_re_import_changes_nothing(example_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    write_plan_file(write_document(services.export_plan(uow=example_store.uow())), path)
    before = path.read_text(encoding="utf-8")
    path.write_text(before.replace("head.mash@example.org", "haed.mash@example.org", 1), encoding="utf-8")

    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(read_plan_file(path), uow=example_store.uow(), now=AS_OF)

    [problem] = refused.value.problems
    assert problem.endswith("column owner: haed.mash@example.org is not on the people sheet or in the plan "
                            "(closest: head.mash@example.org); add them to the people sheet, or use "
                            "--allow-new-people to add them")
    write_plan_file(write_document(services.export_plan(uow=example_store.uow())), path)
    assert path.read_text(encoding="utf-8") == before


def test_a_new_owner_is_added_when_the_import_allows_it(example_store: Store) -> None:
    sheets = {"actions": [{"ref": "5g", "theme": 5, "title": "Audit", "owner": "new.starter@example.org",
                           "due": "2018-03-01"}]}

    services.import_plan(sheets, uow=example_store.uow(), now=AS_OF, allow_new_people=True)

    with example_store.uow() as uow:
        assert uow.plan.action("5g").owner == "new.starter@example.org"
        assert uow.plan.person("new.starter@example.org").name == "new.starter@example.org"


def test_the_example_plan_needs_no_new_people(store: Store) -> None:
    services.import_plan(read_plan_file(example_path("barnet-2018")), uow=store.uow(), now=AS_OF)

    with store.uow() as uow:
        assert len(uow.plan.actions()) > 40


@pytest.mark.parametrize(("value", "read_as"), [(".inf", "inf"), ("-.inf", "-inf"), (".nan", "nan"), (".NaN", "nan")])
def test_a_yaml_infinity_is_one_problem_on_every_store(store: Store, tmp_path: Path, value: str, read_as: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("themes:\n  - number: 1\n    title: Practice\n"
                    f"indicators:\n  - key: visits\n    name: Visits on time\n    target: {value}\n", encoding="utf-8")

    with pytest.raises(PlanInvalid) as refused:
        services.import_plan(read_plan_file(path), uow=store.uow(), now=AS_OF)

    assert refused.value.problems == [f"indicators, row 2, column target: {read_as} is not a number"]
    with store.uow() as uow:
        assert uow.plan.indicators() == []


def test_a_fast_rule_already_in_a_store_stalls_nothing(example_store: Store, rule_steps: Steps) -> None:
    """A body saved before such rules were refused: its board view and the calendar answer at once."""
    with example_store.uow() as uow:
        uow.plan.save_body(Body("runaway", "Runaway Group", cadence="FREQ=SECONDLY", starts=date(2017, 9, 1)))
        uow.commit()
    rule_steps.allow(1_000)

    board = services.body_readiness("runaway", uow=example_store.uow(), now=AS_OF)
    calendar = coming(uow=example_store.uow(), start=date(2018, 1, 20), days=42)

    assert board.meeting is None
    assert "runaway" not in {entry.body for entry in calendar}
    assert {entry.body for entry in calendar} >= {"cpog", "improvement-board"}
