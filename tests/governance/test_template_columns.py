"""The template's one declaration of columns: export writes every declared column, import reads every one, and
the README's table is generated from it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from governance.brag import DEFAULT_KEY
from governance.model import (
    Action, Body, Channel, Direction, FocusArea, Indicator, IndicatorValue, Person, PlanDocument, PlanInfo, Provenance,
    Section, Theme, Update, Visit, Withdrawal,
)
from governance.template import SHEETS, TEMPLATE, Known, Sheet, read_document, template_table, write_document

README = Path(__file__).resolve().parents[2] / "README.md"
NOW = datetime(2018, 1, 8, 9, 0, tzinfo=timezone.utc)
LATEST = Update("a1", datetime(2017, 12, 1, 9, 0, tzinfo=timezone.utc), "amber", "jo@example.org", Channel.SLACK_DM,
                "Slipping", "https://example.org/audit", date(2018, 2, 28))

FULL = PlanDocument(
    info=PlanInfo("Improvement Action Plan", "Barnet", "[a-z][0-9]+"),
    themes=[Theme(1, "Practice", "Social work practice", "jo@example.org")],
    people=[Person("jo@example.org", "Jo Bloggs", "pmo", True, "U123", ("HoS Practice", "Head of Practice"))],
    bodies=[Body("oig", "Improvement Board", "jo@example.org", "FREQ=WEEKLY;INTERVAL=4;BYDAY=WE", date(2017, 9, 6),
                 (date(2017, 12, 20),), time(14, 0), 3, "Oversees the plan", True,
                 Provenance("Cabinet report, para 1.80", True))],
    actions=[Action("a1", 1, "Audit case files", "jo@example.org", date(2018, 1, 31), "oig",
                    Provenance("Improvement plan, action 1a", True), date(2017, 12, 20),
                    Withdrawal(datetime(2018, 1, 5, tzinfo=ZoneInfo("Europe/London")), None,
                               "Covered by the MASH audit"))],
    updates=[LATEST],
    visits=[Visit(date(2018, 2, 5), date(2018, 2, 9), "Monitoring visit", (FocusArea("Front door", (1,), ("a1",)),),
                  True, Provenance("Ofsted letter, 20 December 2017", True))],
    indicators=[Indicator("timely", "Timely assessments", "days", Direction.LOWER, 45.0, 5.0, (1,), "MI",
                          (IndicatorValue(date(2017, 11, 1), 52.0, Provenance("Performance report, p. 4", True)),),
                          Provenance("Illustrative, derived from para 1.78", True), Section.WORRIED_ABOUT,
                          "jo@example.org", 5)],
)
"""A plan with a value other than the default in every column, so that losing any column changes what is read."""


def read(sheets: dict[str, list[dict[str, Any]]]) -> tuple[PlanDocument, list[str]]:
    reading = read_document(sheets, key=DEFAULT_KEY, known=Known(), now=NOW, tz="Europe/London")
    return reading.doc, reading.problems


def readme_table() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## The plan template", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("|")]


def test_the_readme_table_is_the_declared_template() -> None:
    assert readme_table() == template_table()


@pytest.mark.parametrize("sheet", TEMPLATE, ids=lambda sheet: sheet.name)
def test_export_writes_every_declared_column_in_order(sheet: Sheet) -> None:
    rows = write_document(FULL)[sheet.name]

    names = [column.name for column in sheet.columns]
    assert rows and all(list(row) == names for row in rows)
    assert list(sum(SHEETS[sheet.name], ())) == names, "a workbook's header row (required, then optional) is in order"
    assert [name for name in names if all(row[name] in (None, "") for row in rows)] == []


def test_what_export_writes_import_reads_back() -> None:
    doc, problems = read(write_document(FULL))

    assert problems == []
    carried = Update("a1", LATEST.at, LATEST.rating, None, Channel.IMPORT, LATEST.commentary, LATEST.evidence,
                     LATEST.forecast)
    assert doc == replace(FULL, updates=[carried, LATEST])


@pytest.mark.parametrize("sheet, column", [(sheet.name, column.name) for sheet in TEMPLATE for column in sheet.columns],
                         ids=lambda value: value)
def test_import_reads_every_declared_column(sheet: str, column: str) -> None:
    sheets = write_document(FULL)
    full, _ = read(sheets)
    sheets[sheet] = [{**row, column: None} for row in sheets[sheet]]

    doc, problems = read(sheets)

    assert problems or doc != full, f"{sheet}.{column} is written but import does not read it"
