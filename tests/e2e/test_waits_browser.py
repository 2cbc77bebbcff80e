"""In a real browser on the demo: the heatmap of omgevingsvergunning marks its slowest element, and a
case's holder timeline says who holds the case now (staff and, without internal names, the public)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser


def _case(demo_app: Any, title: str) -> Case:
    platform = demo_app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.title == title)).one()
        uow.session.expunge(case)
        return case


def _hours(text: str) -> float:
    return 0.0 if text.strip() in ("—", "") else float(text.replace(",", "."))


def test_the_heatmap_highlights_the_slowest_element(demo_app, live, page):
    fx.login(page, live, "tom", target="/wachttijden/omgevingsvergunning")
    page.wait_for_selector("#heatmap-diagram[data-klaar=ja]")
    # the slowest element by the table's own figures: median waiting + working + outside hours
    totals = {}
    for row in page.locator("#heatmap-tabel tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        element = row.get_attribute("data-element")
        totals[element] = _hours(cells[1]) + _hours(cells[3]) + _hours(cells[6])
    slowest = max(totals, key=lambda e: totals[e])
    assert len(totals) >= 4 and totals[slowest] > 0
    assert page.inner_text("#traagste") == slowest
    highlighted = page.locator(".djs-overlay .heat-traagste")
    assert highlighted.count() == 1 and highlighted.get_attribute("data-element") == slowest
    assert page.locator(f'g.djs-element.heat-traagste[data-element-id="{slowest}"]').count() == 1
    assert page.locator(".djs-overlay .heat-label").count() >= 4


def test_the_holder_timeline_says_who_holds_the_case_now(demo_app, live, page):
    case = _case(demo_app, "Aanbouw Molenweg 3")  # an aanvulling was asked: the applicant holds it
    fx.login(page, live, "anna", target=f"/zaken/{case.reference}")
    page.wait_for_selector("#houder-nu")
    assert page.inner_text("#houder-nu .houder-naam") == "Aanvrager"
    rows = page.locator(".houder-tabel tbody th").all_inner_texts()
    assert "Vergunningen" in rows and "Aanvrager" in rows
    assert page.locator(".houder-tijdlijn rect.houder-balk").count() >= 2
    assert page.locator(".houder-tijdlijn rect.vrije-dag").count() >= 1  # the weekend is marked

    other = _case(demo_app, "Woningbouw Esweg (12 woningen)")
    page.goto(f"{live.url}/status/{other.tracking_code}")
    public = page.inner_text("#houders")
    # the holders block names the holder as the top of the page does (review status12 #1: "Gemeente"
    # below "Team Vergunningen"); the internal reason (the task's name) stays hidden
    top = page.inner_text("#status-houder").splitlines()[0]
    assert page.inner_text("#houder-nu .houder-naam") == top == "Team Vergunningen"
    assert "Gemeente" not in page.inner_text("#houder-nu") and "beoordelen" not in public
