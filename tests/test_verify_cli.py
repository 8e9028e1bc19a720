"""`readiness verify`: the current state every answer is read from, checked against the update log it comes from,
as an operator runs it after a restore or on a schedule; and `--repair`, which rebuilds the state and never the log."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

import bot
from storage.models import UpdateRow

FORCING = ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'readiness.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    for forcing in FORCING:
        monkeypatch.delenv(forcing, raising=False)
    assert bot.main(["--now", "2018-01-19T18:00", "init", "--example", "barnet-2018"]) == 0
    return url


def verify(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    capsys.readouterr()
    code = bot.main(["verify", *options])
    return code, " ".join(capsys.readouterr().out.split())


def updates_in(url: str) -> int:
    with create_engine(url).connect() as db:
        return int(db.scalar(select(func.count()).select_from(UpdateRow)))


def test_a_store_kept_by_the_bot_matches_its_log(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = verify(capsys)
    assert code == 0
    assert f"against {updates_in(database)} updates: every current state matches the log." in said


def test_a_state_that_differs_is_named_and_repaired_from_the_log(database: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = updates_in(database)
    with create_engine(database).begin() as db:
        db.execute(text("UPDATE action_states SET rating = 'blue' WHERE action_id = "
                        "(SELECT id FROM actions WHERE ref = '5c(i)')"))
    code, said = verify(capsys)
    assert code == 1
    assert "1 differ from the log." in said and "5c(i): rating blue, the log says" in said
    assert "Run `readiness verify --repair`" in said

    code, said = verify(capsys, "--repair")
    assert code == 1 and "Repaired: each now holds the state its log gives." in said
    assert verify(capsys)[0] == 0
    assert updates_in(database) == before


def test_the_answers_change_with_the_state_they_are_read_from(database: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The state is what answers read, not a copy beside them: so verifying it is verifying the answers."""
    def theme_5() -> str:
        capsys.readouterr()
        assert bot.main(["--now", "2018-02-20T12:00", "status", "theme", "5", "--json"]) == 0
        return capsys.readouterr().out

    honest = theme_5()
    with create_engine(database).begin() as db:
        db.execute(text("UPDATE action_states SET rated_id = NULL, prior_id = NULL, run_first_id = NULL, "
                        "run_second_id = NULL, last_id = (SELECT MIN(id) FROM updates "
                        "WHERE updates.action_id = action_states.action_id)"))
    assert theme_5() != honest
    assert verify(capsys, "--repair")[0] == 1
    assert theme_5() == honest
