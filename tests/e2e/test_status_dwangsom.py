"""After an ingebrekestelling the status page says it was received and from when a dwangsom is due.

Review finding: with the ingebrekestelling received on 5 February and the dwangsom running since
19 February, the page still said "U kunt de gemeente schriftelijk in gebreke stellen" and nothing of
the dwangsom, while its own timeline said "Ingebrekestelling ontvangen op 5 februari 2026".
"""

from __future__ import annotations

from sqlalchemy import select

from processes.termijnen.datums import datum_nl
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app


def test_the_status_page_tells_of_the_received_ingebrekestelling_and_the_dwangsom(demo_app):
    from datetime import date

    platform = demo_app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        case = next(c for c in running if (c.typed_summary.dwangsom or {}).get("status") == "loopt")
        code, dwangsom = case.tracking_code, dict(case.typed_summary.dwangsom or {})
    text = demo_app.test_client().get(f"/api/v1/status/{code}").get_json()["termijn"]["toelichting"]
    received = datum_nl(date.fromisoformat(dwangsom["ingebrekestelling_ontvangen"]))
    start = datum_nl(date.fromisoformat(dwangsom["start"]))
    assert "in gebreke stellen" not in text
    assert f"Uw ingebrekestelling is ontvangen op {received}." in text
    assert (
        f"Sinds {start} is de gemeente u een dwangsom verschuldigd" in text and "ten hoogste 42 dagen" in text
    )
    assert text in demo_app.test_client().get(f"/status/{code}").text


def test_a_besluit_made_known_is_not_called_provisional_during_the_bezwaartermijn(demo_app):
    """Review finding: next to 'Besluit genomen op 20 januari 2026: vergunning geweigerd' the page said
    'Er is nog geen definitief besluit. Wat u hier ziet is de voorlopige stand.' A besluit made known
    has effect; bezwaar does not suspend it (Awb 6:16). It is only not yet onherroepelijk."""
    platform = demo_app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        case = next(c for c in running if c.typed_summary.besluit and (c.typed_summary.rechtsmiddel or {}))
        code = case.tracking_code
    besluit = demo_app.test_client().get(f"/api/v1/status/{code}").get_json()["besluit"]
    assert besluit["genomen"] is True and besluit["definitief"] is False
    assert besluit["tekst"].startswith("Het besluit is genomen") and "onherroepelijk" in besluit["tekst"]
    html = demo_app.test_client().get(f"/status/{code}").text
    assert "voorlopige stand" not in html and "nog geen definitief besluit" not in html
