"""Tester finding (initiator11 #3): an initiator logged in that applied through the public form got a
case linked to nobody ("Mijn aanvragen" promises it lists such applications); the form did not know
the login either. Now the initiator account is the case's ``started_by`` and applies with its own
verified address, as through the API; a municipality's account applying on the form owns nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services import users
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import log_in
from tests.e2e.test_initiator_login import COOP_MAIL
from tests.e2e.test_status_http import FORM, apply, count_cases, form_tokens

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def _case_of(app: Any, resp: Any) -> Case:
    assert resp.status_code == 303, resp.text
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case = uow.session.scalars(select(Case).order_by(Case.id.desc())).first()
        uow.session.expunge(case)
        return case


def test_logged_in_initiator_applies_and_finds_the_case_in_mijn_aanvragen(app):
    platform = app.extensions["ruimteflow"]
    users.add_user(platform, "coop", role="initiatiefnemer", email=COOP_MAIL, token="token-coop")
    client = app.test_client()
    log_in(client, "coop")
    page = client.get("/aanvragen/kaart_status_vergunning").text
    assert "U bent ingelogd als coop" in page and f'value="{COOP_MAIL}"' in page  # prefilled
    case = _case_of(app, apply(client, email="", omschrijving="Zonnedak schuur"))
    assert case.started_by == "coop" and case.initiator_email == COOP_MAIL
    assert case.reference in client.get("/mijn-aanvragen").text
    listed = client.get("/api/v1/mijn-aanvragen", headers={"Authorization": "Bearer token-coop"}).json
    assert case.reference in [z["zaak"] for z in listed["zaken"]]


def test_logged_in_initiator_cannot_apply_with_another_address(app):
    platform = app.extensions["ruimteflow"]
    users.add_user(platform, "coop", role="initiatiefnemer", email=COOP_MAIL, token="token-coop")
    client = app.test_client()
    log_in(client, "coop")
    before = count_cases(app)
    resp = apply(client, email="secretaris@coop.example")
    assert resp.status_code == 400
    assert f"gebruikt het e-mailadres van dat account ({COOP_MAIL})" in resp.text
    assert 'id="fout-email"' in resp.text and count_cases(app) == before


def test_staff_applying_on_the_public_form_owns_no_case(app):
    client = app.test_client()
    log_in(client, "anna")
    case = _case_of(app, apply(client))
    assert case.started_by is None and case.initiator_email == FORM["email"]
    # and without a login nothing changed: anyone's application, linked by its address only
    anonymous = app.test_client()
    tokens = form_tokens(anonymous.get("/aanvragen/kaart_status_vergunning").text)
    resp = anonymous.post("/aanvragen/kaart_status_vergunning", data={**tokens, **FORM})
    assert _case_of(app, resp).started_by is None
