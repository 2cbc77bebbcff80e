"""The omgevingsvergunning's services and helpers for bpmn/omgevingsvergunning.bpmn, and its demo cases.

Thin wrappers: the rules live in processes/vergunning.py (permit) and services/domain/termijnen.py
(deadlines). Each service writes what the case page shows (summary keys, public timeline) to the step
context and refuses bad input with a Dutch ValidationError, which rolls the whole step back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes import vergunning as v
from processes.errors import Unprocessable, ValidationError
from processes.termijnen.besluitbrief import FinalBesluit, intrekking_na_besluit
from processes.termijnen.bezwaar import BUITEN_BEHANDELING
from processes.termijnen.datums import datum_nl, lees_datum
from services.documents.besluit_taak import BESLUIT_OPERATOR
from services.domain.bezwaar import register as register_bezwaar
from services.domain.termijnen import opschorting_bij_einde, van_rechtswege_helper
from services.domain.vergunning_demo import seed_demo as seed_demo
from services.domain.zienswijze import besluit_toezenden
from services.domain.zienswijze import register as register_zienswijze
from services.engine.context import current
from services.registry import Registry, begin_dag, einde_dag


def _d(value: Any, veld: str) -> Any:
    return lees_datum(str(value)[:10] if value is not None else "", veld)


# -- services ----------------------------------------------------------------------------------
# Services read the documented task variables (no parameters needed in the model).


def _dict(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return dict(value) if isinstance(value, Mapping) else {}


def intake(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Check and normalise the application (activities, regime, bevoegd gezag, behandeldienst): ``aanvraag``."""
    ctx = current()
    aanvraag = v.normaliseer_aanvraag(data, vandaag=ctx.today())
    ctx.case_updates.update(
        {
            "activiteiten": aanvraag["activiteiten_tekst"],
            "bevoegd_gezag": aanvraag["bevoegd_gezag"],
            "behandeldienst": aanvraag["behandeldienst"] or "gemeente (eigen behandeling)",
            "regime": aanvraag["regime"],
        }
    )
    return aanvraag


