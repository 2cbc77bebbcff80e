"""A request that loses a race in the database gets a Dutch 409 it can repeat, never 'Interne fout'
(scale-out review: unique-index races answered 500); any other database error stays a logged 500."""

from __future__ import annotations

from typing import Any

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from services import cases, inbox_page

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
    monkeypatch.setattr(inbox_page, "page", _raises(LOST_RACES[0]))
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


#: what PostgreSQL says of a duplicate username: its DETAIL quotes the row's value
DUPLICATE_ANNA = IntegrityError(
    "INSERT INTO users (username) VALUES (%(username)s)",
    {"username": "anna-de-vries"},
    psycopg.errors.UniqueViolation(
        'duplicate key value violates unique constraint "users_username_key"\n'
        "DETAIL:  Key (username)=(anna-de-vries) already exists."
    ),
)


def test_a_lost_race_is_logged_by_its_class_and_sqlstate_without_the_rows_values(
    faces_app, monkeypatch, caplog
):
    monkeypatch.setattr(cases, "complete_task", _raises(DUPLICATE_ANNA))
    resp = faces_app.test_client().post("/api/v1/taken/1/voltooien", json={"gegevens": {}}, headers=ANNA)
    assert resp.status_code == 409
    # the warning logged the database's message (its DETAIL) and, in the traceback, the statement's
    # parameters: a username, an address, whatever the key holds
    assert "anna-de-vries" not in caplog.text
    assert "concurrent change refused: UniqueViolation (SQLSTATE 23505)" in caplog.text
    assert "Traceback" in caplog.text and ", in fail\n" in caplog.text  # where it was raised stays
