"""A SQLite connection whose switch to WAL meets another connection's switch tries again.

CI (stop 49's check): `test_migrate_concurrent::test_two_migrations_of_an_empty_sqlite_database_at_once`
failed once with "database is locked" raised by `PRAGMA journal_mode=WAL` in the engine's connect hook:
SQLite answers a second switch of a new file at once, without its busy timeout. A fake connection whose
first two switches are refused so stands in for that race, which a real run meets only now and then.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from services.store import db


class _Cursor:
    def __init__(self, refusals: int, message: str = "database is locked") -> None:
        self.refusals, self.message, self.ran = refusals, message, []

    def execute(self, sql: str) -> None:
        if sql == "PRAGMA journal_mode=WAL" and self.refusals:
            self.refusals -= 1
            raise sqlite3.OperationalError(self.message)
        self.ran.append(sql)

    def close(self) -> None:
        self.ran.append("close")


class _Connection:
    def __init__(self, cursor: _Cursor) -> None:
        self.cur = cursor

    def cursor(self) -> _Cursor:
        return self.cur


def test_a_switch_to_wal_refused_as_locked_is_tried_again(monkeypatch: Any) -> None:
    monkeypatch.setattr(db.time, "sleep", lambda _s: None)
    cursor = _Cursor(refusals=2)
    db.sqlite_pragmas(_Connection(cursor))
    assert cursor.ran == [
        "PRAGMA foreign_keys=ON",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "close",
    ]


def test_another_error_of_the_switch_is_not_tried_again(monkeypatch: Any) -> None:
    monkeypatch.setattr(db.time, "sleep", lambda _s: None)
    cursor = _Cursor(refusals=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        db.sqlite_pragmas(_Connection(cursor))
    assert cursor.ran == ["PRAGMA foreign_keys=ON", "close"]


def test_a_switch_still_locked_after_its_wait_fails(monkeypatch: Any) -> None:
    clock = iter(range(0, 10_000, 10))  # each reading 10 s later: the 30 s are spent after a few tries
    monkeypatch.setattr(db.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(db.time, "sleep", lambda _s: None)
    cursor = _Cursor(refusals=1_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db.sqlite_pragmas(_Connection(cursor))
    assert cursor.refusals >= 1_000 - 5 and cursor.ran[-1] == "close"


def test_a_new_engine_sets_the_pragmas(tmp_path: Any) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    try:
        with engine.connect() as conn:
            found = [
                conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                for p in ("foreign_keys", "journal_mode", "synchronous")
            ]
    finally:
        engine.dispose()
    assert found == [1, "wal", 1]
