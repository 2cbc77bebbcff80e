"""'Mijn aanvragen' gives the same term as the status page: one truthful status for the initiator.

Review finding: after the besluit, with the bezwaartermijn running, 'Mijn aanvragen' (page and API)
still said "Besluit uiterlijk 9 maart 2026", while the status page of the same case said "Het besluit is
genomen. Bezwaar is mogelijk tot en met 3 maart 2026". It also read a running suspension differently.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from services.store.models import Case, User
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import log_in

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app


def _coops_cases(app: Any) -> list[Case]:
    """Every running demo case, given the demo initiator coop's e-mail address (so they are its own)."""
    platform = app.extensions["ruimteflow"]
    with platform.uow() as uow:
        email = uow.session.scalar(select(User.email).where(User.username == "coop"))
        uow.session.execute(update(Case).where(Case.status == "lopend").values(initiator_email=email))
        uow.commit()
        return list(uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id)))


def test_mijn_aanvragen_says_the_term_the_status_page_says(demo_app):
    own = _coops_cases(demo_app)
    client = demo_app.test_client()
    log_in(client, "coop")
    listed = {z["zaak"]: z for z in client.get("/api/v1/mijn-aanvragen").get_json()["zaken"]}
    html = client.get("/mijn-aanvragen").text
    decided = 0
    for case in own:
        status = demo_app.test_client().get(f"/api/v1/status/{case.tracking_code}").get_json()["termijn"]
        mine = listed[case.reference]
        assert mine["termijn"] == status["toelichting"], case.reference
        assert mine["opgeschort"] == status["opgeschort"], case.reference
        if status["besloten"]:
            decided += 1
            assert mine["uiterlijk_besluit"] is None, case.reference
        assert status["toelichting"] in html.replace("&#39;", "'")
    assert decided > 0  # the demo has cases in their bezwaartermijn
