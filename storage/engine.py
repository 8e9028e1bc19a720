"""Engines for the two stores: an embedded SQLite file, or PostgreSQL for several replicas."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

DEFAULT_FILE = "readiness.db"
BUSY_TIMEOUT_MS = 30_000


def database_url(environ: dict[str, str] | None = None) -> str:
    """`DATABASE_URL`, or a SQLite file in the working directory."""
    env = os.environ if environ is None else environ
    return env.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / DEFAULT_FILE}"


def describe(url: str) -> str:
    """The URL with any password hidden, for messages people will paste into tickets."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_pragmas(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """WAL lets the Slack app read while the scheduler writes; foreign keys keep refs honest."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
