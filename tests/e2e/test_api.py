"""The JSON API over HTTP: auth, problem+json errors, API-Version header, OpenAPI, a full case."""

from __future__ import annotations

import pytest

from services import users
from services.config import Settings
from tests.conftest import FIXTURES
from tests.shared_build import shared_demo_layers
from web import create_app


@pytest.fixture
def settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo layers generated once per run (tests/shared_build.py), not again in this test's folder."""
    return settings.with_(gis_layers_dir=str(shared_demo_layers(tmp_path_factory)))


@pytest.fixture
def client(platform):
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(platform, "jan", groups=["Juridisch"], role="adviseur", token="t-jan")
    app = create_app(platform.settings, platform=platform)
    return app.test_client()


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def deploy(client, token="t-bea"):
    data = {"bestand": (open(FIXTURES / "bpmn" / "vergunning_klein.bpmn", "rb"), "vergunning_klein.bpmn")}
    return client.post("/api/v1/modellen", data=data, headers=auth(token), content_type="multipart/form-data")


def assert_problem(resp, status, code):
    assert resp.status_code == status, resp.get_json()
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["code"] == code and body["status"] == status and body["title"] and body["detail"]
    assert resp.headers["API-Version"]
    return body


def test_full_case_over_http(client):
    assert deploy(client).status_code == 201
    resp = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "titel": "Dakkapel"}, headers=auth("t-anna")
    )
    assert resp.status_code == 201 and resp.headers["API-Version"] == "1.0.0"
    ref = resp.get_json()["zaak"]
    tasks = client.get("/api/v1/taken", headers=auth("t-anna")).get_json()["taken"]
    assert [t["naam"] for t in tasks] == ["Aanvraag beoordelen"]
    tid = tasks[0]["id"]
    assert (
        client.post(f"/api/v1/taken/{tid}/claim", headers=auth("t-anna")).get_json()["toegewezen_aan"]
        == "anna"
    )
    assert (
        client.post(f"/api/v1/taken/{tid}/unclaim", headers=auth("t-anna")).get_json()["toegewezen_aan"]
        is None
    )
    done = client.post(
        f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {"compleet": False}}, headers=auth("t-anna")
    )
    assert done.get_json()["wacht_op"] == "wacht op aanvulling van u"
    msg = client.post(
        f"/api/v1/zaken/{ref}/berichten",
        json={"naam": "aanvulling", "gegevens": {"x": 1}},
        headers=auth("t-anna"),
    )
    assert msg.status_code == 200
    case = client.get(f"/api/v1/zaken/{ref}", headers=auth("t-bea")).get_json()
    assert case["zaak"] == ref and any(e["soort"] == "bericht" for e in case["tijdlijn"])


def test_errors_are_problem_json_in_dutch(client):
    assert_problem(client.get("/api/v1/taken"), 401, "niet-ingelogd")
    assert_problem(client.get("/api/v1/taken", headers=auth("fout")), 401, "token-ongeldig")
    assert_problem(deploy(client, token="t-anna"), 403, "rol-vereist")
    assert_problem(client.get("/api/v1/zaken/Z-1999-000001", headers=auth("t-anna")), 404, "zaak-onbekend")
    assert_problem(
        client.post(
            "/api/v1/zaken", data="{niet json", headers=auth("t-anna"), content_type="application/json"
        ),
        400,
        "json-ongeldig",
    )
    assert_problem(
        client.post("/api/v1/zaken", json={"proces": "bestaat_niet"}, headers=auth("t-anna")),
        404,
        "proces-onbekend",
    )
    assert_problem(
        client.post("/api/v1/taken/999/voltooien", json={}, headers=auth("t-anna")), 404, "taak-onbekend"
    )
    assert_problem(client.get("/api/v1/bestaat-niet", headers=auth("t-anna")), 404, "http-404")
    bad = client.post(
        "/api/v1/modellen",
        json={"bestanden": [{"naam": "x.bpmn", "inhoud": "<niet-af"}]},
        headers=auth("t-bea"),
    )
    body = assert_problem(bad, 422, "model-geweigerd")
    assert body["problemen"][0]["bestand"] == "x.bpmn"


def test_form_errors_and_refusals_over_http(client):
    deploy(client)
    client.post("/api/v1/zaken", json={"proces": "vergunning_klein"}, headers=auth("t-anna"))
    tid = client.get("/api/v1/taken", headers=auth("t-anna")).get_json()["taken"][0]["id"]
    body = assert_problem(
        client.post(f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {}}, headers=auth("t-anna")),
        422,
        "formulier-ongeldig",
    )
    assert body["fouten"] == ["Veld 'compleet' is verplicht."]
    assert_problem(
        client.post(
            f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {"compleet": True}}, headers=auth("t-jan")
        ),
        403,
        "taak-geen-toegang",
    )
    assert_problem(
        client.post(
            "/api/v1/zaken/Z-2026-000001/berichten", json={"naam": "zienswijze"}, headers=auth("t-anna")
        ),
        409,
        "bericht-niet-verwacht",
    )


def test_body_too_large_is_413(platform):
    users.add_user(platform, "anna", groups=["Vergunningen"], token="t-anna")
    app = create_app(platform.settings.with_(max_body_bytes=1000), platform=platform)
    resp = app.test_client().post(
        "/api/v1/locatiecheck", data="x" * 5000, headers=auth("t-anna"), content_type="application/geo+json"
    )
    assert_problem(resp, 413, "json-te-groot")  # its own code, before it is read


def test_openapi_document_lists_the_routes(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for path in (
        "/zaken",
        "/zaken/{case_key}",
        "/taken",
        "/taken/{task_id}/voltooien",
        "/modellen",
        "/zaken/{case_key}/berichten",
        "/locatiecheck",
    ):
        assert path in doc["paths"], path
    assert doc["paths"]["/zaken"]["post"]["summary"]


def test_override_conflict_over_http_is_audited(client, platform):
    from services import cases, deployments
    from tests.conftest import FIXTURES

    deployments.deploy(platform, deployments.read_files([FIXTURES / "bpmn" / "locatie_routering.bpmn"]))
    case = cases.start_case(
        platform, "locatie_routering", {"soort": "windturbine"}, geometry_wkt="POINT (226000 448000)"
    )
    conflict = cases.get_case(platform, case["zaak"])["conflicten"][0]
    url = f"/api/v1/zaken/{case['zaak']}/conflicten/{conflict['id']}/overschrijven"
    assert_problem(client.post(url, json={"reden": "x"}, headers=auth("t-anna")), 400, "reden-ontbreekt")
    resp = client.post(
        url, json={"reden": "turbine is verplaatst, meting klopt niet"}, headers=auth("t-anna")
    )
    assert resp.status_code == 200, resp.get_json()
    after = cases.get_case(platform, case["zaak"])
    row = next(c for c in after["conflicten"] if c["id"] == conflict["id"])
    assert row["overschreven"] and row["overschreven_door"] == "anna"
    assert any(e["door"] == "anna" and "overschr" in e["tekst"].lower() for e in after["tijdlijn"])
