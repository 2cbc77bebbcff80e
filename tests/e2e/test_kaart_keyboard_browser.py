"""The maps with a keyboard and in Dutch, in a real browser on the demo (review sessie16 a11y16, F5 and F8).

F5: every case shape on /kaart was a Tab stop without a name (Leaflet's tooltip focus listeners) that no
key opened, and closing the side panel left focus on <body>. The shapes are now out of the Tab order and
hidden from assistive technology; the list "Zaken in beeld" opens the same panel, and closing it gives focus
back to what opened it. F8: Leaflet's own texts (zoom buttons, layer toggle, popup close button, its
attribution link) were English on Dutch pages.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import wait_for_js

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser

FOCUSED = "(() => { const e = document.activeElement; return [e.tagName.toLowerCase(), e.id, e.getAttribute('data-zaak')]; })()"
#: every title and aria-label Leaflet wrote into a map
MAP_TEXTS = "[...document.querySelectorAll('.leaflet-container [title], .leaflet-container [aria-label]')].map(e => (e.getAttribute('title') || '') + '|' + (e.getAttribute('aria-label') || ''))"
ENGLISH = ("Zoom", "Layers", "Close", "library", "Marker")


def open_map(page: Any, live: Any) -> None:
    fx.login(page, live, "anna", target="/kaart")
    page.wait_for_url(f"{live.url}/kaart")
    page.wait_for_selector("#kaart-telling:has-text('in beeld')")
    page.wait_for_selector("#kaart path.zaak")


def test_the_case_shapes_are_no_tab_stops_and_the_list_opens_the_panel(demo_app, live, page):
    open_map(page, live)
    shapes = page.locator("#kaart path.zaak")
    assert shapes.count() > 3
    page.focus("#kaart")
    stops = []
    for _ in range(shapes.count() + 3):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    assert not [s for s in stops if s[0] == "path"], stops
    hidden = page.evaluate(
        "[...document.querySelectorAll('#kaart path.zaak')].filter(e => e.getAttribute('aria-hidden') !== 'true').length"
    )
    assert hidden == 0  # the list names the same cases; an unnamed graphic is not read out

    ref = shapes.first.get_attribute("data-zaak")
    button = f"#kaart-zakenlijst .zaak-knop[data-zaak='{ref}']"
    page.focus(button)
    page.keyboard.press("Enter")
    page.wait_for_selector("#kaart-paneel:not([hidden]) #paneel-titel")
    wait_for_js(page, "document.activeElement.id === 'paneel-titel'")
    assert ref in page.inner_text("#kaart-paneel")
    page.focus("#paneel-sluiten")
    page.keyboard.press("Enter")
    assert page.is_hidden("#kaart-paneel")
    assert page.evaluate(FOCUSED) == ["button", "", ref]  # back on the list button that opened it

    shapes.first.click()  # a pointer still opens the same panel from the shape
    page.wait_for_selector("#kaart-paneel:not([hidden]) #paneel-titel")
    assert ref in page.inner_text("#kaart-paneel")
    page.click("#paneel-sluiten")
    assert page.evaluate(FOCUSED)[:2] == ["div", "kaart"]  # back on the map the shape is in


def test_leaflet_speaks_dutch_on_the_map_and_the_application_form(demo_app, live, page):
    open_map(page, live)
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Inzoomen"
    assert page.get_attribute(".leaflet-control-zoom-out", "title") == "Uitzoomen"
    assert "interactieve kaarten" in page.get_attribute(".leaflet-control-attribution a", "title")
    page.evaluate("window.ruimteflowKaart.map.openPopup('Laag', window.ruimteflowKaart.map.getCenter())")
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Pop-up sluiten"
    texts = page.evaluate(MAP_TEXTS)
    assert not [t for t in texts if any(word in t for word in ENGLISH)], texts

    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    page.wait_for_selector("#aanvraag-kaart .leaflet-control-layers-toggle")
    assert page.get_attribute("#aanvraag-kaart .leaflet-control-zoom-in", "title") == "Inzoomen"
    assert page.get_attribute("#aanvraag-kaart .leaflet-control-zoom-out", "title") == "Uitzoomen"
    assert page.get_attribute("#aanvraag-kaart .leaflet-control-layers-toggle", "title") == "Kaartlagen"
    texts = page.evaluate(MAP_TEXTS)
    assert not [t for t in texts if any(word in t for word in ENGLISH)], texts
