"""Indicator figures from the command line, end to end on a real store: a figure given, corrected and undone, each a
new entry in the log `indicator-history` shows (as a table and as JSON); an odd figure held back until `--yes`; a
theme lead's note beside the figure in `status indicator KEY`, `status indicators` and the pack; and every bad input
refused in one line, changing nothing."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bot

DATA_OWNER = "performance.lead@example.org"
THEME_4_LEAD = "od.early.help@example.org"
KEY = "repeat-referrals-12m"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Workdir:
    """A folder with its own copy of the example store, where `readiness` runs in this process (`bot.main`, as the
    console script calls it) and writes what it writes."""

    path: Path
    capsys: pytest.CaptureFixture[str]

    def __truediv__(self, name: str) -> Path:
        return self.path / name

    def __call__(self, *args: str) -> Ran:
        try:
            code = bot.main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = self.capsys.readouterr()
        return Ran(code, out, err)


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan as held on Friday 19 January 2018, made once per module and copied for each test."""
    made = tmp_path_factory.mktemp("example") / "readiness.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", f"sqlite:///{made}")
        assert bot.main(["--now", "2018-01-19T18:00", "init", "--example", "barnet-2018"]) == 0
    return made


@pytest.fixture
def workdir(example_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Workdir:
    shutil.copy(example_db, tmp_path / "readiness.db")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'readiness.db'}")
    monkeypatch.setenv("COLUMNS", "200")
    for forcing in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(forcing, raising=False)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    return Workdir(tmp_path, capsys)


def readiness(*args: str, cwd: Workdir) -> Ran:
    return cwd(*args)


