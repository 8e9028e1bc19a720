"""Nothing a user types acts on another user's spreadsheet, terminal or Markdown reader, and no reader shows a
number that is not one: hostile text planted in the store comes out as text everywhere it is shown."""
from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from rich.console import Console

import bot
from governance import services
from governance.clock import FixedClock
from governance.brag import DEFAULT_KEY
from governance.errors import ReadinessError
from governance.model import Channel, FocusArea, IndicatorValue, Update
from governance.programme import Programme
from governance.recording import NewUpdate, record_update
from governance.template import write_document
from governance.tracker import read_tracker
from governance.tracker_map import TrackerMap
from handlers.cli import json_view
from handlers.console.session import ConsoleSession
from handlers.report.html import render_html
from handlers.report.markdown import render_markdown
from handlers.text.printable import make_console
from storage.plan_files import example_path, read_plan_file, write_plan_file
from storage.store import Store, open_store
from tests.conftest import PLAN_HELD
from tests.test_console_check_in import doubt

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2018, 1, 16, 9, 0, tzinfo=LONDON)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\x00")

TERMINAL_ATTACK = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\\x9b31m\x7f"
MARKUP = "Evil [/b] owner [link=https://evil.example]x[/link] :warning:"
HOSTILE = f"{MARKUP} {TERMINAL_ATTACK}"
OWNER = "head.duty.assessment@example.org"


# --- spreadsheet formulas -----------------------------------------------------------------------------------------

FORMULAS = {"5a": '=HYPERLINK("https://evil.example","x")', "5b(i)": "+cmd|' /C calc'!A0",
            "5c(ii)": "@SUM(1)", "4a": "-2+3"}


def test_a_csv_export_neutralises_formulas_and_imports_back_unchanged(example_store: Store, tmp_path: Path) -> None:
    with example_store.uow() as uow:
        owners = {ref: uow.plan.action(ref).owner for ref in FORMULAS}
        uow.plan.save_action(replace(uow.plan.action("5e"), title="=1+1 priority"))
        uow.commit()
    for ref, planted in FORMULAS.items():
        record_update(NewUpdate(ref, "amber", owners[ref], Channel.SLACK_DM, planted), uow=example_store.uow(),
                      now=PLAN_HELD)
    path = tmp_path / "plan.csv"
    write_plan_file(write_document(services.export_plan(uow=example_store.uow())), path)

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert not [cell for row in rows for cell in row.values() if cell.startswith(DANGEROUS)]
    assert {row["commentary"] for row in rows if row["ref"] in FORMULAS} == {f"'{text}" for text in FORMULAS.values()}
    assert all(row["theme"].isdigit() and date.fromisoformat(row["due"]) for row in rows), "numbers and dates stay so"
    summary = services.import_plan(read_plan_file(path), uow=example_store.uow(), now=datetime(2018, 1, 22, 9, 0,
                                                                                                  tzinfo=LONDON))
    assert summary.updates == 0
    with example_store.uow() as uow:
        latest = {ref: history[-1].commentary for ref, history in uow.updates.histories(FORMULAS, until=None).items()}
        assert uow.plan.action("5e").title == "=1+1 priority"
    assert latest == FORMULAS


def actions_read(path: Path) -> list[dict]:
    """The actions sheet's rows as import reads the file: laid out by the tracker reader, canonical columns."""
    return read_tracker(read_plan_file(path), TrackerMap(), DEFAULT_KEY).sheets["actions"]


@pytest.mark.parametrize("text", ["=x", "'=x", "''=x", "'quoted'", "'", "-2+3", "@SUM(1)", "+1", "\tx", "\x00x",
                                  "don't"])
