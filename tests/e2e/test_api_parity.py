"""What the beheer, dashboard and status faces can do, the API can do too (issue #10, parity)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_api_bad_input import auth, make_client, refused, table_counts


@pytest.fixture
def client(platform: Any) -> Any:
    from services import users

    users.add_user(platform, "tim", groups=["Vergunningen"], role="teamleider", token="t-tim")
    return make_client(platform)


def start(client: Any) -> dict[str, Any]:
    resp = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "titel": "Dakkapel"}, headers=auth()
    )
    assert resp.status_code == 201, resp.text
    return dict(resp.get_json())


def test_beheer_suspend_resume_retry_and_incidents_over_the_api(client):
    case = start(client)
    ref = case["zaak"]
    bea = auth("t-bea")
    assert client.get("/api/v1/beheer/incidenten", headers=bea).get_json() == {
        "incidenten": [],
        "gepauzeerd": [],
        "aantallen": {"incidenten": 0, "gepauzeerd": 0},  # all of them, beyond the listed (limiet per kind)
    }
    paused = client.post(f"/api/v1/beheer/zaken/{ref}/pauzeren", json={"reden": "onderhoud"}, headers=bea)
    assert paused.status_code == 200 and paused.get_json()["status"] == "gepauzeerd"
    listed = client.get("/api/v1/beheer/incidenten", headers=bea).get_json()
    assert [c["zaak"] for c in listed["gepauzeerd"]] == [ref]
    again = client.post(f"/api/v1/beheer/zaken/{ref}/pauzeren", headers=bea)
    assert refused_status(again, 409)["code"] == "pauzeren-niet-mogelijk"
    resumed = client.post(f"/api/v1/beheer/zaken/{ref}/hervatten", headers=bea)
    assert resumed.status_code == 200 and resumed.get_json()["status"] == "lopend"
    retry = client.post(f"/api/v1/beheer/zaken/{ref}/opnieuw", headers=bea)
    assert refused_status(retry, 409)["code"] == "geen-incident"
    migrated = client.post("/api/v1/beheer/modellen/vergunning_klein/migreren", headers=bea)
    assert migrated.status_code == 200 and migrated.get_json()["gemigreerd"] == []


def refused_status(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.mimetype == "application/problem+json"
    return dict(resp.get_json())


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/beheer/incidenten"),
        ("post", "/api/v1/beheer/zaken/1/pauzeren"),
        ("post", "/api/v1/beheer/zaken/1/hervatten"),
        ("post", "/api/v1/beheer/zaken/1/opnieuw"),
        ("post", "/api/v1/beheer/modellen/vergunning_klein/migreren"),
        ("get", "/api/v1/dashboard"),
    ],
)
def test_beheer_and_dashboard_need_their_role(client, method, url):
    start(client)
    before = table_counts(client.application.extensions["ruimteflow"])
    resp = getattr(client, method)(url, headers=auth("t-anna"))
    assert refused_status(resp, 403)["code"] == "rol-vereist"
    assert getattr(client, method)(url).status_code == 401
    assert table_counts(client.application.extensions["ruimteflow"]) == before


def test_dashboard_figures_for_a_team_lead_and_a_beheerder(client):
    start(client)
    lead = client.get("/api/v1/dashboard?periode=90", headers=auth("t-tim")).get_json()
    assert lead["teams"] == ["Vergunningen"] and lead["periode_dagen"] == 90
    assert [t["open"] for t in lead["cijfers"]["teams"]] == [1]
    beheer = client.get("/api/v1/dashboard?team=Vergunningen", headers=auth("t-bea")).get_json()
    assert beheer["team"] == "Vergunningen" and "Vergunningen" in beheer["teams"]
    bad = client.get("/api/v1/dashboard?periode=7", headers=auth("t-bea"))
    assert "'periode'" in refused(bad, 400)["detail"]


def test_initiator_sends_aanvulling_through_the_api_with_the_tracking_code(client):
    case = start(client)
    code, task = case["volgcode"], case["open_taken"][0]["id"]
    url = f"/api/v1/status/{code}/berichten/aanvulling"
    early = client.post(url, json={"tekst": "Hier is de tekening."})
    assert refused_status(early, 409)["code"] == "bericht-niet-verwacht"
    done = client.post(
        f"/api/v1/taken/{task}/voltooien", json={"gegevens": {"compleet": False}}, headers=auth()
    )
    assert done.status_code == 200 and done.get_json()["wacht_op"] == "wacht op aanvulling van u"
    empty = client.post(url, json={"tekst": ""})
    assert "'tekst'" in refused(empty, 400)["detail"]
    sent = client.post(url, json={"tekst": "Hier is de tekening.", "documenten": ["tekening.pdf"]})
    assert sent.status_code == 200, sent.text
    assert not any(a["verwacht"] for a in sent.get_json()["acties"])
    after = client.get(f"/api/v1/zaken/{case['zaak']}", headers=auth()).get_json()
    assert after["wacht_op"] != "wacht op aanvulling van u"
    assert after["samenvatting"]["gegevens"]["aanvulling"]["aanvulling_tekst"] == "Hier is de tekening."
    wrong = client.post("/api/v1/status/" + "x" * 32 + "/berichten/aanvulling", json={"tekst": "x"})
    assert refused_status(wrong, 404)["code"] == "volgcode-onbekend"
    # a message the status page never takes (the ingebrekestelling is one it takes since review status12 #3)
    unknown = client.post(f"/api/v1/status/{code}/berichten/netbeheerder_antwoord", json={"tekst": "x"})
    assert "'bericht'" in refused(unknown, 400)["detail"]
