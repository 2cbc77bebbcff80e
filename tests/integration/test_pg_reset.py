"""``pg_url`` (tests/conftest.py) hands every PostgreSQL test the worker's database as freshly migrated:
it truncates only the tables a test used, so a table with rows, and one whose ids moved while its
rows were deleted again, must both come back empty with their ids restarted."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import app_tables, reset_app_tables

pytestmark = pytest.mark.postgres


def _rows_and_next_ids(url: str, tables: list[str]) -> list[tuple[str, int, int]]:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            return [
                (
                    name,
                    conn.execute(text(f'select count(*) from "{name}"')).scalar_one(),
                    conn.execute(
                        text(f"select nextval(pg_get_serial_sequence('\"{name}\"', 'id'))")
                    ).scalar_one(),
                )
                for name in tables
            ]
    finally:
        engine.dispose()


def test_used_tables_come_back_empty_with_their_ids_restarted(pg_url):
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("insert into app_user (username, display_name, role) values ('a', 'A', 'x')"))
            conn.execute(text("insert into app_group (name, kind) values ('g', 'afdeling')"))
            conn.execute(text("delete from app_group"))  # ids moved, no rows left
    finally:
        engine.dispose()
    reset_app_tables(pg_url)
    assert _rows_and_next_ids(pg_url, ["app_user", "app_group"]) == [("app_user", 0, 1), ("app_group", 0, 1)]
    reset_app_tables(pg_url)  # the nextval calls above moved the ids again
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert all(
                not conn.execute(text(f'select exists (select from "{name}")')).scalar()
                for name in app_tables()
            )
            assert (
                conn.execute(
                    text(
                        "insert into app_user (username, display_name, role) values ('b', 'B', 'x') returning id"
                    )
                ).scalar()
                == 1
            )
            conn.rollback()
    finally:
        engine.dispose()


def test_the_workers_database_commits_without_waiting_for_the_disk(pg_url):
    """Each commit of a test session returns without its WAL flushed (the worker's database is set so);
    a commit is still atomic and seen by the next statement, only a server crash could lose it."""
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("show synchronous_commit")).scalar() == "off"
            conn.execute(text("insert into app_group (name, kind) values ('g', 'afdeling')"))
        with engine.connect() as conn:
            assert conn.execute(text("select name from app_group")).scalars().all() == ["g"]
    finally:
        engine.dispose()
