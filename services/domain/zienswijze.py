"""The permit's zienswijzen on the ontwerpbesluit (bpmn/omgevingsvergunning.bpmn, uitgebreide procedure).

Awb 3:16 lid 3 applies articles 6:9 and 6:10 to written zienswijzen: one posted by the last day of the
terinzagelegging and received within a week after it is on time, as a bezwaarschrift is. The model therefore
waits for that week after the term (``ter_inzage["per_post_tot"]``) before the besluit is taken, and takes
a zienswijze until the besluit is taken: a letter received in time is often typed in after the week (one
that arrives on its last day, the next working day), and it is on time whatever day that is. Only a behandelaar registering a letter gives its postmark (``ter_post_bezorgd_op``)
and receipt day (``ontvangen_op``); the status page sends under its own rules (received today, no
postmark: services/status/messages.py). A late zienswijze is registered marked "te laat", not refused: the
bestuursorgaan may still weigh it, but it does not open beroep as a timely one does (Awb 6:13). A date before
the aanvraag was received, or a receipt before the terinzagelegging began, is refused
(processes/termijnen/indiening.py).

At the bekendmaking of the besluit the indieners are sent it (Awb 3:44 lid 1 onder b; beroep is open to
them, Awb 6:13): ``besluit_toezenden`` records per zienswijze how (``besluit_toegezonden``: by e-mail to
every address the behandelaar typed with the indiener, which services/mail/compose.py mails; else by post,
for the officer to send; the applicant's own zienswijze, by its name or its intake address, is answered by
the applicant's mails) and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes import tekens
from processes.errors import ValidationError
from processes.termijnen.datums import datum_nl
from processes.termijnen.indiening import aanvraag_ontvangen, niet_voor_aanvraag, postdatum_in_termijn
from processes.termijnen.rechtsmiddelen import TER_POST_VELD as TER_POST
from processes.termijnen.rechtsmiddelen import zienswijze_tijdigheid
from processes.termijnen.staat import lees, onderdeel
from processes.vergunning import met_postweek
from services.documents.besluit_context import zaak_zienswijzen
from services.domain.toezending import Toezending, toezenden
from services.engine.context import current
from services.registry import Registry


def _ontvangen(
    zienswijze: Mapping[str, Any], vandaag: date, data: Mapping[str, Any]
) -> tuple[date, date | None]:
    """The receipt day (default today, never in the future) and the postmark, if given (not after receipt);
    neither before the aanvraag was received, the receipt not before the terinzagelegging began (the model
    lays the ontwerp down the day it is made: before then it did not exist, so Awb 6:10 lid 1 through
    3:16 lid 3 does not save it) and the postmark not before it on a letter received after the term."""
    aanvraag = aanvraag_ontvangen(data)
    veld = "De ontvangstdatum van de zienswijze"
    ontvangen = niet_voor_aanvraag(lees(zienswijze.get("ontvangen_op") or vandaag, veld), veld, aanvraag)
    if ontvangen > vandaag:
        raise ValidationError(
            f"De ontvangstdatum van de zienswijze ({datum_nl(ontvangen)}) ligt in de toekomst.",
            code="datum-in-toekomst",
        )
    post = "De datum van terpostbezorging"
    ter_post = (
        niet_voor_aanvraag(lees(zienswijze[TER_POST], post), post, aanvraag)
        if zienswijze.get(TER_POST)
        else None
    )
    if ter_post is not None and ter_post > ontvangen:
        raise ValidationError(
            f"De datum van terpostbezorging ({datum_nl(ter_post)}) ligt na de ontvangst van de zienswijze "
            f"({datum_nl(ontvangen)}).",
            code="zienswijze-postdatum",
        )
    periode = onderdeel(data, "ter_inzage")
    if periode.get("van"):
        van = lees(periode["van"], "Het begin van de terinzagelegging")
        if ontvangen < van:
            raise ValidationError(
                f"De ontvangstdatum van de zienswijze ({datum_nl(ontvangen)}) ligt vóór het begin van de "
                f"terinzagelegging ({datum_nl(van)}): het ontwerpbesluit bestond toen nog niet, dus de brief "
                "is geen zienswijze op het ontwerp (artikel 3:16 lid 3 met 6:10 Awb). Controleer de datum; "
                "houdt de indiener zijn brief aan, dan kan hij hem binnen de termijn opnieuw indienen.",
                code="zienswijze-voor-terinzagelegging",
            )
        if periode.get("tot"):
            tot = lees(periode["tot"], "Het einde van de terinzagelegging")
            postdatum_in_termijn(ter_post, ontvangen, van, tot, "de terinzagelegging")
    return ontvangen, ter_post


#: what the case's history adds to a zienswijze registered while 'Besluit nemen' is open, by timeliness
BIJ_BESLUIT = {
    True: "Zij is ingeboekt terwijl 'Besluit nemen' openstaat: het besluit moet haar meewegen.",
    False: "Zij is ingeboekt terwijl 'Besluit nemen' openstaat; het besluit kan haar nog meewegen.",
}


def zienswijze_registreren(data: dict[str, Any], bij_besluit: bool = False, **_: Any) -> list[dict[str, Any]]:
    """Record the ``zienswijze`` message, on time or late against ``ter_inzage["tot"]``; returns the list
    ``zienswijzen`` (a data object). ``bij_besluit``: registered while 'Besluit nemen' is open (a letter
    received in time and typed in after the post week, Awb 3:16 lid 3 with 6:9 lid 2): timeliness is
    judged by the receipt and postmark dates all the same, and the history tells the officer to weigh it."""
    ctx = current()
    zienswijze = data.get("zienswijze")
    if not isinstance(zienswijze, Mapping) or tekens.is_blank(str(zienswijze.get("inhoud") or "")):
        raise ValidationError(
            "Een zienswijze moet een inhoud hebben (veld 'inhoud').", code="zienswijze-leeg"
        )
    # the case's own record as well as this branch's data: a zienswijze registered on another branch
    # (beside 'Besluit nemen') is in the case summary, not in every branch's data
    vastgelegd = (
        ctx.reads.case_summary(ctx.case_id).ingediende_zienswijzen if ctx.case_id is not None else None
    )
    lijst = zaak_zienswijzen(vastgelegd, data)
    ontvangen, ter_post = _ontvangen(zienswijze, ctx.today(), data)
    nummer = len(lijst) + 1
    item: dict[str, Any] = {
        "nummer": nummer,
        "ontvangen_op": ontvangen.isoformat(),
        "indiener": "onbekend"
        if tekens.is_blank(indiener := str(zienswijze.get("indiener") or ""))
        else indiener,
        "inhoud": str(zienswijze["inhoud"])[:2000],
    }
    tot = onderdeel(data, "ter_inzage").get("tot")
    tekst = f"Zienswijze nr. {nummer} ontvangen op {datum_nl(ontvangen)}."
    if tot:  # the ontwerp's terinzagelegging: a zienswijze after its last day says why it counts or not
        laatste = lees(tot, "Het einde van de terinzagelegging")
        tijdig, oordeel = zienswijze_tijdigheid(laatste, ontvangen, ter_post)
        item.update(
            {TER_POST: ter_post.isoformat() if ter_post else None, "tijdig": tijdig, "oordeel": oordeel}
        )
        if ontvangen > laatste:
            tekst = f"{tekst} {oordeel}"
        if bij_besluit:
            tekst = f"{tekst} {BIJ_BESLUIT[tijdig]}"
    lijst.append(item)
    ctx.case_updates["ingediende_zienswijzen"] = [dict(z) for z in lijst]
    samenvatting: dict[str, Any] = {"aantal": nummer, "laatste": ontvangen.isoformat()}
    te_laat = sum(1 for z in lijst if z.get("tijdig") is False)
    if te_laat:
        samenvatting["te_laat"] = te_laat
    ctx.case_updates["zienswijzen"] = samenvatting
    ctx.event("zienswijze", tekst, public=True)
    return lijst


#: the history line of the besluit's toezending to the indieners of zienswijzen
TOEZENDING = Toezending(
    kop="Besluit (verzonden op {verzonden}) aan de indieners van zienswijzen (artikel 3:44 lid 1 onder b Awb):",
    stuk="zienswijze",
    schrift="de zienswijze",
    alleen_aanvrager="de enige indiener is de aanvrager; die krijgt het besluit.",
)


def besluit_toezenden(data: Mapping[str, Any], verzonden: date) -> None:
    """Record the toezending of the besluit sent on ``verzonden`` to the indieners of zienswijzen (Awb 3:44
    lid 1 onder b): per zienswijze ``besluit_toegezonden`` (``per`` e-mail, post, or the aanvrager, with
    ``ontvangers``; ``aan`` every address mailed, joined by ", ", also beside the aanvrager; ``op`` the day,
    none while a letter is still to be posted) and an internal history line that lists by number (no
    personal data) who was mailed and who must still be sent it by post (``services.domain.toezending``)."""
    ctx = current()
    vastgelegd = (
        ctx.reads.case_summary(ctx.case_id).ingediende_zienswijzen if ctx.case_id is not None else None
    )
    lijst = zaak_zienswijzen(vastgelegd, data)
    if not lijst:
        return
    toezenden(lijst, "besluit_toegezonden", TOEZENDING, verzonden)
    ctx.case_updates["ingediende_zienswijzen"] = lijst


def zienswijze_postweek(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The ``ter_inzage`` with its post week (``per_post_tot``: a zienswijze posted by the last day may
    arrive until then, Awb 3:16 lid 3 with 6:9 lid 2), which the model waits for before the besluit. An
    ontwerp laid down under an earlier model version has none; it is computed from ``tot``."""
    ctx = current()
    periode = dict(onderdeel(data, "ter_inzage"))
    vol = met_postweek(periode)
    if vol != periode:  # the case summary keeps the ontwerp's outcome beside the period
        ctx.case_updates["ter_inzage"] = {**vol, "ontwerp": str(data.get("ontwerp") or "")}
    return vol


def register(registry: Registry) -> None:
    """The zienswijze services of bpmn/omgevingsvergunning.bpmn (called by services.domain.vergunning)."""
    registry.service(
        "zienswijze_registreren",
        zienswijze_registreren,
        "registreert een zienswijze: tijdig (ook per post, Awb 3:16 lid 3 met 6:9 lid 2) of te laat",
    )
    registry.service(
        "zienswijze_postweek",
        zienswijze_postweek,
        "de week na de terinzagelegging waarin een op tijd geposte zienswijze nog kan komen (Awb 3:16 lid 3)",
    )
