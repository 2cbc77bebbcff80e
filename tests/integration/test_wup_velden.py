"""The wijkuitvoeringsplan's task forms in the officers' face: a refusal stands at the field it is about.

Review wup17 (projectleider warmtetransitie), F1: a refusal by the plan's own rules (a phase skipped, a
participation activity dated in the future, an organisation not registered for its party) was shown only
in the summary above the form, with no message and no aria-invalid at the field, and the API's problem
named no ``veld``. The README promises an error "at its field".
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from services import users
from services.platform import Platform
from tests.e2e.harness import csrf_from, log_in
from tests.integration.core_helpers import snapshot
from tests.integration.energie_fixtures import taak
from tests.integration.test_wijkuitvoeringsplan import (
    naar,
    raadsbesluit,
    start,
    tot_alternatieven,
    tot_besluitvorming,
    wup,
)
from web import create_app

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

TOKEN = {"Authorization": "Bearer tok-pl"}


@pytest.fixture
def face(wup: Platform) -> Any:
    return logged_in(wup)


def logged_in(platform: Platform) -> Any:
    """The faces' test client, logged in as a projectleider (also of Energie en Klimaat) with a password
    and an API token."""
    groups = ["Projectleider warmtetransitie", "Energie en Klimaat"]
    users.add_user(platform, "pl", groups=groups, role="projectleider", password="demo", token="tok-pl")
    client = create_app(platform.settings, platform=platform).test_client()
    assert log_in(client, "pl").status_code in (302, 303)
    return client


def post(client: Any, task_id: int, data: dict[str, str]) -> Any:
    """Complete the task in the face; returns the response (302 when done, 422 refused)."""
    token = csrf_from(client.get(f"/taken/{task_id}").text)
    return client.post(f"/taken/{task_id}", data={**data, "csrf_token": token})


def at_field(html: str, field_id: str) -> str:
    """The message shown at the field ``field_id`` (its ``-fout`` paragraph), after checking that the
    input is marked invalid and described by it; '' when the field has no message."""
    found = re.search(rf'<p class="veldfout" id="{field_id}-fout">(.*?)</p>', html, re.S)
    if found is None:
        return ""
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{field_id}"[^>]*>', html)
    assert tag is not None and 'aria-invalid="true"' in tag.group(0), tag
    assert f"{field_id}-fout" in tag.group(0)  # aria-describedby names the message
    return re.sub(r"\s+", " ", found.group(1)).replace("&#39;", "'").strip()


def refused_via_api(client: Any, task_id: int, data: dict[str, Any]) -> dict[str, Any]:
    resp = client.post(f"/api/v1/taken/{task_id}/voltooien", headers=TOKEN, json={"gegevens": data})
    assert resp.status_code in (400, 422), resp.get_json()
    return dict(resp.get_json())


def regels(lijst: str, *rijen: dict[str, str]) -> dict[str, str]:
    """The face's inputs of ``rijen`` as the rows of ``lijst``, numbered from 0: ``opt_outs.1.gebouw``."""
    return {f"{lijst}.{i}.{k}": v for i, rij in enumerate(rijen) for k, v in rij.items()}


def refused_at_row(client: Any, task_id: int, data: dict[str, str], lijst: str, veld: str) -> tuple[str, str]:
    """Post ``data`` in the face, refused in the second row shown of ``lijst``: (the page, the message at
    that row's field ``veld``), after checking that the first row's ``veld`` has none and that the summary
    above the form links to the message."""
    resp = post(client, task_id, data)
    assert resp.status_code == 422
    field = f"veld-{lijst}-1-{veld}"
    assert at_field(resp.text, f"veld-{lijst}-0-{veld}") == ""  # not at the good row
    assert f'href="#{field}"' in resp.text  # the summary links to it
    return resp.text, at_field(resp.text, field)


def test_a_skipped_phase_is_refused_at_the_phase_field(wup: Platform, face: Any) -> None:
    ref = str(start(wup)["zaak"])
    post(face, taak(wup, ref, "uitgangspunten")["id"], {"uitgangspunten": "Aardgasvrij in 2032"})
    fase = taak(wup, ref, "fase_afronden")["id"]

    resp = post(face, fase, {"naar_fase": "uitvoering"})
    assert resp.status_code == 422
    assert "Een fase overslaan kan niet." in at_field(resp.text, "veld-naar_fase")
    assert 'href="#veld-naar_fase"' in resp.text  # the summary links to it
    assert refused_via_api(face, fase, {"naar_fase": "uitvoering"})["veld"] == "naar_fase"
    assert taak(wup, ref, "fase_afronden")["id"] == fase  # nothing changed


