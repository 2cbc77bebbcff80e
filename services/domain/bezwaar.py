"""The permit's bezwaar or beroep as it arrives (bpmn/omgevingsvergunning.bpmn): on time or late.

The besluit is onherroepelijk only a week after its bezwaar- or beroepstermijn, for a bezwaarschrift
posted within the term and received within a week after it is on time (Awb 6:9 lid 2; the
rechtsmiddelenclausule promises it). Only a behandelaar registering such a letter gives its postmark
(``ter_post_bezorgd_op``) and receipt day (``ontvangen_op``); the initiator's own account sends under
the status page's rules (received today, no postmark: services/status/messages.py). A late bezwaar is
registered marked "te laat", not refused: the bestuursorgaan decides on it and may excuse the delay
(Awb 6:11), which is the officer's judgement. So is one received before the term began (Awb 6:10):
recorded on time, marked premature, when the besluit had been taken by then, else marked for the officer
to judge; a date before the aanvraag was received is a typing slip and refused
(processes/termijnen/indiening.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from processes.errors import ValidationError
from processes.termijnen import tijdigheid
from processes.termijnen.datums import datum_nl, weekdag_nl
from processes.termijnen.indiening import (
    aanvraag_ontvangen,
    niet_voor_aanvraag,
    postdatum_in_termijn,
    voortijdig,
)
from processes.termijnen.rechtsmiddelen import TER_POST_VELD as TER_POST
from processes.termijnen.rechtsmiddelen import beslistermijn_op_bezwaar
from processes.termijnen.staat import lees, niet_in_toekomst, onderdeel
from processes.vergunning import met_postweek
from services.domain.bezwaar_beslissing import register as register_beslissing
from services.engine.context import current
from services.registry import Registry


def bezwaar_ontvangst(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Record the ``bezwaar`` message against the ``rechtsmiddel`` term: its receipt day (default today),
    its postmark if given, and whether it is on time (``tijdig``, with the Dutch ``oordeel``). A date
    before the aanvraag's receipt is refused; one received before the term began is premature and marked
    by Awb 6:10 (processes/termijnen/indiening.py): its public history line says only when it came and
    that it was premature, the officer's judgement is a line for staff and the task's instructions."""
    ctx = current()
    vandaag = ctx.today()
    bericht, rm = onderdeel(data, "bezwaar"), onderdeel(data, "rechtsmiddel")
    soort = str(bericht.get("soort") or rm.get("soort") or "bezwaar")
    ontvangen, ter_post = _data(bericht, soort, vandaag, aanvraag_ontvangen(data))
    laatste = lees(rm.get("tot"), f"Het einde van de {soort}termijn")
    eerste = lees(rm["van"], "De dag van bekendmaking") + timedelta(days=1) if rm.get("van") else None
    if eerste is not None:
        postdatum_in_termijn(ter_post, ontvangen, eerste, laatste, f"de {soort}termijn")
    tijdig, oordeel = tijdigheid(laatste, ontvangen, ter_post, soort=soort)
    markering = f"{soort} tijdig ingediend" if tijdig else f"{soort} te laat ingediend (Awb 6:11)"
    te_vroeg = voortijdig(soort, ontvangen, eerste, _genomen(ctx), vandaag) if eerste is not None else None
    publiek = f"{soort.capitalize()}schrift ontvangen. {oordeel}"
    if te_vroeg is not None:
        tijdig, oordeel, markering, publiek = te_vroeg
    info = {
        "soort": soort,
        "ontvangen_op": ontvangen.isoformat(),
        TER_POST: ter_post.isoformat() if ter_post else None,
        "tijdig": tijdig,
        "oordeel": oordeel,
        "markering": markering,
    }
    info.update(_beslistermijn(str(rm.get("soort") or soort), laatste))
    ctx.event("bezwaar", publiek, public=True)
    if te_vroeg is not None:  # what to judge is the officer's, not the sender's (sessie13b, 2)
        ctx.event("bezwaar", oordeel)
    return info


