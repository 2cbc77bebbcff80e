"""Text shown back may not hold bidi or control characters, and a text of invisible characters alone is
empty (tester finding: "Schuur" U+202E "exe.fdp" and a zero-width space as the applicant's name started a
case; the API took blank titles; an officer registered a zienswijze whose indiener and inhoud were a
zero-width space). One check (processes.tekens) behind the API, the public form and the letters."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_application_refusals import PROCESS, api_start, problem_of
from tests.e2e.test_faces_bericht_registreren import _state, _ter_inzage
from tests.e2e.test_public_documents import stored
from tests.e2e.test_status_http import apply

app, clock, demo_layers, demo_database = fx.app, fx.clock, fx.demo_layers, fx.demo_database
testing_demo_app = fx.testing_demo_app
COOP = {"Authorization": "Bearer token-coop"}
REVERSED = "Schuur \u202eexe.fdp"


def _api(app: Any, **body: Any) -> Any:
    start = {
        "proces": PROCESS,
        "gegevens": {"activiteiten": ["technische_bouwactiviteit"]},
        "geometrie": {"type": "Point", "coordinates": [6.42, 52.015]},
        **body,
    }
    return app.test_client().post("/api/v1/zaken", json=start, headers=COOP)


def _title_of(app: Any, reference: str) -> str:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return str(uow.session.scalars(select(Case.title).where(Case.reference == reference)).one())


def test_the_api_refuses_bidi_and_control_characters_in_a_case_start(app):
    before = stored(app)
    for body, veld in (
        ({"titel": REVERSED}, "titel"),
        ({"titel": "twee\nregels"}, "titel"),
        ({"initiatiefnemer": "Jan \u2066Jansen"}, "initiatiefnemer"),
        ({"locatie": "Dorpsstraat \u200f1"}, "locatie"),
        (
            {"gegevens": {"activiteiten": ["technische_bouwactiviteit"], "toelichting": "a\u202db"}},
            "toelichting",
        ),
    ):
        resp = _api(app, **body)
        problem = problem_of(resp)
        code = "startgegevens-ongeldig" if veld == "toelichting" else "tekst-ongeldig"  # the form's own check
        assert (resp.status_code, problem["code"]) == (400, code), problem
        assert veld in problem["fouten"] and "niet toegestaan" in problem["detail"], problem
    assert stored(app) == before


def test_a_blank_title_over_the_api_is_no_title(app):
    for blank in ("\u200b\u200b", "   "):
        resp = _api(app, titel=blank, initiatiefnemer="\ufeff")
        assert resp.status_code == 201, resp.text[:300]
        case = json.loads(resp.text)
        assert _title_of(app, case["zaak"]).strip("\u200b ") != ""  # the process's name, as without one


def test_good_text_with_accents_and_emoji_starts_a_case(app):
    title = "Café-aanbouw 👨‍👩‍👧 voor Zoë"
    resp = _api(app, titel=title, initiatiefnemer="José Müller-Ångström")
    assert resp.status_code == 201, resp.text[:300]
    assert _title_of(app, json.loads(resp.text)["zaak"]) == title
    assert api_start(app).status_code == 201


def test_the_application_form_refuses_them_at_the_field_and_keeps_the_rest(app):
    before = stored(app)
    resp = apply(app.test_client(), omschrijving=REVERSED, aanvrager="\u200b")
    assert resp.status_code == 400, resp.status_code
    fout = resp.text[resp.text.find('id="fout-omschrijving"') :][:400]
    assert "leesrichting omkeert" in fout, fout
    naam = resp.text[resp.text.find('id="fout-aanvrager"') :][:400]
    assert "Vul &#39;Naam" in naam or "Vul 'Naam" in naam, naam
    assert 'value="Dorpsstraat 1, Ruimtedal"' in resp.text
    assert stored(app) == before
    good = apply(app.test_client(), omschrijving="Carport 🚗 bij café", aanvrager="Zoë Ürün")
    assert good.status_code == 303, good.text[:500]


def test_a_letter_of_invisible_characters_is_not_registered(testing_demo_app):
    app = testing_demo_app
    ref, _ = _ter_inzage(app)
    before = _state(app, ref)
    url, anna = f"/api/v1/zaken/{ref}/berichten", {"Authorization": "Bearer demo-anna"}
    for gegevens, code in (
        ({"indiener": "\u200b", "inhoud": "\u200b"}, "zienswijze-leeg"),
        ({"indiener": "J. \u202eJansen", "inhoud": "Te hoog."}, "tekst-ongeldig"),
    ):
        resp = app.test_client().post(url, headers=anna, json={"naam": "zienswijze", "gegevens": gegevens})
        assert resp.status_code in (400, 422) and problem_of(resp)["code"] == code, resp.text[:300]
    assert _state(app, ref) == before
