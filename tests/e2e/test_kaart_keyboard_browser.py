"""The map with a keyboard, in a real browser on the demo (review sessie16 a11y16, F5).

Every case shape on /kaart was a Tab stop without a name (Leaflet's tooltip focus listeners) that no
key opened, and closing the side panel left focus on <body>. The shapes are now out of the Tab order and
hidden from assistive technology; the list "Zaken in beeld" opens the same panel, and closing it gives focus
back to what opened it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser

FOCUSED = "(() => { const e = document.activeElement; return [e.tagName.toLowerCase(), e.id, e.getAttribute('data-zaak')]; })()"


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
    page.wait_for_function("document.activeElement.id === 'paneel-titel'")
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
