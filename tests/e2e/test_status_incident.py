"""A case in incident (a timer step failed) that waits for an aanvulling: the initiator can still send it
through the status page, as an officer can, and so can a case paused by beheer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services import beheer, cases, inbox
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import status_form
from tests.e2e.test_status_http import started

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def _waiting_for_aanvulling(app: Any) -> tuple[Any, str, int]:
    client = app.test_client()
    platform = app.extensions["ruimteflow"]
    code = started(client)
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    case = cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    return client, code, int(case["id"])


def _incident(platform: Any, case_id: int) -> None:
    with platform.uow() as uow:  # what run_step records when a timer's script exceeds its limits
        uow.cases.mark_incident(case_id, "Script 'herinnering' overschreed 1 s CPU", platform.clock.now(), {})
        uow.commit()


def test_an_incident_case_waiting_for_an_aanvulling_accepts_it_on_the_status_page(app):
    client, code, case_id = _waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    _incident(platform, case_id)
    data = client.get(f"/api/v1/status/{code}").json
    assert data["status"] == "incident"
    [aanvulling] = [a for a in data["acties"] if a["bericht"] == "aanvulling"]
    assert aanvulling["verwacht"] is True
    page = client.get(f"/status/{code}").text
    assert f'action="/status/{code}/aanvulling"' in page and "geen aanvulling nodig" not in page
    form = status_form(page)
    sent = client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "De tekening."})
    assert sent.status_code == 303, sent.text
    assert "Uw aanvulling is ontvangen" in [
        e["tekst"] for e in client.get(f"/api/v1/status/{code}").json["tijdlijn"]
    ]
    with platform.uow(write=False) as uow:
        row = uow.session.scalar(select(Case).where(Case.id == case_id))
        assert row is not None and "aanvulling" not in row.typed_summary.verwachte_berichten


def test_a_paused_case_still_receives_the_awaited_aanvulling_and_its_term_does_not_lapse_unseen(app, clock):
    """Status review finding 1: a case paused by beheer refused the initiator's aanvulling ('nu niet
    mogelijk', 409) while its aanvullingstermijn ran on; on resume the expired term put the application
    buiten behandeling. The pause stops the platform's steps and the officers, not what arrives: the
    receipt day counts (Awb 4:15). (Before: this test asserted the refusal, which was the defect.)"""
    client, code, case_id = _waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    beheer.suspend(platform, case_id, "bea", "onderzoek")
    data = client.get(f"/api/v1/status/{code}").json
    assert [a["verwacht"] for a in data["acties"] if a["bericht"] == "aanvulling"] == [True]
    form = status_form(client.get(f"/status/{code}").text)
    sent = client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "De tekening."})
    assert sent.status_code == 303, sent.text
    with platform.uow(write=False) as uow:
        row = uow.session.scalar(select(Case).where(Case.id == case_id))
        assert row is not None and row.status == "gepauzeerd"  # still paused for the officers and timers
        assert "aanvulling" not in row.typed_summary.verwachte_berichten
    clock.advance(days=30)  # long past the aanvullingstermijn
    beheer.resume(platform, case_id, "bea")
    cases.fire_due_timers(platform)
    after = client.get(f"/api/v1/status/{code}").json
    assert after["status"] == "lopend" and "Uw aanvulling is ontvangen" in [
        e["tekst"] for e in after["tijdlijn"]
    ]
    assert not any("buiten behandeling" in e["tekst"].lower() for e in after["tijdlijn"])


def test_my_applications_ask_for_the_aanvulling_during_an_incident_too(app):
    """Status review finding 2: the status page asked for the aanvulling during an incident, while
    'Mijn aanvragen' listed no request (it only looked at running cases)."""
    from services import initiators

    client, code, case_id = _waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    _incident(platform, case_id)
    with platform.uow() as uow:  # the application was made with coop's verified address
        row = uow.session.get(Case, case_id)
        row.initiator_email = "coop@ruimtedal.example"
        uow.commit()
    from services import users

    users.add_user(platform, "coop2", role="initiatiefnemer", email="coop@ruimtedal.example")
    [item] = [c for c in initiators.my_cases(platform, "coop2")["zaken"] if c["volgcode"] == code]
    assert [v["bericht"] for v in item["verzoeken"]] == ["aanvulling"]
