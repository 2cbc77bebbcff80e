"""The handling of a registered bezwaar (bpmn/omgevingsvergunning.bpmn, 'Beslissen op bezwaar').

After a bezwaar against the permit's besluit is registered, the model keeps the case open with the task
'Beslissen op bezwaar' (lane Juridisch), due on the Awb 7:10 day. ``bezwaar_behandelen`` starts the
handling's state (``bezwaar_behandeling``: the day to decide by, the verdagingen, the beslissing);
``beslissing_op_bezwaar`` records what the officer did in the task: that an advisory bezwaarcommissie
advises (Awb 7:13: the day becomes twelve weeks after the bezwaartermijn, once, before the six-week day),
or a verdaging (lid 3, or uitstel with the indiener's consent, lid 4), each moving the day, and the task
comes back due on it; a beslissing (gegrond,
ongegrond, niet-ontvankelijk; its day; whether the besluit is herroepen and, if so, what takes its place:
the permit granted or refused in the beslissing op bezwaar itself, or none as the aanvraag was withdrawn)
ends the case, at the end of the besluit that stands (bpmn/zgw.toml maps each to its resultaattype), or,
for a herroepen buitenbehandelingstelling, takes the aanvraag back to the assessment with a beslistermijn
that starts again (``behandelen``), and is sent to the bezwaarmakers (Awb 7:12 lid 2: ``_toezenden``, services.domain.toezending). A
herroepen besluit is marked so in the case summary and lapses in the zaakregistratie on the day of the
beslissing (a "besluit" event naming it, services.zgw_lapse). The rules are in
processes/termijnen/bezwaar.py; a refusal rolls the step back and changes nothing. The status page reads
the state from the case data (services/status/deadline.py). A beroep is decided by the rechtbank: the
model ends the case at its registration, unless bezwaren were joined to the letter while it was being
registered (services.domain.bezwaar.bezwaar_voegen): those are then handled here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.errors import ValidationError, given
from processes.termijnen.bezwaar import (
    BEHANDELEN,
    BUITEN_BEHANDELING,
    UITKOMSTEN,
    beroepstermijn_na_bezwaar,
    beslissing_niet_voor_bezwaar,
    besluit_na_bezwaar,
    bezwaarcommissie,
    eerste_gevoegde,
    herroepen_past_bij,
    in_de_plaats,
    in_de_plaats_tekst,
    verdaging_op_bezwaar,
)
from processes.termijnen.datums import datum_nl
from processes.termijnen.rechtsmiddelen import beslistermijn_op_bezwaar
from processes.termijnen.staat import herstart_termijn, lees, niet_in_toekomst, onderdeel, projectie
from processes.zaakbesluit import BEROEP
from services import zgw_bezwaar
from services.domain.termijnen import atw_op_uitgebreid
from services.domain.toezending import Toezending, toezenden
from services.engine.context import current
from services.registry import Registry
from services.zgw_lapse import LAPSE

#: the task's ``actie`` that records an advising bezwaarcommissie (Awb 7:13)
COMMISSIE = "bezwaarcommissie_adviseert"
#: the bestuursorgaan of the permit's besluit (bpmn/zgw.toml's besluittype omgevingsvergunning) and the
#: task that takes it: the lapse of a herroepen besluit names them (services.zgw_lapse)
ORGAAN, BESLUIT_TAAK = "college", "besluit"
#: the task that puts the aanvraag buiten behandeling (bpmn/omgevingsvergunning.bpmn), whose besluit lapses
#: when a beslissing op bezwaar herroept it
BUITEN_BEHANDELING_TAAK = "buiten_behandeling"


def bezwaar_behandelen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The start of a registered bezwaar's handling: received on the day ``bezwaar_ontvangst`` recorded
    (the first letter registered as a beroep: the day the earliest joined bezwaar was, for only those are
    decided here), to be decided on by its Awb 7:10 lid 1 day (computed from the bezwaartermijn when the
    letter came in as another soort and the officer registered it as a bezwaar)."""
    ctx = current()
    ontvangst = onderdeel(data, "bezwaar_ontvangst")
    dag_ontvangst = ontvangst.get("ontvangen_op")
    if data.get("soort") == BEROEP:
        summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
        dag_ontvangst = eerste_gevoegde(summary.gevoegde_bezwaren if summary else None) or dag_ontvangst
    ontvangen = lees(dag_ontvangst or ctx.today(), "De ontvangst van het bezwaarschrift")
    uiterlijk = ontvangst.get("beslissen_uiterlijk")
    if not uiterlijk:
        rm = onderdeel(data, "rechtsmiddel")
        einde = lees(rm.get("tot"), "Het einde van de bezwaartermijn")
        uiterlijk = beslistermijn_op_bezwaar(einde).isoformat()
    dag = lees(uiterlijk, "De beslistermijn op het bezwaar")
    tekst = f"Het bezwaar is in behandeling genomen; de gemeente beslist erop uiterlijk op {datum_nl(dag)}"
    if data.get("soort") == BEROEP:  # registered as beroep with bezwaren joined: those are still decided
        n = _aantal_bezwaren(ctx, data)
        wat = "Het gevoegde bezwaar wordt" if n == 1 else f"De {n} gevoegde bezwaren worden"
        tekst = (
            f"Tegen het besluit is beroep ingesteld; daarover beslist de rechtbank. {wat} behandeld: de "
            f"gemeente beslist {'erop' if n == 1 else 'erover'} uiterlijk op {datum_nl(dag)}"
        )
    ctx.event("bezwaar", f"{tekst} (artikel 7:10 Awb).", public=True)
    return {
        "ontvangen_op": ontvangen.isoformat(),
        "oorspronkelijk_uiterlijk": dag.isoformat(),
        "beslissen_uiterlijk": dag.isoformat(),
        "verdagingen": [],
        "beslissing": None,
    }


