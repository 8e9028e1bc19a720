"""The `readiness` command end to end, as a person or a script runs it: a subprocess on a real store; and what
the composition root builds for its commands."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bot
from governance.clock import FixedClock
from handlers.cli.parser import parse_command_line
from handlers.text.printable import make_console
from tests.conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]


def readiness(*args: str, cwd: Path, url: str | None = None, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "100", **(env or {})}
    environment.pop("DATABASE_URL", None)
    if url:
        environment["DATABASE_URL"] = url
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    result = readiness("--now", "2018-01-19T18:00", "init", "--example", "barnet-2018", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "46 actions" in result.stdout
    assert (tmp_path / "readiness.db").exists()
    return tmp_path


def test_slack_is_called_through_one_retrying_client_and_reminders_through_one_that_leaves_it_to_the_dispatcher(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    runtime = bot.Runtime(bot.Settings.from_env(), FixedClock(AS_OF), make_console())
    listeners, reminders = runtime.slack_client("run the Slack app"), runtime.reminder_client()
    assert listeners.retry_handlers and not reminders.retry_handlers
    assert runtime.slack_client("look people up in Slack") is listeners and runtime.reminder_client() is reminders
    assert runtime.slack_directory().client is listeners
    dispatcher = runtime.dispatcher()
    assert dispatcher.sender.client is reminders and dispatcher.clock is runtime.programme.clock
    assert "store" not in vars(runtime), "nothing is opened before a command asks for it"


def test_status_theme_as_json(workdir: Path) -> None:
    result = readiness("--now", "2018-01-20", "status", "--json", "theme", "5", cwd=workdir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["theme"]["number"] == 5
    assert data["spread"] == {"blue": 1, "green": 5, "amber": 1, "red": 1, "not_rated": 0}
    assert data["overdue"] == ["5c(ii)", "5e"]
    assert data["red_twice"] == ["5c(ii)"]
    assessments = next(i for i in data["indicators"] if i["key"] == "assessments-45wd")
    assert (assessments["latest"]["value"], assessments["target"], assessments["status"]) == (57, 90, "red")


def test_status_theme_as_a_table(workdir: Path) -> None:
    result = readiness("--now", "2018-01-20", "status", "theme", "5", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "Theme 5: Improving Assessment for children" in result.stdout
    assert "5b(ii)" in result.stdout
    assert "What are we worried about" in result.stdout


def test_an_unknown_theme_lists_the_themes_and_exits_2(workdir: Path) -> None:
    result = readiness("status", "theme", "9", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no theme 9. Themes: 1 Turnaround priority")
    assert "7 Effective Communications and Engagement" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_action_suggests_the_closest_refs(workdir: Path) -> None:
    result = readiness("status", "action", "5b(iii)", cwd=workdir)
    assert result.returncode == 2
    assert "no action 5b(iii); closest: 5b(ii), 5b(i)" in result.stderr
    assert readiness("status", "action", "zzz", cwd=workdir).stderr.startswith("error: no action zzz; refs look like 1a")


def test_json_and_now_are_taken_wherever_they_are_typed(workdir: Path) -> None:
    typed = [["status", "theme", "5", "--json", "--now", "2018-01-20"],
             ["status", "--now", "2018-01-20", "theme", "--json", "5"],
             ["--now", "2018-01-20", "status", "--json", "theme", "5"],
             ["--json", "--now", "2018-01-20", "status", "theme", "5"]]
    read = [vars(parse_command_line(argv)) for argv in typed]
    assert all(args == read[0] for args in read) and (read[0]["json"], read[0]["now"]) == (True, "2018-01-20")
    for argv in (["history", "6c", "--json", "--now", "2018-01-20"], ["outbox", "--skipped", "--now", "x", "--json"],
                 ["report", "--now", "2018-01-20", "--format", "md"]):
        assert parse_command_line(argv).now == argv[argv.index("--now") + 1]

    answered = readiness(*typed[0], cwd=workdir)
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout)["as_of"] == "2018-01-20"
    outbox = readiness("outbox", "--skipped", "--json", "--now", "2018-01-20", cwd=workdir)
    assert json.loads(outbox.stdout) == {"counts": {"pending": 0, "sent": 0, "obsolete": 0, "skipped": 0, "failed": 0},
                                         "items": []}


def test_json_before_a_command_that_only_draws_tables_is_refused(workdir: Path) -> None:
    result = readiness("--json", "calendar", cwd=workdir)
    assert result.returncode == 2
    assert "`calendar` does not print JSON; --json is for status, history, outbox" in result.stderr


def test_every_question_the_bot_answers_is_a_status_command(workdir: Path) -> None:
    help_text = readiness("status", "--help", cwd=workdir).stdout
    assert all(word in help_text for word in ("theme", "action", "plan", "overdue", "visit", "board", "mine",
                                              "indicators"))
    plan = json.loads(readiness("--now", "2018-01-20", "status", "plan", "--json", cwd=workdir).stdout)
    assert plan["title"] and len(plan["actions"]) == 46
    asked = json.loads(readiness("status", "help", "--json", cwd=workdir).stdout)["questions"]
    assert {"example": "status indicators", "meaning": "every indicator against its target, and its trend"} in asked


def test_status_indicators_groups_them_as_the_board_papers_do(workdir: Path) -> None:
    table = readiness("--now", "2018-01-20", "status", "indicators", cwd=workdir, env={"COLUMNS": "120"})
    assert table.returncode == 0, table.stderr
    out = " ".join(table.stdout.split())
    assert out.index("What are we worried about") < out.index("What is working well")
    assert "Assessments completed within 45 working days │ 57% (Nov 17) │ 90% │ red │ - │" in out, "one point, no trend"
    assert "Repeat referrals within 12 months │ 18.1% (Nov 17) │ 18% │ amber │" in out
    assert "Open Common Assessment Frameworks (CAFs) │ 614 (Nov 17) │ - │ - │ - │" in out, "no target, no RAG"
    assert "│ higher is better │" in out and "│ lower is better │" in out
    data = json.loads(readiness("status", "indicators", "--json", "--now", "2018-01-20", cwd=workdir).stdout)
    assert set(data) == {"as_of", "worried_about", "working_well", "not_judged"}
    assessments = next(r for r in data["worried_about"] if r["key"] == "assessments-45wd")
    assert (assessments["direction"], assessments["target"], assessments["status"]) == ("higher", 90, "red")
    assert {"month": "2017-11-01", "value": 57}.items() <= assessments["latest"].items()
    assert assessments["latest"] == assessments["history"][-1]
    assert {"source", "illustrative"} <= set(assessments["latest"]) and {"source", "section"} <= set(assessments)
    grouped = {group: {r["key"] for r in data[group]} for group in ("worried_about", "working_well", "not_judged")}
    assert {"open-cafs", "contacts-to-referral"} <= grouped["worried_about"], "as the paper puts them"
    assert "initial-health-assessments" in grouped["working_well"]
    assert "strategy-discussions-compliant" in grouped["not_judged"]
    sections = {"worried_about": "worried about", "working_well": "working well", "not_judged": None}
    assert all(r["section"] == section for group, section in sections.items() for r in data[group])
    rows = [r for group in sections for r in data[group]]
    assert all(r["status"] is None and r["trend"] is None for r in rows if r["target"] is None)


def test_a_visit_under_way_reads_visit_in_progress(workdir: Path) -> None:
    before = json.loads(readiness("--now", "2018-01-29", "status", "visit", "--json", cwd=workdir).stdout)
    assert (before["working_days_to_go"], before["countdown"]) == (1, "1 working day to go")
    during = readiness("--now", "2018-01-30T12:00", "status", "visit", cwd=workdir, env={"COLUMNS": "200"})
    assert "30 Jan – 31 Jan 2018, visit in progress" in during.stdout and "day(s) to go" not in during.stdout
    assert readiness("--now", "2018-01-30T12:00", "report", cwd=workdir).returncode == 0
    for pack in ("readiness-pack.md", "readiness-pack.html"):
        text = (workdir / pack).read_text()
        assert "30 January – 31 January 2018; visit in progress" in text and "day(s) to go" not in text


def test_status_action_shows_the_history(workdir: Path) -> None:
    result = readiness("--now", "2018-01-20", "status", "--json", "action", "5B(ii)", cwd=workdir)
    data = json.loads(result.stdout)
    assert data["ref"] == "5b(ii)"
    assert len(data["history"]) >= 2
    assert data["rating"] == data["history"][-1]["rating"]


def test_history_shows_who_when_how_and_what_changed(workdir: Path) -> None:
    data = json.loads(readiness("history", "--json", "5b(ii)", cwd=workdir).stdout)
    first, second = data["updates"][:2]
    assert (first["by"], first["via"], first["changes"][0]) == ("qa.lead@example.org", "slack_dm",
                                                                  "rating Not rated → Green")
    assert second["changes"][:2] == ["rating Green → Amber", "forecast 30 Apr 2018"]
    table = readiness("history", "5b(ii)", cwd=workdir)
    assert table.returncode == 0 and "Green → Amber" in table.stdout
    unknown = readiness("history", "5b(iii)", cwd=workdir)
    assert unknown.returncode == 2 and "closest: 5b(ii)" in unknown.stderr


def test_calendar_lists_meetings_deadlines_and_the_visit_and_writes_ical(workdir: Path) -> None:
    result = readiness("--now", "2018-01-22T09:00", "calendar", "--days", "10", "--ics", "plan.ics", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "Tue 30 Jan – Wed 31 Jan" in result.stdout and "MASH (theme 4)" in result.stdout
    assert "Papers due: Full Council" in result.stdout and "Health and Well-Being Board" in result.stdout
    ical = (workdir / "plan.ics").read_text()
    assert ical.count("BEGIN:VEVENT") == 7 and "UID:visit-20180130@readiness" in ical
    assert "UID:meeting-full-council-20180130@readiness" in ical and "UID:papers-full-council-20180130@readiness" in ical
    assert readiness("calendar", "--days", "0", cwd=workdir).returncode == 2


def test_status_overdue_visit_and_mine(workdir: Path) -> None:
    overdue = json.loads(readiness("--now", "2018-01-20", "status", "--json", "overdue", cwd=workdir).stdout)
    assert {"5c(ii)", "3g", "6c"} <= {a["ref"] for a in overdue["overdue"]}
    visit = json.loads(readiness("--now", "2018-01-20", "status", "--json", "visit", cwd=workdir).stdout)
    assert visit["visit"]["start"] == "2018-01-30"
    assert [t["theme"]["number"] for t in visit["themes"]] == [4, 5, 6]
    mine = readiness("--now", "2018-01-20", "status", "--json", "mine", "--person", "head.mash@example.org",
                     cwd=workdir)
    assert {a["owner"] for a in json.loads(mine.stdout)["actions"]} == {"head.mash@example.org"}
    stranger = readiness("status", "mine", "--person", "someone@example.com", cwd=workdir)
    assert stranger.returncode == 2 and "not in the plan's people" in stranger.stderr


def test_report_writes_markdown_and_a_standalone_html_pack(workdir: Path) -> None:
    result = readiness("--now", "2018-01-20", "report", cwd=workdir)
    assert result.returncode == 0, result.stderr
    html = (workdir / "readiness-pack.html").read_text()
    markdown = (workdir / "readiness-pack.md").read_text()
    assert html.count("<svg") >= 7 + 10
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "Theme 5: Improving Assessment for children" in html
    assert "What are we worried about" in markdown and "5b(ii)" in markdown


def test_a_bad_import_names_row_and_column_and_imports_nothing(workdir: Path) -> None:
    bad = workdir / "plan.csv"
    bad.write_text("ref,theme,title,owner,due,rating\n"
                   "5x,5,New action,pmo@example.org,31/02/2018,green\n"
                   "5y,12,Other action,pmo@example.org,01/03/2018,purple\n"
                   "5x,5,Again,pmo@example.org,01/03/2018,green\n")
    result = readiness("import", str(bad), cwd=workdir)
    assert result.returncode == 2
    assert "actions, row 2, column due: 31/02/2018 is not a date" in result.stderr
    assert "actions, row 3, column theme: unknown theme 12" in result.stderr
    assert "actions, row 3, column rating: unknown rating 'purple'" in result.stderr
    assert "actions, row 4, column ref: duplicate ref 5x" in result.stderr
    missing = workdir / "missing.csv"
    missing.write_text("ref,theme,title,owner\n5x,5,New action,pmo@example.org\n")
    assert "actions: missing column due" in readiness("import", str(missing), cwd=workdir).stderr
    assert readiness("status", "action", "5x", cwd=workdir).returncode == 2


def test_a_csv_re_import_with_a_mistyped_owner_needs_allow_new_people(workdir: Path) -> None:
    assert readiness("export", "plan.csv", cwd=workdir).returncode == 0
    plan = workdir / "plan.csv"
    plan.write_text(plan.read_text().replace("head.mash@example.org", "haed.mash@example.org", 1))

    refused = readiness("import", str(plan), cwd=workdir)
    assert refused.returncode == 2
    assert "haed.mash@example.org is not on the people sheet or in the plan (closest: head.mash@example.org)" \
        in refused.stderr and "--allow-new-people" in refused.stderr
    assert "haed.mash" not in readiness("export", cwd=workdir).stdout

    allowed = readiness("import", "--allow-new-people", str(plan), cwd=workdir)
    assert allowed.returncode == 0, allowed.stderr
    assert "haed.mash@example.org" in readiness("export", cwd=workdir).stdout


def test_export_to_excel_imports_into_a_new_store(workdir: Path, tmp_path: Path) -> None:
    assert readiness("export", "plan.xlsx", cwd=workdir).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    assert readiness("init", cwd=other).returncode == 0
    result = readiness("import", str(workdir / "plan.xlsx"), cwd=other)
    assert result.returncode == 0, result.stderr
    assert "46 actions, 123 updates" in result.stdout
    assert readiness("export", cwd=other).stdout == readiness("export", cwd=workdir).stdout


def test_an_unreachable_database_gets_a_clear_message(tmp_path: Path) -> None:
    result = readiness("status", "overdue", cwd=tmp_path, url="postgresql+psycopg://pmo:pw@127.0.0.1:1/none")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot reach the database at postgresql+psycopg://pmo:***@127.0.0.1:1")
    assert "Traceback" not in result.stderr


def test_a_store_that_was_never_initialised_says_what_to_run(tmp_path: Path) -> None:
    result = readiness("status", "theme", "5", cwd=tmp_path)
    assert result.returncode == 2
    assert "run `readiness init`" in result.stderr


def test_a_malformed_now_is_refused(workdir: Path) -> None:
    result = readiness("--now", "20/01/2018", "status", "overdue", cwd=workdir)
    assert result.returncode == 2 and "is not a date or time" in result.stderr


def test_the_cli_runs_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    assert readiness("init", "--example", "barnet-2018", cwd=tmp_path, url=postgres_url,
                     env={}).returncode == 0
    result = readiness("--now", "2018-01-20", "status", "--json", "theme", "5", cwd=tmp_path, url=postgres_url)
    assert json.loads(result.stdout)["spread"] == {"blue": 1, "green": 5, "amber": 1, "red": 1, "not_rated": 0}
    assert not (tmp_path / "readiness.db").exists()


def test_the_demo_plays_the_run_up_to_the_visit(tmp_path: Path) -> None:
    result = readiness("demo", "--fast", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Reminders sent: 71 (check in 58, new action 1, notice 4, visit digest 4, weekly digest 4)" in out
    assert "Updates recorded: 22; refused: 1; figures given: 4" in out
    assert "Theme 5 on Wed 31 Jan 2018: Blue 1 · Green 3 · Amber 3 · Red 2 · Not rated 0" in out
    assert "Added 5g Audit strategy discussions without health involvement" in out, "an action arising, by its form"
    assert "New action 5g for you, arising from the CSIB on Thu 11 Jan" in out, "its owner told at once"
    assert "was the CSIB meeting of Thu 11 Jan held?" in out
    assert "the meeting of Thu 11 Jan 2018 is recorded as held" in out
    assert "the meeting of Wed 24 Jan 2018 moves to Thu 25 Jan 2018 at 09:30; papers due Tue 23 Jan" in out
    assert "Papers for the Operational Improvement Group on Thu 25 Jan are due today" in out, "the move's reminders"
    assert "Which action is this about? Type its number." in out
    assert "I read Amber, no forecast date for 3e (two ratings named)." in out, "changed to Green by its owner"
    assert "I read Red, forecast Fri 02 Feb 2018 for 5e (“next Friday” read as Fri 2 Feb)." in out
    assert "Nothing was recorded: 5b(ii) is owned by someone else" in out
    assert "Repeat referrals within 12 months (December's figure is due today)" in out, "collected on 8 Jan"
    assert "Recorded December 2017 for Assessments completed within 45 working days: 69.2% (155 of 224)." in out
    assert "Recorded December 2017 for Child Protection visits within 10 days: 74%." in out, "through the form"
    assert "Contacts leading to a referral (December's figure is still missing: CSIB's papers are due 1 Feb)" in out
    assert "Theme 5: Improving Assessment for children" in out and "Ofsted monitoring visit 2" in out
    assert (tmp_path / "readiness-pack.html").exists() and not (tmp_path / "readiness.db").exists()
    again = readiness("demo", "--fast", cwd=tmp_path)
    assert "Updates recorded: 22; refused: 1" in " ".join(again.stdout.split()), "each run starts afresh"


def console(workdir: Path, *lines: str, now: str = "2018-01-16T09:00") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "100"}
    environment.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), "--now", now, "console", "--as",
                           "head.cic.careleavers@example.org"], cwd=workdir, env=environment,
                          input="".join(f"{line}\n" for line in lines), capture_output=True, text=True, timeout=120)


def test_the_console_chats_through_the_same_use_cases_as_slack(workdir: Path) -> None:
    result = console(workdir, "green - advocacy offer extended, tender out", "2", "undo", "status theme 5",
                     "/readiness update 6c amber - analysis to OIG on 30 Jan, forecast 30 Jan", "5c(ii) green",
                     "/readiness update green all good", "/status", "/quit")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "overdue since 29 Dec 2017" in out
    assert "before the 30 Jan visit (Care planning for children and young people)" in out
    assert "Recorded Green for 6k" in out and "Undone: 6k is back to Not rated" in out
    assert "Theme 5: Improving Assessment for children" in out
    assert "Recorded Amber for 6c" in out and "forecast 30 Jan 2018" in out
    assert "Nothing was recorded: 5c(ii) is owned by someone else" in out
    assert "Start with the action's ref" in out
    assert "I don't know '/status'" in out
    history = json.loads(readiness("history", "--json", "6c", cwd=workdir).stdout)["updates"][-1]
    assert (history["via"], history["rating"], history["by"]) == ("console", "amber", "head.cic.careleavers@example.org")
    reply, undone = json.loads(readiness("history", "--json", "6k", cwd=workdir).stdout)["updates"][-2:]
    assert (reply["via"], reply["rating"], undone["via"]) == ("console", "green", "console")
    again = console(workdir, "/quit", now="2018-01-16T11:00")
    assert "overdue since" not in again.stdout, "a check-in is delivered once"
    stranger = subprocess.run([sys.executable, str(ROOT / "bot.py"), "console", "--as", "nobody@example.org"],
                              cwd=workdir, input="", capture_output=True, text=True, timeout=60,
                              env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})
    assert stranger.returncode == 2 and "nobody@example.org" in stranger.stderr


def test_the_reply_lease_is_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A replica that acknowledged a reply and died: the others read it again after READINESS_REPLY_LEASE_SECONDS."""
    monkeypatch.setenv("READINESS_REPLY_LEASE_SECONDS", "5")
    settings = bot.Settings.from_env()
    runtime = bot.Runtime(settings, FixedClock(AS_OF), make_console())
    assert runtime.programme.reply_lease.total_seconds() == 5
