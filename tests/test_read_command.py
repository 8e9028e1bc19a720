"""`readiness read "TEXT"`: what the reply reader takes from a phrase, and whether the bot would ask its owner to
confirm it, on a store with no plan loaded (the default BRAG key reads it)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot
from storage.store import Store, open_store
from tests.test_console_check_in import DOUBT, doubt

PHRASE = "5b(ii) amber - provider delayed, forecast 26/1/2018"


@pytest.fixture
def empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store set up by `readiness init` and nothing more, that `bot.main` opens, printing to a wide terminal."""
    url = f"sqlite:///{tmp_path / 'readiness.db'}"
    store = open_store(url)
    store.migrate()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "160")
    yield store
    store.close()


def read(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = bot.main(["read", *args])
    out, err = capsys.readouterr()
    return code, " ".join(out.split()), err


def test_a_confident_reading_as_json_for_scripts(empty_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code = bot.main(["read", PHRASE, "--today", "2018-01-20", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {
        "rating": "amber", "forecast": "2018-01-26", "ref": "5b(ii)", "commentary": "provider delayed",
        "confirm": False, "unsure": []}


def test_a_confident_reading_drawn_for_a_person(empty_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = read(capsys, PHRASE, "--today", "2018-01-20")
    assert code == 0
    assert ("Rating Amber Forecast Fri 26 Jan 2018 Ref 5b(ii) Commentary provider delayed Unsure - "
            "The bot would record this at once.") in out


def test_a_reading_in_doubt_says_the_bot_would_ask_and_why(empty_store: Store, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    doubt(monkeypatch)
    code, out, _ = read(capsys, "5b(ii)", "amber", "perhaps", "--now", "2018-01-20")
    assert code == 0
    assert f"Unsure {DOUBT}" in out and "The bot would ask its owner to confirm this reading" in out
    assert bot.main(["--json", "read", "5b(ii) amber perhaps"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert (written["rating"], written["confirm"], written["unsure"]) == ("amber", True, [DOUBT])


def test_a_phrase_without_a_rating_would_record_nothing(empty_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = read(capsys, "waiting to hear from the provider", "--today", "2018-01-20")
    assert code == 0 and "Rating none found" in out and "No rating: the bot would record nothing" in out
    assert bot.main(["read", "--json", "waiting to hear from the provider"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert (written["rating"], written["forecast"], written["confirm"]) == (None, None, False)


def test_a_bad_today_is_one_line_and_exit_2(empty_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = read(capsys, PHRASE, "--today", "26/01/2018")
    assert (code, out) == (2, "")
    assert err == "error: --today '26/01/2018' is not a date (use 2018-01-26)\n"


def test_a_store_never_set_up_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'readiness.db'}")
    code, _, err = read(capsys, PHRASE)
    assert code == 2 and "run `readiness init`" in err
