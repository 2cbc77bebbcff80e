"""An operation takes only the body it declares (review api17, finding 1): one that declares none refuses a
body instead of ignoring it (a claim with {"gebruiker": "tom"} claimed for the caller; a migration with
{"versie": 1, "zaken": [...]} migrated everything), and a JSON ``null`` where an object is declared is
refused, not read as no body. A browser session still writes through the API with its CSRF token."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.task_rows import assignee, first_open_task_id
from tests.e2e.test_api_bad_input import auth, make_client, platform_of, refused, table_counts


@pytest.fixture
def client(platform: Any) -> Any:
    return make_client(platform)


def _task(client: Any) -> dict[str, Any]:
    resp = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "titel": "Schuur"}, headers=auth()
    )
    assert resp.status_code == 201, resp.text
    found = client.get("/api/v1/taken?selectie=alle", headers=auth("t-bea")).get_json()["taken"]
    return {**found[0], "zaak": resp.get_json()["zaak"]}


def _holder(client: Any, task_id: int) -> Any:
    return client.get(f"/api/v1/taken/{task_id}", headers=auth()).get_json()["toegewezen_aan"]


@pytest.mark.parametrize(
    ("media", "data"),
    [
        ("application/json", '{"gebruiker": "bea"}'),
        ("application/json", "{}"),
        ("application/json", "null"),
        ("text/plain", "hallo"),
        ("application/xml", "<a/>"),
        ("application/x-www-form-urlencoded", "gebruiker=bea"),
        ("", '{"gebruiker": "bea"}'),
    ],
)
def test_a_body_to_an_operation_without_one_is_refused(client, media, data):
    task = _task(client)
    before = table_counts(platform_of(client))
    for action in ("claim", "unclaim"):
        headers = {**auth(), **({"Content-Type": media} if media else {})}
        resp = client.post(f"/api/v1/taken/{task['id']}/{action}", data=data, headers=headers)
        problem = refused(resp, 400)
        assert problem["code"] == "inhoud-niet-verwacht", problem
        assert (
            problem["detail"]
            == "Deze bewerking neemt geen inhoud aan; stuur het verzoek zonder inhoud (body)."
        )
    assert _holder(client, task["id"]) is None
    assert table_counts(platform_of(client)) == before


def test_a_migration_with_a_body_migrates_nothing(client):
    task = _task(client)
    before = table_counts(platform_of(client))
    body = {"versie": 1, "zaken": [task["zaak"]]}
    resp = client.post("/api/v1/beheer/modellen/vergunning_klein/migreren", json=body, headers=auth("t-bea"))
    assert refused(resp, 400)["code"] == "inhoud-niet-verwacht"
    assert table_counts(platform_of(client)) == before


def test_without_a_body_the_operations_still_work(client):
    task = _task(client)
    assert client.post(f"/api/v1/taken/{task['id']}/claim", headers=auth()).status_code == 200
    assert _holder(client, task["id"]) == "anna"
    resp = client.post(f"/api/v1/taken/{task['id']}/unclaim", headers={**auth(), "Content-Length": "0"})
    assert resp.status_code == 200, resp.text
    assert _holder(client, task["id"]) is None


@pytest.mark.parametrize(
    ("url", "token"),
    [
        ("/api/v1/beheer/afleveringen/opnieuw", "t-bea"),  # an optional body
        ("/api/v1/taken/{task}/toewijzen", "t-bea"),  # a required one
        ("/api/v1/taken/{task}/voltooien", "t-anna"),
    ],
)
def test_a_null_body_where_an_object_is_declared_is_refused(client, url, token):
    task = _task(client)
    before = table_counts(platform_of(client))
    resp = client.post(
        url.format(task=task["id"]), data="null", headers={**auth(token), "Content-Type": "application/json"}
    )
    problem = refused(resp, 400)
    assert problem["code"] == "veld-ongeldig", problem
    assert problem["detail"] == "Veld 'inhoud' moet een JSON-object zijn.", problem
    assert table_counts(platform_of(client)) == before


def test_the_json_body_helper_refuses_null():
    """web.api.common.json_body, used by the views (and the status page's API twin), reads null as sent."""
    from flask import Flask, g

    from processes.errors import ValidationError
    from web.api.common import json_body

    with Flask(__name__).test_request_context():
        assert json_body() == {}
        g.json_body = None
        with pytest.raises(ValidationError) as refused_null:
            json_body()
        assert refused_null.value.code == "json-geen-object"


def test_a_browser_session_still_claims_through_the_api(browser_for, faces_platform, start_case):
    """The CSRF token as the X-CSRF-Token header or as the only form field is no body."""
    start_case()
    task_id = first_open_task_id(faces_platform)
    anna = browser_for("anna")
    assert anna.get("/inbox").status_code == 200
    claim = anna.client.post(f"/api/v1/taken/{task_id}/claim", headers={"X-CSRF-Token": anna.csrf()})
    assert claim.status_code == 200, claim.text
    assert anna.post(f"/api/v1/taken/{task_id}/unclaim").status_code == 200  # csrf_token as a form field
    assert assignee(faces_platform, task_id) is None
    more = anna.post(f"/api/v1/taken/{task_id}/claim", {"gebruiker": "tom"})
    assert more.status_code == 400 and json.loads(more.text)["code"] == "inhoud-niet-verwacht"
    assert assignee(faces_platform, task_id) is None
    unknown = anna.client.post(f"/api/v1/taken/{task_id}/claim", headers={"X-CSRF-Token": "fout"})
    assert unknown.status_code == 400 and json.loads(unknown.text)["code"] == "csrf-ongeldig"