def _data(
    bericht: Mapping[str, Any], soort: str, vandaag: date, aanvraag: date | None
) -> tuple[date, date | None]:
    """The receipt day (default today) and the postmark, if given: neither before the aanvraag was
    received, the receipt not in the future and the postmark not after it."""
    veld = f"De ontvangstdatum van het {soort}schrift"
    ontvangen = niet_in_toekomst(lees(bericht.get("ontvangen_op") or vandaag, veld), veld, vandaag)
    niet_voor_aanvraag(ontvangen, veld, aanvraag)
    post = "De datum van terpostbezorging"
    ter_post = (
        niet_voor_aanvraag(lees(bericht[TER_POST], post), post, aanvraag) if bericht.get(TER_POST) else None
    )
    if ter_post is not None and ter_post > ontvangen:
        raise ValidationError(
            f"De datum van terpostbezorging ({datum_nl(ter_post)}) ligt na de ontvangst van het "
            f"{soort}schrift ({datum_nl(ontvangen)}).",
            code="bezwaar-postdatum",
        )
    return ontvangen, ter_post


def _genomen(ctx: Any) -> date | None:
    """The day the case's besluit was taken (its summary's ``besluit["datum"]``), None when not recorded."""
    besluit = ctx.reads.case_summary(ctx.case_id).besluit if ctx.case_id is not None else None
    raw = (besluit or {}).get("datum")
    return lees(raw, "De datum van het besluit") if raw else None


def _beslistermijn(soort: str, einde_bezwaartermijn: date) -> dict[str, Any]:
    """The day to decide on a bezwaar by (Awb 7:10 lid 1, counted from the end of the bezwaartermijn) and
    the task's line about it; whether an advisory commissie (Awb 7:13) advises is not known to the model,
    so the line names its twelve weeks too. Beroep is decided by the rechtbank: no term here."""
    if soort != "bezwaar":
        return {"beslissen_uiterlijk": None, "beslistermijn": ""}
    zes = beslistermijn_op_bezwaar(einde_bezwaartermijn)
    twaalf = beslistermijn_op_bezwaar(einde_bezwaartermijn, commissie=True)
    return {
        "beslissen_uiterlijk": zes.isoformat(),
        "beslistermijn": (
            f"Beslis op het bezwaar uiterlijk op {weekdag_nl(zes)} {datum_nl(zes)}: zes weken na afloop van "
            f"de bezwaartermijn op {datum_nl(einde_bezwaartermijn)} (artikel 7:10 lid 1 Awb). Adviseert een "
            f"bezwaarcommissie (artikel 7:13 Awb), dan is de termijn twaalf weken: uiterlijk op "
            f"{weekdag_nl(twaalf)} {datum_nl(twaalf)}."
        ),
    }


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


def beslistermijn_bezwaar(rechtsmiddel: Any) -> str | None:
    """For the model: the ISO day to decide on a bezwaar against the besluit whose ``rechtsmiddel`` this is
    (Awb 7:10 lid 1, six weeks after the bezwaartermijn), None for beroep (the rechtbank decides)."""
    rm = rechtsmiddel if isinstance(rechtsmiddel, Mapping) else {}
    if str(rm.get("soort") or "bezwaar") != "bezwaar":
        return None
    return beslistermijn_op_bezwaar(lees(rm.get("tot"), "Het einde van de bezwaartermijn")).isoformat()


def register(registry: Registry) -> None:
    """The bezwaar services and helper of bpmn/omgevingsvergunning.bpmn (called by services.domain.vergunning)."""
    registry.service(
        "bezwaar_ontvangst",
        bezwaar_ontvangst,
        "legt een bezwaar of beroep vast: tijdig (ook per post, Awb 6:9 lid 2) of te laat (Awb 6:11)",
    )
    registry.service(
        "postweek",
        postweek,
        "de week na de bezwaar- of beroepstermijn waarin een op tijd gepost bezwaar nog kan komen (Awb 6:9)",
    )
    registry.helper(
        "beslistermijn_bezwaar",
        beslistermijn_bezwaar,
        "uiterste dag om op bezwaar te beslissen (Awb 7:10 lid 1; geen bij beroep)",
    )
    register_beslissing(registry)
