"""Beheer reads the tasks whose deadline reminder had nobody to go to through the API too (smalls4, 3):
"Herinnering zonder ontvanger" was on the beheer page only. GET /api/v1/beheer/herinneringen-zonder-ontvanger
answers the page's list to a beheerder, as the OpenAPI document declares it; anyone else gets problem+json
(403 rol-vereist; 401 without a login). On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from services import users
from services.mail import compose, unreminded
from tests.integration.test_mail_blocked_and_paused import klein
from tests.integration.test_mail_reminder_no_recipient import _nobody
from web import create_app

__all__ = ["klein"]  # the fixture

URL = "/api/v1/beheer/herinneringen-zonder-ontvanger"


def _client(platform: Any) -> Any:
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    users.add_user(platform, "tim", groups=["Vergunningen"], role="teamleider", token="t-tim")
    return create_app(platform.settings, platform=platform).test_client()


def test_beheer_reads_the_tasks_whose_reminder_found_nobody(klein):
    _nobody(klein)
    assert compose.deadline_reminders(klein) == 0
    client = _client(klein)
    resp = client.get(URL, headers={"Authorization": "Bearer t-bea"})
    assert resp.status_code == 200, resp.text
    [task] = resp.get_json()["taken"]
    assert task == {
        "zaak": klein.zaak,
        "taak": "Aanvraag beoordelen",
        "groepen": "Vergunningen",
        "termijn": "2026-03-03",
        "sinds": task["sinds"],
    }
    assert resp.get_json()["taken"] == [
        {**t, "termijn": t["termijn"].isoformat()} for t in unreminded.waiting(klein)
    ]  # the page's list
    assert URL.removeprefix("/api/v1") in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_anyone_else_is_refused_as_problem_json(klein):
    _nobody(klein)
    compose.deadline_reminders(klein)
    client = _client(klein)
    refused = client.get(URL, headers={"Authorization": "Bearer t-tim"})
    assert (refused.status_code, refused.mimetype) == (403, "application/problem+json")
    assert refused.get_json()["code"] == "rol-vereist" and "Aanvraag beoordelen" not in refused.text
    assert client.get(URL).status_code == 401