def run(workdir: Workdir, *args: str, now: str = "2018-01-22T10:00") -> str:
    result = readiness("--now", now, *args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def december(workdir: Workdir) -> list[dict[str, Any]]:
    entries = json.loads(run(workdir, "indicator-history", KEY, "--json"))["entries"]
    return [e for e in entries if e["month"] == "2017-12-01"]


def test_a_figure_corrected_and_undone_is_three_entries_in_the_log(workdir: Workdir) -> None:
    given = run(workdir, "figure", KEY, "18.4%", "--by", DATA_OWNER)
    assert given.startswith("Recorded December 2017 for Repeat referrals within 12 months: 18.4%. Entry ")
    corrected = run(workdir, "figure", KEY, "17.9", "--month", "2017-12", "--source", "LCS extract", "--by",
                    DATA_OWNER, now="2018-01-22T10:05")
    assert "17.9% (was 18.4%)" in corrected
    correction = december(workdir)[-1]["id"]
    assert f"`readiness figure-undo {correction} --by {DATA_OWNER}` takes it back." in corrected
    undone = run(workdir, "figure-undo", str(correction), "--by", DATA_OWNER, now="2018-01-22T10:10")
    assert undone == "Undone: Repeat referrals within 12 months for December 2017 is back to 18.4%."

    entries = december(workdir)
    assert [(e["kind"], e["value"], e["source"], e["via"]) for e in entries] == [
        ("value", 18.4, "", "command"), ("value", 17.9, "LCS extract", "command"), ("value", 18.4, "", "command")]
    assert {(e["by"], e["by_name"]) for e in entries} == {
        (DATA_OWNER, "Head of Performance and Business Intelligence")}
    assert [e["at"] for e in entries] == ["2018-01-22T10:00:00+00:00", "2018-01-22T10:05:00+00:00",
                                          "2018-01-22T10:10:00+00:00"]
    table = run(workdir, "indicator-history", "repeat", "referrals")
    assert "Repeat referrals within 12 months (repeat-referrals-12m)" in table
    assert "│ Nov 2017 │ 18.1% │ import │ 19 Jan 2018 18:00 │ import │ │ │ │ CELS Committee 16 Jan 2018, para 1.80 │" \
        in table, "each entry's source under its figure"
    assert (f"│ {correction} │ Dec 2017 │ 17.9% │ Head of Performance and Business Intelligence │ 22 Jan 2018 10:05 │ "
            "command │ │ │ │ LCS extract │") in table


def test_an_odd_figure_is_held_back_until_yes_and_n_a_says_why(workdir: Workdir) -> None:
    held = readiness("--now", "2018-01-22T10:00", "figure", KEY, "240%", "--by", DATA_OWNER, cwd=workdir)
    assert held.returncode == 1
    assert "Is 240% right for Repeat referrals within 12 months (December 2017)? Over 100%" in held.stdout
    assert "Nothing was recorded: add --yes to record it as it is." in " ".join(held.stdout.split())
    assert december(workdir) == []
    assert "240%" in run(workdir, "figure", KEY, "240%", "--yes", "--by", DATA_OWNER)
    said = run(workdir, "figure", KEY, "n/a", "-", "system outage, will send Tuesday", "--by", DATA_OWNER,
               now="2018-01-22T10:05")
    assert said.startswith("Noted: Repeat referrals within 12 months for December 2017 is not available: system "
                           "outage, will send Tuesday (was 240%).")
    assert [e["kind"] for e in december(workdir)] == ["value", "not_available"]


def test_a_theme_leads_note_shows_in_status_indicator_as_text_and_json(workdir: Workdir) -> None:
    run(workdir, "figure", KEY, "17.6%", "--by", DATA_OWNER, now="2018-01-08T10:00")
    refused = readiness("figure-note", KEY, "fell", "--by", DATA_OWNER, cwd=workdir)
    assert refused.returncode == 2 and refused.stderr == (
        "error: Nothing was recorded: notes on Repeat referrals within 12 months are added by the leads of its themes "
        "and the programme office.\n")
    noted = run(workdir, "figure-note", KEY, "fell after the MASH change", "--by", THEME_4_LEAD,
                now="2018-01-08T12:00")
    assert noted.startswith("Noted on Repeat referrals within 12 months (December 2017): “fell after the MASH change”.")

    shown = run(workdir, "status", "indicator", "repeat", "referrals", now="2018-01-22T12:00")
    assert "Repeat referrals within 12 months (repeat-referrals-12m)" in shown
    assert "Section What is working well" in shown and "Latest 17.6% (December 2017)" in shown
    assert "Target 18% (lower is better)" in shown and "Status green" in shown and "Trend improving" in shown
    assert "Recent Nov 17 Dec 17 │ │ 18.1% 17.6% █▁" in shown
    assert "Given by Head of Performance and Business Intelligence, Mon 08 Jan 2018 10:00 (command)" in shown
    assert "Note fell after the MASH change" in shown
    assert "Collection next due Wed 07 Feb 2018 · the 5th working day of each month" in shown

    data = json.loads(run(workdir, "status", "indicator", KEY, "--json", now="2018-01-22T12:00"))
    assert (data["key"], data["status"], data["trend"], data["section"]) == (KEY, "green", "improving", "working well")
    assert (data["supplier"], data["note"]) == ("Head of Performance and Business Intelligence",
                                                "fell after the MASH change")
    assert [(v["month"], v["value"]) for v in data["recent"]] == [("2017-11-01", 18.1), ("2017-12-01", 17.6)]
    assert (data["latest"]["by"], data["latest"]["via"]) == (DATA_OWNER, "command")
    assert (data["owner"], data["collection_day"], data["due"], data["owed"], data["not_available"]) == (
        DATA_OWNER, 5, "2018-02-07", None, None)

    listed = json.loads(run(workdir, "status", "indicators", "--json", now="2018-01-22T12:00"))
    referrals = next(r for r in listed["working_well"] if r["key"] == KEY)
    assert (referrals["supplier"], referrals["note"], len(referrals["recent"])) == (
        "Head of Performance and Business Intelligence", "fell after the MASH change", 2)
    table = run(workdir, "status", "indicators", now="2018-01-22T12:00")
    assert "from Head of Performance and Business Intelligence, 8 Jan" in table
    assert "— fell after the MASH change" in table

    run(workdir, "report", "--out", "pack", now="2018-01-22T12:00")
    markdown, html = ((workdir / name).read_text(encoding="utf-8") for name in ("pack.md", "pack.html"))
    assert ("| Repeat referrals within 12 months | 17.6% (Dec 2017) from Head of Performance and Business "
            "Intelligence, 8 Jan — fell after the MASH change | 18% | improving |") in markdown
    assert ("<td>17.6%<br><span class='muted'>from Head of Performance and Business Intelligence, 8 Jan</span>"
            "<br><em>— fell after the MASH change</em></td>") in html
    assert "<title>Dec 2017: 17.6%</title>" in html, "the trend line stays"


def test_an_owed_figure_and_its_reason_show_in_status_indicator(workdir: Workdir) -> None:
    run(workdir, "figure", KEY, "n/a - system outage", "--by", DATA_OWNER, now="2018-01-08T10:00")
    shown = run(workdir, "status", "indicator", KEY, now="2018-01-08T12:00")
    assert ("Collection December 2017's figure is owed (not available: system outage) · next due Mon 08 Jan 2018 · "
            "the 5th working day of each month") in shown
    data = json.loads(run(workdir, "status", "indicator", KEY, "--json", now="2018-01-08T12:00"))
    assert (data["owed"], data["not_available"]["comment"], data["not_available"]["by_name"]) == (
        "2017-12-01", "system outage", "Head of Performance and Business Intelligence")


@pytest.mark.parametrize(("args", "refusal"), [
    (("indicator-history", "no-such-thing"), "error: no indicator 'no-such-thing'. Indicators: assessments-45wd"),
    (("status", "indicator", "no-such-thing"), "error: no indicator 'no-such-thing'. Indicators: assessments-45wd"),
    (("figure", KEY, "green", "--by", DATA_OWNER), "error: I couldn't read a figure in that, so nothing was recorded"),
    (("figure", KEY, "5", "--month", "2017-13", "--by", DATA_OWNER), "error: --month '2017-13' is not a month"),
    (("figure", KEY, "5", "--month", "2018-01", "--by", DATA_OWNER), "error: January 2018 has not ended yet"),
    (("figure", KEY, "5", "--by", "nobody@example.org"), "error: nobody@example.org is not in the plan's people"),
    (("figure", KEY, "5", "--by", "head.mash@example.org"),
     "error: Nothing was recorded: Repeat referrals within 12 months is given by its data owner"),
    (("figure-undo", "x", "--by", DATA_OWNER), "error: 'x' is not an entry's number"),
    (("figure-undo", "99999999999999999999", "--by", DATA_OWNER), "error: '99999999999999999999' is not an entry's"),
    (("figure-undo", "999999", "--by", DATA_OWNER), "error: There is nothing to undo."),
    (("figure-note", KEY, "x" * 201, "--by", THEME_4_LEAD), "error: A note is one line of up to 200 characters"),
], ids=lambda value: "-".join(value[:2]) if isinstance(value, tuple) else None)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(workdir: Workdir, args: tuple[str, ...],
                                                              refusal: str) -> None:
    before = run(workdir, "indicator-history", KEY, "--json")
    result = readiness("--now", "2018-01-22T10:00", *args, cwd=workdir)
    assert result.returncode == 2 and result.stderr.startswith(refusal), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run(workdir, "indicator-history", KEY, "--json") == before
