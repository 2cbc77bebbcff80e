"""Reading back: a case's registration in the zaakregistratie, for the case file and the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.errors import Forbidden
from services import policy, request_reads
from services.cases import case_by_key
from services.outbox.core import DEAD, DELIVERED, FAILED, POSTPONED, WAITING
from services.platform import Platform
from services.store.models import OutboxMessage, ZgwObject
from services.zgw_outbox import CHANNEL, enabled


def registration(platform: Platform, case_key: int | str, username: str) -> dict[str, Any] | None:
    """For a member of staff who may see the case: its registration (None when ZGW is not configured)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_key)
        actor = policy.actor_for(s, username)
        policy.check_may_view(s, actor, case, policy.rules(platform.settings), asked=case_key)
        if policy.kind(actor, policy.rules(platform.settings)) not in (
            "beheerder",
            "behandelaar",
            "medewerker",
        ):
            raise Forbidden(
                "De registratie in de zaakregistratie is alleen voor medewerkers.", code="geen-toegang"
            )
        request_reads.note(case.reference)
        if not enabled(platform.settings):
            return None
        return registration_of(s, case.id)


REGISTRATION_TEXT = {
    "geregistreerd": "Geregistreerd in de zaakregistratie",
    "wachtend": "Wacht op registratie in de zaakregistratie",
    "uitgesteld": "Wacht op registratie in de zaakregistratie: een bericht is uitgesteld tot de "
    "zaakregistratie het aanneemt en gaat dan vanzelf",
    "mislukt": "Registratie mislukt; wordt automatisch opnieuw geprobeerd",
    "dood": "Registratie mislukt; beheer moet de aflevering opnieuw aanbieden",
}


def registration_of(s: Session, case_id: int) -> dict[str, Any]:
    """The zaak URL (once created) and the state of the case's "zgw" messages: geregistreerd (all
    delivered), wachtend, uitgesteld (waits for the moment Open Zaak takes it, ``services.outbox.Postponed``),
    mislukt (being retried) or dood (waits for beheer), with the last remote error (``last_error``; a
    postponement's reason is none, it is kept apart: ``postponed_reason``)."""
    url = s.scalar(select(ZgwObject.url).where(ZgwObject.case_id == case_id, ZgwObject.local_key == "zaak"))
    open_ = list(
        s.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == CHANNEL,
                OutboxMessage.case_id == case_id,
                OutboxMessage.status != DELIVERED,
            )
            .order_by(OutboxMessage.seq)
        )
    )
    statuses = {m.status for m in open_}
    ranked = (DEAD, FAILED, POSTPONED, WAITING)
    state = next((st for st in ranked if st in statuses), "geregistreerd")
    if state == "geregistreerd" and url is None:
        state = "wachtend"
    error = next((m.last_error for m in open_ if m.last_error), None)
    return {"url": url, "status": state, "tekst": REGISTRATION_TEXT[state], "open": len(open_), "fout": error}
