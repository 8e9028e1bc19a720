"""Issue 15 end to end: the trackers council PMOs keep (tests/trackers.py) through `readiness import --preview`,
a map saved beside the tracker and edited as a PMO edits it, and `readiness import`, each run as the PMO types it.

The commands run in-process (`bot.main`) on a copy of a store made once per module, so each test has its own
plan as the example held it on Friday 19 January 2018 (or an empty store, for a tracker with a plan of its own).
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import bot
from tests.trackers import TRACKERS, EditMap, Expected

IMPORTED_AT = "2018-01-22T09:00"
"""The Monday after the example is held: the tracker's ratings and comments are the newest the plan has."""
ASKED_AT = "2018-01-22T17:00"
PLAN_NAME = "Barnet Children's Services Improvement Action Plan"
BOX = "┏┃┡│└━─"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def words(self) -> str:
        return " ".join(self.out.split())


class Readiness:
    """The `readiness` command on the test's own store, printing to a wide terminal without colour."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> Run:
        code = bot.main(list(args))
        out, err = self.capsys.readouterr()
        return Run(code, out, err)

    def export(self) -> dict[str, Any]:
        run = self("export")
        assert run.code == 0, run.err
        return yaml.safe_load(run.out)

    def actions(self) -> dict[str, dict[str, Any]]:
        run = self("--now", ASKED_AT, "status", "plan", "--json")
        assert run.code == 0, run.err
        return {a["ref"]: a for a in json.loads(run.out)["actions"]}


@dataclass(frozen=True)
class Pmo:
    tracker: Path
    expected: Expected
    readiness: Readiness

    def preview(self, *options: str) -> Run:
        return self.readiness("--now", IMPORTED_AT, "import", str(self.tracker), "--preview", *options)

    def import_(self, *options: str) -> Run:
        return self.readiness("--now", IMPORTED_AT, "import", str(self.tracker), *options)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """SQLite files made once per module: the example plan as held on Friday 19 January 2018, and an empty store."""
    folder = tmp_path_factory.mktemp("stores")
    made = {}
    for name, argv in (("example", ["--now", "2018-01-19T18:00", "init", "--example", "barnet-2018"]),
                       ("empty", ["init"])):
        made[name] = folder / f"{name}.db"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DATABASE_URL", f"sqlite:///{made[name]}")
            assert bot.main(argv) == 0
    return made


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Expected]]:
    """Every tracker, built once per module."""
    folder = tmp_path_factory.mktemp("trackers")
    return {name: (folder / file, build(folder / file)) for name, (file, build) in TRACKERS.items()}


def open_tracker(name: str, built: dict[str, tuple[Path, Expected]], stores: dict[str, Path], tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Pmo:
    """The tracker and a store, copied for this test alone: a map saved beside the tracker stays with it."""
    path, expected = built[name]
    tracker = tmp_path / path.name
    shutil.copy(path, tracker)
    shutil.copy(stores["empty" if expected.own_plan else "example"], tmp_path / "readiness.db")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'readiness.db'}")
    monkeypatch.setenv("COLUMNS", "240")
    for forcing in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(forcing, raising=False)
    return Pmo(tracker, expected, Readiness(capsys))


@pytest.fixture(params=list(TRACKERS))
def pmo(request: pytest.FixtureRequest, built: dict[str, tuple[Path, Expected]], stores: dict[str, Path],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Pmo:
    return open_tracker(request.param, built, stores, tmp_path, monkeypatch, capsys)


def test_a_preview_stores_nothing_and_shows_how_the_tracker_is_read(pmo: Pmo) -> None:
    before = pmo.readiness("export").out

    preview = pmo.preview()

    assert pmo.readiness("export").out == before
    assert_read_as_expected(preview, pmo.expected, pmo.expected.columns)
    if not pmo.expected.map_needed:
        assert preview.code == 0, preview.out
        assert f"Outcome: {pmo.expected.outcome}, 0 problems" in preview.words
        return
    assert preview.code == 1, preview.out
    assert_listed(preview.out, pmo.expected.map_needed)
    refused = pmo.import_()
    assert refused.code == 2
    assert_listed(refused.err, pmo.expected.map_needed)
    assert pmo.readiness("export").out == before


def test_the_tracker_imports_as_the_pmo_expects(pmo: Pmo) -> None:
    expected = pmo.expected
    plan = pmo.readiness.export()["plan"]
    if expected.edit_map:
        save_and_edit_the_map(pmo, expected.edit_map)
    if expected.flags:
        refused = pmo.import_()
        assert refused.code == 2
        assert all(word in refused.err for word in expected.refused_without_flags), refused.err
    if expected.map_needed or expected.flags:
        preview = pmo.preview(*expected.flags)
        assert preview.code == 0, preview.out
        assert_read_as_expected(preview, expected, expected.mapped_columns or expected.columns)
        assert f"Outcome: {expected.outcome}, 0 problems" in preview.words

    imported = pmo.import_(*expected.flags)

    assert imported.code == 0, imported.err
    assert ("Read with the map" in imported.words) == bool(expected.edit_map)
    assert_stored_as_expected(pmo)
    if not expected.own_plan:
        assert pmo.readiness.export()["plan"] == plan, "a tracker without a plan sheet leaves the plan's name alone"


def test_an_actions_only_csv_leaves_the_plan_name_organisation_and_pack_title(
        built: dict[str, tuple[Path, Expected]], stores: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pmo = open_tracker("actions-only-csv", built, stores, tmp_path, monkeypatch, capsys)
    plan, title, pack = pmo.readiness.export()["plan"], plan_title(pmo), pack_text(pmo, tmp_path / "before")

    assert pmo.import_().code == 0

    assert pmo.readiness.export()["plan"] == plan
    assert plan["name"] == PLAN_NAME and plan["organisation"].startswith("London Borough of Barnet")
    assert plan_title(pmo) == title
    after = pack_text(pmo, tmp_path / "after")
    assert PLAN_NAME in after.splitlines()[0] and after.splitlines()[0] == pack.splitlines()[0]


def test_init_with_the_example_ends_saying_it_is_set_in_january_2018(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'readiness.db'}")
    monkeypatch.setenv("COLUMNS", "240")

    assert bot.main(["init", "--example", "barnet-2018"]) == 0

    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "set in January 2018" in last and "--now 2018-01-" in last, last


def save_and_edit_the_map(pmo: Pmo, edit: EditMap) -> None:
    """`--preview --save-map`, then the PMO's change to the saved YAML, as they would make it in an editor."""
    saved = pmo.preview("--save-map")
    path = pmo.tracker.with_suffix(".map.yaml")
    assert path.is_file(), saved.out
    assert f"Saved the map to {path}" in saved.out
    choices = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    edit(choices)
    path.write_text(yaml.safe_dump(choices, sort_keys=False, allow_unicode=True), encoding="utf-8")


