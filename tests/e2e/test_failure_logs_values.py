"""A request that fails with a database error (a 500), and a scheduler pass that does, log the error by its
class and SQLSTATE with the traceback's frames, never the database's message: a NOT NULL or unique
violation quotes the row ("Failing row contains (...)", "Key (username)=(anna-de-vries)"), which is
personal data in the log (review ops13's left item, after the concurrent-change warning was fixed)."""

from __future__ import annotations

import logging
from typing import Any

import psycopg.errors
from sqlalchemy.exc import IntegrityError

from services import cases, scheduler

ANNA = {"Authorization": "Bearer demo-anna"}
ROW = IntegrityError(
    "UPDATE",
    {"naam": "Johanna Pietersen"},
    psycopg.errors.NotNullViolation("Failing row contains (Johanna Pietersen)"),
)


def _raises(*_args: Any, **_kwargs: Any) -> Any:
    raise ROW


def test_a_500_of_a_database_error_logs_no_values(faces_app, monkeypatch, caplog):
    monkeypatch.setattr(cases, "complete_task", _raises)
    with caplog.at_level(logging.ERROR):
        resp = faces_app.test_client().post("/api/v1/taken/1/voltooien", json={"gegevens": {}}, headers=ANNA)
    assert resp.status_code == 500
    assert "Johanna" not in caplog.text
    assert "NotNullViolation" in caplog.text and "failed (request" in caplog.text
    assert "in _raises" in caplog.text  # the frames stay


def test_a_failing_scheduler_pass_logs_no_values(platform, monkeypatch, caplog):
    monkeypatch.setattr(scheduler, "run_once", _raises)
    with caplog.at_level(logging.ERROR):
        result = scheduler.one_pass(platform)
    assert "afgevuurd" in result["mislukt"]
    assert "Johanna" not in caplog.text
    assert "scheduler pass failed: timers fired" in caplog.text and "NotNullViolation" in caplog.text
