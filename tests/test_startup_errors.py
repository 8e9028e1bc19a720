"""Settings, stores and files the command line cannot use: exit status 2, one line on stderr, nothing changed.

Each case runs `bot.main` in this process, as the console script does, on a real store."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, make_url, text

from bot import main

INIT = ["--now", "2018-01-19T18:00", "init", "--example", "barnet-2018"]
LINK = ["people", "link", "pmo@example.org", "U0PMO"]
STATUS = ["--now", "2018-01-20", "status", "theme", "5"]
SETTINGS = ("DATABASE_URL", "READINESS_TZ", "READINESS_REMINDER_TIME", "READINESS_LATENESS_HOURS",
            "READINESS_SEND_PACE", "READINESS_LEASE_SECONDS", "READINESS_REPLY_LEASE_SECONDS",
            "READINESS_TICK_SECONDS", "READINESS_DEBUG",
            "SLACK_BOT_TOKEN", "SLACK_API_URL", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory and an environment holding none of the bot's settings."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a refused command writes, after checking it exited with status 2 and said nothing else."""
    capsys.readouterr()
    code = main(argv)
    lines = capsys.readouterr().err.splitlines()
    assert (code, len(lines)) == (2, 1), lines
    assert lines[0].startswith("error: ")
    return lines[0]


