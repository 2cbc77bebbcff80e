"""The demo's netbeheerder has a contact line, and the status page names it where it sends the initiator
on the waiting list to the netbeheerder ("Wat kunt u doen?"): without one the page said only to ask the
municipality how to reach the netbeheerder. The address is fictional (.example)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.projection_views import waiting_list
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app

#: services.demo_users.DEMO_CONTACTS
CONTACT = "aansluitingen@netbeheer-ruimtedal.example"


def _on_the_list(app: Any) -> list[str]:
    """The volgcodes of the demo's cases on the netbeheerder's waiting list."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        return [str(c.tracking_code) for c in running if waiting_list(c) is not None and c.tracking_code]


def test_the_waiting_list_names_the_demo_netbeheerders_contact(demo_app):
    codes = _on_the_list(demo_app)
    assert len(codes) >= 2, codes  # Windpark Hoge Veld and Zonnepark De Akkers
    client = demo_app.test_client()
    for code in codes:
        vragen = client.get(f"/api/v1/status/{code}").get_json()["wachtlijst"]["vragen"]
        assert f"aan de netbeheerder ({CONTACT}) en noem daarbij zaaknummer" in vragen, vragen
        assert "De gemeente helpt u verder" not in vragen, vragen
        page = client.get(f"/status/{code}").get_data(as_text=True)
        assert CONTACT in page.split('id="wachtlijst-vragen"', 1)[1].split("</p>", 1)[0]
