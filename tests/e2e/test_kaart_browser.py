"""A project leader on the map in a real browser, on the demo data of the real models in bpmn/.

``services.demo.build`` seeds one wijk plan (wijkuitvoeringsplan.bpmn) per phase on the wijken of the
demo layers, three wind and solar initiatives (windpark.bpmn) and the permit cases; Pim filters to the
wijk plans in phase "participatie" and opens the one he finds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.domain.energie_demo import FASEN
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def wijk_plans(platform: Any) -> dict[str, tuple[str, str]]:
    """Phase -> (reference, title) of the seeded wijk plans."""
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(
            select(Case.phase, Case.reference, Case.title).where(Case.process_id == "wijkuitvoeringsplan")
        ).all()
    return {phase: (ref, title) for phase, ref, title in rows}


def test_project_leader_filters_wijk_plans_in_participatie_and_opens_one(demo_app, live, page):
    plans = wijk_plans(demo_app.extensions["ruimteflow"])
    assert sorted(plans) == sorted(FASEN)  # the demo seed: one wijk plan per phase
    ref, title = plans["participatie"]

    fx.login(page, live, "pim", target="/kaart")
    page.wait_for_url(f"{live.url}/kaart")
    page.goto(f"{live.url}/kaart")  # again, without the welcome message
    page.wait_for_selector("#kaart-telling:has-text('zaken in beeld')")
    everything = page.inner_text("#kaart-telling")
    total = int(everything.split()[0])
    assert total >= len(FASEN) + 3, everything  # wijk plans, wind/solar initiatives, permits
    page.wait_for_selector("#laag-netcongestie")
    assert page.is_checked("#laag-natura2000") and not page.is_checked("#laag-gewaspercelen")
    assert page.locator("#kaart path.zaak").count() >= len(FASEN)  # the wijk plans are polygons

    page.select_option("#filter-procedure", "wijkuitvoeringsplan")
    page.wait_for_selector(f"#kaart-telling:has-text('{len(FASEN)} zaken in beeld')")
    page.select_option("#filter-fase", "participatie")
    page.wait_for_selector("#kaart-telling:has-text('1 zaak in beeld')")
    [listed] = page.locator("#kaart-zakenlijst .zaak-knop").all_inner_texts()
    assert title in listed and "participatie" in listed
    assert page.locator("#kaart path.zaak").count() == 1

    page.locator(f"#kaart path[data-zaak='{ref}']").click()
    page.wait_for_selector("#kaart-paneel:not([hidden]) #paneel-titel")
    panel = page.inner_text("#kaart-paneel")
    assert title in panel and "participatie" in panel and ref in panel
    assert "Participatie bijwerken" in panel  # the open task of the phase
    # a conflict names its department, as the case page does: a wijk plan asks no advice (7aa795a)
    assert "(warmtenet, afdeling Energie en Klimaat)" in panel and ", advies " not in panel, panel
    assert page.get_attribute("#kaart-paneel a.knop", "href") == f"/zaken/{ref}"
    page.check("#laag-woningbouwlocaties")
    page.wait_for_timeout(300)
    if os.environ.get("RUIMTEFLOW_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "kaart.png"))

    page.click("#kaart-paneel a.knop")  # open the case
    page.wait_for_url(f"{live.url}/zaken/{ref}")
    assert title in page.inner_text("h1")
    assert "participatie" in page.inner_text("main")

    page.goto(f"{live.url}/kaart")  # back to the map: no filters, every case in view
    page.wait_for_selector(f"#kaart-telling:has-text('{everything}')")
    page.locator("#kaart-zakenlijst .zaak-knop", has_text="Windpark Hoge Veld").click()
    page.wait_for_selector("#paneel-titel:has-text('Windpark Hoge Veld')")
    assert "wachtlijst netcapaciteit, positie 14" in page.inner_text("#kaart-paneel")
    page.click("#paneel-sluiten")
    assert page.is_hidden("#kaart-paneel")
    page.select_option("#filter-fase", "participatie")
    page.wait_for_selector("#kaart-telling:has-text('1 zaak in beeld')")
    page.click("#filter-wissen")
    page.wait_for_selector(f"#kaart-telling:has-text('{everything}')")


def test_initiator_has_no_access_to_the_map(demo_app, live, page):
    fx.login(page, live, "coop", target="/kaart")
    assert "medewerkers" in page.content()
    response = page.goto(f"{live.url}/kaart")
    assert response is not None and response.status in (302, 401, 403) or "/inloggen" in page.url


def test_the_layer_list_explains_netcongestie_and_a_conflict_is_dotted(demo_app, live, page):
    """Review projectleider13, finding 6: a legend per layer from its colours and dashes, and a conflict
    outline that is not the netcongestie layer's red dashes."""
    fx.login(page, live, "pim", target="/kaart")
    page.wait_for_url(f"{live.url}/kaart")
    page.wait_for_selector(".laag-legenda li")
    legend = page.locator("#kaart-lagenlijst .laag-legenda").first.inner_text()
    assert "rood" in legend and "oranje" in legend and "richting invoeding: gestreepte rand" in legend
    page.wait_for_selector("#kaart path.zaak-conflict")
    dashes = page.locator("#kaart path.zaak-conflict").first.get_attribute("stroke-dasharray")
    assert dashes == "1 7", dashes