def beslissing_op_bezwaar(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Record the task's ``actie``: ``verdagen`` (``verdagen_tot``, ``verdaging_reden``,
    ``instemming_indiener``), ``beslissen`` (``uitkomst``, ``beslist_op``, ``herroepen``) or
    ``bezwaarcommissie_adviseert`` (``COMMISSIE``, nothing more)."""
    state = dict(onderdeel(data, "bezwaar_behandeling"))
    if not state.get("beslissen_uiterlijk"):
        raise ValidationError(
            "Deze zaak heeft geen bezwaar in behandeling om op te beslissen.", code="geen-bezwaar", status=409
        )
    actie = data.get("actie")
    if actie == "verdagen":
        return _verdagen(state, data)
    if actie == "beslissen":
        return _beslissen(state, data)
    if actie == COMMISSIE:
        return _commissie(state, data)
    raise ValidationError(
        f"De actie moet verdagen, beslissen of bezwaarcommissie adviseert zijn, {given(actie)}.",
        code="formulier-ongeldig",
        status=422,
        veld="actie",
    )


def _commissie(state: dict[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """An advisory bezwaarcommissie (Awb 7:13): the day to decide by becomes twelve weeks after the
    bezwaartermijn (``rechtsmiddel["tot"]``) instead of six (processes.termijnen.bezwaar.bezwaarcommissie)."""
    ctx = current()
    huidig = lees(state["beslissen_uiterlijk"], "De huidige uiterste beslisdatum")
    einde = lees(onderdeel(data, "rechtsmiddel").get("tot"), "Het einde van de bezwaartermijn")
    dag, grond = bezwaarcommissie(
        huidig,
        einde,
        ctx.today(),
        al_gekozen=bool(state.get("commissie")),
        verdaagd=bool(state.get("verdagingen")),
    )
    state["commissie"] = {"op": ctx.today().isoformat(), "van": huidig.isoformat(), "tot": dag.isoformat()}
    state["beslissen_uiterlijk"] = dag.isoformat()
    ctx.event(
        "bezwaar", f"Over het bezwaar adviseert een bezwaarcommissie; de gemeente {grond}.", public=True
    )
    return state


def _verdagen(state: dict[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    ctx = current()
    huidig = lees(state["beslissen_uiterlijk"], "De huidige uiterste beslisdatum")
    nieuw = lees(data.get("verdagen_tot"), "De nieuwe beslisdatum")
    reden = str(data.get("verdaging_reden") or "").strip()
    if not reden:
        raise ValidationError(
            "Geef de reden van de verdaging. Zij blijft in het bezwaardossier, voor wie het bezwaar "
            "behandelt; de openbare tijdlijn noemt alleen de nieuwe beslisdatum.",
            code="verdaging-zonder-reden",
            status=422,
        )
    instemming = data.get("instemming_indiener") is True
    eerder = any(not v.get("instemming") for v in state.get("verdagingen") or [])
    einde = onderdeel(data, "rechtsmiddel").get("tot")  # the bezwaartermijn's end: lid 3 counts from it
    nieuw, grond = verdaging_op_bezwaar(
        huidig,
        nieuw,
        ctx.today(),
        instemming=instemming,
        eerder_verdaagd=eerder,
        einde_bezwaartermijn=lees(einde, "Het einde van de bezwaartermijn") if einde else None,
        commissie=bool(state.get("commissie")),
    )
    verdaging = {
        "op": ctx.today().isoformat(),
        "van": huidig.isoformat(),
        "tot": nieuw.isoformat(),
        "reden": reden,
        "instemming": instemming,
    }
    state["verdagingen"] = [*(state.get("verdagingen") or []), verdaging]
    state["beslissen_uiterlijk"] = nieuw.isoformat()
    # the public line says only until when (Awb 7:10 lid 3 or 4): the reason, which may name the indiener,
    # stays in the handling's state, read by the bezwaar's handler ([taakvelden]) and not on any timeline
    ctx.event("bezwaar", f"Beslissing op het bezwaar {grond}.", public=True)
    return state


def _beslissen(state: dict[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    ctx = current()
    uitkomst = str(data.get("uitkomst") or "")
    if uitkomst not in UITKOMSTEN:
        raise ValidationError(
            "Kies de uitkomst van de beslissing op bezwaar: gegrond, ongegrond of niet-ontvankelijk.",
            code="formulier-ongeldig",
            status=422,
        )
    veld = "De datum van de beslissing op bezwaar"
    beslist_op = niet_in_toekomst(lees(data.get("beslist_op"), veld), veld, ctx.today())
    beslissing_niet_voor_bezwaar(beslist_op, lees(state["ontvangen_op"], "De ontvangst van het bezwaar"))
    herroepen = data.get("herroepen") is True
    herroepen_past_bij(uitkomst, herroepen)
    # the besluit the bezwaar is against, as the model's data hold it (also a case whose summary, before
    # the buitenbehandelingstelling was recorded there, lacks it)
    besluit = str(data.get("besluit") or "") or None
    nieuw = in_de_plaats(herroepen, str(data.get("nieuw_besluit") or "") or None, besluit)
    beroep_tot = beroepstermijn_na_bezwaar(beslist_op)
    state["beslissing"] = {
        "uitkomst": uitkomst,
        "uitkomst_tekst": UITKOMSTEN[uitkomst],
        "beslist_op": beslist_op.isoformat(),
        "herroepen": herroepen,
        "nieuw_besluit": nieuw,
        "beroep_tot": beroep_tot.isoformat(),
    }
    if nieuw and besluit == BUITEN_BEHANDELING:  # what its readers word the replacement by
        state["beslissing"]["herroepen_besluit"] = besluit
    if nieuw == BEHANDELEN:
        _opnieuw_in_behandeling(ctx, state, data, beslist_op)
    uiterlijk = state["beslissing"].get("besluit_uiterlijk")
    gevolg = besluit_na_bezwaar(herroepen, nieuw, besluit, uiterlijk)
    state["resultaat"] = f"beslissing op bezwaar: bezwaar {UITKOMSTEN[uitkomst]}, {gevolg}"
    aantal = _aantal_bezwaren(ctx, data)
    state["beslissing"]["bezwaren"] = aantal
    op = f"op de {aantal} gevoegde bezwaren" if aantal > 1 else "op het bezwaar"
    ctx.event(
        "bezwaar",
        f"Op {datum_nl(beslist_op)} is {op} beslist: het bezwaar is {UITKOMSTEN[uitkomst]} "
        f"verklaard; {gevolg}. Beroep bij de rechtbank is mogelijk tot en met {datum_nl(beroep_tot)} "
        "(artikel 6:7 en 8:1 Awb).",
        public=True,
        beslissing=state["beslissing"],  # the initiator's mail of it (services.mail.compose)
    )
    if nieuw:
        _herroepen(beslist_op, nieuw, state["beslissing"].get("herroepen_besluit"), uiterlijk)
    if nieuw == BEHANDELEN:  # back in handling: no besluit taken, no bezwaartermijn running (the status page)
        ctx.case_updates.update(besluit=None, rechtsmiddel=None)
    if nieuw == "geen" and besluit == BUITEN_BEHANDELING:  # the model version before BEHANDELEN ends here
        ctx.event(
            "bezwaar",
            "De buitenbehandelingstelling is herroepen: registreer de aanvraag opnieuw als nieuwe zaak, zodat "
            "zij opnieuw in behandeling wordt genomen (artikel 7:11 lid 2 Awb). Deze zaak eindigt.",
        )
    _toezenden(ctx, state, data, beslist_op, herstart=nieuw == BEHANDELEN)
    return state


#: dag 0 of the beslistermijn that starts again after a herroepen buitenbehandelingstelling
HERSTART = "Buitenbehandelingstelling herroepen bij de beslissing op bezwaar, verzonden op"


def _opnieuw_in_behandeling(
    ctx: Any, state: dict[str, Any], data: Mapping[str, Any], beslist_op: date
) -> None:
    """A herroepen buitenbehandelingstelling whose aanvraag is handled in this case (BEHANDELEN, Awb 7:11
    lid 2): the beslistermijn starts again the day after the beslissing op bezwaar was sent, the full term of
    the procedure (a choice: no statute or case law found that fixes it; it is the day the aanvraag is back
    in handling). The model takes ``state["termijn"]`` as its ``termijn``; the case shows its last day.
    The case records the herstart (``herstart``): the herroepen besluit's letter is no longer the case's
    final besluit (``brief``: the aanvrager may withdraw the aanvraag again, and 'Besluit nemen' takes a
    letter of its own), and a dwangsom of the term before, set when the besluit was given (Awb 4:18), is kept
    as that term's (``dwangsom``): the case's ``dwangsom`` is the new term's, after a new ingebrekestelling."""
    termijn = herstart_termijn(
        onderdeel(data, "termijn"),
        beslist_op,
        ctx.today(),
        grond=HERSTART,
        atw_op_uitgebreid=atw_op_uitgebreid(ctx),
    )
    state["termijn"] = termijn
    state["beslissing"]["besluit_uiterlijk"] = termijn["uiterste_beslisdatum"]
    ctx.case_updates.update(projectie(termijn))
    summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
    brief = ctx.final_besluit()
    herstart: dict[str, Any] = {
        "op": beslist_op.isoformat(),
        "brief": brief.document_id if brief is not None else (summary.herroepen_brief if summary else None),
    }
    if summary is not None and summary.dwangsom:  # set at the buitenbehandelingstelling: history now
        herstart["dwangsom"] = summary.dwangsom
        ctx.case_updates["dwangsom"] = None
    ctx.case_updates["herstart"] = herstart


