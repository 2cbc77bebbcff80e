"""In a real browser: what an applicant typed (a case title) is shown as text everywhere on the map, never
read as markup (reviewer finding: a title from the public form was put in the tooltip as HTML)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import wait_for_js

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser

TITLE = '<b id="inj">x</b><style>#kaart-filters{display:none}</style>'


def test_a_case_title_is_text_in_the_tooltip_list_and_panel(demo_app, live, page):
    platform = demo_app.extensions["ruimteflow"]
    with platform.uow() as uow:
        ref = uow.session.scalars(
            select(Case.reference)
            .where(Case.process_id == "omgevingsvergunning", Case.geometry_wkt.is_not(None))
            .order_by(Case.id)
            .limit(1)
        ).one()
        uow.session.execute(update(Case).where(Case.reference == ref).values(title=TITLE))
        uow.commit()

    fx.login(page, live, "bea", target="/kaart")  # the beheerder sees every case (policy)
    page.wait_for_url(f"{live.url}/kaart")
    page.goto(f"{live.url}/kaart")
    marker = f"#kaart [data-zaak='{ref}']"
    page.wait_for_selector(marker, state="attached")
    page.dispatch_event(marker, "mouseover")
    wait_for_js(page, "!!document.querySelector('.leaflet-tooltip')")
    tooltip = page.evaluate("document.querySelector('.leaflet-tooltip').textContent")
    assert TITLE in tooltip
    assert page.evaluate("document.getElementById('inj')") is None
    assert page.evaluate("getComputedStyle(document.getElementById('kaart-filters')).display") != "none"

    page.locator(f"#kaart-zakenlijst .zaak-knop[data-zaak='{ref}']").click()
    page.wait_for_selector("#kaart-paneel:not([hidden]) #paneel-titel")
    assert page.inner_text("#paneel-titel") == TITLE
    assert TITLE in page.inner_text(f"#kaart-zakenlijst .zaak-knop[data-zaak='{ref}']")
    assert page.evaluate("document.querySelectorAll('#inj, #kaart style').length") == 0