def test_an_activity_in_the_future_is_refused_at_its_date(wup: Platform, face: Any) -> None:
    ref = tot_alternatieven(wup)
    naar(wup, ref, "participatie")
    task = taak(wup, ref, "participatie_bijwerken")["id"]
    data = {
        "activiteit.soort": "informatieavond",
        "activiteit.datum": "2099-01-01",
        "activiteit.aantal_deelnemers": "4",
        "participatie_afgerond": "false",
    }
    resp = post(face, task, data)
    assert resp.status_code == 422
    assert "ligt in de toekomst" in at_field(resp.text, "veld-activiteit-datum")
    assert 'value="2099-01-01"' in resp.text  # what was typed is kept
    activiteit = {"soort": "informatieavond", "datum": "2099-01-01", "aantal_deelnemers": 4}
    problem = refused_via_api(
        face, task, {"activiteit": activiteit, "opt_outs": [], "participatie_afgerond": False}
    )
    assert problem["code"] == "activiteit-toekomst" and problem["veld"] == "activiteit.datum"


def test_an_unknown_organisation_is_refused_at_its_party(wup: Platform, face: Any) -> None:
    ref = str(start(wup)["zaak"])
    task = taak(wup, ref, "uitgangspunten")["id"]
    named = {"uitgangspunten": "Aardgasvrij", "organisaties.Warmtebedrijf": "Warmtebedrijf Onbekend"}
    resp = post(face, task, named)
    assert resp.status_code == 422
    assert "geen organisatie van Warmtebedrijf" in at_field(resp.text, "veld-organisaties-Warmtebedrijf")
    assert at_field(resp.text, "veld-organisaties-Netbeheerder") == ""  # only the party named
    problem = refused_via_api(
        face,
        task,
        {"uitgangspunten": "Aardgasvrij", "organisaties": {"Warmtebedrijf": "Warmtebedrijf Onbekend"}},
    )
    assert problem["code"] == "organisatie-onbekend" and problem["veld"] == "organisaties.Warmtebedrijf"


def test_a_reason_to_end_is_refused_with_a_phase(wup: Platform, face: Any) -> None:
    """Review wup17, F2: 'wijkanalyse' with reden_einde 'ingetrokken' was accepted, and the running plan's
    case page read "Reden einde: ingetrokken" for good. The reason goes with 'plan beëindigen' only."""
    ref = str(start(wup)["zaak"])
    post(face, taak(wup, ref, "uitgangspunten")["id"], {"uitgangspunten": "Aardgasvrij in 2032"})
    fase = taak(wup, ref, "fase_afronden")["id"]
    before = snapshot(wup)

    resp = post(face, fase, {"naar_fase": "wijkanalyse", "reden_einde": "ingetrokken"})
    assert resp.status_code == 422
    assert "hoort alleen bij 'plan beëindigen'" in at_field(resp.text, "veld-reden_einde")
    problem = refused_via_api(face, fase, {"naar_fase": "wijkanalyse", "reden_einde": "ingetrokken"})
    assert problem["code"] == "einde-reden-zonder-einde" and problem["veld"] == "reden_einde"
    assert snapshot(wup) == before

    assert post(face, fase, {"naar_fase": "wijkanalyse"}).status_code == 302
    assert "Reden einde" not in face.get(f"/zaken/{ref}").text


def test_the_forms_speak_in_their_own_words(wup: Platform, face: Any) -> None:
    """Review wup17, F5: a choice outside the list was refused naming the stored codes, not the options
    the dropdown shows; the participation form's field read "Respons pct", from its key respons_pct."""
    ref = tot_alternatieven(wup)
    fase = taak(wup, ref, "fase_afronden")["id"]
    resp = post(face, fase, {"naar_fase": "kernfusie"})
    assert resp.status_code == 422
    assert at_field(resp.text, "veld-naar_fase").endswith(
        "moet een van deze waarden hebben: Initiatie, Wijkanalyse, Alternatieven, Participatie, "
        "Besluitvorming, Uitvoering, Plan beëindigen."
    )
    naar(wup, ref, "participatie")
    page = face.get(f"/taken/{taak(wup, ref, 'participatie_bijwerken')['id']}").text
    assert '<label for="veld-activiteit-respons_pct">Respons (%)</label>' in page
    assert "Respons pct" not in page


