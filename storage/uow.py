"""The unit of work: one session, rolled back unless the use case commits."""
from __future__ import annotations

from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import (
    SqlConversationRepository, SqlOutboxRepository, SqlPlanRepository, SqlUpdateRepository,
)


class SqlUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._session: Session | None = None

    def __enter__(self) -> Self:
        self._session = self._sessions()
        self.plan = SqlPlanRepository(self._session)
        self.updates = SqlUpdateRepository(self._session)
        self.conversations = SqlConversationRepository(self._session)
        self.outbox = SqlOutboxRepository(self._session)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._session is not None
        self.rollback()
        self._session.close()
        self._session = None

    def commit(self) -> None:
        assert self._session is not None
        self._session.commit()

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()
