"""Opening a store: one engine per process, checked once, with clear words when it cannot be reached."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from governance.errors import ReadinessError
from storage.engine import describe, make_engine
from storage.migrate import is_current, upgrade
from storage.uow import SqlUnitOfWork


class StoreUnavailable(ReadinessError):
    pass


@dataclass
class Store:
    url: str
    engine: Engine

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def migrate(self) -> None:
        upgrade(self.engine)

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
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreUnavailable("DATABASE_URL is not a database URL (use sqlite:///FILE or "
                               f"postgresql+psycopg://USER:PASSWORD@HOST/DB): {exc}") from None
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"cannot reach the database at {describe(url)}: {reason}") from None
    return Store(url, engine)
