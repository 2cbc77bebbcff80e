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

from processes.errors import Conflict, ValidationError
from processes.termijnen import tijdigheid
from processes.termijnen.datums import datum_nl, weekdag_nl
from processes.termijnen.indiening import (
    aanvraag_ontvangen,
    niet_voor_aanvraag,
    postdatum_in_termijn,
    voortijdig,
)
from processes.termijnen.rechtsmiddelen import TER_POST_VELD as TER_POST
from processes.termijnen.rechtsmiddelen import beslistermijn_op_bezwaar, termijn_naam
from processes.termijnen.staat import lees, niet_in_toekomst, onderdeel
from processes.vergunning import met_postweek
from processes.zaakbesluit import BEROEP
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
    rm = onderdeel(data, "rechtsmiddel")
    info, publiek, te_vroeg = _ontvangst(ctx, data, onderdeel(data, "bezwaar"))
    info.update(
        _beslistermijn(str(rm.get("soort") or info["soort"]), lees(rm.get("tot"), "Het einde van de termijn"))
    )
    ctx.event("bezwaar", publiek, public=True)
    if te_vroeg:  # what to judge is the officer's, not the sender's (sessie13b, 2)
        ctx.event("bezwaar", info["oordeel"])
    _nieuwe_ronde(ctx)
    return info


def _nieuwe_ronde(ctx: Any) -> None:
    """The first bezwaar (or beroep) against the case's besluit starts a handling of its own: bezwaren
    joined to an earlier one are not joined to it. Only a case whose aanvraag was taken back in handling
    (a herroepen buitenbehandelingstelling, bezwaar_beslissing ``behandelen``) has them: that beslissing
    answered them and was sent to their indieners, whose records the case kept until now (cleared here,
    not then: the step's mails read them after it, services/mail/besluit_mails.bezwaarmaker_mails)."""
    summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
    if summary is not None and (summary.gevoegde_bezwaren or summary.bezwaren):
        ctx.case_updates.update(gevoegde_bezwaren=None, bezwaren=None)


def _ontvangst(
    ctx: Any, data: Mapping[str, Any], bericht: Mapping[str, Any]
) -> tuple[dict[str, Any], str, bool]:
    """The receipt of the bezwaar- or beroepschrift ``bericht`` against the case's ``rechtsmiddel`` term,
    one set of checks for the first and for one joined to it (``bezwaar_voegen``): its kind, receipt day,
    postmark, whether it is on time with the officer's ``oordeel`` and the task's ``markering``; the public
    history line; and whether it came before the term began (Awb 6:10)."""
    vandaag = ctx.today()
    rm = onderdeel(data, "rechtsmiddel")
    soort = str(bericht.get("soort") or rm.get("soort") or "bezwaar")
    ontvangen, ter_post = _data(bericht, soort, vandaag, aanvraag_ontvangen(data))
    laatste = lees(rm.get("tot"), f"Het einde van de {termijn_naam(soort)}")
    eerste = lees(rm["van"], "De dag van bekendmaking") + timedelta(days=1) if rm.get("van") else None
    if eerste is not None:
        postdatum_in_termijn(ter_post, ontvangen, eerste, laatste, f"de {termijn_naam(soort)}")
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
    return info, publiek, te_vroeg is not None


#: the message variable of a bezwaar joined to the one in handling (bpmn/omgevingsvergunning.bpmn)
GEVOEGD = "gevoegd_bezwaar"


