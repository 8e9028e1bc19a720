"""The unit of work: one session, rolled back unless the use case commits."""
from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from storage.engine import StoreReadOnly, is_read_only
from storage.repositories import (
    SqlConversationRepository, SqlFigureRepository, SqlOutboxRepository, SqlPlanRepository, SqlUpdateRepository,
)


class SqlUnitOfWork:
    """Also where a read-only store is told apart, once for every use case: a write fails at a flush or at
    commit, and the flush may be one SQLAlchemy makes itself before a query."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._session: Session | None = None

    def __enter__(self) -> Self:
        self._session = self._sessions()
        self.plan = SqlPlanRepository(self._session)
        self.updates = SqlUpdateRepository(self._session)
        self.figures = SqlFigureRepository(self._session)
        self.conversations = SqlConversationRepository(self._session)
        self.outbox = SqlOutboxRepository(self._session)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        assert self._session is not None
        self.rollback()
        self._session.close()
        self._session = None
        if isinstance(error, DBAPIError) and is_read_only(error):
            raise StoreReadOnly(self._engine.url, error) from None

    def commit(self) -> None:
        assert self._session is not None
        self._session.commit()

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()