def assert_read_as_expected(preview: Run, expected: Expected, columns_read: dict[str, tuple[str, str]]) -> None:
    """The sheets, header rows, columns, warnings and new people the preview shows."""
    tables = preview_tables(preview.out)
    sheets = tables.get("Sheets", [])
    for name, (role, header_row, why) in expected.sheets.items():
        row = next((r for r in sheets if r[0] == name), None)
        assert row is not None, f"sheet {name} is not listed:\n{preview.out}"
        assert row[1:3] == [role, str(header_row or "")] and why in row[3].lower(), row
    columns = [row for title, rows in tables.items() if title.startswith("Columns of") for row in rows]
    for header, (field, why) in columns_read.items():
        rows = [row for row in columns if row[1] == header]
        assert rows, f"column {header} is not listed:\n{preview.out}"
        assert all(row[2] == field and why in row[3].lower() for row in rows), rows
    for where, words in expected.warnings.items():
        assert_listed(preview.out, (where, *words))
    if expected.new_people:
        assert "New to the plan" in preview.out
    for email in expected.new_people:
        assert_listed(preview.out, (email,))


def assert_stored_as_expected(pmo: Pmo) -> None:
    expected, actions = pmo.expected, pmo.readiness.actions()
    assert {ref: actions[ref]["rating"] for ref in expected.ratings} == expected.ratings
    assert {ref: actions[ref]["owner"] for ref in expected.owners} == expected.owners
    assert {ref: actions[ref]["theme"] for ref in expected.themes} == expected.themes
    assert {ref: actions[ref]["due"] for ref in expected.due} == {
        ref: due.isoformat() if due else None for ref, due in expected.due.items()}
    assert [ref for ref in expected.on_time if actions[ref]["overdue"]] == []
    assert all(actions[ref]["last_update"]["rating"] is None for ref in expected.comment_only), "a comment gives none"
    imported = [u for u in pmo.readiness.export()["updates"] if u.get("via") == "import"]
    for ref, text in expected.comments.items():
        assert any(u["action"] == ref and text in (u.get("commentary") or "") for u in imported), (ref, text)
    for ref in (ref for ref, due in expected.due.items() if due is None):
        action = json.loads(pmo.readiness("--json", "--now", ASKED_AT, "status", "action", ref).out)
        assert (action["due"], action["overdue"]) == (None, False)


def assert_listed(out: str, words: Sequence[str]) -> None:
    """Some line of the output holds every word, as a PMO reads it."""
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert any(all(word in line for word in words) for line in lines), f"no line holds {words}:\n{out}"


def preview_tables(out: str) -> dict[str, list[list[str]]]:
    """The preview's tables by title ("Sheets", "Columns of …"), each row as its cells."""
    tables: dict[str, list[list[str]]] = {}
    title: str | None = None
    rows: list[list[str]] | None = None
    for line in out.splitlines():
        text = line.strip()
        if text == "Sheets" or text.startswith("Columns of "):
            title, rows = text, None
        elif text and text[0] in BOX:
            if title is not None:
                title, rows = None, tables.setdefault(title, [])
            if rows is not None and text.startswith("│"):
                rows.append([cell.strip() for cell in text.strip("│").split("│")])
        elif title is not None:
            title = f"{title} {text}"
        else:
            rows = None
    return tables


def plan_title(pmo: Pmo) -> str:
    run = pmo.readiness("--now", ASKED_AT, "status", "plan", "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)["title"]


def pack_text(pmo: Pmo, out: Path) -> str:
    run = pmo.readiness("--now", ASKED_AT, "report", "--out", str(out), "--format", "md")
    assert run.code == 0, run.err
    return out.with_suffix(".md").read_text(encoding="utf-8")


def test_a_reply_names_a_dotted_ref_once_the_plan_has_it(
        built: dict[str, tuple[Path, Expected]], stores: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pmo = open_tracker("owners-and-refs", built, stores, tmp_path, monkeypatch, capsys)
    before = pmo.readiness("--now", IMPORTED_AT, "read", "1.1 amber, waiting on legal", "--json")

    assert pmo.expected.edit_map is not None
    save_and_edit_the_map(pmo, pmo.expected.edit_map)
    assert pmo.import_(*pmo.expected.flags).code == 0
    after = pmo.readiness("--now", IMPORTED_AT, "read", "1.1 amber, waiting on legal", "--json")

    assert json.loads(before.out)["ref"] is None
    assert json.loads(after.out)["ref"] == "1.1" and "1.1" not in json.loads(after.out)["commentary"]
