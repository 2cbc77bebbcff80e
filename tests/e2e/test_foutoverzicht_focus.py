"""A refused form puts focus on its error summary and says "Fout: " in the title, on every page with one
(review sessie16 a11y16, F3 and F4; WCAG 3.3.1, 2.4.3, 4.1.3). Only the task page moved focus (faces.js
knew #foutoverzicht and #deployfout); after a refused application form, "Bericht registreren" on the case
page or a message on the public status page focus stayed on <body>, and the status page had no summary at
all, its field error far below. The application form's summary linked "locatie" to a hidden input and an
expired form to #veld-algemeen, which does not exist.

One convention now: the summary has data-foutoverzicht and tabindex="-1", and faces.js focuses it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from services.status.lookup import waiting_of
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import csrf_from, wait_for_js

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser

FOCUSED = "document.activeElement && document.activeElement.hasAttribute('data-foutoverzicht')"


def _ter_inzage(app: Any) -> Case:
    """A demo permit whose ontwerpbesluit lies ter inzage: it expects a zienswijze."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        case = next(c for c in running if "zienswijze" in waiting_of(c).messages)
        uow.session.expunge(case)
        return case


def _targets(page: Any, summary: str) -> list[str]:
    """Each link of the summary: its target's id, tag and type ('MISSING' when there is none)."""
    return page.eval_on_selector_all(
        f"{summary} a",
        """links => links.map(a => { const t = document.querySelector(a.getAttribute('href'));
             return t ? t.id + ':' + t.tagName + ':' + (t.type || '') : 'MISSING ' + a.getAttribute('href'); })""",
    )


def test_a_refused_application_focuses_its_summary_whose_links_reach_visible_fields(demo_app, live, page):
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    page.click("#aanvraag-versturen")
    page.wait_for_selector("#formulier-fouten")

    wait_for_js(page, FOCUSED)
    assert page.evaluate("document.activeElement.id") == "formulier-fouten"
    assert page.title().startswith("Fout: ")
    targets = _targets(page, "#formulier-fouten")
    assert targets and not [t for t in targets if t.startswith("MISSING") or t.endswith(":hidden")], targets
    assert "veld-coordinaat:INPUT:text" in targets  # the location: the field to type it, not the hidden one
    page.click("#formulier-fouten a[href='#veld-coordinaat']")
    assert page.evaluate("document.activeElement.id") == "veld-coordinaat"
    assert page.get_attribute("#veld-coordinaat", "aria-invalid") == "true"
    assert "fout-locatie" in (page.get_attribute("#veld-coordinaat", "aria-describedby") or "")


def test_an_expired_application_form_says_so_without_a_link_to_nowhere(demo_app):
    client = demo_app.test_client()
    form = client.get("/aanvragen/omgevingsvergunning").text
    token = csrf_from(form)

    resp = client.post("/aanvragen/omgevingsvergunning", data={"csrf_token": token, "aanvrager": "Piet"})

    assert resp.status_code == 400
    summary = re.search(r'id="formulier-fouten"(.*?)</div>', resp.text, re.S)
    assert summary and "veld-algemeen" not in summary[1] and "<li><a" not in summary[1]
    assert "<li>" in summary[1]
    assert re.search(r"<title>Fout: ", resp.text)


def test_a_refused_letter_on_the_case_page_focuses_its_summary(demo_app, live, page):
    ref = _ter_inzage(demo_app).reference
    fx.login(page, live, "anna", target=f"/zaken/{ref}")
    page.wait_for_url(re.compile(rf"/zaken/{ref}$"))
    page.get_by_role("button", name="Bericht registreren").click()
    page.wait_for_selector("#bericht-fouten")

    wait_for_js(page, FOCUSED)
    assert page.evaluate("document.activeElement.id") == "bericht-fouten"
    assert page.title().startswith("Fout: ")
    assert "bericht-ontvangen:INPUT:date" in _targets(page, "#bericht-fouten")


def test_a_refused_message_on_the_status_page_focuses_a_summary_linking_to_its_field(demo_app, live, page):
    code = _ter_inzage(demo_app).tracking_code
    page.goto(f"{live.url}/status/{code}")
    assert not page.title().startswith("Fout: ")
    page.click("#actie-zienswijze button[type=submit]")
    page.wait_for_selector("#foutoverzicht")

    wait_for_js(page, FOCUSED)
    assert page.evaluate("document.activeElement.id") == "foutoverzicht"
    assert page.title().startswith("Fout: ")
    assert _targets(page, "#foutoverzicht") == ["zienswijze-tekst:TEXTAREA:textarea"]
    assert "niet verstuurd" in page.inner_text("#foutoverzicht")
    page.click("#foutoverzicht a")
    assert page.evaluate("document.activeElement.id") == "zienswijze-tekst"
