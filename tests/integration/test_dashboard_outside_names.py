"""An outside organisation's team lead reads the dashboard without the applicant's name.

Review sessie16 (extern16, F1): a teamleider of group Netbeheerder saw on /dashboard and GET
/api/v1/dashboard the case's title and its task names as the applicant typed them ("Windturbine Jansen",
"Advies Windturbine Jansen (Netbeheerder)"), while everywhere else the same account reads "Windturbine
[verwijderd]": the open questions read the raw title and task name, and the steps were grouped by the
task's own name, so each case was a step of its own, named after its applicant. The open questions now
pass through the cut the case list uses (policy.outside) for an outside account, and a step is a task
element, named as the model names it ("Advies {intake[naam]} ({adviseur[groep]})" reads "Advies … (…)").
"""

from __future__ import annotations

from typing import Any

import pytest

from services import users
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in

demo_layers, demo_database, module_demo_app = fx.demo_layers, fx.demo_database, fx.module_demo_app
#: who answers an advice task of each group in the demo
ADVISER = {"Netbeheerder": "nina", "Milieu": "mila", "Grondzaken": "rob", "Wonen": "rob"}
ADVISER |= {"Landbouw en Buitengebied": "lars"}


def _auth(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{who}"}


@pytest.fixture(scope="module")
def demo_app(module_demo_app: Any) -> Any:
    for name, group in (("netlead", "Netbeheerder"), ("grondlead", "Grondzaken")):
        users.add_user(
            module_demo_app.extensions["ruimteflow"],
            name,
            groups=[group],
            role="teamleider",
            password="demo",
            token=f"demo-{name}",
        )
    return module_demo_app


@pytest.fixture(scope="module")
def jansen(demo_app: Any) -> str:
    """A windpark of one turbine whose title names its applicant, Pieter Jansen, with every advice given
    (the Netbeheerder's a completed step); it now waits on the netbeheerder's answer."""
    client = demo_app.test_client()
    body = {
        "proces": "windpark",
        "titel": "Windturbine Jansen",
        "initiatiefnemer": "Pieter Jansen",
        "soort_initiatiefnemer": "particulier",
        "locatie": "Hoge Veld",
        "geometrie": "MULTIPOINT ((227515.96 445844.2))",
        "crs": "EPSG:28992",
        "gegevens": {
            "naam": "Windturbine Jansen",
            "soort": "wind",
            "vermogen_mw": 2.0,
            "aantal_turbines": 1,
            "initiatiefnemer_type": "particulier",
            "lokaal_eigendom_pct": 60,
        },
    }
    started = client.post("/api/v1/zaken", json=body, headers=_auth("pim"))
    assert started.status_code == 201, started.get_json()
    ref = str(started.get_json()["zaak"])
    for task in client.get(f"/api/v1/zaken/{ref}", headers=_auth("bea")).get_json()["open_taken"]:
        if task["element"] == "advies":
            who = ADVISER[task["kandidaatgroepen"][0]]
            done = client.post(
                f"/api/v1/taken/{task['id']}/voltooien",
                json={"gegevens": {"advies": "positief"}},
                headers=_auth(who),
            )
            assert done.status_code == 200, done.get_json()
    return ref


def test_an_outside_lead_reads_the_dashboard_without_the_applicants_name(demo_app: Any, jansen: str) -> None:
    client = demo_app.test_client()
    case = client.get(f"/api/v1/zaken/{jansen}", headers=_auth("nina")).get_json()
    assert case["titel"] == "Windturbine [verwijderd]"  # what the same party reads on the case
    answer = client.get("/api/v1/dashboard", headers=_auth("netlead"))
    assert answer.status_code == 200, answer.get_json()
    assert "Jansen" not in answer.get_data(as_text=True)
    figures = answer.get_json()["cijfers"]
    asked = [o for o in figures["open_extern"] if o["zaak"] == jansen]
    assert asked and {o["titel"] for o in asked} == {"Windturbine [verwijderd]"}, asked
    steps = [st for st in figures["stappen"] if st["element"] == "advies"]
    assert [st["stap"] for st in steps] == ["Advies … (…)"], figures["stappen"]
    assert steps[0]["voltooid"] >= 1

    page = logged_in(demo_app, "netlead").get("/dashboard")
    assert page.status_code == 200
    assert "Jansen" not in page.text and "Windturbine [verwijderd]" in page.text


def test_the_municipalitys_own_lead_reads_the_title_as_typed(demo_app: Any, jansen: str) -> None:
    client = demo_app.test_client()
    figures = client.get("/api/v1/dashboard", headers=_auth("grondlead")).get_json()["cijfers"]
    assert {o["titel"] for o in figures["open_extern"] if o["zaak"] == jansen} == {"Windturbine Jansen"}
    assert "Windturbine Jansen" in logged_in(demo_app, "grondlead").get("/dashboard").text
    # a step is its element, also for the municipality: not one row per case named after its applicant
    assert not [st for st in figures["stappen"] if "Jansen" in st["stap"]], figures["stappen"]
