"""Opening a store: one engine per process, checked once, with clear words when it cannot be reached."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from storage.engine import StoreReadOnly, StoreUnavailable, describe, is_read_only, make_engine, reason
from storage.migrate import is_current, upgrade
from storage.uow import SqlUnitOfWork


@dataclass
class Store:
    url: str
    engine: Engine

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def migrate(self) -> None:
        """Setting up a store writes its schema, so a read-only one is refused here as in a unit of work."""
        try:
            upgrade(self.engine)
        except DBAPIError as exc:
            if is_read_only(exc):
                raise StoreReadOnly(self.url, exc) from None
            raise

    def require_current(self) -> None:
        if not is_current(self.engine):
            raise StoreUnavailable(f"the store at {describe(self.url)} is not set up or is out of date: "
                                   "run `readiness init`")

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError:
            return False
        return True

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str) -> Store:
    """An engine that has answered once, or a StoreUnavailable naming the URL (password hidden)."""
    try:
        engine = make_engine(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreUnavailable(f"DATABASE_URL {describe(url)} has an option the driver cannot take: {exc}") from None
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        if is_read_only(exc):
            raise StoreUnavailable(f"cannot read the store at {describe(url)}: {reason(exc)}; SQLite writes its "
                                   "-wal and -shm files beside a WAL store even to read it, so make its folder "
                                   "writable") from None
        raise StoreUnavailable(f"cannot reach the database at {describe(url)}: {reason(exc)}") from None
    return Store(url, engine)
