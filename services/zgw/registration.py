"""Reading back: a case's registration in the zaakregistratie, for the case file and the API."""

from __future__ import annotations

from typing import Any

from processes.errors import Forbidden
from services import policy
from services.cases import case_by_key
from services.platform import Platform
from services.zgw_publication import enabled, registration_of


def registration(platform: Platform, case_key: int | str, username: str) -> dict[str, Any] | None:
    """For a member of staff who may see the case: its registration (None when ZGW is not configured)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_key(s, case_key)
        actor = policy.actor_for(s, username)
        policy.check_may_view(s, actor, case, policy.rules(platform.settings))
        if policy.kind(actor, policy.rules(platform.settings)) not in (
            "beheerder",
            "behandelaar",
            "medewerker",
        ):
            raise Forbidden(
                "De registratie in de zaakregistratie is alleen voor medewerkers.", code="geen-toegang"
            )
        if not enabled(platform.settings):
            return None
        return registration_of(s, case.id)
