"""Tester finding (meldingen 6): a buitenbehandelingstelling (Awb 4:5) is a besluit open to bezwaar, made
final in its task with its letter, yet the initiator got no besluit mail and no bezwaartermijn mail: the
model's buiten_behandeling_vastleggen recorded no besluit, no bekendmaking and no rechtsmiddel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.store.models import OutboxMessage
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z  # noqa: F401


def buiten_behandeling(z: Omgeving) -> dict[str, Any]:  # noqa: F811
    """No aanvulling within its term: the case is put buiten behandeling; it then waits for its
    bezwaartermijn (review archief15 F2: it closed at once)."""
    z.tekening_gevraagd()
    z.later(days=15)
    case = z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    return case


def test_buiten_behandeling_mails_the_besluit_and_the_bezwaartermijn(z: Omgeving) -> None:  # noqa: F811
    z.start(email="jansen@voorbeeld.nl")
    case = buiten_behandeling(z)
    # never prepared with afdeling 3.4: bezwaar, as the letter's clause says (test_besluit)
    assert case["samenvatting"]["rechtsmiddel"]["soort"] == "bezwaar"
    with z.p.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
        mails = {r.kind: r.payload for r in rows}
    assert "buiten behandeling gesteld" in mails["besluit"]["tekst"]
    termijn = " ".join(mails["bezwaartermijn"]["tekst"].split())
    assert f"tot en met {case['samenvatting']['rechtsmiddel']['tot_tekst']} bezwaar maken" in termijn