def ontvangstbevestiging(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Send the ontvangstbevestiging (public timeline): receipt date, procedure and the legal deadline."""
    facts = (_dict(data, "aanvraag"), str(data.get("procedure")), _dict(data, "termijn"))
    tekst = v.ontvangstbevestiging_tekst(*facts)
    derden = v.ontvangstbevestiging_tekst(
        *facts, voor_derden=True
    )  # what every reader but the applicant reads
    current().event("notificatie", tekst, public=True, voor_derden=derden)
    return {"verstuurd": True, "tekst": tekst}


def aanvullingsverzoek(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Send the aanvullingsverzoek: what is missing and until when (the term is suspended meanwhile)."""
    lopend = _dict(data, "termijn").get("lopende_opschorting") or {}
    facts = (str(data.get("ontbrekend") or ""), lopend.get("tot_uiterlijk"))
    tekst, derden = v.aanvullingsverzoek_tekst(*facts), v.aanvullingsverzoek_tekst(*facts, voor_derden=True)
    ctx = current()
    ctx.event("notificatie", tekst, public=True, voor_derden=derden)
    # the document types the supplement must bring (services/documents/aanvulling.py), for the status page
    ctx.case_updates["aanvullingsverzoek"] = {
        "documenttypen": [str(t) for t in data.get("gevraagde_documenten") or []],
        "sinds": ctx.clock.now().isoformat(),
    }
    return {"verstuurd": True, "tekst": tekst, "uiterlijk": lopend.get("tot_uiterlijk")}


def ter_inzage(data: dict[str, Any], postweek: bool = False, **_: Any) -> dict[str, Any]:
    """Lay the ontwerpbesluit (``ontwerp``) down for 6 weeks; refuses a positive draft without instemming.

    ``postweek``: the model waits, after the term, for the week in which a zienswijze posted in time may
    still arrive (Awb 3:16 lid 3 with 6:9) and takes zienswijzen until the besluit; only then does the
    public line promise that week. A model version without it (up to 6 December 2026) passes nothing: its
    case goes to 'Besluit nemen' when the term ends and refuses a zienswijze from then on."""
    ctx = current()
    ontwerp = str(data.get("ontwerp") or "")
    v.controleer_besluit(ontwerp, data.get("adviseurs"), data.get("adviezen"))
    periode = v.ter_inzage_periode(ctx.today())
    if postweek:
        periode = v.met_postweek(periode)
    ctx.case_updates["ter_inzage"] = {**periode, "ontwerp": ontwerp}
    per_post = periode.get("per_post_tot_tekst")
    ctx.event(
        "ter-inzage",
        f"Het ontwerpbesluit ({v.besluit_tekst(ontwerp)}) ligt ter inzage van "
        f"{datum_nl(_d(periode['van'], 'van'))} tot en met {datum_nl(_d(periode['tot'], 'tot'))}. "
        "Iedereen kan in die periode een zienswijze indienen."
        + (
            f" Een zienswijze die uiterlijk op de laatste dag op de post is gedaan, telt mee als zij uiterlijk "
            f"op {per_post} binnenkomt."
            if per_post
            else ""
        ),
        public=True,
    )
    return periode


def besluit_vastleggen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Store the decision (``besluit``, ``voorschriften``, ``motivering``); 'verlenen' needs every instemming."""
    ctx = current()
    besluit = str(data.get("besluit") or "")
    adviezen = data.get("adviezen") or []
    v.controleer_besluit(besluit, data.get("adviseurs"), adviezen)
    pdf = ctx.final_besluit()
    if pdf is None:  # a besluit exists as its letter: without one nothing is taken or made known
        raise _zonder_brief()
    _as_the_pdf_says(pdf, besluit, data)
    if pdf.voorschriften is not None and besluit == "verlenen":  # the letter's bind
        lijst = v.voorschriften_uit_besluit(pdf.voorschriften, adviezen)
    else:
        lijst = v.besluit_voorschriften(besluit, data.get("voorschriften"), adviezen)
    tekst = v.besluit_tekst(besluit, len(lijst))
    genomen = pdf.besluitdatum or ctx.today()
    info = {
        "besluit": besluit,
        "datum": genomen.isoformat(),
        # the day it is given (made known by sending it, Awb 3:40/3:41): the dwangsom runs until then
        "verzonden_op": (pdf.verzenddatum or ctx.today()).isoformat(),
        "tekst": tekst,
        "voorschriften": lijst,
        "motivering": str(data.get("motivering") or ""),
        "zienswijzen": _aantal_zienswijzen(ctx, data),
        "adviezen": [{k: a.get(k) for k in ("groep", "soort", "oordeel")} for a in adviezen],
    }
    ctx.case_updates["besluit"] = info
    if lijst:
        ctx.case_updates["voorschriften"] = lijst
    ctx.event("besluit", f"Besluit genomen op {datum_nl(genomen)}: {tekst}.", public=True)
    return info


def _as_the_pdf_says(pdf: FinalBesluit, besluit: str, data: Mapping[str, Any]) -> None:
    """A besluit has one content: the task records the outcome, voorschriften and motivering of the final
    PDF that was sent (a PDF made before they were stored is compared on its outcome only)."""
    if pdf.uitkomst and pdf.uitkomst != besluit:
        raise ValidationError(
            f"Het definitieve besluit van deze zaak luidt '{pdf.uitkomst}', niet '{besluit}': een besluit "
            "heeft één inhoud. Kies dezelfde uitkomst; een ander besluit vraagt een nieuw besluit.",
            code="besluit-wijkt-af",
        )
    # compared as one text: the task form takes one voorschrift per line, a letter's may hold several
    given, stated = (
        v.woorden(" ".join(map(str, x or []))) for x in (data.get("voorschriften"), pdf.voorschriften)
    )
    if besluit == "verlenen" and pdf.voorschriften is not None and given != stated:
        raise ValidationError(
            "De voorschriften wijken af van die in het definitieve besluit van deze zaak: het besluit "
            f"heeft één inhoud. {v.voorschriften_overnemen(pdf.voorschriften)}",
            code="besluit-wijkt-af",
        )
    if pdf.motivering is not None and v.woorden(data.get("motivering")) != v.woorden(pdf.motivering):
        raise ValidationError(
            "De motivering wijkt af van die in het definitieve besluit van deze zaak: het besluit heeft "
            "één inhoud. Neem de motivering over zoals ze in het besluit staat.",
            code="besluit-wijkt-af",
        )


def _aantal_zienswijzen(ctx: Any, data: Mapping[str, Any]) -> int:
    """The zienswijzen registered before the besluit: also one registered while 'Besluit nemen' was open,
    on the model's parallel branch (its list is not in this task's data; the case summary counts it)."""
    samenvatting = ctx.reads.case_summary(ctx.case_id).zienswijzen if ctx.case_id is not None else None
    return max(len(data.get("zienswijzen") or []), int((samenvatting or {}).get("aantal") or 0))


def bekendmaking(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Publish the decision; the 6-week bezwaar (regulier) or beroep (uitgebreid) term starts the day
    after it was sent (Awb 6:8 with 3:41): the verzenddatum of the final besluit, else today. The indieners
    of zienswijzen are sent it at the same time (Awb 3:44 lid 1 onder b: ``besluit_toezenden``)."""
    ctx = current()
    pdf = ctx.final_besluit()
    verzonden = (pdf.verzenddatum if pdf else None) or ctx.today()
    rm = _maak_bekend(ctx, str(data.get("procedure") or "regulier"), verzonden)
    besluit_toezenden(data, verzonden)  # to the indieners of zienswijzen (uitgebreide procedure only)
    return rm


