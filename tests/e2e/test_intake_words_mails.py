"""The public form and /volglink make the gemeente mail nothing the sender typed to an address nobody verified.

Outside tester (MEDIUM): ``POST /aanvragen/omgevingsvergunning`` without logging in, with someone else's
e-mail address and as the name "klant. LET OP: uw aanvraag wordt pas behandeld na betaling van de leges
..." (or a title "Bel direct 0900-1234 of ga naar digid-herstel.nl/nu"), made the receipt mail, from the
gemeente's sender, say "Beste klant. LET OP: ... betaling ..." to that stranger, in the text and the HTML;
``POST /volglink`` for the stranger's address sent the title again. The form's guard refuses only "://"
and "www.". Now both mails greet "Beste aanvrager" and name the case by its zaaknummer and the procedure's
name; an initiator logged in on the form, whose own verified address it is, still reads its own words
(services.mail.intake_words). On SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from services import users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case, OutboxMessage
from tests.e2e.harness import csrf_from, logged_in
from tests.e2e.test_status_http import form_tokens
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401
from web import create_app

VICTIM = "slachtoffer@example.nl"
KEES = "kees@example.nl"
PASSWORD = "wachtwoord-voor-de-test"
PHISHING = {
    "aanvrager": (
        "klant. LET OP: uw aanvraag wordt pas behandeld na betaling van de leges (EUR 385) via "
        "gemeente-ruimtedal-betalen.nl/leges of op NL12ABNA0123456789 t.n.v. Gemeente Ruimtedal Inning"
    ),
    "omschrijving": "Bel direct 0900-1234 of ga naar digid-herstel.nl/nu",
}
#: pieces of the typed name and title; none may be in a mail to the stranger
TYPED = ("klant", "LET OP", "betaling", "NL12ABNA", "betalen.nl", "0900-1234", "digid-herstel", "Bel direct")
FORM = {
    "email": VICTIM,
    "locatie_naam": "Dorpsstraat 3, Ruimtedal",
    "activiteiten": "technische_bouwactiviteit",
    "soort_initiatiefnemer": "inwoner",
    "coordinaat": "52.015, 6.42",
}


@pytest.fixture
def app(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Flask:  # noqa: F811
    """The permit model deployed (with a fake locatiecheck) and an initiator account with its address."""
    Omgeving(any_platform, clock, locatie)
    users.add_user(any_platform, "kees", role="initiatiefnemer", email=KEES, password=PASSWORD)
    return create_app(any_platform.settings, platform=any_platform)


def _apply(client: Any, **fields: str) -> None:
    tokens = form_tokens(client.get("/aanvragen/omgevingsvergunning").text)
    resp = client.post("/aanvragen/omgevingsvergunning", data={**tokens, **FORM, **fields})
    assert resp.status_code == 303, resp.text


def _lost_link(app: Flask, email: str) -> None:
    client = app.test_client()
    csrf = csrf_from(client.get("/volglink").text)
    assert client.post("/volglink", data={"email": email, "csrf_token": csrf}).status_code == 200


def _case_of(app: Flask, email: str) -> Case:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return uow.session.scalars(select(Case).where(Case.initiator_email == email)).one()


def _mail(app: Flask, kind: str, email: str) -> dict[str, str]:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()
        [payload] = [dict(r.payload) for r in rows if r.payload["aan"] == email]
    return payload


def test_the_receipt_and_the_lost_link_to_a_strangers_address_repeat_nothing_typed(app):
    _apply(app.test_client(), **PHISHING)  # nobody logged in: the address is nobody's verified one
    _lost_link(app, VICTIM)
    case = _case_of(app, VICTIM)
    link = f"/status/{case.tracking_code}"
    for kind in ("ontvangst", "volglink"):
        mail = _mail(app, kind, VICTIM)
        said = " ".join((mail["onderwerp"], mail["tekst"], mail["html"]))
        assert [t for t in TYPED if t in said] == [], (kind, said)
        assert "Beste aanvrager," in mail["tekst"] and "<p>Beste aanvrager,</p>" in mail["html"]
        assert (
            '"Omgevingsvergunning"' in mail["tekst"]
            and "<strong>Omgevingsvergunning</strong>" in mail["html"]
        )
        for text in (mail["tekst"], mail["html"]):
            assert case.reference in text and link in text, (kind, text)
        assert f'href="http://localhost{link}"' in mail["html"]


def test_an_initiator_logged_in_on_the_form_reads_its_own_words_at_its_own_address(app):
    title = "Dakkapel Dorpsstraat 3"
    _apply(logged_in(app, "kees", PASSWORD), email=KEES, aanvrager="Kees de Boer", omschrijving=title)
    _lost_link(app, KEES)
    for kind in ("ontvangst", "volglink"):
        mail = _mail(app, kind, KEES)
        assert title in mail["tekst"] and f"<strong>{title}</strong>" in mail["html"], kind
    assert "Beste Kees de Boer," in _mail(app, "ontvangst", KEES)["tekst"]
