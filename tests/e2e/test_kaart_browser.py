"""A project leader on the map in a real browser: filter to wijk plans in phase participatie, open one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e import kaart_status_fixtures as fx

app, clock, demo_layers, browser, live, page = fx.app, fx.clock, fx.demo_layers, fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_project_leader_filters_wijk_plans_in_participatie_and_opens_one(app, live, page):
    fx.insert_map_cases(app.extensions["ruimteflow"], fx.WIJK_PLANS)
    fx.login(page, live, "pim", target="/kaart")
    page.wait_for_url(f"{live.url}/kaart")
    page.goto(f"{live.url}/kaart")  # again, without the welcome message
    page.wait_for_selector("#kaart-telling:has-text('5 zaken in beeld')")
    page.wait_for_selector("#laag-netcongestie")
    assert page.is_checked("#laag-natura2000") and not page.is_checked("#laag-gewaspercelen")
    assert (
        page.locator("#kaart path.zaak").count() >= 4
    )  # SVG shapes of the cases (one case is a point marker)

    page.select_option("#filter-procedure", "wijkuitvoeringsplan")
    page.select_option("#filter-fase", "participatie")
    page.wait_for_selector("#kaart-telling:has-text('2 zaken in beeld')")
    listed = page.locator("#kaart-zakenlijst .zaak-knop").all_inner_texts()
    assert len(listed) == 2 and all("participatie" in t for t in listed)
    assert page.locator("#kaart path.zaak-conflict").count() == 1  # the blocking conflict is highlighted

    page.locator("#kaart path[data-zaak='Z-2026-800001']").click()
    page.wait_for_selector("#kaart-paneel:not([hidden]) #paneel-titel")
    panel = page.inner_text("#kaart-paneel")
    assert "WUP Centrum" in panel and "participatie" in panel
    assert "Woningbouw in rood congestiegebied" in panel
    assert page.get_attribute("#kaart-paneel a.knop", "href") == "/zaken/Z-2026-800001"
    page.check("#laag-woningbouwlocaties")
    page.wait_for_timeout(300)
    if os.environ.get("RUIMTEFLOW_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "kaart.png"))

    page.click("#paneel-sluiten")
    assert page.is_hidden("#kaart-paneel")
    page.click("#filter-wissen")
    page.wait_for_selector("#kaart-telling:has-text('5 zaken in beeld')")
    page.locator("#kaart-zakenlijst .zaak-knop", has_text="Windpark Hooiland").click()
    page.wait_for_selector("#paneel-titel:has-text('Windpark Hooiland')")
    assert "wacht op antwoord netbeheerder" in page.inner_text("#kaart-paneel")


def test_initiator_has_no_access_to_the_map(app, live, page):
    fx.login(page, live, "coop", target="/kaart")
    assert "medewerkers" in page.content()
    response = page.goto(f"{live.url}/kaart")
    assert response is not None and response.status in (302, 401, 403) or "/inloggen" in page.url
