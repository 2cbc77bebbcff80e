"""A database error is logged and reported by its class, SQLSTATE and constraint, never by the database's
own message, whose DETAIL quotes the row's values ('Key (username)=(anna) already exists'), nor by the
statement's parameters (operator item: the concurrent-change warning logged both)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from services import case_timers, cases, logs
from services.store.repository import SqlCaseRepository
from tests.e2e.test_concurrent_change_errors import DUPLICATE_ANNA


def test_a_failing_timer_step_is_logged_and_reported_without_the_rows_values(platform, monkeypatch, caplog):
    def lost(*_args: object) -> None:
        raise DUPLICATE_ANNA

    monkeypatch.setattr(SqlCaseRepository, "due_ids", lambda self, moment, limit: [7])
    monkeypatch.setattr(case_timers, "_fire_one", lost)
    with caplog.at_level(logging.INFO):
        fired = cases.fire_due_timers(platform)
    assert fired == [{"zaak_id": 7, "fout": "UniqueViolation (SQLSTATE 23505)"}]
    assert "anna-de-vries" not in caplog.text
    assert "timer of case 7 failed: UniqueViolation (SQLSTATE 23505)" in caplog.text
    assert ", in lost\n" in caplog.text  # the frames stay


def test_another_error_keeps_its_message():
    assert logs.error_text(RuntimeError("x")) == "RuntimeError: x"


@pytest.mark.postgres
def test_postgresql_names_the_constraint_and_table_not_the_value(pg_url):
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("create temporary table namen (naam text constraint namen_naam_uniek unique)"))
            conn.execute(text("insert into namen values ('anna-de-vries')"))
            with pytest.raises(IntegrityError) as caught:
                conn.execute(text("insert into namen values (:naam)"), {"naam": "anna-de-vries"})
    finally:
        engine.dispose()
    assert "anna-de-vries" in str(caught.value)  # what the old warning logged
    assert logs.database_error(caught.value) == (
        "UniqueViolation (SQLSTATE 23505, constraint namen_naam_uniek, table namen)"
    )
