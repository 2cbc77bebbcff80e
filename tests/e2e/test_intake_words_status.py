"""The status page behind a stranger's volgcode shows nothing the sender typed; the location name holds no link.

Outside tester (MEDIUM, the rest of it): the receipt mail to an address nobody verified is neutral
(services.mail.intake_words, tests/e2e/test_intake_words_mails.py), but its link opened the gemeente's own
status page with the typed title in bold ("Bel direct 0900-1234 of ga naar ..."), and its JSON twin gave the
typed location name as well. Now the page, its confirmation step and ``/api/v1/status/<code>`` name such a
case by its zaaknummer and procedure, with no location name; a logged-in initiator's case at its own verified
address keeps its words. The address field, shown back as typed to that owner, refuses a web address as the
name and the title do. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json

from services.store.models import Case
from tests.e2e import test_intake_words_mails as mails
from tests.e2e.harness import csrf_from, logged_in
from tests.e2e.test_intake_words_mails import KEES, PASSWORD, PHISHING, TYPED, VICTIM, _apply, _case_of
from tests.e2e.test_status_http import form_tokens

app, locatie = mails.app, mails.locatie  # the permit model deployed, an initiator account "kees"

PHISHING_PLACE = "Dorpsstraat 3. LET OP: betaling leges via NL12ABNA0123456789"


def _pages(app, case: Case) -> tuple[str, dict]:
    """The status page's HTML and its JSON twin for ``case``'s volgcode."""
    client = app.test_client()
    page = client.get(f"/status/{case.tracking_code}")
    assert page.status_code == 200, page.text
    api = client.get(f"/api/v1/status/{case.tracking_code}")
    assert api.status_code == 200, api.text
    return page.text, api.get_json()


def _confirmation(app, case: Case) -> str:
    """The confirmation step of an intrekking from the status page (nothing is sent yet)."""
    client = app.test_client()
    page = client.get(f"/status/{case.tracking_code}").text
    resp = client.post(
        f"/status/{case.tracking_code}/intrekking", data={"csrf_token": csrf_from(page), "tekst": ""}
    )
    assert resp.status_code == 200 and "weet u het zeker?" in resp.text, resp.text
    return resp.text


def test_the_status_page_of_a_strangers_address_shows_nothing_typed(app):
    _apply(app.test_client(), **PHISHING, locatie_naam=PHISHING_PLACE)  # nobody logged in
    case = _case_of(app, VICTIM)
    html, status = _pages(app, case)
    for shown in (html, json.dumps(status, ensure_ascii=False), _confirmation(app, case)):
        assert [t for t in TYPED if t in shown] == [], shown
    assert f"Uw aanvraag met zaaknummer {case.reference} (Omgevingsvergunning), ontvangen op" in html
    assert (status["titel"], status["procedure"], status["locatie"]) == ("Omgevingsvergunning",) * 2 + (None,)


def test_a_logged_in_initiators_own_case_keeps_its_title_and_place(app):
    title, place = "Dakkapel Dorpsstraat 3", "Dorpsstraat 3, Ruimtedal"
    _apply(
        logged_in(app, "kees", PASSWORD), email=KEES, aanvrager="Kees", omschrijving=title, locatie_naam=place
    )
    case = _case_of(app, KEES)
    html, status = _pages(app, case)
    assert f"<strong>{title}</strong> – zaaknummer {case.reference} (Omgevingsvergunning)," in html
    assert (status["titel"], status["locatie"]) == (title, place)
    assert f"<strong>{title}</strong>" in _confirmation(app, case)


def test_a_web_address_in_the_location_name_is_refused(app):
    client = app.test_client()
    tokens = form_tokens(client.get("/aanvragen/omgevingsvergunning").text)
    form = {**tokens, "email": VICTIM, "aanvrager": "Jan", "omschrijving": "Aanbouw"}
    form |= {"activiteiten": "technische_bouwactiviteit", "soort_initiatiefnemer": "inwoner"}
    form |= {"coordinaat": "52.015, 6.42", "locatie_naam": "Dorpsstraat 3, zie www.betaal.example"}
    resp = client.post("/aanvragen/omgevingsvergunning", data=form)
    assert resp.status_code == 400, resp.status_code
    assert "&#39;Adres of plaatsaanduiding&#39; mag geen internetadres bevatten." in resp.text, resp.text
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        assert uow.session.query(Case).count() == 0
