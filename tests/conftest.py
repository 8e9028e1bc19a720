"""Shared fixtures: every storage test runs against SQLite and a real PostgreSQL server."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest

from storage.plan_files import example_path, read_plan_file
from storage.store import Store, open_store
from governance import services
from governance.projection import differences, fold
from tests.postgres import PostgresServer, PostgresUnavailable, start_postgres

LONDON = ZoneInfo("Europe/London")
AS_OF = datetime(2018, 1, 20, 12, 0, tzinfo=LONDON)
PLAN_HELD = datetime(2018, 1, 19, 18, 0, tzinfo=LONDON)
"""When the example plan was last written to: its history ends before then, so it is imported as of then."""
_databases = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must run in CI: {exc}")
        pytest.skip(f"PostgreSQL is not available here: {exc}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    """A new, empty database on the shared server for each test."""
    name = f"readiness_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(postgres.url().replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres.url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'readiness.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A store at the newest schema; when the test is done, each action's stored state must still be what its log
    folds to, as `readiness verify` checks: so every scenario a test plays is verified."""
    opened = open_store(store_url)
    opened.migrate()
    yield opened
    try:
        assert_states_follow_the_log(opened)
    finally:
        opened.close()


def assert_states_follow_the_log(store: Store) -> None:
    with store.uow() as uow:
        key, stored, histories = uow.plan.key(), uow.updates.states(), uow.updates.histories(None, until=None)
    wrong = differences(stored, {ref: fold(history, key) for ref, history in histories.items()})
    assert not wrong, "stored states differ from the log:\n" + "\n".join(wrong)


@pytest.fixture
def example_store(store: Store) -> Store:
    """A store holding the barnet-2018 example plan, loaded as the PMO held it at the end of Friday 19 January 2018;
    a test as of an earlier day sees only the updates recorded by then."""
    services.import_plan(read_plan_file(example_path("barnet-2018")), uow=store.uow(), now=PLAN_HELD)
    return store