def _maak_bekend(ctx: Any, procedure: str, verzonden: date) -> dict[str, Any]:
    """Record the bekendmaking of the case's besluit sent on ``verzonden``: its rechtsmiddel and the
    public event (which the initiator's bezwaartermijn mail follows)."""
    rm = v.rechtsmiddel(procedure, verzonden)
    ctx.case_updates["rechtsmiddel"] = rm
    wanneer = (  # a letter sent later is not told as made known already
        f"Het besluit wordt verzonden op {datum_nl(verzonden)} en is dan bekendgemaakt."
        if verzonden > ctx.today()
        else f"Besluit bekendgemaakt op {datum_nl(verzonden)}."
    )
    ctx.event(
        "bekendmaking",
        f"{wanneer} {rm['soort'].capitalize()} is mogelijk tot en met {datum_nl(_d(rm['tot'], 'tot'))}.",
        public=True,
    )
    return rm


def _zonder_brief() -> Unprocessable:
    """A well-formed completion that the rule "a besluit is taken by its letter" refuses: 422, as the
    README promises for it and as the verdaging's refusals are."""
    return Unprocessable(
        "Maak eerst het besluit definitief (in deze taak): een besluit wordt genomen en bekendgemaakt met de "
        "besluitbrief.",
        code="besluit-zonder-brief",
    )