def succeeds(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0, capsys.readouterr().err


@pytest.fixture
def planned(workdir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The working directory with the example plan in its SQLite store."""
    succeeds(INIT, capsys)
    return workdir


def slack_user_of(url: str, email: str) -> str | None:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT slack_user_id FROM people WHERE email = :email"),
                                   {"email": email}).scalar_one()
    engine.dispose()
    return found


@pytest.mark.parametrize("argv", [
    ["--now", "9999-12-31", "status", "theme", "5"],
    ["--now", "9999-12-30", "calendar"],
    ["--now", "9999-12-31T23:59:59-12:00", "status", "overdue"],
    ["--now", "0001-01-01", "status", "theme", "5"],
    ["--now", "9000-01-01", "status", "visit"],
    ["tick", "--at", "9999-12-31"],
])
def test_an_instant_outside_the_range_the_bot_reckons_in_is_one_line(
        planned: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert "use a date from 2000-01-01 to 2099-12-31" in refused(argv, capsys)


def test_the_first_and_last_days_of_the_range_are_answered(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    succeeds(["--now", "2000-01-01T00:00", "status", "theme", "5"], capsys)
    succeeds(["--now", "2099-12-31", "status", "theme", "5"], capsys)


@pytest.mark.parametrize("url, named", [
    ("mysql://pmo:s3cret@db.example.org/readiness", "mysql"),
    ("postgresql+psycopg2://pmo:s3cret@db.example.org/readiness", "postgresql+psycopg2"),
    ("postgresql+asyncpg://pmo:s3cret@db.example.org/readiness", "postgresql+asyncpg"),
    ("oracle://pmo:s3cret@db.example.org/readiness", "oracle"),
    ("garbage", "not a database URL"),
    ("postgresql+psycopg://pmo:s3cret@db.example.org:port/readiness", "not a database URL"),
])
def test_a_database_url_the_bot_has_no_driver_for_says_which_urls_work(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str,
        named: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    line = refused(["status", "theme", "5"], capsys)
    assert named in line
    assert "sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB" in line
    assert "s3cret" not in line


@pytest.mark.parametrize("query", ["timeout=soon", "uri=maybe"])
def test_a_sqlite_url_with_an_option_the_driver_cannot_take_is_one_line(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{workdir / 'readiness.db'}?{query}")
    assert "has an option the driver cannot take" in refused(["status", "theme", "5"], capsys)


def test_a_database_url_is_checked_before_any_command_runs(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://pmo@db.example.org/readiness")
    assert "mysql" in refused(["manifest"], capsys)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "europe/london ", "Europe"])
def test_an_unknown_timezone_is_refused_before_anything_is_written(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("READINESS_TZ", zone)
    line = refused(INIT, capsys)
    assert f"READINESS_TZ {zone!r} is not a timezone" in line
    assert not (workdir / "readiness.db").exists()


@pytest.mark.parametrize("name", ["READINESS_LATENESS_HOURS", "READINESS_SEND_PACE", "READINESS_LEASE_SECONDS",
                                  "READINESS_REPLY_LEASE_SECONDS", "READINESS_TICK_SECONDS"])
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "-1", "1000000", "eight"])
def test_a_reminder_setting_that_is_not_a_sane_number_is_refused_by_name(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str,
        value: str) -> None:
    monkeypatch.setenv(name, value)
    assert refused(INIT, capsys).startswith(f"error: {name} is {value!r}")
    assert not (workdir / "readiness.db").exists()


@pytest.mark.parametrize("value", ["9:00", "25:00", "09:00+01:00", "nine", "inf"])
def test_a_reminder_time_that_is_not_a_local_time_is_refused(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("READINESS_REMINDER_TIME", value)
    assert refused(["manifest"], capsys).startswith(f"error: READINESS_REMINDER_TIME is {value!r}")


def test_a_tick_slower_than_the_lateness_allowed_is_refused(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reminder would be skipped as late before a tick came round to send it."""
    monkeypatch.setenv("READINESS_TICK_SECONDS", "3600")
    monkeypatch.setenv("READINESS_LATENESS_HOURS", "0.5")
    line = refused(["manifest"], capsys)
    assert "READINESS_TICK_SECONDS" in line and "READINESS_LATENESS_HOURS" in line


def test_settings_left_empty_take_their_defaults(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("READINESS_TZ", "READINESS_REMINDER_TIME", "READINESS_LATENESS_HOURS", "READINESS_SEND_PACE",
                 "READINESS_LEASE_SECONDS", "READINESS_REPLY_LEASE_SECONDS", "READINESS_TICK_SECONDS"):
        monkeypatch.setenv(name, "")
    succeeds(INIT, capsys)


def read_only_sqlite(path: Path) -> str:
    """A URL SQLite opens read-only whoever runs it, root included (chmod does not stop root)."""
    return f"sqlite:///file:{path}?mode=ro&uri=true"


@pytest.mark.parametrize("argv", [LINK, ["import", str(Path(__file__).parents[1] / "storage/examples/barnet-2018.yaml")],
                                  INIT])
def test_a_write_to_a_read_only_sqlite_store_is_one_line_and_reads_still_work(
        planned: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    store = planned / "readiness.db"
    monkeypatch.setenv("DATABASE_URL", read_only_sqlite(store))
    line = refused(argv, capsys)
    assert f"the store at {read_only_sqlite(store)} is read-only" in line
    assert "attempt to write a readonly database" in line
    succeeds(STATUS, capsys)
    assert slack_user_of(f"sqlite:///{store}", "pmo@example.org") is None


def test_setting_up_a_read_only_empty_sqlite_store_is_one_line(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "empty.db").touch()
    monkeypatch.setenv("DATABASE_URL", read_only_sqlite(workdir / "empty.db"))
    assert "is read-only" in refused(["init"], capsys)
    assert (workdir / "empty.db").stat().st_size == 0


@pytest.fixture
def not_root() -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes through file permissions; the mode=ro tests cover a read-only store for root")


def test_a_write_to_a_store_file_without_write_permission_is_one_line(
        planned: Path, not_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    store = planned / "readiness.db"
    store.chmod(stat.S_IRUSR)
    assert "is read-only" in refused(LINK, capsys)
    succeeds(STATUS, capsys)
    assert slack_user_of(f"sqlite:///{store}", "pmo@example.org") is None


@pytest.fixture
def read_only_folder(planned: Path, not_root: None) -> Iterator[Path]:
    """The store's folder without write permission, as a mistaken deployment leaves it."""
    planned.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield planned
    planned.chmod(stat.S_IRWXU)


def test_a_store_whose_folder_cannot_be_written_is_one_line_even_to_read(
        read_only_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SQLite cannot open a WAL store without writing its -shm file beside it, so even a read is refused."""
    for argv in (LINK, STATUS):
        assert "make its folder writable" in refused(argv, capsys)


def test_a_write_to_a_read_only_postgresql_database_is_one_line(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, postgres_url: str) -> None:
    """A standby, or a database set read-only for maintenance, refuses a write as a read-only SQLite file does."""
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    succeeds(INIT, capsys)
    database = make_url(postgres_url).database
    with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    line = refused(LINK, capsys)
    assert "is read-only" in line and "read-only transaction" in line
    succeeds(STATUS, capsys)
    assert slack_user_of(postgres_url, "pmo@example.org") is None


def test_an_unexpected_failure_is_one_line_naming_the_debug_switch(
        planned: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault nobody foresaw still reaches the person as one line, and READINESS_DEBUG=1 shows its traceback."""
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a fault nobody foresaw\nwith a second line")

    monkeypatch.setattr("governance.services.theme_readiness", broken)
    line = refused(["status", "theme", "5"], capsys)
    assert line == ("error: unexpected RuntimeError: a fault nobody foresaw "
                    "(run again with READINESS_DEBUG=1 to see the traceback)")
    monkeypatch.setenv("READINESS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="nobody foresaw"):
        main(["status", "theme", "5"])


def test_a_refusal_repeating_what_was_typed_shows_its_control_characters(
        planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["status", "action", "\x1b]0;pwned\x07zz"], capsys)
    assert "\x1b" not in line and "\x07" not in line
    assert "no action \u241b]0;pwned\u2407zz" in line


# The four below are the command bodies' to answer (handlers/cli/commands.py).

def test_a_report_into_a_missing_folder_is_one_line(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["--now", "2018-01-20", "report", "--out", "missing/dir/x"], capsys)
    assert "missing/dir/x" in line
    assert not (planned / "missing").exists()


def test_an_export_into_a_missing_folder_is_one_line(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["export", "missing/dir/p.xlsx"], capsys)
    assert "missing/dir/p.xlsx" in line
    assert not (planned / "missing").exists()


def test_people_sync_when_slack_cannot_be_reached_is_one_line(
        planned: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    line = refused(["people", "sync"], capsys)
    assert line.startswith("error: cannot reach Slack at http://127.0.0.1:9/api/: ")
    assert slack_user_of(f"sqlite:///{planned / 'readiness.db'}", "pmo@example.org") is None


def test_chasing_without_a_bot_token_says_it_is_needed_to_send_the_prompt(
        planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    succeeds(["people", "link", "head.cic.careleavers@example.org", "UCARE"], capsys)
    assert refused(["chase", "6c"], capsys) == "error: set SLACK_BOT_TOKEN (the bot token, xoxb-…) to send the prompt"
