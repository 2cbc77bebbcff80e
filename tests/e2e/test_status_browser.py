"""Initiators in a real browser: apply for a wind initiative and follow it; submit a supplement."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from services import cases, inbox
from services import status as status_service
from tests.e2e import kaart_status_fixtures as fx

app, clock, demo_layers, browser, live, page = fx.app, fx.clock, fx.demo_layers, fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_energy_cooperative_applies_and_follows_its_wind_initiative(app, live, page):
    platform = app.extensions["ruimteflow"]
    page.goto(f"{live.url}/aanvragen/kaart_status_wind")
    page.fill("#veld-aanvrager", "Energiecoöperatie Ruimtedal")
    page.select_option("#veld-soort_initiatiefnemer", "energiecoöperatie")
    page.fill("#veld-email", "bestuur@ruimtedal-energie.example")
    page.fill("#veld-omschrijving", "Windpark De Kamp")
    page.select_option("#veld-soort", "wind")
    page.fill("#veld-vermogen_mw", "12,6")
    page.fill("#veld-aantal_turbines", "3")
    page.fill("#veld-locatie_naam", "De Kamp, Ruimtedal")
    page.locator("#aanvraag-kaart").click(position={"x": 300, "y": 150})
    assert "Punt gekozen" in page.inner_text("#locatie-gekozen")
    page.click("#aanvraag-versturen")
    page.wait_for_url(re.compile(r".*/ontvangen$"))
    assert "Uw aanvraag is ontvangen" in page.inner_text("h1")
    link = page.get_attribute("#volglink", "href")
    assert link and re.fullmatch(r"/status/[A-Za-z0-9_-]{32}", link)
    page.click("#volglink")
    page.wait_for_selector("#diagram[data-geladen=ja]")
    assert page.inner_text("#status-houder").startswith("Energie & Klimaat")
    assert "Initiatief beoordelen" in page.inner_text("#diagram-status")
    assert page.locator("#diagram .djs-element.rf-actief").count() == 1

    # officers work in the inbox; the netbeheerder answers through the API
    [task] = inbox.list_tasks(platform, "eva")["taken"]
    cases.complete_task(platform, task["id"], "eva", {"interne_notitie": "bellen met netbeheerder"})
    page.reload()
    assert page.inner_text("#status-wacht-op") == "wacht op antwoord netbeheerder"
    assert page.inner_text("#status-houder").startswith("Netbeheerder")
    page.wait_for_selector("#diagram[data-geladen=ja]")
    assert "Antwoord netbeheerder" in page.inner_text("#diagram-status")
    assert "bellen met netbeheerder" not in page.content()
    reference = page.inner_text(".inleiding").split("zaaknummer ")[1].split(" ")[0]
    client = app.test_client()
    answer = client.post(
        f"/api/v1/zaken/{reference}/berichten",
        headers={"Authorization": "Bearer token-eva"},
        json={"naam": "netbeheerder_antwoord", "gegevens": {"uitkomst": "wachtlijst", "positie": 14}},
    )
    assert answer.status_code == 200, answer.text
    page.reload()
    assert page.inner_text("#status-wacht-op") == "wachtlijst netcapaciteit, positie 14"
    page.wait_for_selector("#diagram[data-geladen=ja]")
    assert "Op de wachtlijst" in page.inner_text("#diagram-status")
    assert "De gemeente heeft uw initiatief beoordeeld" in page.inner_text("#tijdlijn")


def test_permit_applicant_submits_supplement_and_sees_deadline_move(app, live, page, clock):
    platform = app.extensions["ruimteflow"]
    started = status_service.submit_application(
        platform,
        "kaart_status_vergunning",
        {
            "aanvrager": "Piet Jansen",
            "email": "piet@example.nl",
            "omschrijving": "Aanbouw achterzijde",
            "locatie_naam": "Dorpsstraat 1",
            "activiteiten": "technische_bouwactiviteit",
            "soort_initiatiefnemer": "inwoner",
            "coordinaat": "52.015, 6.42",
        },
    )
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    clock.advance(days=3)
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    clock.advance(days=7)
    page.goto(f"{live.url}/status/{started['volgcode']}")
    assert page.inner_text("#status-wacht-op") == "wacht op aanvulling van u"
    before = page.inner_text("#status-termijn strong")
    assert before == "uiterlijk 26 mei 2026" and "voorlopig" in page.inner_text("#status-termijn")
    assert page.is_disabled("#actie-zienswijze button")
    page.wait_for_selector("#diagram[data-geladen=ja]")
    if os.environ.get("RUIMTEFLOW_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "status.png"), full_page=True)
    page.click("#actie-aanvulling button[type=submit]")  # empty: refused with a Dutch message
    assert "Vul het veld" in page.inner_text("#aanvulling-fout")
    page.fill("#aanvulling-tekst", "Hierbij de gevel- en doorsnedetekeningen.")
    page.fill("#aanvulling-documenten", "gevels.pdf\ndoorsnede.pdf")
    page.click("#actie-aanvulling button[type=submit]")
    page.wait_for_selector("#verstuurd")
    after = page.inner_text("#status-termijn strong")
    assert after != before and after.startswith("uiterlijk") and "mei 2026" in after
    assert "Uw aanvulling is ontvangen" in page.inner_text("#tijdlijn")
    assert page.inner_text("#status-wacht-op") == "in behandeling bij Vergunningen"
    assert page.is_disabled("#actie-aanvulling button")
