"""The SQL statements a piece of code sends, for tests that pin what a step or a request asks of the
database (deterministic, not timed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event


@contextmanager
def statements(platform: Any) -> Iterator[list[str]]:
    """The statements sent on ``platform``'s engine inside the block, whitespace collapsed."""
    sent: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(platform.engine, "before_cursor_execute", on_execute)
    try:
        yield sent
    finally:
        event.remove(platform.engine, "before_cursor_execute", on_execute)


@contextmanager
def rows_read(platform: Any) -> Iterator[list[Any]]:
    """The rows the database returned on ``platform``'s engine inside the block, as its driver handed them
    over (every statement's rows, however the caller took them)."""
    from sqlalchemy.engine.cursor import CursorFetchStrategy

    read: list[Any] = []
    real_all, real_one, real_many = (
        CursorFetchStrategy.fetchall,
        CursorFetchStrategy.fetchone,
        CursorFetchStrategy.fetchmany,
    )

    def ours(result: Any) -> bool:
        return result.connection.engine is platform.engine

    def fetchall(self: Any, result: Any, dbapi_cursor: Any) -> Any:
        rows = real_all(self, result, dbapi_cursor)
        read.extend(rows if ours(result) else [])
        return rows

    def fetchone(self: Any, result: Any, dbapi_cursor: Any, hard_close: bool = False) -> Any:
        row = real_one(self, result, dbapi_cursor, hard_close)
        read.extend([row] if row is not None and ours(result) else [])
        return row

    def fetchmany(self: Any, result: Any, dbapi_cursor: Any, size: Any = None) -> Any:
        rows = real_many(self, result, dbapi_cursor, size)
        read.extend(rows if ours(result) else [])
        return rows

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorFetchStrategy, "fetchall", fetchall)
        patch.setattr(CursorFetchStrategy, "fetchone", fetchone)
        patch.setattr(CursorFetchStrategy, "fetchmany", fetchmany)
        yield read
