"""The public side in a real browser on the demo (issues 16.2 and 13.3): an application with an address
lookup, the locatiecheck before sending and two bijlagen; an application outside the municipality
refused; the initiator supplying a missing drawing on the status page, which ends the suspension."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from services import cases
from services.status import intake
from services.store.models import Adres
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.document_helpers import PNG, pdf

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser


def fill_applicant(page: Any, omschrijving: str) -> None:
    page.fill("#veld-aanvrager", "Piet Jansen")
    page.select_option("#veld-soort_initiatiefnemer", "inwoner")
    page.fill("#veld-email", "piet@example.nl")
    page.fill("#veld-omschrijving", omschrijving)
    page.check("input[name=activiteiten][value=technische_bouwactiviteit]")


def test_application_with_address_lookup_locatiecheck_and_two_bijlagen(demo_app, live, page, tmp_path):
    postcode, nummer = first_address(demo_app.extensions["ruimteflow"])
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    fill_applicant(page, "Aanbouw met tekeningen")
    page.fill("#adres-postcode", f"{postcode[:4]} {postcode[4:].lower()}")
    page.fill("#adres-huisnummer", nummer)
    page.click("#adres-zoek")
    page.wait_for_selector("#adres-resultaat:has-text('Gevonden')")  # (the page's CSP forbids eval)
    assert page.input_value("#veld-locatie_naam").endswith("Ruimtedal")
    assert '"Point"' in page.input_value("#veld-locatie")
    page.wait_for_selector("#locatiecheck-resultaat ul, #locatiecheck-resultaat p")
    assert "buiten" not in page.inner_text("#locatiecheck-resultaat")
    (tmp_path / "plattegrond.pdf").write_bytes(pdf("plattegrond"))
    (tmp_path / "gevel.png").write_bytes(PNG)
    page.set_input_files("#veld-bijlagen", [str(tmp_path / "plattegrond.pdf"), str(tmp_path / "gevel.png")])
    page.click("#aanvraag-versturen")
    page.wait_for_url(re.compile(r".*/ontvangen$"))
    page.click("#volglink")
    page.wait_for_selector("#fasen")
    docs = page.inner_text("#documenten")
    assert "plattegrond" in docs and "gevel" in docs and "door u gestuurd" in docs


def first_address(platform: Any) -> tuple[str, str]:
    with platform.uow(write=False) as uow:
        adres = uow.session.scalars(select(Adres).order_by(Adres.id).limit(1)).one()
        return adres.postcode, str(adres.huisnummer)


@pytest.mark.parametrize("field", ["#adres-postcode", "#adres-huisnummer"])
def test_enter_in_the_address_lookup_looks_the_address_up_and_sends_nothing(
    demo_app, live, page, tmp_path, field
):
    """Review a11y16, F7: Enter in the postcode or house number sent the whole application (refused, the
    chosen bijlagen gone) instead of looking the address up."""
    postcode, nummer = first_address(demo_app.extensions["ruimteflow"])
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    page.fill("#adres-postcode", postcode)
    page.fill("#adres-huisnummer", nummer)
    (tmp_path / "plattegrond.pdf").write_bytes(pdf("plattegrond"))
    page.set_input_files("#veld-bijlagen", str(tmp_path / "plattegrond.pdf"))
    page.press(field, "Enter")
    page.wait_for_selector("#adres-resultaat:has-text('Gevonden')", timeout=5000)
    assert page.locator("#formulier-fouten").count() == 0  # not sent
    assert '"Point"' in page.input_value("#veld-locatie")
    assert page.evaluate("document.querySelector('#veld-bijlagen').files.length") == 1


def test_application_at_the_dam_in_amsterdam_is_refused(demo_app, live, page):
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    fill_applicant(page, "Aanbouw op de Dam")
    page.fill("#veld-locatie_naam", "Dam 1, Amsterdam")
    page.fill("#veld-coordinaat", "52.3731, 4.8926")
    page.click("#locatiecheck-knop")
    page.wait_for_selector("#locatiecheck-resultaat .veld-fout")
    assert "niet het bevoegd gezag" in page.inner_text("#locatiecheck-resultaat")
    page.click("#aanvraag-versturen")
    page.wait_for_selector("#formulier-fouten")
    text = page.inner_text("#fout-locatie")
    assert "buiten gemeente Ruimtedal" in text and "Omgevingsloket" in text
    assert "Er is nog niets opgeslagen" in page.inner_text("#formulier-fouten")


def test_initiator_supplies_the_missing_drawing_and_the_suspension_ends(
    demo_app, live, page, clock, tmp_path
):
    platform = demo_app.extensions["ruimteflow"]
    started = intake.submit_application(
        platform,
        "omgevingsvergunning",
        {
            "aanvrager": "Piet Jansen",
            "email": "piet@example.nl",
            "omschrijving": "Dakkapel Dorpsstraat 3",
            "locatie_naam": "Dorpsstraat 3, Ruimtedal",
            "activiteiten": ["technische_bouwactiviteit"],
            "soort_initiatiefnemer": "inwoner",
            "coordinaat": "226050 448050",
        },
    )
    clock.advance(days=3)
    [task] = [
        t
        for t in cases.get_case(platform, started["zaak"])["open_taken"]
        if t["element"] == "ontvankelijkheid"
    ]
    cases.complete_task(
        platform,
        task["id"],
        "anna",
        {
            "compleet": False,
            "ontbrekend": "geveltekening",
            "aanvullingstermijn_dagen": 14,
            "gevraagde_documenten": ["bijlage"],
        },
    )
    clock.advance(days=2)
    page.goto(f"{live.url}/status/{started['volgcode']}")
    assert page.inner_text("#status-houder") == "U (de aanvrager)"
    assert "voorlopig" in page.inner_text("#status-termijn")
    page.fill("#aanvulling-tekst", "Hierbij de gevel.")
    page.click("#actie-aanvulling button[type=submit]")  # without the drawing: refused
    assert "Stuur ook mee: Bijlage of tekening" in page.inner_text("#aanvulling-documenten-fout")
    (tmp_path / "gevel.pdf").write_bytes(pdf("gevel"))
    page.fill("#aanvulling-tekst", "Hierbij de gevel.")
    page.set_input_files("#aanvulling-document-bijlage", str(tmp_path / "gevel.pdf"))
    page.click("#actie-aanvulling button[type=submit]")
    page.wait_for_selector("#verstuurd")
    assert "voorlopig" not in page.inner_text("#status-termijn")
    assert "gevel" in page.inner_text("#documenten")
    assert page.inner_text("#status-fase") == "Controle op volledigheid"
