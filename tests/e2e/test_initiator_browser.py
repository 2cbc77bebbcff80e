"""Issue #16 "Done when", the initiator's parts, in a real browser on the demo with a real SMTP server.

The initiator applies through the public form with the e-mail address of the demo account ``coop``,
receives the confirmation mail with the tracking link, logs in as ``coop`` and finds the case under
"Mijn aanvragen"; an officer asks for an aanvulling in the inbox and the initiator receives that mail.
axe-core checks every page on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from services import cases, outbox
from services.channels import channel_handlers
from services.demo import DEMO_INITIATOR_EMAIL
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.axe import assert_accessible
from tests.mailserver import Mailbox, smtp_server, text_of

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser


@pytest.fixture
def mailbox(demo_app: Any) -> Iterator[Mailbox]:
    platform = demo_app.extensions["ruimteflow"]
    with smtp_server() as box:
        platform.settings = platform.settings.with_(
            smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="geen"
        )
        outbox.deliver_due(platform, handlers=channel_handlers(platform))  # the demo's own mails first
        box.messages.clear()
        yield box


def _deliver(app: Any) -> None:
    platform = app.extensions["ruimteflow"]
    outbox.deliver_due(platform, handlers=channel_handlers(platform))


def _apply(page: Any, live: Any, app: Any) -> str:
    from sqlalchemy import select

    from services.store.models import Adres

    with app.extensions["ruimteflow"].uow(write=False) as uow:
        adres = uow.session.scalars(select(Adres).order_by(Adres.id).limit(1)).one()
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    assert_accessible(page, "aanvraagformulier")
    page.fill("#veld-aanvrager", "Energiecoöperatie Ruimtedal")
    page.select_option("#veld-soort_initiatiefnemer", "energiecoöperatie")
    page.fill("#veld-email", DEMO_INITIATOR_EMAIL)
    page.fill("#veld-omschrijving", "Zonnedak sporthal De Kamp")
    page.check("input[name=activiteiten][value=technische_bouwactiviteit]")
    # the location by address lookup; the locatiecheck's remarks show before sending
    page.fill("#adres-postcode", adres.postcode)
    page.fill("#adres-huisnummer", str(adres.huisnummer))
    page.click("#adres-zoek")
    page.wait_for_selector("#adres-resultaat:has-text('Gevonden')")
    page.wait_for_selector("#locatiecheck-resultaat ul, #locatiecheck-resultaat p")
    remarks = page.inner_text("#locatiecheck-resultaat")
    assert remarks.strip() and "buiten" not in remarks
    assert_accessible(page, "aanvraagformulier met aandachtspunten")
    page.click("#aanvraag-versturen")
    page.wait_for_url(re.compile(r".*/ontvangen$"))
    assert_accessible(page, "aanvraag ontvangen")
    return page.inner_text("#zaaknummer")


def test_initiator_applies_gets_mail_logs_in_and_gets_the_aanvulling_mail(
    demo_app, live, page, browser, mailbox
):
    ref = _apply(page, live, demo_app)
    _deliver(demo_app)
    [confirmation] = mailbox.of_kind("Ontvangstbevestiging")
    assert confirmation["To"] == DEMO_INITIATOR_EMAIL and ref in str(confirmation["Subject"])
    path = re.search(r"/status/[A-Za-z0-9_-]{24,}", text_of(confirmation))
    assert path, text_of(confirmation)
    page.goto(f"{live.url}{path.group(0)}")
    assert ref in page.content()  # the tracking link from the mail opens the case

    coop = fx.new_page(browser)
    try:
        fx.login(coop, live, "coop", target="/mijn-aanvragen")
        coop.wait_for_url(re.compile(r"/mijn-aanvragen$"))
        assert coop.get_by_role("heading", name="Zonnedak sporthal De Kamp").is_visible()
        assert "Windpark Hoge Veld" in coop.content()  # the demo case applied for with its address
        assert_accessible(coop, "mijn aanvragen")

        # the officer of Vergunningen finds the application incomplete, in the inbox
        platform = demo_app.extensions["ruimteflow"]
        [task] = [
            t for t in cases.get_case(platform, ref)["open_taken"] if t["element"] == "ontvankelijkheid"
        ]
        anna = fx.new_page(browser)
        try:
            fx.login(anna, live, "anna", target=f"/taken/{task['id']}")
            anna.wait_for_url(re.compile(r"/taken/\d+$"))
            assert anna.locator("#oppakken-bij-afronden").is_visible()
            assert_accessible(anna, "taak ontvankelijkheid")
            anna.check("#veld-compleet-nee")  # a required ja/nee: chosen, never assumed
            anna.fill("#veld-ontbrekend", "een constructieberekening")
            anna.fill("#veld-aanvullingstermijn_dagen", "14")
            anna.get_by_role("button", name="Taak afronden").click()
            anna.wait_for_url(re.compile(r"/inbox$"))
        finally:
            anna.context.close()
        _deliver(demo_app)
        [request] = mailbox.of_kind("niet compleet")
        body = " ".join(text_of(request).split())
        assert request["To"] == DEMO_INITIATOR_EMAIL
        assert "Wat ontbreekt: een constructieberekening" in body and "16 maart 2026" in body

        coop.reload()
        assert "Gevraagd van u" in coop.content() and "een constructieberekening" in coop.content()
        assert_accessible(coop, "mijn aanvragen met verzoek")
    finally:
        coop.context.close()