def buiten_behandeling_vastleggen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The aanvraag is put aside (Awb 4:5) by its letter: refused without a final besluit letter of that
    outcome, as the permit's besluit is (the case would otherwise close on a besluit nobody received)."""
    ctx = current()
    pdf = ctx.final_besluit()
    if pdf is None or pdf.uitkomst != BUITEN_BEHANDELING:
        raise _zonder_brief()
    genomen, verzonden = pdf.besluitdatum or ctx.today(), pdf.verzenddatum or ctx.today()
    # a besluit open to bezwaar (Awb 1:3, 4:5): taken and made known as the permit's besluit is, so the
    # initiator is mailed both; never prepared with afdeling 3.4, so bezwaar (as its letter's clause)
    ctx.event(
        "besluit",
        f"Besluit genomen op {datum_nl(genomen)}: de aanvraag is buiten behandeling gesteld (Awb 4:5).",
        public=True,
    )
    rm = _maak_bekend(ctx, "regulier", verzonden)
    info = {
        "besluit": BUITEN_BEHANDELING,
        "datum": genomen.isoformat(),
        "verzonden_op": verzonden.isoformat(),
        "tekst": "aanvraag buiten behandeling gesteld (Awb 4:5)",
    }
    # the case's besluit, as besluit_vastleggen records the permit's: what "a besluit was taken" reads
    # (CaseSummary.genomen_besluit: no beroep for not deciding in time, no decision estimate) and what a
    # beslissing op bezwaar that herroept it marks herroepen
    ctx.case_updates["besluit"] = info
    # what the model's wait for the bezwaartermijn reads (bpmn/omgevingsvergunning.bpmn, as after
    # 'Besluit bekendmaken'): the besluit as ``besluit_info`` has it, and its ``rechtsmiddel``
    return {**info, "rechtsmiddel": rm}


