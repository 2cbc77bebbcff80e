"""Initiators in a real browser on the real procedure models of bpmn/ with the demo data.

An energy cooperative applies for a wind turbine through the public form, follows the case while the
officers give their advice and the netbeheerder answers the transportverzoek (windpark.bpmn calling
transportverzoek.bpmn); a permit applicant (omgevingsvergunning.bpmn) submits the supplement an officer
asked for and sees the decision date move.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from services import cases, demo
from services import status as status_service
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: One turbine in Windzone De Kamp, inside the demo municipality Ruimtedal (RD New, metres).
TURBINE_RD = (229_300.0, 445_000.0)


def demo_user(group: str) -> str:
    """The first demo user in ``group`` (services.demo.DEMO_USERS)."""
    return next(name for name, _, _, groups in demo.DEMO_USERS if group in groups)


def open_tasks(platform: Any, ref: str, element: str) -> list[dict[str, Any]]:
    return [t for t in cases.get_case(platform, ref)["open_taken"] if t["element"] == element]


def wgs84(x: float, y: float) -> tuple[float, float]:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(x, y)
    return lon, lat


def test_energy_cooperative_applies_for_a_wind_turbine_and_follows_it(demo_app, live, page, browser):
    platform = demo_app.extensions["ruimteflow"]
    page.goto(f"{live.url}/aanvragen/windpark")
    page.fill("#veld-aanvrager", "Energiecoöperatie Ruimtedal")
    page.select_option("#veld-soort_initiatiefnemer", "energiecoöperatie")
    page.fill("#veld-email", "bestuur@ruimtedal-energie.example")
    page.fill("#veld-omschrijving", "Windturbine De Kamp")
    page.select_option("#veld-soort", "wind")
    page.fill("#veld-vermogen_mw", "4,2")  # under 5 MW: the municipality decides (bevoegd-gezag.dmn)
    page.fill("#veld-aantal_turbines", "1")
    page.fill("#veld-lokaal_eigendom_pct", "60")
    page.fill("#veld-locatie_naam", "Windzone De Kamp, Ruimtedal")
    lon, lat = wgs84(*TURBINE_RD)
    spot = page.evaluate(
        "([lat, lon]) => window.ruimteflowLocatie.map.latLngToContainerPoint([lat, lon])", [lat, lon]
    )
    page.locator("#aanvraag-kaart").click(position={"x": spot["x"], "y": spot["y"]})
    assert page.inner_text("#locatie-gekozen").startswith("Punt gekozen: 51.98")
    page.click("#aanvraag-versturen")
    page.wait_for_url(re.compile(r".*/ontvangen$"))
    assert "Uw aanvraag is ontvangen" in page.inner_text("h1")
    link = page.get_attribute("#volglink", "href")
    assert link and re.fullmatch(r"/status/[A-Za-z0-9_-]{32}", link)
    page.click("#volglink")
    page.wait_for_selector("#fasen")
    ref = page.inner_text(".inleiding").split("zaaknummer ")[1].split(" ")[0]

    # the transportverzoek starts right after the intake, beside the advice round
    waiting = "wacht op antwoord netbeheerder (uiterlijk 16 maart 2026)"  # 10 working days (Atw)
    assert page.inner_text("#status-wacht-op") == waiting
    # issue 16.1: public phases instead of the internal diagram (advice and the transportverzoek)
    assert page.inner_text("#status-fase") == "Advies en netcapaciteit"
    current = page.inner_text("#fasen .stap-huidig")
    assert "Advies en netcapaciteit" in current and "netbeheerder" in current, current
    assert page.locator("#diagram").count() == 0
    timeline = page.inner_text("#tijdlijn")
    assert "De gemeente is bevoegd gezag." in timeline
    assert "Transportverzoek (invoeding, 4,2 MVA) naar de netbeheerder" in timeline
    advice = open_tasks(platform, ref, "advies")
    groups = sorted(g for t in advice for g in t["kandidaatgroepen"])
    assert "Energie en Klimaat" in groups and len(groups) >= 2, groups

    # Eva (Energie en Klimaat) gives her advice in the inbox; the other advisers through the service
    eva = fx.new_page(browser)
    try:
        fx.login(eva, live, "eva", target="/inbox")
        eva.wait_for_url(re.compile(r"/inbox"))
        row = eva.locator("tbody tr", has_text=ref)
        row.get_by_role(
            "link", name=re.compile(r"^Advies Windturbine De Kamp \(Energie en Klimaat\)")
        ).click()
        eva.wait_for_url(re.compile(r"/taken/\d+$"))
        eva.select_option("#veld-advies", "positief met voorwaarden")
        eva.fill("#veld-toelichting", "Intern: slagschaduwmodule verplicht, bellen met netbeheerder")
        eva.get_by_role("button", name="Taak afronden").click()
        eva.wait_for_url(re.compile(r"/inbox$"))
        done = eva.locator(".melding-succes").inner_text()
        assert f"Taak 'Advies Windturbine De Kamp (Energie en Klimaat)' van zaak {ref} is afgerond." in done
    finally:
        eva.context.close()
    page.reload()
    assert page.inner_text("#status-wacht-op") == waiting
    for task in open_tasks(platform, ref, "advies"):
        user = demo_user(task["kandidaatgroepen"][0])
        cases.complete_task(platform, task["id"], user, {"advies": "positief"})
    page.reload()
    assert page.inner_text("#status-fase") == "Participatie"
    assert page.inner_text("#status-wacht-op") == waiting
    assert page.inner_text("#status-houder").startswith("Energie en Klimaat")
    assert "slagschaduwmodule" not in page.content()  # advice texts stay internal

    # the netbeheerder answers the transportverzoek: a waiting-list position
    cases.send_message(platform, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 14})
    page.reload()
    assert page.inner_text("#status-wacht-op").startswith(
        "wachtlijst netcapaciteit, positie 14; de gemeente "
    )
    assert "opnieuw naar uw positie (nu positie 14)" in page.inner_text("#wachtlijst-navraag")
    assert "Cable pooling" in page.inner_text("#wachtlijst-mogelijkheden")
    assert f"zaaknummer {ref}" in page.inner_text("#wachtlijst-vragen")
    assert "Participatie" in page.inner_text("#fasen .stap-huidig")
    assert "wachtlijst" in page.inner_text("#tijdlijn")
    if os.environ.get("RUIMTEFLOW_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "status.png"), full_page=True)


def test_permit_applicant_submits_the_supplement_and_sees_the_deadline_move(demo_app, live, page, clock):
    platform = demo_app.extensions["ruimteflow"]
    started = status_service.submit_application(
        platform,
        "omgevingsvergunning",
        {
            "aanvrager": "Piet Jansen",
            "email": "piet@example.nl",
            "omschrijving": "Aanbouw achterzijde Dorpsstraat 1",
            "locatie_naam": "Dorpsstraat 1, Ruimtedal",
            "activiteiten": ["technische_bouwactiviteit"],
            "soort_initiatiefnemer": "inwoner",
            "coordinaat": "226050 448050",
        },
    )
    ref = started["zaak"]
    clock.advance(days=3)  # Thursday 5 March: the officer finds drawings missing
    [task] = open_tasks(platform, ref, "ontvankelijkheid")
    cases.complete_task(
        platform,
        task["id"],
        demo_user(task["kandidaatgroepen"][0]),
        {"compleet": False, "ontbrekend": "gevel- en doorsnedetekeningen", "aanvullingstermijn_dagen": 14},
    )
    clock.advance(days=7)  # Thursday 12 March
    page.goto(f"{live.url}/status/{started['volgcode']}")
    assert (
        page.inner_text("#status-wacht-op")
        == "wacht op aanvulling van de aanvrager (uiterlijk 19 maart 2026)"
    )
    assert page.inner_text("#status-houder") == "U (de aanvrager)"  # issue 16.1: not "Aanvrager"
    before = page.inner_text("#status-termijn strong")
    assert before == "uiterlijk 11 mei 2026" and "voorlopig" in page.inner_text("#status-termijn")
    assert "Ontbrekend: gevel- en doorsnedetekeningen" in page.inner_text("#tijdlijn")
    assert page.is_disabled("#actie-zienswijze button")
    page.click("#actie-aanvulling button[type=submit]")  # empty: refused with a Dutch message
    assert "Vul het veld" in page.inner_text("#aanvulling-fout")
    page.fill("#aanvulling-tekst", "Hierbij de gevel- en doorsnedetekeningen.")
    page.fill("#aanvulling-documenten", "gevels.pdf\ndoorsnede.pdf")
    page.click("#actie-aanvulling button[type=submit]")
    page.wait_for_selector("#verstuurd")
    # 28 April (27 April is Koningsdag) + 7 suspended days -> the date moves forward, and is final again
    assert page.inner_text("#status-termijn strong") == "uiterlijk 4 mei 2026"
    assert "voorlopig" not in page.inner_text("#status-termijn")
    assert "Opschorting beëindigd op 12 maart 2026" in page.inner_text("#tijdlijn")
    assert page.inner_text("#status-wacht-op") == "in behandeling bij Team Vergunningen"
    assert page.is_disabled("#actie-aanvulling button")
    assert open_tasks(platform, ref, "ontvankelijkheid")  # back with the officer


def test_status_page_shows_public_phases_and_fits_a_phone(demo_app, live, page):
    """Issue 16.1: a step bar of public phases, no internal diagram or lane names, no horizontal
    scrolling at 390 px."""
    platform = demo_app.extensions["ruimteflow"]
    started = status_service.submit_application(
        platform,
        "omgevingsvergunning",
        {
            "aanvrager": "Piet Jansen",
            "email": "piet@example.nl",
            "omschrijving": "Dakkapel met een heel lange omschrijving die op een telefoon moet afbreken",
            "locatie_naam": "Dorpsstraat 1, Ruimtedal",
            "activiteiten": ["technische_bouwactiviteit"],
            "soort_initiatiefnemer": "inwoner",
            "coordinaat": "226050 448050",
        },
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live.url}/status/{started['volgcode']}")
    steps = page.locator("#fasen li")
    assert steps.count() >= 5
    assert page.inner_text("#fasen .stap-afgerond").startswith("Aanvraag ontvangen")
    assert "Controle op volledigheid" in page.inner_text("#fasen [aria-current=step]")
    assert "Besluit verwacht uiterlijk" in page.inner_text("#fasen .stap-komend .stap-verwacht")
    assert page.locator("#diagram").count() == 0
    body = page.inner_text("body")
    for internal in ("Juridisch", "Teamleider", "ontvankelijkheid", "{adviseur"):
        assert internal not in body, internal
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], width
