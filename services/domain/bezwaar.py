"""The permit's bezwaar or beroep as it arrives (bpmn/omgevingsvergunning.bpmn): on time or late.

The besluit is onherroepelijk only a week after its bezwaar- or beroepstermijn, for a bezwaarschrift
posted within the term and received within a week after it is on time (Awb 6:9 lid 2; the
rechtsmiddelenclausule promises it). Only a behandelaar registering such a letter gives its postmark
(``ter_post_bezorgd_op``) and receipt day (``ontvangen_op``); the initiator's own account sends under
the status page's rules (received today, no postmark: services/status/messages.py). A late bezwaar is
registered marked "te laat", not refused: the bestuursorgaan decides on it and may excuse the delay
(Awb 6:11), which is the officer's judgement.
"""

from __future__ import annotations

from typing import Any

from processes.errors import ValidationError
from processes.termijnen import tijdigheid
from processes.termijnen.datums import datum_nl
from processes.termijnen.rechtsmiddelen import TER_POST_VELD as TER_POST
from processes.termijnen.staat import lees, niet_in_toekomst, onderdeel
from processes.vergunning import met_postweek
from services.engine.context import current


def bezwaar_ontvangst(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Record the ``bezwaar`` message against the ``rechtsmiddel`` term: its receipt day (default today),
    its postmark if given, and whether it is on time (``tijdig``, with the Dutch ``oordeel``)."""
    ctx = current()
    vandaag = ctx.today()
    bericht, rm = onderdeel(data, "bezwaar"), onderdeel(data, "rechtsmiddel")
    soort = str(bericht.get("soort") or rm.get("soort") or "bezwaar")
    veld = f"De ontvangstdatum van het {soort}schrift"
    ontvangen = niet_in_toekomst(lees(bericht.get("ontvangen_op") or vandaag, veld), veld, vandaag)
    ter_post = lees(bericht[TER_POST], "De datum van terpostbezorging") if bericht.get(TER_POST) else None
    if ter_post is not None and ter_post > ontvangen:
        raise ValidationError(
            f"De datum van terpostbezorging ({datum_nl(ter_post)}) ligt na de ontvangst van het "
            f"{soort}schrift ({datum_nl(ontvangen)}).",
            code="bezwaar-postdatum",
        )
    laatste = lees(rm.get("tot"), f"Het einde van de {soort}termijn")
    tijdig, oordeel = tijdigheid(laatste, ontvangen, ter_post, soort=soort)
    info = {
        "soort": soort,
        "ontvangen_op": ontvangen.isoformat(),
        TER_POST: ter_post.isoformat() if ter_post else None,
        "tijdig": tijdig,
        "oordeel": oordeel,
        "markering": f"{soort} tijdig ingediend" if tijdig else f"{soort} te laat ingediend (Awb 6:11)",
    }
    ctx.event("bezwaar", f"{soort.capitalize()}schrift ontvangen. {oordeel}", public=True)
    return info


def postweek(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The ``rechtsmiddel`` with its post week (``per_post_tot``, Awb 6:9 lid 2), which the model waits
    for after the term. A besluit made known under an earlier model version and migrated has none; it is
    computed from the term's last day as the bekendmaking does now, and the case's summary gets it too."""
    ctx = current()
    rm = onderdeel(data, "rechtsmiddel")
    vol = met_postweek(rm)
    if vol != rm:
        ctx.case_updates["rechtsmiddel"] = vol
    return vol
