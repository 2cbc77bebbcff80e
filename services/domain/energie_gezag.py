"""The windpark's wait for the provincie's or Rijk's besluit: the municipality's advice handed to that authority.

When the municipality is not competent, it advises the outside bevoegd gezag (``advies_extern``) and waits
for its besluit. ``windpark_advies_doorsturen`` runs when that wait starts: it names the authority's group
(``autorisatie.toml [bevoegd_gezag]``), which gets a task in its inbox with the advice (the platform's
channel to an outside organisation: no e-mail is sent), records the handover in the history, and sets when
the projectleider asks the authority about its besluit (``[navraag]`` in ``processes/data/bevoegd_gezag.toml``:
the first time after the regular beslistermijn, as a timer on the wait). ``windpark_navraag_plannen`` runs
after each inquiry and sets the next one as many weeks later: one inquiry at a time, never a second beside an
open one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from processes import energie
from processes.termijnen.datums import datum_nl
from services.engine.context import current
from services.policy.authority import AUTHORITY_HOLDER
from services.policy.autorisatie import rules
from services.registry import einde_dag

#: the lane of the wait: the authority's task goes there when the deployment names no group for it
GEEN_GROEP = AUTHORITY_HOLDER


def windpark_advies_doorsturen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The municipality's advice (``advies``, ``toelichting`` of advies_extern) for the outside authority."""
    ctx = current()
    gezag = data.get("gezag") or {}
    orgaan = str(gezag.get("orgaan") or "het bevoegd gezag")
    groep = _groep(ctx.settings, str(gezag.get("bevoegd_gezag") or ""))
    vandaag = ctx.today()
    navraag = energie.navraag_besluit_extern(vandaag)
    advies = str(data.get("advies") or "")
    toelichting = str(data.get("toelichting") or "").strip() or "geen."
    ctx.event(
        "advies-bevoegd-gezag",
        f"Advies van de gemeente ({advies}) klaargezet voor {orgaan}: een taak voor de groep {groep} met het "
        f"advies en de toelichting; er is geen e-mail verstuurd. Navraag naar het besluit vanaf "
        f"{datum_nl(date.fromisoformat(navraag['navraag_op']))} als het besluit er dan nog niet is.",
    )
    ctx.event("advies-bevoegd-gezag", f"De gemeente heeft advies gegeven aan {orgaan}.", public=True)
    return {
        "zaak": ctx.case_reference,
        "orgaan": orgaan,
        "groep": groep,
        "advies": advies,
        "toelichting": toelichting,
        "gegeven_op": vandaag.isoformat(),
        "gegeven_op_nl": datum_nl(vandaag),
        **navraag,
        # the cycle timer of windpark versions before the inquiry loop (a case may stay on such a version)
        "navraag_cyclus": f"R/{einde_dag(navraag['navraag_op'])}/P{navraag['navraag_weken']}W",
    }


def windpark_navraag_plannen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The next inquiry about the besluit, ``[navraag] weken`` after the one just done (Atw)."""
    ctx = current()
    navraag = energie.navraag_besluit_extern(ctx.today())
    orgaan = str((data.get("gezag") or {}).get("orgaan") or "het bevoegd gezag")
    ctx.event(
        "navraag-besluit",
        f"Volgende navraag naar het besluit van {orgaan} op "
        f"{datum_nl(date.fromisoformat(navraag['navraag_op']))} als het besluit er dan nog niet is.",
    )
    return navraag


def _groep(settings: Any, bevoegd_gezag: str) -> str:
    """The group that speaks for the authority (autorisatie.toml [bevoegd_gezag]); the lane's group when the
    deployment names none."""
    if settings is None:
        return GEEN_GROEP
    return rules(settings).authorities.get(bevoegd_gezag) or GEEN_GROEP
