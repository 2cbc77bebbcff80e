"""The unit of work: the only place that commits.

Work registered with ``after_commit`` (notifications, outside calls, caches that may trust a stored
row) runs only after a successful commit, once the session is closed. Work registered inside a
``savepoint`` that rolls back is dropped with it, and so is work registered after the last commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from services.store.repository import SqlCaseRepository

_HOOKS = "ruimteflow_after_commit"


def after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Run ``fn`` after the unit of work that owns ``session`` commits (for code that holds a session)."""
    session.info.setdefault(_HOOKS, []).append(fn)


class UnitOfWork:
    """One transaction per use case. ``write=True`` takes the SQLite write lock up front."""

    def __init__(self, session_factory: sessionmaker[Session], *, write: bool = True):
        self._factory = session_factory
        self._write = write
        self._due: list[Callable[[], None]] = []
        self.session: Session
        self.cases: SqlCaseRepository

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.session.info[_HOOKS] = []
        if self._write and self.session.get_bind().dialect.name == "sqlite":
            self.session.connection(execution_options={"sqlite_begin": "BEGIN IMMEDIATE"})
        self.cases = SqlCaseRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()  # ends the transaction: whatever was not committed is rolled back
        due, self._due = self._due, []
        for fn in due:
            fn()

    def commit(self) -> None:
        self.session.commit()
        hooks = self.session.info.get(_HOOKS, [])
        self._due.extend(hooks)
        hooks.clear()

    def rollback(self) -> None:
        """Undo everything since the last commit, with the work registered for after it."""
        self.session.rollback()
        self.session.info.get(_HOOKS, []).clear()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of the transaction that an error undoes on its own (with its after-commit work)."""
        hooks = self.session.info.setdefault(_HOOKS, [])
        mark = len(hooks)
        try:
            with self.session.begin_nested():
                yield
        except BaseException:
            del hooks[mark:]
            raise

    def after_commit(self, fn: Callable[[], None]) -> None:
        after_commit(self.session, fn)
