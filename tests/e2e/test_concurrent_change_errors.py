"""A request that loses a race in the database gets a Dutch 409 it can repeat, never 'Interne fout'
(scale-out review: unique-index races answered 500); any other database error stays a logged 500."""

from __future__ import annotations

from typing import Any

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from services import cases, inbox

ANNA = {"Authorization": "Bearer demo-anna"}


def _raises(error: Exception) -> Any:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    return fail


LOST_RACES = [
    IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("dubbel")),
    OperationalError("UPDATE", {}, psycopg.errors.DeadlockDetected("deadlock")),
    OperationalError("UPDATE", {}, psycopg.errors.SerializationFailure("serialisatie")),
]


@pytest.mark.parametrize("error", LOST_RACES, ids=["unique", "deadlock", "serialization"])
def test_the_api_answers_a_lost_race_with_409_problem_json(faces_app, monkeypatch, error):
    monkeypatch.setattr(cases, "complete_task", _raises(error))
    resp = faces_app.test_client().post("/api/v1/taken/1/voltooien", json={"gegevens": {}}, headers=ANNA)
    assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["code"] == "gelijktijdige-wijziging" and "probeer het opnieuw" in body["detail"]


def test_a_page_answers_a_lost_race_with_a_dutch_409_page(browser_for, monkeypatch):
    monkeypatch.setattr(inbox, "list_tasks", _raises(LOST_RACES[0]))
    resp = browser_for("anna").get("/inbox")
    assert resp.status_code == 409 and "Iemand anders wijzigde dit op hetzelfde moment" in resp.text


def test_another_database_error_stays_an_internal_error(faces_app, monkeypatch, caplog):
    error = OperationalError("SELECT", {}, psycopg.errors.UndefinedTable("geen tabel"))
    monkeypatch.setattr(cases, "complete_task", _raises(error))
    resp = faces_app.test_client().post("/api/v1/taken/1/voltooien", json={"gegevens": {}}, headers=ANNA)
    assert resp.status_code == 500 and resp.get_json()["title"] == "Interne fout"
    # logged with its traceback, on one line that names the request (1add862 replaced Flask's
    # "database error" line with one naming method, path, request id and user)
    assert "POST /api/v1/taken/1/voltooien failed (request " in caplog.text and "Traceback" in caplog.text
