"""An outside organisation's team lead sees only figures about its own organisation's work.

Tester finding (review "kaart", 7): an account of group Netbeheerder with role teamleider got the
municipality-wide dashboard (every procedure's figures, the answer times of the Omgevingsdienst,
Woningcorporatie and Waterschap) and every heatmap with the internal teams' figures: the checks looked
only at the role, while the policy treats an account in an external group as an external party.
"""

from __future__ import annotations

from typing import Any

import pytest

from services import users
from services.waits import heatmap
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import log_in

demo_layers, demo_database, module_demo_app = fx.demo_layers, fx.demo_database, fx.module_demo_app
NETLEAD = {"Authorization": "Bearer demo-netlead"}
BEA = {"Authorization": "Bearer demo-bea"}


@pytest.fixture(scope="module")
def demo_app(module_demo_app: Any) -> Any:
    users.add_user(
        module_demo_app.extensions["ruimteflow"],
        "netlead",
        groups=["Netbeheerder"],
        role="teamleider",
        password="demo",
        token="demo-netlead",
    )
    return module_demo_app


def test_the_dashboard_shows_an_outside_lead_only_its_own_organisations_work(demo_app: Any) -> None:
    client = demo_app.test_client()
    mine = client.get("/api/v1/dashboard", headers=NETLEAD).get_json()
    everything = client.get("/api/v1/dashboard", headers=BEA).get_json()["cijfers"]
    assert mine["teams"] == ["Netbeheerder"]
    figures = mine["cijfers"]
    assert figures["procedures"] == [] and figures["wachten"]["per_procedure"] == []
    [own] = figures["wachten"]["organisaties"]
    [same] = [o for o in everything["wachten"]["organisaties"] if o["organisatie"] == "Netbeheerder"]
    assert own == same  # its own answers, all of them, and no other party's
    net_steps = client.get("/api/v1/dashboard?team=Netbeheerder", headers=BEA).get_json()["cijfers"][
        "stappen"
    ]
    assert figures["stappen"] == net_steps and figures["teams"][0]["team"] == "Netbeheerder"


def test_the_heatmap_shows_an_outside_lead_only_its_own_organisation(demo_app: Any) -> None:
    client = demo_app.test_client()
    platform = demo_app.extensions["ruimteflow"]
    url = "/api/v1/modellen/wijkuitvoeringsplan/wachttijden"
    answer = client.get(url, headers=NETLEAD)
    assert answer.status_code == 200, answer.text
    view = answer.get_json()
    assert view["groep"] == "Netbeheerder" and view["groepen"] == ["Netbeheerder"]
    own = heatmap.heatmap(platform, "wijkuitvoeringsplan", groep="Netbeheerder")
    assert view["elementen"] == own["elementen"]
    refused = client.get(url + "?groep=Woningcorporatie", headers=NETLEAD)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    body = refused.get_json()
    assert body["code"] == "groep-geen-toegang" and "eigen organisatie" in body["detail"]
    assert client.get(url + "?groep=Woningcorporatie", headers=BEA).status_code == 200


def test_the_dashboard_page_of_an_outside_lead_says_it_shows_its_own_work(demo_app: Any) -> None:
    client = demo_app.test_client()
    login = log_in(client, "netlead")
    assert login.status_code in (302, 303)
    page = client.get("/dashboard").text
    assert "alleen de cijfers over het werk van uw eigen organisatie" in page
    assert 'id="kop-procedures"' not in page and "Omgevingsdienst" not in page
    csv = client.get("/wachttijden/wijkuitvoeringsplan/csv?groep=Waterschap")
    assert csv.status_code == 403


def test_the_dashboard_names_the_running_dwangsom_as_the_case_page_does(demo_app: Any) -> None:
    """The demo's late permit (Schuur Buitenweg 8: ingebrekestelling received, dwangsom accruing) is on
    the beheerder's dashboard with the stand its case page gives; an outside lead's has no such table."""
    client = demo_app.test_client()
    [running] = client.get("/api/v1/dashboard", headers=BEA).get_json()["cijfers"]["dwangsommen"]
    case = client.get(f"/api/v1/zaken/{running['zaak']}", headers=BEA).get_json()
    assert running["titel"] == case["titel"] == "Schuur Buitenweg 8"
    assert running["status"] in ("wachttijd", "loopt", "maximum")
    assert client.get("/api/v1/dashboard", headers=NETLEAD).get_json()["cijfers"]["dwangsommen"] == []
    login = log_in(client, "bea")
    assert login.status_code in (302, 303)
    page = client.get("/dashboard").text
    assert 'id="kop-dwangsom"' in page and running["tekst"] in page
    assert client.get(f"/zaken/{running['zaak']}").text.count(running["tekst"]) == 1