def bezwaar_voegen(data: dict[str, Any], **_: Any) -> dict[str, Any] | None:
    """Join a further bezwaar against the same besluit to the one in handling (registered, or awaiting the
    beslissing op bezwaar): every belanghebbende may lodge one within the term, and each timely one is
    registered (Awb 6:6, 6:9), then decided on together with the first ("gevoegde behandeling"): one
    beslissing op bezwaar answers them all. Its receipt and postmark are checked as the first's
    (``_ontvangst``); one received after the term and not posted within it is joined as well, marked late
    (Awb 6:11: the beslissing declares it niet-ontvankelijk unless the lateness is excusable, as for a late
    first one), with the officer's judgement as an internal line; a beroep is refused (409
    ``bericht-niet-verwacht``, nothing stored): it goes to the rechtbank. The case records it in ``gevoegde_bezwaren`` (sender, dates,
    text: a third party's, read as the first) and the count in ``bezwaren``; the first one's task and its
    Awb 7:10 day stay as they are (the term counts from the end of the bezwaartermijn, the same for each).
    Returns the handling's state as the case holds it: this branch's data are the case's data after the
    step, so they keep the day to decide by (services/status/deadline.py)."""
    ctx = current()
    rm, bericht = onderdeel(data, "rechtsmiddel"), onderdeel(data, GEVOEGD)
    if str(rm.get("soort") or "bezwaar") != "bezwaar" or str(bericht.get("soort") or "bezwaar") != "bezwaar":
        raise Conflict(
            "Tegen dit besluit loopt al een bezwaar of beroep; een beroepschrift gaat naar de rechtbank.",
            code="bericht-niet-verwacht",
        )
    info, publiek, _vroeg = _ontvangst(ctx, data, {**bericht, "soort": "bezwaar"})
    summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
    lijst = [*((summary.gevoegde_bezwaren if summary else None) or []), {**bericht, **info}]
    ctx.case_updates["gevoegde_bezwaren"] = lijst
    ctx.case_updates["bezwaren"] = {"aantal": 1 + len(lijst), "laatste": info["ontvangen_op"]}
    gegevens = (summary.gegevens if summary else None) or {}
    ctx.event("bezwaar", f"{publiek} {_gevoegd_tekst(data, gegevens, 1 + len(lijst))}", public=True)
    if not info["tijdig"]:  # the officer judges it with the rest (Awb 6:11), as a late first one
        ctx.event("bezwaar", f"Gevoegd bezwaar: {info['oordeel']}")
    return gegevens.get("bezwaar_behandeling") or data.get("bezwaar_behandeling")


def _gevoegd_tekst(data: Mapping[str, Any], gegevens: Mapping[str, Any], aantal: int) -> str:
    """The public line's words on a joined bezwaar, one of ``aantal`` letters: all answered by one beslissing
    op bezwaar. A first letter received as a beroep and not registered as a bezwaar is not counted: registered
    as a beroep, the rechtbank decides it and the beslissing answers only the joined bezwaren."""
    geregistreerd = data.get("soort") or gegevens.get("soort")
    eerste = str(onderdeel(data, "bezwaar_ontvangst").get("soort") or "bezwaar")
    if geregistreerd == "bezwaar" or (eerste == "bezwaar" and not geregistreerd):
        return (
            "Het wordt samen met het bezwaar dat al in behandeling is behandeld (gevoegd); de beslissing op "
            f"bezwaar beantwoordt alle {aantal} bezwaren."
        )
    hoe = "is als beroep geregistreerd" if geregistreerd == BEROEP else "kwam binnen als beroep"
    return (
        f"Het wordt samen met het schrift dat al in behandeling is behandeld (gevoegd); dat {hoe}. De "
        "beslissing op bezwaar beantwoordt alle bezwaren; over een beroep beslist de rechtbank."
    )


def gevoegde_bezwaren() -> int:
    """For the model: how many bezwaren the case has joined to the one in handling (``bezwaar_voegen``
    records them in the case summary, which the registration's branch does not see in its data); 0
    outside a running step."""
    try:
        ctx = current()
    except RuntimeError:  # a deploy's check of the expression: no case
        return 0
    if ctx.case_id is None:
        return 0
    summary = ctx.reads.case_summary(ctx.case_id)
    return len((summary.gevoegde_bezwaren if summary else None) or [])


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
    computed from the term's last day as the bekendmaking does now, and the case's summary gets it too
    (also when the migration already completed the term in the data: the registry's data upgrade)."""
    ctx = current()
    rm = onderdeel(data, "rechtsmiddel")
    vol = met_postweek(rm)
    summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
    if vol != rm or (summary is not None and summary.rechtsmiddel != vol):
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
        "bezwaar_voegen",
        bezwaar_voegen,
        "voegt een tijdig bezwaar tegen hetzelfde besluit bij het bezwaar in behandeling (Awb 6:6, 6:9)",
    )
    registry.service(
        "postweek",
        postweek,
        "de week na de bezwaar- of beroepstermijn waarin een op tijd gepost bezwaar nog kan komen (Awb 6:9)",
    )
    registry.helper(
        "gevoegde_bezwaren",
        gevoegde_bezwaren,
        "hoeveel bezwaren bij het bezwaar in behandeling zijn gevoegd (een beroep beëindigt de zaak dan niet)",
    )
    registry.helper(
        "beslistermijn_bezwaar",
        beslistermijn_bezwaar,
        "uiterste dag om op bezwaar te beslissen (Awb 7:10 lid 1; geen bij beroep)",
    )
    register_beslissing(registry)
