"""Engines for the two stores: an embedded SQLite file, or PostgreSQL for several replicas."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry

from governance.errors import ReadinessError, first_line

DEFAULT_FILE = "readiness.db"
BUSY_TIMEOUT_MS = 30_000
URLS_THAT_WORK = "sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB"
DRIVERS = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite+pysqlite",
           "postgresql": "postgresql+psycopg", "postgresql+psycopg": "postgresql+psycopg"}
"""The schemes the bot has a driver for, and the driver each is opened with. Any other (MySQL, psycopg2,
asyncpg) is refused by name before a connection is tried: its driver is not installed, and SQLAlchemy would
only say so with an ImportError from deep inside."""
POSTGRESQL_READ_ONLY = "25006"
"""SQLSTATE read_only_sql_transaction: a standby, or a database set default_transaction_read_only."""


class StoreUnavailable(ReadinessError):
    pass


class StoreReadOnly(StoreUnavailable):
    """A write the database refused because it is read-only, said in one line instead of a traceback."""

    def __init__(self, url: str | URL, error: DBAPIError) -> None:
        super().__init__(f"the store at {describe(url)} is read-only, so nothing was changed: {reason(error)}")


def database_url(environ: dict[str, str] | None = None) -> str:
    """`DATABASE_URL`, or a SQLite file in the working directory; checked here, so a URL the bot cannot
    use is refused before any command runs, even one that never opens the store."""
    env = os.environ if environ is None else environ
    url = env.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / DEFAULT_FILE}"
    parse_url(url)
    return url


def parse_url(url: str) -> URL:
    """The URL with the driver the bot opens it with, or a StoreUnavailable saying which URLs work."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreUnavailable(f"DATABASE_URL is not a database URL: use {URLS_THAT_WORK}") from None
    if parsed.drivername not in DRIVERS:
        raise StoreUnavailable(f"DATABASE_URL names {parsed.drivername}, which the bot has no driver for: "
                               f"use {URLS_THAT_WORK}")
    return parsed.set(drivername=DRIVERS[parsed.drivername])


def describe(url: str | URL) -> str:
    """The URL with any password hidden, for messages people will paste into tickets."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def reason(error: DBAPIError) -> str:
    """The driver's own first line, without SQLAlchemy's statement, parameters and links."""
    return first_line(error.orig or error)


def is_read_only(error: DBAPIError) -> bool:
    """Whether the database refused to write because it is read-only, on either backend: a SQLite file
    opened with mode=ro or without write permission (on the file, or on its folder, where WAL keeps its
    -shm and -wal files), or a PostgreSQL standby or read-only database."""
    cause = error.orig
    if isinstance(cause, sqlite3.Error):
        return getattr(cause, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY
    return getattr(cause, "sqlstate", None) == POSTGRESQL_READ_ONLY


def _sqlite_pragmas(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """WAL lets the Slack app read while the scheduler writes; foreign keys keep refs honest. A read-only
    file cannot be switched to WAL, but can still be read as it is: its writes are refused later, in one line."""
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", 0) != sqlite3.SQLITE_READONLY:
            raise
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