def intrekking_vastleggen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The applicant withdraws the application (the Omgevingsloket's verzoek with doel Intrekken): the
    case ends without a besluit, and a running opschorting ends that day. Once the besluit is taken, or
    its letter made final, there is nothing left to withdraw: refused, and nothing changes (bezwaar is
    the way then)."""
    ctx = current()
    # the besluit task completes only after its final letter; the status page offers no intrekking then
    if (na_besluit := intrekking_na_besluit(ctx.final_besluit())) is not None:
        raise na_besluit
    ontvangen = _d(
        _dict(data, "intrekking").get("ontvangen_op") or ctx.today(), "De ontvangstdatum van de intrekking"
    )
    # the watch has a termijn; an application withdrawn before it is forwarded (Awb 2:3) has none
    begin = _d(
        _dict(data, "termijn").get("ontvangen") or _dict(data, "aanvraag")["ontvangen"],
        "De ontvangstdatum van de aanvraag",
    )
    if ontvangen > ctx.today() or ontvangen < begin:  # a behandelaar registering a letter gives its day
        raise ValidationError(
            f"De ontvangstdatum van de intrekking ({datum_nl(ontvangen)}) ligt niet tussen de ontvangst van "
            f"de aanvraag ({datum_nl(begin)}) en vandaag.",
            code="intrekking-datum",
        )
    opschorting_bij_einde(data, ontvangen)
    ctx.event(
        "intrekking",
        f"De aanvrager heeft de aanvraag op {datum_nl(ontvangen)} ingetrokken.",
        public=True,
        ontvangen_op=ontvangen.isoformat(),  # the status page's day (a letter is often typed in later)
    )
    return {"ingetrokken_op": ontvangen.isoformat()}


def onherroepelijk(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    ctx.case_updates["final"] = True
    soort = _dict(data, "rechtsmiddel").get("soort", "bezwaar")
    ctx.event("onherroepelijk", f"Het besluit is onherroepelijk: er is geen {soort} ingesteld.", public=True)
    return {"onherroepelijk_op": ctx.today().isoformat()}


def van_rechtswege(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Legacy Wabo case whose term ended before 2024: the permit is granted by operation of law."""
    ctx = current()
    info = {
        "besluit": v.VAN_RECHTSWEGE,
        "datum": ctx.today().isoformat(),
        "tekst": "vergunning van rechtswege verleend",
        "voorschriften": [],
    }
    ctx.case_updates["besluit"] = info
    ctx.event(
        "besluit",
        "De beslistermijn is verstreken: de vergunning is van rechtswege verleend (Wabo: aanvraag en "
        "einde van de beslistermijn vóór 2024).",
        public=True,
    )
    return info


# -- helpers -----------------------------------------------------------------------------------


def routes_uit_tabel(groep: Any, soort: Any, reden: Any, afdeling: Any) -> list[dict[str, Any]]:
    """Zip the COLLECT columns of advies-routering.dmn into rows (None when no rule matched)."""
    if not groep:
        return []
    return [
        {"groep": g, "soort": s, "reden": r, "afdeling": a}
        for g, s, r, a in zip(groep, soort or [], reden or [], afdeling or [], strict=False)
    ]


def bewaking(termijn: Mapping[str, Any], gewaarschuwd_voor: str | None = None) -> dict[str, str]:
    """The deadline watch's next moment: ``{"soort", "datum", "moment"}`` (moment for the timer)."""
    plan = v.bewaking_plannen(termijn, gewaarschuwd_voor, current().today())
    moment = begin_dag(plan["datum"]) if plan["soort"] == "waarschuwing" else einde_dag(plan["datum"])
    return {**plan, "moment": moment}


def rechtsmiddel_bijwerken(rm: Any) -> Any:
    """A bezwaar or beroep term stored by an earlier version of the permit model, with what today's
    version's wait texts name (``termijn_naam``, the post week: ``v.met_postweek``); left as it is
    without a last day."""
    return v.met_postweek(rm) if isinstance(rm, dict) and rm.get("tot") else rm


def register(registry: Registry) -> None:
    register_service, register_helper = registry.service, registry.helper
    registry.data_upgrade(
        "rechtsmiddel",
        rechtsmiddel_bijwerken,
        "vult een termijn uit een eerdere modelversie aan bij migratie",
    )
    register_service(
        "vergunning_intake", intake, "controleert en normaliseert een aanvraag omgevingsvergunning"
    )
    register_service(
        "ontvangstbevestiging", ontvangstbevestiging, "stuurt de ontvangstbevestiging met de beslistermijn"
    )
    register_service(
        "aanvullingsverzoek", aanvullingsverzoek, "stuurt het aanvullingsverzoek aan de aanvrager"
    )
    register_service(
        "ter_inzage", ter_inzage, "legt het ontwerpbesluit 6 weken ter inzage (uitgebreide procedure)"
    )
    register_zienswijze(registry)
    register_service(  # the task it follows takes the besluit, also in a model without property 'besluit'
        BESLUIT_OPERATOR,
        besluit_vastleggen,
        "legt het besluit met voorschriften vast (instemming vereist)",
    )
    register_service(
        "buiten_behandeling_vastleggen",
        buiten_behandeling_vastleggen,
        "legt de buitenbehandelingstelling vast (met haar besluitbrief)",
    )
    register_service(
        "bekendmaking", bekendmaking, "maakt het besluit bekend; start de bezwaar- of beroepstermijn"
    )
    register_service("onherroepelijk", onherroepelijk, "markeert het besluit als onherroepelijk")
    register_bezwaar(registry)
    register_service(
        "intrekking_vastleggen",
        intrekking_vastleggen,
        "legt de intrekking van de aanvraag vast (vóór het besluit)",
    )
    register_service("van_rechtswege", van_rechtswege, "vergunning van rechtswege (alleen Wabo-zaken)")
    register_helper(
        "adviesverzoeken", v.adviesverzoeken, "adviseurs uit de routeringstabel en de locatiecheck"
    )
    register_helper(
        "routes_uit_tabel", routes_uit_tabel, "rijen uit de COLLECT-kolommen van advies-routering.dmn"
    )
    register_helper("advies_uit_formulier", v.advies_uit_formulier, "het vastgelegde advies van één adviseur")
    register_helper(
        "van_rechtswege_mogelijk",
        van_rechtswege_helper,
        "van rechtswege alleen in een Wabo-zaak (regulier) met een beslistermijn die vóór 2024 eindigde",
    )
    register_helper("bewaking", bewaking, "volgend moment van de termijnbewaking (waarschuwing of einde)")
