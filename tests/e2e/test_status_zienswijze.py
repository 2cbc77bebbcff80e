"""A zienswijze sent from the status page or the public status API is registered by the real model.

Review finding: during ter inzage the page offered 'Zienswijze indienen', but every submission was
refused with "Een zienswijze moet een inhoud hebben (veld 'inhoud')": the page sent
{zienswijze_tekst, ...} and the model's service reads 'inhoud'. Nothing was registered (Awb 3:15).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.status.lookup import waiting_of
from services.store.models import Case, CaseEvent
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import csrf_from

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app


def _ter_inzage(app: Any) -> tuple[int, str]:
    """A demo permit case whose ontwerpbesluit lies ter inzage (it expects a zienswijze)."""
    platform = app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        running = uow.session.scalars(
            select(Case)
            .where(Case.process_id == "omgevingsvergunning", Case.status == "lopend")
            .order_by(Case.id)
        )
        case = next(c for c in running if "zienswijze" in waiting_of(c).messages)
        return case.id, case.tracking_code


def _registered(app: Any, case_id: int) -> list[str]:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        events = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "zienswijze")
        )
        return [e.message for e in events]


def test_a_zienswijze_from_the_status_page_and_the_api_is_registered(demo_app):
    case_id, code = _ter_inzage(demo_app)
    before = _registered(demo_app, case_id)
    client = demo_app.test_client()
    token = csrf_from(client.get(f"/status/{code}").text)

    sent = client.post(f"/status/{code}/zienswijze", data={"csrf_token": token, "tekst": "Te hoog."})

    assert sent.status_code == 303, sent.text
    after = client.get(sent.headers["Location"].split("#")[0])
    assert "Bedankt. Uw zienswijze is ontvangen" in after.text
    registered = _registered(demo_app, case_id)
    assert len(registered) == len(before) + 1 and f"Zienswijze nr. {len(registered)}" in registered[-1]

    api = client.post(f"/api/v1/status/{code}/berichten/zienswijze", json={"tekst": "Ook te breed."})
    assert api.status_code == 200, api.get_json()
    assert len(_registered(demo_app, case_id)) == len(before) + 2
