"""Besluitvorming of a wijkuitvoeringsplan (DOMAIN.md Procedure 2, phase 5): college, gemeenteraad (adopting
the plan, optionally starting an omgevingsplan change with the plan's streefdatum aardgasvrij; the change
itself follows afdeling 3.4 Awb and is not modelled), the Wcw steps (warmtekavel, then warmtebedrijf), and
their lapse when the plan goes back to an earlier phase, and the plan's end without being carried out
(``wup_beeindigen``). Thin: the rules live in ``processes.warmte``.

The raad's adoption is the case's besluit (``CaseSummary.besluit``, which the status page and 'Mijn
aanvragen' read through ``CaseSummary.genomen_besluit``); it lapses with the plan. A "no" of the college
or the raad, and the plan's end, are no besluit of the case: they are its ``uitkomst`` (what the status
page says instead of "no besluit yet"); a "no" holds until the plan is reworked or ended.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from processes import warmte, warmte_besluit
from processes.errors import ValidationError
from processes.termijnen.datums import als_datum, datum_nl
from processes.termijnen.staat import niet_in_toekomst
from services.engine.context import current


def wup_besluit(data: dict[str, Any], orgaan: str = "college", **_: Any) -> dict[str, Any]:
    """College, then gemeenteraad (optionally starting an omgevingsplan change, with the plan's
    streefdatum). A new college decision starts a new round: an earlier raadsbesluit no longer counts."""
    wup = dict(data["wup"])
    besluiten = dict(wup.get("besluiten") or {})
    if orgaan == "college":
        besluiten = {"college": _collegebesluit(data)}
        current().case_updates["besluit"] = None  # a new round: the raad decides again
    else:
        besluiten["raad"] = _raadsbesluit(data, besluiten)
    wup["besluiten"] = besluiten
    return wup


def _besluitdatum(data: dict[str, Any], veld: str, wat: str) -> date:
    """A decision's date: not in the future, and not before the plan, its participation or the lapse of
    the previous round (DOMAIN.md Procedure 2: participatie, phase 4, comes before besluitvorming)."""
    label = f"De datum van het {wat}"
    datum = warmte.als_datum(data.get(veld), label)
    niet_in_toekomst(datum, label, current().today(), code="besluit-in-toekomst")
    grens = warmte_besluit.besluit_ondergrens(data["wup"], data.get("participatie"))
    if grens is not None and datum < grens[0]:
        raise ValidationError(
            f"{label} ({datum.isoformat()}) ligt vóór {grens[1]} ({grens[0].isoformat()}); het besluit "
            "moet daarna liggen.",
            code="besluit-te-vroeg",
        )
    return datum


def _collegebesluit(data: dict[str, Any]) -> dict[str, Any]:
    op = _besluitdatum(data, "collegebesluit_op", "collegebesluit").isoformat()
    akkoord = bool(data.get("college_akkoord"))
    stand, dag = "aangeboden aan de raad" if akkoord else "niet akkoord", datum_nl(date.fromisoformat(op))
    current().event(
        "besluit",
        f"College: plan {stand} ({dag}).",
        public=True,
    )
    wat = "niet aan de gemeenteraad aangeboden"
    current().case_updates["uitkomst"] = None if akkoord else _nee("college", "Het college", wat, op)
    return {"datum": op, "akkoord": akkoord}


def _einde_mogelijk() -> bool:
    """Does the case's own model version let the projectleider end the plan: does its phase task offer
    'plan beëindigen'? A running case keeps its version (until it is migrated: the status page reads the
    version then, ``services.status.view``), and the first release's offers only the phases, so such a
    plan can only be reworked (read from the model, not from a version number)."""
    ctx = current()
    form = ctx.reads.task_form(ctx.case_id, warmte_besluit.FASE_TAAK) if ctx.case_id is not None else None
    return warmte_besluit.einde_aangeboden(form)


def _nee(orgaan: str, wie: str, wat: str, op: str) -> dict[str, Any]:
    """The case's outcome after the college or the raad said no: what was decided, when, and what now
    (ending the plan only where its model version offers it)."""
    dag = datum_nl(als_datum(op, "De datum van het besluit"))
    return {
        "soort": "niet aangeboden" if orgaan == "college" else "niet vastgesteld",
        "orgaan": orgaan,
        "datum": op,
        "tekst": warmte_besluit.na_nee(
            f"{wie} heeft het wijkuitvoeringsplan op {dag} {wat}.", _einde_mogelijk()
        ),
    }


def _raadsbesluit(data: dict[str, Any], besluiten: dict[str, Any]) -> dict[str, Any]:
    ctx = current()
    if not besluiten.get("college", {}).get("akkoord"):
        raise ValidationError(
            "De gemeenteraad besluit pas nadat het college akkoord is.", code="besluit-volgorde"
        )
    datum = _besluitdatum(data, "raadsbesluit_op", "raadsbesluit")
    if datum.isoformat() < besluiten["college"]["datum"]:
        raise ValidationError(
            "Het raadsbesluit kan niet voor het collegebesluit liggen.", code="besluit-volgorde"
        )
    raad: dict[str, Any] = {"datum": datum.isoformat(), "vastgesteld": bool(data.get("vastgesteld"))}
    if data.get("omgevingsplanwijziging"):
        raad["aardgasvrij_op"] = warmte.aardgasvrij_datum(datum, data.get("aardgasvrij_op"))
    if raad.get("aardgasvrij_op") and not raad["vastgesteld"]:
        raise ValidationError(
            "Een omgevingsplanwijziging met een datum waarop de wijk aardgasvrij is, hoort bij een vastgesteld "
            "plan; de raad heeft het plan niet vastgesteld.",
            code="aardgasvrij-zonder-plan",
        )
    if raad["vastgesteld"]:
        raad["alternatief"] = warmte.eis_alternatief(data.get("gekozen_alternatief"), "gekozen alternatief")
        if raad.get("aardgasvrij_op"):
            warmte_besluit.eis_gasvrij(raad["alternatief"])
        ctx.case_updates["warmte_bestemming"] = raad["alternatief"]
        _opt_outs_vervallen(data, raad["alternatief"])
    if raad.get("aardgasvrij_op"):
        ctx.case_updates["aardgasvrij_op"] = raad["aardgasvrij_op"]
        _korte_aanloop(datum, raad["aardgasvrij_op"])
    ctx.case_updates["besluit"] = _als_besluit(raad) if raad["vastgesteld"] else None
    nee = None if raad["vastgesteld"] else _nee("raad", "De gemeenteraad", "niet vastgesteld", raad["datum"])
    ctx.case_updates["uitkomst"] = nee
    ctx.event("besluit", warmte_besluit.raadsbesluit_tekst(raad), public=True)
    return raad


def _opt_outs_vervallen(data: dict[str, Any], alternatief: str) -> None:
    """The raad adopts another alternative than the preferred one (an amendment): an opt-out that no
    longer is one against the adopted alternative (to that alternative itself, or now less sustainable)
    lapses, with an event, as after a rework (``energie_warmte.wup_participatie``).

    The register is the workflow variable ``participatie``, not this service's result (``wup``): it is
    replaced here as a whole (a new top-level value; the earlier tasks' data are not touched)."""
    register = data.get("participatie") or {}
    blijven, vervallen = warmte.geldige_opt_outs(register.get("opt_outs") or [], alternatief)
    if not vervallen:
        return
    data["participatie"] = {**register, "opt_outs": blijven}
    activiteiten = len(register.get("activiteiten") or [])
    current().case_updates["participatie"] = {"activiteiten": activiteiten, "opt_outs": len(blijven)}
    current().event(
        "participatie",
        f"{len(vervallen)} eerdere opt-out(s) vervallen: de gemeenteraad koos '{alternatief}'; daarbij zijn "
        "zij geen opt-out meer.",
    )


def _als_besluit(raad: dict[str, Any]) -> dict[str, Any]:
    """The raad's adoption as the case's besluit (the keys ``CaseSummary.genomen_besluit`` readers use)."""
    besluit = {"besluit": "vastgesteld", "datum": raad["datum"], "orgaan": "gemeenteraad"}
    besluit["alternatief"] = raad["alternatief"]
    if raad.get("aardgasvrij_op"):  # the plan's streefdatum; the omgevingsplan change is only started
        besluit["aardgasvrij_op"] = raad["aardgasvrij_op"]
        besluit["omgevingsplanwijziging"] = "in voorbereiding"
        besluit["vervolg"] = warmte_besluit.omgevingsplan_vervolg()  # the status page shows it
    return besluit


def _korte_aanloop(besluit: date, aardgasvrij_op: str) -> None:
    """An internal warning when the gas-off date comes sooner than the guideline after the decision
    (DOMAIN.md sets no legal minimum; the guideline is data: ``warmte_alternatieven.toml [besluit]``)."""
    richtlijn = int(warmte.aanloop_richtlijn_jaren())
    vroegst = warmte_besluit.te_korte_aanloop(besluit, aardgasvrij_op, richtlijn)
    if vroegst is not None:
        current().event(
            "waarschuwing",
            f"Let op: de wijk is volgens het raadsbesluit al op {datum_nl(als_datum(aardgasvrij_op, 'De datum aardgasvrij'))} "
            f"aardgasvrij, eerder dan de richtlijn van {richtlijn} jaar na het raadsbesluit ({datum_nl(vroegst)}); "
            "bewoners hebben tijd nodig om over te stappen.",
        )


def wup_wcw(data: dict[str, Any], stap: str = "warmtekavel", **_: Any) -> dict[str, Any]:
    """Wcw: first the warmtekavel, then (strictly later) the designation of the warmtebedrijf; neither
    in the future."""
    ctx = current()
    wup = dict(data["wup"])
    wcw = dict(wup.get("wcw") or {})
    if stap == "warmtekavel":
        label = "De datum van de warmtekavel"
        datum = niet_in_toekomst(
            warmte.als_datum(data.get("warmtekavel_op"), label), label, ctx.today(), code="wcw-datum"
        )
        wcw["warmtekavel_op"] = datum.isoformat()
        ctx.event("wcw", f"Warmtekavel vastgesteld door het college ({datum_nl(datum)}).", public=True)
    else:
        naam = str(data.get("warmtebedrijf") or "").strip()
        if not naam:
            raise ValidationError("Geef de naam van het aangewezen warmtebedrijf.", code="wcw-warmtebedrijf")
        aangewezen = warmte.wcw_volgorde(wcw.get("warmtekavel_op"), data.get("aangewezen_op"))
        label = "De datum van de aanwijzing van het warmtebedrijf"
        niet_in_toekomst(date.fromisoformat(aangewezen), label, ctx.today(), code="wcw-datum")
        wcw["warmtebedrijf_op"] = aangewezen
        wcw["warmtebedrijf"] = naam
        # the name is often a company's "Warmtebedrijf ...": not "Warmtebedrijf Warmtebedrijf ..."
        dag = datum_nl(date.fromisoformat(aangewezen))
        ctx.event("wcw", f"Warmtebedrijf aangewezen op {dag}: {naam}.", public=True)
    wup["wcw"] = wcw
    return wup


def besluiten_vervallen(wup: dict[str, Any], data: dict[str, Any], terug_naar: str) -> None:
    """The plan goes back before besluitvorming: the decisions of college and raad and the Wcw steps
    (all phase 5, DOMAIN.md Procedure 2) lapse, on every channel: the plan's state, the summary (the
    case's besluit, the gas-off date, the destination), a public event the status page shows and, for an
    adoption, the raadsbesluit and the Wcw besluiten in the zaakregistratie (the event names them; a new
    round's replace them). The college's offer to the raad is spent, not withdrawn: it stays registered.
    The day of a withdrawn adoption stays in ``eerder_vastgesteld``: the case holds an adopted plan's signed
    raadsbesluit, kept for good whatever the next round decides (processes.zaakbesluit)."""
    if not (wup.get("besluiten") or wup.get("wcw")):
        return
    ctx = current()
    vervallen = ["de besluiten van college en raad"]
    if wup.get("wcw"):
        vervallen.append("de warmtekavel en de aanwijzing van het warmtebedrijf")
    raad, wcw = (wup.get("besluiten") or {}).get("raad") or {}, wup.get("wcw") or {}
    wup["besluiten"], wup["wcw"] = {}, {}
    if raad.get(
        "vastgesteld"
    ):  # the case keeps the signed adoption: its archive class (processes.zaakbesluit)
        wup["eerder_vastgesteld"] = [*wup.get("eerder_vastgesteld", []), raad["datum"]]
    wup["vervallen_op"] = ctx.today().isoformat()  # a new round's decisions come after this day
    data.pop("aardgasvrij_op", None)  # the raad form's answer, which the case file lists as the case's
    bestemming = (data.get("voorkeur") or {}).get("code") or wup.get("transitievisie_alternatief")
    ctx.case_updates.update(
        {"aardgasvrij_op": None, "warmte_bestemming": bestemming, "besluit": None, "uitkomst": None}
    )
    tekst = f"Het plan gaat terug naar fase '{terug_naar}': {' en '.join(vervallen)} over het vorige plan vervallen."
    if raad.get("aardgasvrij_op"):
        streef = datum_nl(als_datum(raad["aardgasvrij_op"], "De streefdatum aardgasvrij"))
        tekst += f" De streefdatum aardgasvrij van het plan ({streef}) geldt niet meer."
    # an adoption is withdrawn, and the Wcw besluiten taken on it: their besluiten in the zaakregistratie
    # lapse today (services.zgw_lapse)
    ingetrokken = _ingetrokken(raad, wcw) | {"vervaldatum": wup["vervallen_op"]}
    ctx.event("besluit", tekst, public=True, **(ingetrokken if raad.get("vastgesteld") else {}))


def plan_beeindigd(wup: dict[str, Any], data: dict[str, Any], reden: str) -> None:
    """The plan ends without being carried out: its end (reason, day) becomes the case's outcome, in
    place of the raad's adoption. That besluit stays in the plan's history (``wup["besluiten"]``) and in
    the timeline, but it is no longer the case's besluit, nor its streefdatum aardgasvrij and destination
    the case's (the summary, the case file's form data, the case row's besluit date); a public line says
    that the adopted plan is not carried out (and that the Wcw besluiten taken on it lapse), and the
    outcome names the withdrawn besluiten (``_ingetrokken``), so they lapse in the zaakregistratie too."""
    ctx = current()
    dag = ctx.today()
    tekst = f"Het wijkuitvoeringsplan is op {datum_nl(dag)} beëindigd: {reden}. De wijk is vrij voor een nieuw plan."
    raad = (wup.get("besluiten") or {}).get("raad") or {}
    if raad.get("vastgesteld"):
        op = datum_nl(als_datum(raad["datum"], "De datum van het raadsbesluit"))
        vervalt = ""
        if raad.get("aardgasvrij_op"):
            streef = datum_nl(als_datum(raad["aardgasvrij_op"], "De streefdatum aardgasvrij"))
            vervalt = f"de streefdatum aardgasvrij van het plan ({streef}) geldt niet meer"
        en = f" en {vervalt}" if vervalt else ""
        wcw = " De warmtekavel en de aanwijzing van het warmtebedrijf vervallen." if wup.get("wcw") else ""
        tekst += f" De gemeenteraad had het plan op {op} vastgesteld; het wordt niet uitgevoerd{en}.{wcw}"
        regel = f"Het plan dat de gemeenteraad op {op} vaststelde, wordt niet uitgevoerd"
        ctx.event("besluit", (f"{regel}; {vervalt}." if vervalt else f"{regel}.") + wcw, public=True)
    data.pop("aardgasvrij_op", None)  # the raad form's answer, which the case file lists as the case's
    uitkomst: dict[str, Any] = {
        "soort": "beëindigd",
        "reden": reden,
        "datum": dag.isoformat(),
        "tekst": tekst,
    }
    if raad.get("vastgesteld"):  # the municipality withdraws the adoption and the Wcw besluiten taken on
        # it: their besluiten in the zaakregistratie lapse on the day of the end (services.zgw_lapse)
        uitkomst.update(_ingetrokken(raad, wup.get("wcw") or {}))
    ctx.case_updates.update(
        {"besluit": None, "aardgasvrij_op": None, "warmte_bestemming": None, "uitkomst": uitkomst}
    )


#: why a plan ends without being carried out; a reason about a decision needs that decision to be "no":
#: (orgaan, field of its decision in ``wup["besluiten"]``, the condition in words)
EINDE_REDENEN: dict[str, tuple[str, str, str] | None] = {
    "niet vastgesteld door de raad": (
        "raad",
        "vastgesteld",
        "de gemeenteraad het plan niet heeft vastgesteld",
    ),
    "niet aangeboden door het college": (
        "college",
        "akkoord",
        "het college het plan niet aan de raad heeft aangeboden",
    ),
    "ingetrokken": None,
    "vervangen door een nieuw plan": None,
}


#: the choice of the phase task's naar_fase that ends the plan (bpmn/wijkuitvoeringsplan.bpmn, fase_afronden)
EINDE_KEUZE = "plan beëindigen"


def reden_alleen_bij_einde(data: dict[str, Any]) -> None:
    """An input check: the phase task's reason to end the plan (``reden_einde``) goes with the choice
    'plan beëindigen' only. With a phase it was stored, and the running plan's case page read "Reden einde:
    ingetrokken" for good (review wup17, F2). Checks what is sent, not what a plan stored before."""
    naar = data.get("naar_fase")
    if naar is not None and naar != EINDE_KEUZE and data.get("reden_einde"):
        raise ValidationError(
            f"Een reden om het plan te beëindigen hoort alleen bij '{EINDE_KEUZE}', niet bij fase '{naar}'. "
            f"Laat de reden leeg, of kies '{EINDE_KEUZE}'.",
            code="einde-reden-zonder-einde",
            veld="reden_einde",
        )


def wup_beeindigen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """End the plan without carrying it out (the raad did not adopt it, the college did not offer it,
    or it was withdrawn or replaced): the case ends, and the wijk is free for a new plan."""
    ctx = current()
    wup = dict(data["wup"])
    reden = str(data.get("reden_einde") or "").strip()
    if reden not in EINDE_REDENEN:
        raise ValidationError(
            "Kies de reden om het plan te beëindigen: " + ", ".join(f"'{r}'" for r in EINDE_REDENEN) + ".",
            code="einde-reden",
        )
    nodig = EINDE_REDENEN[reden]
    if nodig is not None:
        orgaan, veld, wanneer = nodig
        if ((wup.get("besluiten") or {}).get(orgaan) or {}).get(veld) is not False:
            raise ValidationError(
                f"De reden '{reden}' kan alleen als {wanneer}; kies een andere reden.",
                code="einde-reden-past-niet",
            )
    toelichting = str(data.get("toelichting") or "").strip()
    wup["einde"] = {"reden": reden, "op": ctx.today().isoformat(), "fase": wup.get("fase")}
    plan_beeindigd(wup, data, reden)
    ctx.event(
        "einde",
        f"Plan beëindigd in fase '{wup.get('fase')}': {reden}"
        + (f" ({toelichting})" if toelichting else "")
        + ".",
    )
    return wup


def _ingetrokken(raad: dict[str, Any], wcw: dict[str, Any]) -> dict[str, Any]:
    """The withdrawn besluiten as the zaakregistratie's lapse (services.zgw_lapse) names them: the raad's
    adoption (``ingetrokken_besluit``: its bestuursorgaan and day) and the Wcw besluiten of the college
    taken on it (``mee_ingetrokken``, when there are: each with its task, as the college's offer of the
    plan, which stays, may be of the same day). Not the college's offer: it was spent when the raad decided
    on it, and is not withdrawn (the Besluiten API has no vervalreden for it)."""
    stappen = [("warmtekavel", "warmtekavel_op"), ("warmtebedrijf", "warmtebedrijf_op")]
    mee = [{"orgaan": "college", "datum": wcw[op], "taak": taak} for taak, op in stappen if wcw.get(op)]
    adoptie: dict[str, Any] = {"ingetrokken_besluit": {"orgaan": "gemeenteraad", "datum": raad["datum"]}}
    return adoptie | ({"mee_ingetrokken": mee} if mee else {})


# One service name per task: the deploy check treats operator and parameter ids as element ids.
def wup_college(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    return wup_besluit(data, orgaan="college")


def wup_raad(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    return wup_besluit(data, orgaan="raad")


def wup_warmtekavel(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    return wup_wcw(data, stap="warmtekavel")


def wup_warmtebedrijf(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    return wup_wcw(data, stap="warmtebedrijf")
