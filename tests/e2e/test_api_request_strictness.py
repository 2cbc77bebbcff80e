"""The API takes only what it declares (review api12): an unknown or misspelt body field, an unknown filter
value and a body of another media type are refused by name, and its error answers carry the headers HTTP
asks for (Allow on 405, WWW-Authenticate on 401)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.e2e.test_api_bad_input import auth, make_client, platform_of, refused, table_counts


@pytest.fixture
def client(platform: Any) -> Any:
    return make_client(platform)


def _start(client: Any) -> dict[str, Any]:
    resp = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "titel": "Schuur"}, headers=auth()
    )
    assert resp.status_code == 201, resp.text
    return resp.get_json()


# -- F2: request bodies are closed ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/zaken", {"proces": "vergunning_klein", "initiatiefnemr": "Jan Jansen"}, "initiatiefnemr"),
        ("/api/v1/zaken", {"proces": "vergunning_klein", "lokatie": "Dorpsstraat 9"}, "lokatie"),
        ("/api/v1/zaken/Z-2026-000001/berichten", {"naam": "aanvulling", "gegevns": {}}, "gegevns"),
        ("/api/v1/zaken/Z-2026-000001/conflicten/1/overschrijven", {"reden": "x", "door": "y"}, "door"),
        ("/api/v1/taken/1/toewijzen", {"gebruiker": "anna", "groep": "Vergunningen"}, "groep"),
        ("/api/v1/modellen", {"bestanden": [{"naam": "x.bpmn", "inhoud": "<x/>", "soort": "bpmn"}]}, "soort"),
        ("/api/v1/beheer/afleveringen/opnieuw", {"kanal": "zaakregistratie"}, "kanal"),
        ("/api/v1/zaken/Z-2026-000001/besluit", {"uitkomst": "verleend", "motivatie": "x"}, "motivatie"),
    ],
)
def test_an_unknown_body_field_is_refused_by_name(client, url, body, field):
    if "Z-2026-000001" in url:  # a case the caller may open: access is checked before the body
        url = url.replace("Z-2026-000001", _start(client)["zaak"])
    before = table_counts(platform_of(client))
    problem = refused(client.post(url, json=body, headers=auth("t-bea")), 400)
    assert problem["code"] == "veld-ongeldig", problem
    veld = f"bestanden.0.{field}" if url.endswith("modellen") else field
    assert f"'{veld}' is onbekend" in problem["detail"] and problem["veld"] == veld, problem
    assert table_counts(platform_of(client)) == before


def test_an_unknown_multipart_text_field_is_refused_by_name(client):
    case = _start(client)
    before = table_counts(platform_of(client))
    resp = client.post(
        f"/api/v1/zaken/{case['zaak']}/documenten",
        data={
            "bestand": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "tekening.pdf"),
            "informatieobjecttype": "tekening",
            "tittel": "Tekening",
        },
        headers=auth(),
        content_type="multipart/form-data",
    )
    problem = refused(resp, 400)
    assert "'tittel'" in problem["detail"] and "is onbekend" in problem["detail"], problem
    assert table_counts(platform_of(client)) == before


def test_the_declared_fields_and_free_form_data_are_still_taken(client):
    """gegevens (process data) and a task's form data stay open: their fields are the model's."""
    resp = client.post(
        "/api/v1/zaken",
        json={
            "proces": "vergunning_klein",
            "titel": "Dakkapel",
            "initiatiefnemer": "Jan Jansen",
            "locatie": "Dorpsstraat 9",
            "gegevens": {"bouwkosten": 1000, "eigen_veld": "ja"},
        },
        headers=auth(),
    )
    assert resp.status_code == 201, resp.text
    assert resp.get_json()["initiatiefnemer"] == "Jan Jansen"


def test_the_published_request_bodies_are_closed_and_the_answers_open(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    start = doc["paths"]["/zaken"]["post"]
    assert start["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"] is False
    answer = start["responses"]["201"]["content"]["application/json"]["schema"]
    assert answer.get("additionalProperties", True) is not False


# -- F3: task filters -------------------------------------------------------------------------------
def test_the_task_filter_procedure_takes_the_process_id_and_the_label(client):
    _start(client)
    url = "/api/v1/taken?selectie=alle&procedure="
    totals = {
        p: client.get(url + p, headers=auth("t-bea")).get_json()["totaal"]
        for p in ("vergunning_klein", "Kleine vergunning")
    }
    assert totals["vergunning_klein"] >= 1 and totals["vergunning_klein"] == totals["Kleine vergunning"]


@pytest.mark.parametrize(
    ("query", "name"),
    [("procedure=omgevingsvergunnning", "procedure"), ("ernst=hoog", "ernst"), ("ernst=Blokkerend", "ernst")],
)
def test_an_unknown_task_filter_value_is_refused_by_name(client, query, name):
    _start(client)
    problem = refused(client.get(f"/api/v1/taken?selectie=alle&{query}", headers=auth("t-bea")), 400)
    assert problem["code"] == "parameter-ongeldig" and f"'{name}'" in problem["detail"], problem
    assert problem["veld"] == name


def test_a_known_severity_filters(client):
    resp = client.get("/api/v1/taken?selectie=alle&ernst=blokkerend", headers=auth("t-bea"))
    assert resp.status_code == 200 and resp.get_json()["totaal"] == 0


# -- F5: HTTP headers and media types ----------------------------------------------------------------
def test_405_names_the_allowed_methods(client):
    resp = client.put("/api/v1/taken", headers=auth())
    assert resp.status_code == 405 and resp.mimetype == "application/problem+json"
    assert {m.strip() for m in resp.headers["Allow"].split(",")} >= {"GET"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer fout"}])
def test_401_asks_for_a_bearer_token(client, headers):
    resp = client.get("/api/v1/taken", headers=headers)
    assert resp.status_code == 401 and resp.mimetype == "application/problem+json"
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("media", ["text/plain", "application/xml", "application/x-www-form-urlencoded"])
def test_a_body_of_another_media_type_is_refused_with_415(client, media):
    case = _start(client)
    task = client.get("/api/v1/taken?selectie=alle", headers=auth("t-bea")).get_json()["taken"][0]
    before = table_counts(platform_of(client))
    for url, data in (
        (f"/api/v1/taken/{task['id']}/toewijzen", '{"gebruiker": "anna"}'),
        ("/api/v1/zaken", '{"proces": "vergunning_klein"}'),
        (f"/api/v1/zaken/{case['zaak']}/berichten", '{"naam": "aanvulling"}'),
    ):
        resp = client.post(url, data=data, headers={**auth("t-bea"), "Content-Type": media})
        assert resp.status_code == 415 and resp.mimetype == "application/problem+json", (url, resp.text)
        problem = json.loads(resp.text)
        assert problem["code"] == "mediatype-niet-ondersteund" and media in problem["detail"], problem
    assert table_counts(platform_of(client)) == before


def test_json_with_a_charset_is_taken(client):
    resp = client.post(
        "/api/v1/zaken",
        data='{"proces": "vergunning_klein"}',
        headers={**auth(), "Content-Type": "application/json; charset=utf-8"},
    )
    assert resp.status_code == 201, resp.text


@pytest.mark.parametrize("media", ["", "application/merge-patch+json", "application/vnd.api+json"])
def test_a_body_without_a_media_type_or_of_another_json_flavour_is_refused_with_415(client, media):
    """Such a body was read as plain JSON, while the README says another media type gets 415: a merge
    patch has rules of its own, and a body without a type is not known to be JSON."""
    before = table_counts(platform_of(client))
    resp = client.post(
        "/api/v1/zaken",
        data='{"proces": "vergunning_klein"}',
        headers={**auth(), **({"Content-Type": media} if media else {})},
    )
    assert resp.status_code == 415 and resp.mimetype == "application/problem+json", resp.text
    problem = json.loads(resp.text)
    assert problem["code"] == "mediatype-niet-ondersteund" and "application/json" in problem["detail"], (
        problem
    )
    assert (media or "geen mediatype") in problem["detail"] and problem["veld"] == "Content-Type", problem
    assert table_counts(platform_of(client)) == before