def test_a_box_posted_with_another_value_is_refused_at_the_box(wup: Platform, face: Any) -> None:
    """Review wup17: "Bewoners geïnformeerd over de start" posted as 'misschien' was stored as false."""
    ref = str(start(wup)["zaak"])
    task = taak(wup, ref, "uitgangspunten")["id"]
    resp = post(face, task, {"uitgangspunten": "Aardgasvrij", "informatie_gestart": "misschien"})
    assert resp.status_code == 422
    assert at_field(resp.text, "veld-informatie_gestart") == (
        "Veld 'Bewoners geïnformeerd over de start' heeft een verkeerd type (verwacht: ja of nee)."
    )
    assert taak(wup, ref, "uitgangspunten")["id"] == task  # nothing stored


def test_a_refused_opt_out_is_shown_at_its_row(wup: Platform, face: Any) -> None:
    """An opt-out row refused by the plan's rules (the preferred alternative itself, a less sustainable
    one) was shown only above the form, and the API's problem named no ``veld``. An empty row before it
    is left out of the data and of the rows shown again, so the message stands at the row that shows
    what was typed: here the second row shown, the third one posted."""
    ref = tot_alternatieven(wup)  # voorkeur warmtenet
    naar(wup, ref, "participatie")
    task = taak(wup, ref, "participatie_bijwerken")["id"]
    goed, fout = "0200010000000001", "0200010000000002"
    rijen = [
        {"gebouw": ""},
        {"gebouw": goed, "alternatief": "all_electric"},
        {"gebouw": fout, "alternatief": "hybride"},
    ]
    data = {**regels("opt_outs", *rijen), "participatie_afgerond": "false"}
    before = snapshot(wup)
    page, message = refused_at_row(face, task, data, "opt_outs", "alternatief")
    assert "minder duurzaam" in message
    # the typed rows stay filled in, in the rows the message is about
    assert re.search(rf'id="veld-opt_outs-0-gebouw"[^>]*value="{goed}"', page)
    assert re.search(rf'id="veld-opt_outs-1-gebouw"[^>]*value="{fout}"', page)
    assert re.search(r'<option value="hybride" selected', page.split('id="veld-opt_outs-1-alternatief"')[1])

    rows = [{"gebouw": goed, "alternatief": "all_electric"}, {"gebouw": fout, "alternatief": "warmtenet"}]
    problem = refused_via_api(
        face, task, {"activiteit": None, "opt_outs": rows, "participatie_afgerond": False}
    )
    assert problem["code"] == "optout-zelfde" and problem["veld"] == "opt_outs.1.alternatief"
    assert snapshot(wup) == before  # nothing stored


def test_a_refused_milestone_is_shown_at_its_row(wup: Platform, face: Any) -> None:
    """A milestone row of 'Uitvoeringsplanning vastleggen' refused by the plan's rules (a due date not in
    the future, a name of blanks) was shown only above the form, and the API's problem named no ``veld``,
    as the opt-outs were. After an empty row the message stands at the row that shows what was typed."""
    ref = tot_besluitvorming(wup)
    raadsbesluit(wup, ref)
    naar(wup, ref, "uitvoering")
    task = taak(wup, ref, "planning")["id"]
    goed = {"naam": "Warmtenet fase 1", "partij": "warmtebedrijf", "uiterlijk": "2028-12-31"}
    te_vroeg = {"naam": "Renovatie 320 woningen", "partij": "woningcorporatie", "uiterlijk": "2026-03-01"}
    data = regels("mijlpalen", {"naam": ""}, goed, te_vroeg)
    before = snapshot(wup)
    page, message = refused_at_row(face, task, data, "mijlpalen", "uiterlijk")
    assert "ligt niet in de toekomst" in message
    assert re.search(r'id="veld-mijlpalen-0-naam"[^>]*value="Warmtenet fase 1"', page)
    assert re.search(r'id="veld-mijlpalen-1-uiterlijk"[^>]*value="2026-03-01"', page)

    problem = refused_via_api(face, task, {"mijlpalen": [goed, {**goed, "naam": "  "}]})
    # a name of blanks is now missing to the form itself (services.forms, processes.tekens.is_blank)
    assert problem["code"] == "formulier-ongeldig"
    assert problem["fouten"] == ["Veld 'mijlpalen.1.naam' is verplicht."]
    assert snapshot(wup) == before  # nothing stored