def _aantal_bezwaren(ctx: Any, data: Mapping[str, Any]) -> int:
    """How many bezwaren the beslissing answers: the first and each joined to it (services.domain.bezwaar
    .bezwaar_voegen records their count in the case's ``bezwaren``); only the joined ones when the first
    was registered as a beroep (``soort``), which the rechtbank decides."""
    summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
    aantal = int(((summary.bezwaren if summary else None) or {}).get("aantal") or 1)
    return max(aantal - 1, 1) if data.get("soort") == BEROEP else aantal


#: the history line of the beslissing's toezending to the bezwaarmakers
TOEZENDING = Toezending(
    kop="Beslissing op bezwaar (verzonden op {verzonden}) aan de bezwaarmakers (artikel 7:12 lid 2 Awb):",
    stuk="bezwaar",
    schrift="het bezwaarschrift",
    alleen_aanvrager="de enige bezwaarmaker is de aanvrager; die krijgt de beslissing.",
)
#: the key under which each bezwaar records to whom and when the beslissing was sent
TOEGEZONDEN = "beslissing_toegezonden"


def _toezenden(
    ctx: Any, state: dict[str, Any], data: Mapping[str, Any], verzonden: date, *, herstart: bool
) -> None:
    """Send the beslissing to the bezwaarmakers (Awb 7:12 lid 2): the first bezwaar's (``data["bezwaar"]``,
    unless that letter was registered as a beroep, which the rechtbank decides) and every joined one's, late
    ones too (``gevoegde_bezwaren``), numbered in the order received (the first nr. 1). Each records it under
    ``TOEGEZONDEN`` (services.domain.toezending.toezenden): the first in the handling's state, the joined ones
    in the case's list; services/mail/besluit_mails.py mails each address recorded. ``herstart``: the
    beslissing takes the aanvraag back in handling (BEHANDELEN), and the model drops the handling's state in
    this step: the first's record is also kept with the case's ``herstart`` (``bezwaar``), which the mail
    reads then."""
    summary = ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else None
    gevoegd = [
        {**g, "nummer": i + 2} for i, g in enumerate((summary.gevoegde_bezwaren if summary else None) or [])
    ]
    eerste = [] if data.get("soort") == BEROEP else [{**onderdeel(data, "bezwaar"), "nummer": 1}]
    toezenden([*eerste, *gevoegd], TOEGEZONDEN, TOEZENDING, verzonden)
    if eerste:
        state[TOEGEZONDEN] = eerste[0][TOEGEZONDEN]
    if eerste and herstart:
        bezwaar = {k: eerste[0][k] for k in ("nummer", "indiener", TOEGEZONDEN) if k in eerste[0]}
        ctx.case_updates["herstart"] = {**ctx.case_updates["herstart"], "bezwaar": bezwaar}
    if gevoegd:
        ctx.case_updates["gevoegde_bezwaren"] = gevoegd


