"""Issue #16 item 6: axe-core runs on every page of the faces and finds no WCAG 2.1 A/AA violation.

Every HTML page of the app (each GET route of a face, found in ``app.url_map``) is opened in headless
chromium as a user who may see it, on the demo data; a page without an entry in ``PAGES`` fails
``test_every_page_is_checked``. Pages with an open panel and with form errors are checked as well.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.store.models import Case, HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.axe import assert_accessible
from tests.e2e.demo_pages import page_params

pytestmark = pytest.mark.browser
browser, clock, demo_layers, demo_app, demo_template, live = (
    fx.browser,
    fx.clock,
    fx.demo_layers,
    fx.demo_app,
    fx.demo_template,
    fx.live,
)

#: route rule -> who opens it (None: anonymous) and which demo object fills its parameters
PAGES: dict[str, str | None] = {
    "/": "anna",
    "/inloggen": None,
    "/inbox": "anna",
    "/zaken": "anna",
    "/zaken/<case_ref>": "anna",
    "/zaken/<case_ref>/documenten/<int:document_id>": "anna",
    "/taken/<int:task_id>": "anna",
    "/kaart": "anna",
    "/dashboard": "tom",
    "/beheer": "bea",
    "/beheer/modellen/<process_id>": "bea",
    "/beheer/modellen/<process_id>/bewerken": "bea",
    "/beheer/mail": "bea",
    "/beheer/afleveringen": "bea",
    "/wachttijden/<process_id>": "tom",
    "/beheer/mail/<bestand>": "bea",
    "/aanvragen": None,
    "/aanvragen/<process_id>": None,
    "/status/<code>": None,
    "/mijn-aanvragen": "coop",
    "/volglink": None,
}
#: pages of the README's screenshots (docs/screenshots/), saved when RUIMTEFLOW_SCREENSHOTS is set
README_SHOTS = {"/inbox": "inbox.png", "/zaken/<case_ref>": "zaak.png", "/taken/<int:task_id>": "taak.png"}
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: GET routes that answer something other than an HTML page
NOT_PAGES = re.compile(
    r"^/(api/|static/)|\.bpmn$|/bpmn$|/inloggen/sso|/ontvangen$|/inhoud$|/kaartlagen/"
    r"|^/aanvragen/(adres|gemeentegrens)$|^/status/<code>/documenten/|/csv$"
    r"|/concept$"  # the model editor's JSON (its page is /bewerken)
)


def _login(page: Any, live: Any, user: str) -> None:
    fx.login(page, live, user, target="/")
    page.wait_for_load_state()


def test_every_page_is_checked(demo_app):
    rules = {
        r.rule
        for r in demo_app.url_map.iter_rules()
        if "GET" in (r.methods or set()) and not NOT_PAGES.search(r.rule)
    }
    assert sorted(rules - set(PAGES)) == [], "pages without an axe check: add them to PAGES"


def test_axe_finds_nothing_on_any_page(demo_app, live, browser):
    params = page_params(demo_app)
    sessions: dict[str | None, Any] = {}
    failures = []
    for rule, user in PAGES.items():
        if user not in sessions:
            sessions[user] = fx.new_page(browser)
            if user:
                _login(sessions[user], live, user)
        page = sessions[user]
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: params[m.group(1)], rule)
        response = page.goto(f"{live.url}{path}")
        assert response is not None and response.status == 200, (rule, response and response.status)
        page.wait_for_load_state("networkidle")
        try:
            assert_accessible(page, rule)
        except AssertionError as exc:
            failures.append(str(exc))
        if rule in README_SHOTS and os.environ.get("RUIMTEFLOW_SCREENSHOTS"):
            tall = {"full_page": True, "clip": {"x": 0, "y": 0, "width": 1280, "height": 1980}}
            page.screenshot(
                path=str(DOCS_SCREENSHOTS / README_SHOTS[rule]), **(tall if "zaken" in rule else {})
            )
    for p in sessions.values():
        p.context.close()
    assert not failures, "\n\n".join(failures)


def test_axe_on_the_error_page_and_forms_with_errors(demo_app, live, browser):
    page = fx.new_page(browser)
    page.goto(f"{live.url}/bestaat-niet")
    assert_accessible(page, "404")
    page.goto(f"{live.url}/inloggen")
    page.fill("input[name=gebruikersnaam]", "anna")
    page.fill("input[name=wachtwoord]", "fout")
    page.click("button[type=submit]")
    page.wait_for_selector("#inlogfout")
    assert_accessible(page, "inloggen met fout")
    page.goto(f"{live.url}/volglink")
    page.fill("#email", "geen-adres")
    page.click("button[type=submit]")
    page.wait_for_selector("#volglink-fout")
    assert_accessible(page, "volglink met fout")
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    page.click("#aanvraag-versturen")
    page.wait_for_selector("#formulier-fouten")  # the refused form, not the page it replaces
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_accessible(page, "aanvraagformulier met fouten")
    page.context.close()


def test_axe_on_the_withdrawal_form_and_its_confirmation(demo_app, live, browser):
    code = page_params(demo_app)["code"]
    page = fx.new_page(browser)
    page.goto(f"{live.url}/status/{code}")
    assert page.locator("#actie-intrekking").count() == 1  # the case waits for an intrekking
    assert_accessible(page, "statuspagina met intrekken")
    page.click("#actie-intrekking button[type=submit]")
    page.wait_for_selector("#bevestigen-intrekking")
    assert_accessible(page, "intrekken bevestigen")
    page.context.close()


def test_axe_on_the_task_form_with_errors_and_the_map_with_an_open_panel(demo_app, live, browser):
    params = page_params(demo_app)
    page = fx.new_page(browser)
    _login(page, live, "anna")
    page.goto(f"{live.url}/taken/{params['task_id']}")
    page.get_by_role("button", name="Taak afronden").click()
    page.wait_for_selector("#foutoverzicht")  # the refused form, not the page it replaces
    assert_accessible(page, "taak met fouten")
    page.goto(f"{live.url}/kaart")
    page.locator("#kaart-zakenlijst .zaak-knop").first.click()
    page.wait_for_selector("#paneel-titel")
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "kaart met open paneel")
    page.context.close()


def test_axe_on_the_letter_form_of_the_case_page_with_errors(demo_app, live, browser):
    """'Bericht registreren' (a letter by post) on a permit ter inzage, sent without its receipt day."""
    from services.status.lookup import waiting_of

    with demo_app.extensions["ruimteflow"].uow(write=False) as uow:
        permits = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        ref = next(c.reference for c in permits if "zienswijze" in waiting_of(c).messages)
    page = fx.new_page(browser)
    _login(page, live, "anna")
    page.goto(f"{live.url}/zaken/{ref}")
    assert_accessible(page, "zaak met bericht registreren")
    page.get_by_role("button", name="Bericht registreren").click()
    page.wait_for_selector("#bericht-fouten")
    assert page.locator("#bericht-ontvangen[aria-invalid=true]").count() == 1
    assert_accessible(page, "bericht registreren met fouten")
    page.context.close()


def test_axe_on_a_task_form_with_a_group_rows_and_a_yes_no_question(demo_app, live, browser):
    """'Participatie bijwerken' of the wijkuitvoeringsplan: a group of fields (activiteit), a list of
    groups (opt-outs, a fieldset per row) and a required ja/nee, refused with errors inside a row."""
    with demo_app.extensions["ruimteflow"].uow(write=False) as uow:
        task = uow.session.scalars(
            select(HumanTask).where(HumanTask.state == "open", HumanTask.name == "Participatie bijwerken")
        ).first()
        assert task is not None
    if task.assignee not in (None, "pim"):  # the round stays with who completed the last one (a517fac)
        from services import inbox

        inbox.assign(demo_app.extensions["ruimteflow"], task.id, "bea", "pim")
    page = fx.new_page(browser)
    _login(page, live, "pim")
    page.goto(f"{live.url}/taken/{task.id}")
    page.get_by_role("group", name="Regel 1").get_by_label("Gebouw").fill("Kerkstraat 1")
    page.get_by_role("button", name="Taak afronden").click()
    page.wait_for_selector("#foutoverzicht")
    assert page.locator("#veld-opt_outs-0-gebouw[aria-invalid=true]").count() == 1
    assert page.locator("#veld-participatie_afgerond[aria-invalid=true]").count() == 1
    assert_accessible(page, "taak met groepen, regels en ja/nee")
    page.get_by_role("button", name=re.compile("^Regel toevoegen")).click()
    page.wait_for_selector("#veld-opt_outs-3-gebouw")
    assert page.locator("#veld-opt_outs-0-gebouw").input_value() == "Kerkstraat 1"
    page.context.close()


def test_axe_reports_a_violation(browser):
    """The check can fail: an image without alt text, and the old diagram markup (a role="img"
    container around the viewer's focusable parts)."""
    from tests.e2e.axe import violations

    page = fx.new_page(browser)
    page.set_content(
        '<html lang="nl"><head><title>t</title></head><body><main><img src="data:,">'
        '<div role="img" aria-label="Diagram"><a href="#x">bpmn.io</a></div></main></body></html>'
    )
    found = {v["id"] for v in violations(page)}
    assert {"image-alt", "nested-interactive"} <= found, found
    page.context.close()
