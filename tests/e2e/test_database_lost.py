"""A request whose database connection is lost (a restart, a failover, a connection ended by the server)
gets one answer: 503 'database-onbereikbaar', 'probeer het later opnieuw', logged with its foutcode and no
SQL in what the user reads (outside tester, sixth pass: one 422 quoting the statement, three 500s and one
503 for the same loss). Any other database error stays a logged 500 (tests/e2e/test_concurrent_change_errors.py)."""

from __future__ import annotations

from typing import Any

import psycopg.errors
import pytest
from sqlalchemy.exc import OperationalError

from services import cases, inbox_page

ANNA = {"Authorization": "Bearer demo-anna"}


def _raises(error: Exception) -> Any:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    return fail


def _lost(orig: Exception, *, invalidated: bool = True) -> OperationalError:
    return OperationalError(
        "SELECT naam, tabel FROM gis_lagen WHERE prefix = %(prefix)s",
        {"prefix": "demo"},
        orig,
        connection_invalidated=invalidated,
    )


LOSSES = [
    _lost(psycopg.errors.AdminShutdown("terminating connection due to administrator command")),
    _lost(psycopg.OperationalError("server closed the connection unexpectedly")),
    # a new connection the server refuses while it restarts: not flagged as invalidated by SQLAlchemy
    _lost(psycopg.errors.CannotConnectNow("the database system is starting up"), invalidated=False),
]


@pytest.mark.parametrize("error", LOSSES, ids=["ended-by-server", "closed", "starting-up"])
def test_the_api_answers_a_lost_connection_with_503_without_sql(faces_app, monkeypatch, caplog, error):
    monkeypatch.setattr(cases, "complete_task", _raises(error))
    resp = faces_app.test_client().post("/api/v1/taken/1/voltooien", json={"gegevens": {}}, headers=ANNA)
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["code"] == "database-onbereikbaar" and "Probeer het later opnieuw" in body["detail"]
    assert body["foutcode"] in body["detail"] and "SELECT" not in resp.text and "gis_lagen" not in resp.text
    assert f"(request {body['foutcode']}" in caplog.text  # the operator finds the cause by the foutcode


def test_a_page_answers_a_lost_connection_with_a_dutch_503_page(browser_for, monkeypatch):
    browser = browser_for("anna")
    monkeypatch.setattr(inbox_page, "page", _raises(LOSSES[0]))
    resp = browser.get("/inbox")
    assert resp.status_code == 503 and "Probeer het later opnieuw" in resp.text and "SELECT" not in resp.text