def test_csv_text_comes_back_exactly_whatever_it_starts_with(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.csv"
    write_plan_file({"actions": [{"ref": "1a", "theme": 1, "title": text, "owner": "jo@example.org",
                                  "due": date(2018, 1, 31), "commentary": text}]}, path)

    row = actions_read(path)[0]

    # A comment is trimmed as it is joined with any note columns (import trims every value anyway).
    assert (row["title"], row["commentary"], row["theme"], row["due"]) == (text, text.strip(), "1", "2018-01-31")


def test_csv_written_by_hand_keeps_its_quotes_and_reads_a_quoted_formula_as_text(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text("ref,theme,title,owner,due,commentary\n"
                    "1a,1,'quoted',jo@example.org,31/01/2018,'=x\n", encoding="utf-8")

    row = actions_read(path)[0]

    assert (row["title"], row["commentary"]) == ("'quoted'", "=x")


def test_an_xlsx_export_holds_no_formula_and_keeps_any_text_exactly(tmp_path: Path) -> None:
    planted = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "'=x", "#REF!", f"{TERMINAL_ATTACK} a\r\nb",
               "_x0041_ stays as typed"]
    path = tmp_path / "plan.xlsx"
    write_plan_file({"actions": [{"ref": f"1{chr(97 + n)}", "theme": 1, "title": text, "owner": "jo@example.org",
                                  "due": date(2018, 1, 31), "commentary": text} for n, text in enumerate(planted)]},
                    path)

    workbook = load_workbook(path)
    cells = [cell for row in workbook["actions"].iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells if isinstance(cell.value, str)} == {"s"}
    rows = actions_read(path)
    assert [row["title"] for row in rows] == [row["commentary"] for row in rows] == planted
    assert {(row["theme"], row["due"]) for row in rows} == {(1, datetime(2018, 1, 31))}, "numbers and dates stay so"


# --- terminal control and rich markup -----------------------------------------------------------------------------

def plant_hostile_text(store: Store) -> None:
    """Names, titles and commentary as an attacker would leave them, written straight to the store so the test holds
    whatever the ways in refuse."""
    with store.uow() as uow:
        uow.plan.save_person(replace(uow.plan.person(OWNER), name=HOSTILE))
        uow.plan.save_person(replace(uow.plan.person("od.social.care@example.org"), name=HOSTILE))
        uow.plan.save_theme(replace(next(t for t in uow.plan.themes() if t.number == 5), title=HOSTILE))
        for ref in ("5a", "5c(ii)"):
            uow.plan.save_action(replace(uow.plan.action(ref), title=HOSTILE))
        uow.plan.save_body(replace(next(b for b in uow.plan.bodies() if b.key == "improvement-board"), name=HOSTILE))
        visit = next(v for v in uow.plan.visits() if v.start == date(2018, 1, 30))
        uow.plan.save_visit(replace(visit, title=HOSTILE, focus_areas=(FocusArea(HOSTILE, (4, 5)),)))
        indicator = next(i for i in uow.plan.indicators() if i.key == "assessments-45wd")
        uow.plan.save_indicator(replace(indicator, name=HOSTILE))
        uow.updates.add(Update("5a", datetime(2018, 1, 10, 9, 0, tzinfo=LONDON), "red", OWNER, Channel.SLACK_DM,
                               HOSTILE))
        uow.commit()


def assert_shown_as_text(out: str) -> None:
    assert not any(char in out for char in "\x1b\x07\x9b\x7f"), "no control character reaches the terminal"
    words = " ".join(out.split())
    assert "Evil [/b] owner [link=https://evil.example]x[/link] :warning:" in words, "markup is shown as typed"
    assert "␛[2J" in words, "control characters are shown, not obeyed"


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The example plan in a SQLite file that `bot.main` opens, printing as to a wide terminal without colour."""
    url = f"sqlite:///{tmp_path / 'readiness.db'}"
    store = open_store(url)
    store.migrate()
    services.import_plan(read_plan_file(example_path("barnet-2018")), uow=store.uow(),
                         now=PLAN_HELD)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "240")
    for forcing in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(forcing, raising=False)
    yield store
    store.close()


@pytest.fixture
def hostile_cli(cli_store: Store) -> Store:
    plant_hostile_text(cli_store)
    return cli_store


@pytest.mark.parametrize("command", [
    ["status", "theme", "5"], ["status", "action", "5a"], ["status", "action", "5c(ii)"], ["history", "5a"],
    ["status", "overdue"], ["status", "visit"], ["status", "mine", "--person", OWNER], ["calendar", "--days", "30"],
    ["status", "board", "improvement-board"],
], ids=lambda command: " ".join(command[:2]))
def test_the_cli_prints_names_titles_and_commentary_as_text(hostile_cli: Store, command: list[str],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert bot.main(["--now", "2018-01-20", *command]) == 0

    assert_shown_as_text(capsys.readouterr().out)


def test_what_the_reader_takes_from_a_hostile_phrase_prints_as_text(cli_store: Store,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert bot.main(["read", f"5a amber - {HOSTILE}"]) == 0

    assert_shown_as_text(capsys.readouterr().out)


def test_a_reading_in_doubt_in_the_console_shows_its_commentary_as_text(example_store: Store,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    doubt(monkeypatch)
    console = Console(record=True, width=240)
    session = ConsoleSession(Programme(example_store.uow, FixedClock(NOW), "Europe/London"), OWNER, console)

    session.say(f"5a amber perhaps - {HOSTILE}")

    out = console.export_text()
    assert "I read Amber" in out
    assert_shown_as_text(out)


def test_a_line_a_command_builds_around_a_name_prints_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    make_console(width=240).print(f"Sent {HOSTILE} the prompt for 5a.")

    assert_shown_as_text(capsys.readouterr().out)


def test_the_console_prints_names_titles_and_commentary_as_text(hostile_cli: Store, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"status theme 5\nstatus action 5a\nstatus visit\n5b(i) amber - "
                                                  f"{MARKUP}\n/quit\n"))

    assert bot.main(["--now", "2018-01-16T09:00", "console", "--as", OWNER]) == 0

    out = capsys.readouterr().out
    assert_shown_as_text(out)
    words = " ".join(out.split())
    assert "Recorded Amber for 5b(i)" in words and "you are Evil [/b] owner" in words


def test_a_check_in_and_a_prompt_in_the_console_show_titles_as_text(example_store: Store) -> None:
    plant_hostile_text(example_store)
    console = Console(record=True, width=240)
    session = ConsoleSession(Programme(example_store.uow, FixedClock(NOW), "Europe/London"), OWNER, console)

    session.say("update 5a")
    session.say("amber")

    assert_shown_as_text(console.export_text())


# --- the Markdown pack --------------------------------------------------------------------------------------------

HTML_ATTACKS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
                "![x](javascript:alert(2))", "<javascript:alert(3)>", "&lt;b&gt; | *not bold* \\[x\\](javascript:y)",
                "Recruitment & retention <50%")


def test_the_markdown_pack_shows_html_and_links_from_titles_as_text(example_store: Store) -> None:
    attack = " ".join(HTML_ATTACKS)
    with example_store.uow() as uow:
        uow.plan.save_theme(replace(next(t for t in uow.plan.themes() if t.number == 5), title=attack))
        uow.plan.save_action(replace(uow.plan.action("5c(ii)"), title=attack))
        uow.plan.save_person(replace(uow.plan.person(OWNER), name=" ".join(HTML_ATTACKS[:4])))
        indicator = next(i for i in uow.plan.indicators() if i.key == "assessments-45wd")
        uow.plan.save_indicator(replace(indicator, name=attack))
        uow.commit()

    markdown = render_markdown(services.readiness_pack(uow=example_store.uow(), now=NOW, tz="Europe/London"))

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<em>not bold</em>" not in html
    assert escape(attack, quote=False) in html, "the text reads back exactly as typed"
    assert "Recruitment & retention <50%" in markdown, "text that opens nothing stays readable in the Markdown"


# --- non-finite indicator values ----------------------------------------------------------------------------------

def store_non_finite(store: Store) -> None:
    """What import refuses, written straight to the store as an older version or a hand-edited database holds it."""
    with store.uow() as uow:
        indicator = next(i for i in uow.plan.indicators() if i.key == "assessments-45wd")
        values = (*indicator.values, IndicatorValue(date(2017, 12, 1), math.inf))
        uow.plan.save_indicator(replace(indicator, target=-math.inf, values=values))
        uow.commit()


def refuse_constant(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


def test_json_for_scripts_is_strict_and_holds_null_for_a_non_finite_value(example_store: Store) -> None:
    store_non_finite(example_store)
    theme = services.theme_readiness(5, uow=example_store.uow(), now=NOW, tz="Europe/London")

    data = json.loads(json_view.dumps(json_view.theme_json(theme)), parse_constant=refuse_constant)

    reading = next(r for r in data["indicators"] if r["key"] == "assessments-45wd")
    assert reading["target"] is None and reading["latest"]["value"] == 57, "the stored infinity is read as missing"


def test_the_packs_show_no_non_finite_reading(example_store: Store) -> None:
    store_non_finite(example_store)
    pack = services.readiness_pack(uow=example_store.uow(), now=NOW, tz="Europe/London")

    for text in (render_markdown(pack), render_html(pack)):
        assert not re.search(r"\b(?:inf|nan|infinity)\b", text, re.IGNORECASE)


def test_json_for_scripts_escapes_c1_controls_as_well_as_c0() -> None:
    text = json_view.dumps({"commentary": "a\x1bb\x9bc\x7fd é"})

    assert not any(char in text for char in "\x1b\x9b\x7f") and json.loads(text)["commentary"] == "a\x1bb\x9bc\x7fd é"


# --- unreadable workbooks -----------------------------------------------------------------------------------------

def broken_workbooks(folder: Path) -> list[Path]:
    random_bytes = folder / "random.xlsx"
    random_bytes.write_bytes(bytes(range(256)) * 4)
    not_a_workbook = folder / "archive.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("hello.txt", "hello")
    bad_xml = folder / "bad-xml.xlsx"
    with zipfile.ZipFile(bad_xml, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
    empty = folder / "empty.xlsx"
    empty.write_bytes(b"")
    return [random_bytes, not_a_workbook, bad_xml, empty]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_one_clear_error(tmp_path: Path) -> None:
    for path in broken_workbooks(tmp_path):
        with pytest.raises(ReadinessError) as refused:
            read_plan_file(path)
        assert str(refused.value) == f"cannot read {path.name}: it is not an Excel workbook (.xlsx)"


def test_importing_a_file_that_is_not_a_workbook_answers_one_line_and_changes_nothing(
        cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = services.export_plan(uow=cli_store.uow())

    for path in broken_workbooks(tmp_path):
        assert bot.main(["import", str(path)]) == 2
        assert capsys.readouterr().err == f"error: cannot read {path.name}: it is not an Excel workbook (.xlsx)\n"

    assert services.export_plan(uow=cli_store.uow()) == before
