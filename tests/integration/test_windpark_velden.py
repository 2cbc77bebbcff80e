"""The windpark's 'Participatieregister bijwerken' in the officers' face: a refused bijeenkomst row is shown
at its row's field and the API's problem names it, as the wijkuitvoeringsplan's opt-outs and milestones
(test_wup_velden). Before, a bijeenkomst dated in the future was refused only above the form, and so were
the register's single fields (a negative count of objections, a share of local ownership outside 0-100)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from services.platform import Platform
from tests.integration import test_windpark as windpark
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import doe, taak
from tests.integration.test_windpark import start, turbines
from tests.integration.test_wup_velden import (
    TOKEN,
    at_field,
    logged_in,
    post,
    refused_at_row,
    refused_via_api,
    regels,
)

wp = windpark.wp  # the windpark tests' fixture (the platform with the model, no layers)


@pytest.fixture
def face(wp: Platform) -> Any:
    return logged_in(wp)


def test_a_bijeenkomst_in_the_future_is_shown_at_its_row(wp: Platform, face: Any) -> None:
    ref = str(start(wp, 4.2)["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    task = taak(wp, ref, "participatie")["id"]
    goed = {"datum": "2026-02-01", "soort": "informatieavond", "deelnemers": "40"}
    later = {"datum": "2026-04-01", "soort": "spreekuur", "deelnemers": "12"}  # today is 2 March 2026
    rest = {"bezwaren": "0", "lokaal_eigendom_pct": "10", "register_afgesloten": "false"}
    before = snapshot(wp)
    page, message = refused_at_row(
        face, task, {**regels("bijeenkomsten", {"datum": ""}, goed, later), **rest}, "bijeenkomsten", "datum"
    )
    assert message == "De bijeenkomst van 2026-04-01 ligt in de toekomst."
    assert re.search(r'id="veld-bijeenkomsten-1-datum"[^>]*value="2026-04-01"', page)  # what was typed stays

    rows = [{**later, "deelnemers": 12}, {**goed, "deelnemers": 40}]
    gegevens = {"bijeenkomsten": rows, "bezwaren": 0, "lokaal_eigendom_pct": 10, "register_afgesloten": False}
    problem = refused_via_api(face, task, gegevens)
    assert problem["code"] == "bijeenkomst-toekomst" and problem["veld"] == "bijeenkomsten.0.datum"
    assert snapshot(wp) == before  # nothing stored


@pytest.mark.parametrize(
    ("veld", "waarde", "code", "melding"),
    [
        ("bezwaren", -1, "bezwaren-ongeldig", "Het aantal bezwaren kan niet negatief zijn."),
        (
            "lokaal_eigendom_pct",
            120,
            "lokaal-eigendom-ongeldig",
            "Het aandeel lokaal eigendom moet tussen 0 en 100% liggen, niet 120%.",
        ),
        (
            "lokaal_eigendom_pct",
            -5,
            "lokaal-eigendom-ongeldig",
            "Het aandeel lokaal eigendom moet tussen 0 en 100% liggen, niet -5%.",
        ),
    ],
)
def test_a_refused_single_field_of_the_register_is_shown_at_it(
    wp: Platform, face: Any, veld: str, waarde: int, code: str, melding: str
) -> None:
    """A negative count of objections and a share of local ownership outside 0-100 were refused only above
    the form, and the API's problem named no field."""
    ref = str(start(wp, 4.2)["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    task = taak(wp, ref, "participatie")["id"]
    gegevens = {"bezwaren": 0, "lokaal_eigendom_pct": 10, "register_afgesloten": False, veld: waarde}
    before = snapshot(wp)
    resp = post(face, task, {k: str(v).lower() for k, v in gegevens.items()})
    assert resp.status_code == 422
    assert at_field(resp.text, f"veld-{veld}") == melding
    assert f'href="#veld-{veld}"' in resp.text  # the summary links to it
    assert re.search(rf'id="veld-{veld}"[^>]*value="{waarde}"', resp.text)  # what was typed stays

    problem = refused_via_api(face, task, {"bijeenkomsten": [], **gegevens})
    assert problem["code"] == code and problem["veld"] == veld
    assert snapshot(wp) == before  # nothing stored


def _start_via_api(face: Any, **wijziging: Any) -> Any:
    """POST /api/v1/zaken for a windpark of one turbine with these changes to its data."""
    gegevens = {
        "naam": "Windpark Noord",
        "soort": "wind",
        "vermogen_mw": 4.2,
        "aantal_turbines": 1,
        "initiatiefnemer_type": "energiecoöperatie",
        "lokaal_eigendom_pct": 60,
        **wijziging,
    }
    body = {
        "proces": "windpark",
        "titel": "Noord",
        "geometrie": turbines(1),
        "crs": "EPSG:28992",
        "gegevens": gegevens,
    }
    return face.post("/api/v1/zaken", headers=TOKEN, json=body)


@pytest.mark.parametrize("pct", [120, -5])
def test_the_intakes_share_of_local_ownership_names_its_field(wp: Platform, face: Any, pct: int) -> None:
    """A share of local ownership outside 0-100 at the start named no field (only the API reaches it: the
    public form's schema refuses it first), while the register's same refusal names it."""
    before = snapshot(wp)
    resp = _start_via_api(face, lokaal_eigendom_pct=pct)
    assert resp.status_code == 400, resp.get_json()  # a start's refusal, as the other intake refusals
    problem = resp.get_json()
    assert problem["code"] == "lokaal-eigendom-ongeldig" and problem["veld"] == "lokaal_eigendom_pct", problem
    assert problem["detail"] == f"Het aandeel lokaal eigendom moet tussen 0 en 100% liggen, niet {pct}%."
    assert snapshot(wp) == before  # no case


@pytest.mark.parametrize(
    ("wijziging", "code", "veld", "melding"),
    [
        ({"naam": " "}, "naam-ontbreekt", "naam", "Geef het initiatief een naam."),
        (
            {"vermogen_mw": 0},
            "vermogen-ongeldig",
            "vermogen_mw",
            "Het vermogen moet groter zijn dan 0 MW, niet 0 MW.",
        ),
        (
            {"vermogen_mw": -3},
            "vermogen-ongeldig",
            "vermogen_mw",
            "Het vermogen moet groter zijn dan 0 MW, niet -3 MW.",
        ),
        (
            {"vermogen_mw": 5000},
            "vermogen-ongeldig",
            "vermogen_mw",
            "Een vermogen van 5.000 MW is onwaarschijnlijk voor een park op land (maximaal 1.000 MW); controleer "
            "de eenheid.",
        ),
        (  # about two fields: the message is about the power, so it names vermogen_mw
            {"vermogen_mw": 30},
            "vermogen-ongeldig",
            "vermogen_mw",
            "30 MW over 1 turbine(s) is 30 MW per turbine; meer dan 10 MW per turbine op land is onwaarschijnlijk.",
        ),
        (
            {"aantal_turbines": 0},
            "turbines-ongeldig",
            "aantal_turbines",
            "Een windpark heeft ten minste één turbine.",
        ),
        (
            {"aantal_turbines": 2},
            "turbines-ongeldig",
            "aantal_turbines",
            "Het aantal turbines (2) past niet bij de 1 turbinelocaties op de kaart.",
        ),
    ],
)
def test_the_intakes_other_refusals_name_their_field(
    wp: Platform, face: Any, wijziging: dict[str, Any], code: str, veld: str, melding: str
) -> None:
    """A missing name, a power of 0 or above the maximum (in all or per turbine) and a turbine count that is
    below one or does not match the map were refused at the start with no field, unlike a share of local
    ownership outside 0-100."""
    before = snapshot(wp)
    resp = _start_via_api(face, **wijziging)
    assert resp.status_code == 400, resp.get_json()
    problem = resp.get_json()
    assert (problem["code"], problem.get("veld"), problem["detail"]) == (code, veld, melding)
    assert snapshot(wp) == before  # no case
