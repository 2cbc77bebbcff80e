"""The unit of work: the only place that commits."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """One transaction per use case. ``write=True`` takes the SQLite write lock up front.

    Work registered with ``after_commit`` (notifications, outside calls) runs only after a commit.
    """

    def __init__(self, session_factory: sessionmaker[Session], *, write: bool = True):
        self._factory = session_factory
        self._write = write
        self._after: list[Any] = []
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        if self._write and self.session.get_bind().dialect.name == "sqlite":
            self.session.connection(execution_options={"sqlite_begin": "BEGIN IMMEDIATE"})
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()
        if exc_type is None:
            for fn in self._after:
                fn()

    def commit(self) -> None:
        self.session.commit()

    def after_commit(self, fn: Any) -> None:
        self._after.append(fn)
