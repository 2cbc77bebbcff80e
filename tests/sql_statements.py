"""The SQL statements a piece of code sends, for tests that pin what a step or a request asks of the
database (deterministic, not timed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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