def _herroepen(beslist_op: date, nieuw: str, herroepen_besluit: str | None, uiterlijk: str | None) -> None:
    """The case's besluit is herroepen on ``beslist_op`` and ``nieuw`` takes its place (Awb 7:11 lid 2):
    the summary's besluit says so (``herroepen``: the day, what takes its place, in words), and a "besluit"
    event names it (LAPSE: its bestuursorgaan, day and task) so that it lapses in the zaakregistratie on
    that day (services.zgw_lapse; vervalreden ingetrokken_overheid: the bestuursorgaan herroept it).
    ``herroepen_besluit``: the beslissing's (a buitenbehandelingstelling, taken by its own task);
    ``uiterlijk``: the day a besluit on the aanvraag handled anew follows (BEHANDELEN)."""
    ctx = current()
    besluit = dict(ctx.reads.case_summary(ctx.case_id).besluit or {}) if ctx.case_id is not None else {}
    genomen = besluit.get("datum")
    tekst = (
        f"Het besluit{_van(genomen)} is bij de beslissing op bezwaar van {datum_nl(beslist_op)} herroepen; "
        f"{in_de_plaats_tekst(nieuw, herroepen_besluit, uiterlijk)}."
    )
    if besluit:
        besluit["herroepen"] = {"op": beslist_op.isoformat(), "in_de_plaats": nieuw, "tekst": tekst}
        ctx.case_updates["besluit"] = besluit
    taak = BUITEN_BEHANDELING_TAAK if herroepen_besluit == BUITEN_BEHANDELING else BESLUIT_TAAK
    lapse = {LAPSE: {"orgaan": ORGAAN, "datum": genomen, "taak": taak}} if genomen else {}
    ctx.event("besluit", tekst, public=True, **lapse, vervaldatum=beslist_op.isoformat())


def _van(genomen: Any) -> str:
    return f" van {datum_nl(lees(genomen, 'De datum van het besluit'))}" if genomen else ""


def register(registry: Registry) -> None:
    """The services of the task 'Beslissen op bezwaar' (called by services.domain.bezwaar)."""
    registry.service(
        "bezwaar_behandelen",
        bezwaar_behandelen,
        "neemt een geregistreerd bezwaar in behandeling, met de beslistermijn van artikel 7:10 Awb",
    )
    registry.service(
        zgw_bezwaar.SERVICE,
        beslissing_op_bezwaar,
        "legt een bezwaarcommissie (Awb 7:13), een verdaging (Awb 7:10 lid 3 of 4) of de beslissing op "
        "bezwaar vast",
    )
