"""In a real browser, zoomed out: clusters are drawn as a count in a circle; clicking one zooms in."""

from __future__ import annotations

import pytest

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import wait_for_js
from tests.e2e.kaart_cases import many_map_cases

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser


def test_clusters_show_counts_and_zoom_in_on_click(demo_app, live, page):
    refs = many_map_cases(demo_app, 900)
    fx.login(page, live, "bea", target="/kaart")  # the beheerder sees every case (policy)
    page.wait_for_url(f"{live.url}/kaart")
    page.goto(f"{live.url}/kaart")
    page.wait_for_selector("#kaart-telling:has-text('gegroepeerd')")
    assert int(page.inner_text("#kaart-telling").split()[0]) >= len(refs)
    clusters = page.locator("#kaart .kaart-cluster")
    assert clusters.count() > 0
    counts = [int(c.replace(".", "")) for c in clusters.all_inner_texts()]
    assert max(counts) > 1 and all(n > 1 for n in counts)
    zoom = page.evaluate("window.ruimteflowKaart.map.getZoom()")
    biggest = counts.index(max(counts))
    clusters.nth(biggest).click()
    wait_for_js(page, f"window.ruimteflowKaart.map.getZoom() >= {zoom + 2}")
