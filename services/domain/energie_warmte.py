"""Service tasks of the wijkuitvoeringsplan model (thin: logic in processes.warmte).

The plan's state travels in the task variable ``wup`` (phase, history, decisions, Wcw steps); services
that change it return a new ``wup``. Summary keys on the case feed the map and the status page: only
aggregates, never personal data.
"""

from __future__ import annotations

from typing import Any

from processes import warmte
from processes.case_summary import CaseSummary
from processes.errors import Conflict, ValidationError, bij_veld
from processes.nederlands import aantal, getal
from processes.termijnen.datums import datum_nl
from services.domain import energie_gis as gis
from services.domain.energie_warmte_besluit import besluiten_vervallen
from services.engine.context import StepContext, current

PROCES = "wijkuitvoeringsplan"


def _samenvatting(ctx: StepContext) -> CaseSummary:
    """The case summary as the step sees it (its own transaction)."""
    return ctx.reads.case_summary(ctx.case_id) if ctx.case_id is not None else CaseSummary()


def _lopend_plan(ctx: StepContext, wijk_code: str) -> str | None:
    """Another unfinished plan for the wijk. Checked under a lock on the wijk, so two steps that start
    a plan for the same wijk at the same moment take turns and the second sees the first."""
    ctx.reads.serialize(f"wijkplan:{wijk_code}")
    plannen = ctx.reads.unfinished_cases(PROCES, exclude_id=ctx.case_id)
    return next((p.reference for p in plannen if p.summary.wijk_code == wijk_code), None)


def wup_start(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Validate the start of a plan: one per wijk, the wijk's geometry (personal data: the input check
    of the process, services.domain.energie)."""
    ctx = current()
    code = str(data.get("wijk_code") or "").strip()
    if not code:
        raise ValidationError("Geef de wijk- of buurtcode (bijvoorbeeld WK990100).", code="wijk-ontbreekt")
    lg = gis.lagen(ctx)
    gevonden = gis.wijk(lg, code)
    if lg and "wijken" in lg and gevonden is None:
        raise ValidationError(f"Wijk '{code}' staat niet in de wijkenlaag.", code="wijk-onbekend")
    if not ctx.geometry_wkt:
        raise ValidationError(
            "Een wijkuitvoeringsplan heeft de geometrie van de wijk nodig (uit de wijkenlaag).",
            code="wijk-geometrie",
        )
    if gevonden is not None:
        _eis_geometrie_in_wijk(ctx.geometry_wkt, gevonden)
    bestaand = _lopend_plan(ctx, code)
    if bestaand:
        raise Conflict(
            f"Voor wijk {code} loopt al een wijkuitvoeringsplan ({bestaand}); één plan per wijk.",
            code="wijkplan-bestaat",
        )
    visie = data.get("transitievisie_alternatief")
    if visie is not None:
        warmte.eis_alternatief(visie, "alternatief uit de Transitievisie Warmte")
    naam = str(data.get("wijk_naam") or (gevonden or {}).get("naam") or code)
    ctx.case_updates.update({"wijk_code": code, "wijk_naam": naam, "warmte_bestemming": visie})
    vandaag = ctx.today().isoformat()
    return {
        "wijk_code": code,
        "wijk_naam": naam,
        "fase": "initiatie",
        "transitievisie_alternatief": visie,
        "historie": [{"fase": "initiatie", "vanaf": vandaag}],
        "besluiten": {},
        "wcw": {},
    }


def _eis_geometrie_in_wijk(plan_wkt: str, wijk: dict[str, Any]) -> None:
    """The plan's geometry lies (mostly) in the wijk it names: else one plan per wijk (a check on codes)
    is bypassed and the wijkanalyse counts another wijk's homes (DOMAIN.md Procedure 2: a plan per wijk)."""
    plan, gebied = gis.geometrie(plan_wkt), gis.geometrie(wijk["wkt"])
    if plan is None or gebied is None:
        return
    aandeel = gis.aandeel_in(plan, gebied)
    minimum = warmte.plan_in_wijk_minimum()
    if aandeel < minimum:
        raise ValidationError(
            f"De geometrie van het plan ligt voor {aandeel:.0%} in wijk {wijk['code']} ({wijk['naam']}); "
            f"dat moet ten minste {minimum:.0%} zijn. Teken het plan binnen de wijk of kies de juiste wijkcode.",
            code="wijk-geometrie-buiten",
        )


#: refusals of the phase change and of a participation activity (codes) -> the task form's field (review
#: wup17, F1: else shown only above the form)
_FASE_VELDEN = dict.fromkeys(
    ("fase-onbekend", "fase-ongewijzigd", "fase-overgeslagen", "fase-zonder-raadsbesluit"), "naar_fase"
)
_ACTIVITEIT_VELDEN = {
    "activiteit-onbekend": "activiteit.soort",
    "ongeldige-datum": "activiteit.datum",
    "activiteit-toekomst": "activiteit.datum",
    "activiteit-aantal": "activiteit.aantal_deelnemers",
    "activiteit-respons": "activiteit.respons_pct",
}
#: refusals of an opt-out row (codes) -> the field in that row of the form's list ``opt_outs``
_OPTOUT_VELDEN = {
    "optout-gebouw": "gebouw",
    "alternatief-onbekend": "alternatief",
    "optout-zelfde": "alternatief",
    "optout-niet-gelijkwaardig": "alternatief",
}
#: refusals of a milestone row (codes) -> the field in that row of the planning form's list ``mijlpalen``
_MIJLPAAL_VELDEN = {
    "mijlpaal-naam": "naam",
    "mijlpaal-partij": "partij",
    "ongeldige-datum": "uiterlijk",
    "mijlpaal-datum": "uiterlijk",
    "mijlpaal-aantal": "aantal_woningen",
}


def wup_fase(data: dict[str, Any], naar: str = "", **_: Any) -> dict[str, Any]:
    """Phase gate: the next phase, or back to an earlier one; never skip; uitvoering needs the council."""
    ctx = current()
    wup = dict(data["wup"])
    with bij_veld(_FASE_VELDEN):  # the model passes the form's naar_fase as ``naar``
        overgang = warmte.fase_overgang(wup["fase"], naar)
        if overgang["naar"] == "uitvoering" and not wup.get("besluiten", {}).get("raad", {}).get(
            "vastgesteld"
        ):
            raise ValidationError(
                "Uitvoering kan pas beginnen als de gemeenteraad het plan heeft vastgesteld.",
                code="fase-zonder-raadsbesluit",
            )
    wup["fase"] = overgang["naar"]
    wup["historie"] = [
        *wup.get("historie", []),
        {"fase": overgang["naar"], "vanaf": ctx.today().isoformat(), "richting": overgang["richting"]},
    ]
    if overgang["richting"] == "terug":
        reden = str(data.get("toelichting") or "").strip() or "geen toelichting"
        ctx.event(
            "fase", f"Terug naar fase '{overgang['naar']}' (van '{overgang['van']}'): {reden}", public=True
        )
        if warmte.FASEN.index(overgang["naar"]) < warmte.FASEN.index("besluitvorming"):
            besluiten_vervallen(wup, data, overgang["naar"])  # the plan will change: college and raad again
    return wup


def wijkanalyse(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Building stock, owners, labels, heat-network potential, offtake congestion and underground conflicts."""
    ctx = current()
    analyse = gis.wijkanalyse(gis.lagen(ctx), gis.geometrie(ctx.geometry_wkt))
    check = data.get("locatiecheck") or {}
    analyse["locatiecheck"] = {k: check.get(k) for k in ("aantal", "hoogste_ernst", "afdelingen")}
    if analyse.get("ondergrond") and ctx.conflicts is not None:
        ctx.conflicts.extend(_ondergrond_conflict(i, c) for i, c in enumerate(analyse["ondergrond"]))
    if analyse["beschikbaar"]:
        pot = analyse["warmtenet_potentie"]
        kleuren = ", ".join(g["kleur"] for g in analyse["netcongestie_afname"]) or "geen congestie bekend"
        ctx.event(
            "wijkanalyse",
            f"Wijkanalyse: {analyse['aantal_woningen']} woningen; warmtenetpotentie {pot['niveau']} "
            f"({pot['reden']}); netcongestie afname: {kleuren}.",
            public=True,
        )
        ctx.case_updates["wijkanalyse"] = {
            "aantal_woningen": analyse["aantal_woningen"],
            "warmtenet_potentie": pot["niveau"],
            "eigendom": {k: v["aandeel"] for k, v in analyse["eigendom"].items()},
            "netcongestie_afname": [g["kleur"] for g in analyse["netcongestie_afname"]],
            "ondergrondse_conflicten": len(analyse["ondergrond"]),
        }
    else:
        ctx.event(
            "wijkanalyse", f"Wijkanalyse zonder kaartgegevens: {analyse['opmerking']}. Vul de aantallen aan."
        )
    return analyse


#: The wijk plan asks no party for advice on its wijkanalyse (the permit's advice round does): the
#: conflict says so, so that nobody reads "Drinkwaterbedrijf" as an advice that was asked for. The status
#: page shows it too (a remark that is not intern), so it says what the gemeente does, not which task does it.
NIET_GEVRAAGD = (
    "Niet aan het Drinkwaterbedrijf voorgelegd: het wijkuitvoeringsplan vraagt hierover geen advies. "
    "De gemeente weegt dit mee bij het beoordelen van de wijkanalyse en legt het tracé aan het "
    "Drinkwaterbedrijf voor voordat het vastligt."
)


def _ondergrond_conflict(i: int, c: dict[str, Any]) -> dict[str, Any]:
    """A heat route in the wijk too close to a drinking-water main, as a conflict on the plan."""
    return {
        "regel": "wijk-warmteleiding-drinkwater",
        "laag": "drinkwaterleiding",
        "feature_id": f"{i}-{c['drinkwaterleiding']}",
        "ernst": "waarschuwing",
        "afdeling": "Drinkwaterbedrijf",
        "beschrijving": f"Warmteleiding '{c['warmteleiding']}' in de wijk op {getal(c['afstand_m'], 2, kort=True)} m"
        f" van drinkwaterleiding '{c['drinkwaterleiding']}' (minimaal {getal(c['minimum_m'], 2, kort=True)} m)."
        f" {NIET_GEVRAAGD}",
        "bron": "processes/data/warmte_alternatieven.toml [wijkanalyse]",
        "afstand_m": c["afstand_m"],
    }


def _verdeling(analyse: dict[str, Any], correcties: dict[str, Any]) -> list[dict[str, Any]]:
    if correcties.get("aantal_woningen"):
        n = warmte.eis_aantal_woningen(correcties["aantal_woningen"])
        aandelen = {e: float(correcties.get(f"aandeel_{e}", 0) or 0) for e in warmte.EIGENDOM}
        if sum(aandelen.values()) <= 0:
            aandelen["koop"] = 100.0
        totaal = sum(aandelen.values())
        return [
            {"eigendom": e, "labelgroep": "onbekend", "aantal": round(n * a / totaal)}
            for e, a in aandelen.items()
        ]
    return list(analyse.get("verdeling") or [])


def warmte_alternatieven(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Heat network / all-electric / hybrid with indicative costs per stakeholder (data, not a decision)."""
    ctx = current()
    analyse = data.get("wijkanalyse") or {}
    verdeling = _verdeling(analyse, data.get("correcties") or {})
    n = sum(int(r["aantal"]) for r in verdeling)
    if n == 0:
        raise ValidationError(
            "Zonder woningaantallen zijn de kosten niet te berekenen; vul bij de wijkanalyse het "
            "aantal woningen en de eigendomsverdeling in.",
            code="alternatieven-geen-woningen",
        )
    potentie = (analyse.get("warmtenet_potentie") or {}).get("niveau", "midden")
    kosten = warmte.kosten_alternatieven(verdeling, potentie)
    ctx.case_updates["alternatieven"] = [{k: a[k] for k in ("code", "totaal", "per_woning")} for a in kosten]
    return {
        "aantal_woningen": n,
        "warmtenet_potentie": potentie,
        "alternatieven": kosten,
        "bron": warmte.kostenbron(),
    }


def wup_voorkeur(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    keuze = warmte.eis_alternatief(data.get("voorkeursalternatief"), "voorkeursalternatief")
    naam = warmte.alternatieven()[keuze]["naam"]
    ctx.case_updates["warmte_bestemming"] = keuze
    ctx.event("alternatieven", f"Voorkeursalternatief: {naam}.", public=True)
    return {"code": keuze, "naam": naam}


def _dag(iso: str) -> str:
    """A day the plan stored (ISO) as its public timeline says it: "21 mei 2026"."""
    return datum_nl(warmte.als_datum(iso, "De datum"))


def wup_participatie(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Record an information evening or survey, and opt-outs per building for an equally sustainable option."""
    ctx = current()
    vorige = data.get("participatie") or {"activiteiten": [], "opt_outs": []}
    activiteiten = list(vorige.get("activiteiten", []))
    if data.get("activiteit"):
        with bij_veld(_ACTIVITEIT_VELDEN):
            act = warmte.participatie_activiteit(data["activiteit"], ctx.today())
        activiteiten.append(act)
        extra = f", respons {act['respons_pct']}%" if "respons_pct" in act else ""
        ctx.event(
            "participatie",
            f"{act['soort'].capitalize()} op {_dag(act['datum'])} ({act['aantal_deelnemers']} deelnemers{extra}).",
            public=True,
        )
    gekozen = (data.get("voorkeur") or {}).get("code")
    with bij_veld(_OPTOUT_VELDEN, lijst="opt_outs"):
        nieuw = warmte.opt_outs(data.get("opt_outs") or [], gekozen)
    # a new preferred option after a rework: an earlier opt-out that no longer is one lapses
    blijven, vervallen = warmte.geldige_opt_outs(vorige.get("opt_outs", []), gekozen)
    if vervallen:
        ctx.event(
            "participatie",
            f"{len(vervallen)} eerdere opt-out(s) vervallen: geen opt-out meer bij '{gekozen}'.",
        )
    per_gebouw = {o["gebouw"]: o for o in blijven}
    per_gebouw.update({o["gebouw"]: o for o in nieuw})
    if nieuw:
        ctx.event("participatie", f"{len(nieuw)} opt-out(s) vastgelegd voor een even duurzaam alternatief.")
    register = {"activiteiten": activiteiten, "opt_outs": list(per_gebouw.values())}
    ctx.case_updates["participatie"] = {"activiteiten": len(activiteiten), "opt_outs": len(per_gebouw)}
    return register


def wup_uitvoering(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    with bij_veld(_MIJLPAAL_VELDEN, lijst="mijlpalen"):
        mijlpalen = warmte.uitvoeringsplanning(data.get("mijlpalen") or [], ctx.today())
    ctx.case_updates["mijlpalen"] = [
        {k: m[k] for k in ("nummer", "naam", "partij", "uiterlijk")} for m in mijlpalen
    ]
    ctx.event(
        "uitvoering",
        f"Uitvoeringsplanning: {aantal(len(mijlpalen), 'mijlpaal', 'mijlpalen')}, "
        f"{'de laatste ' if len(mijlpalen) > 1 else ''}uiterlijk op {_dag(mijlpalen[-1]['uiterlijk'])}.",
        public=True,
    )
    return {"mijlpalen": mijlpalen, "volgende": 0, "gereed": []}


def wup_mijlpaal(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    planning = dict(data["planning"])
    gereed = warmte.mijlpaal_gereed(data["mijlpaal"], data.get("gereed_op"), ctx.today())
    planning["gereed"] = [*planning.get("gereed", []), gereed]
    planning["volgende"] = int(planning["volgende"]) + 1
    laat = f", {warmte.dagen(gereed['dagen_te_laat'])} te laat" if gereed["te_laat"] else ""
    gemeld = _samenvatting(ctx).mijlpaal_te_laat or {}
    if (gemeld.get("naam"), gemeld.get("uiterlijk")) == (gereed["naam"], gereed["uiterlijk"]):
        ctx.case_updates["mijlpaal_te_laat"] = None  # reported done: no longer late
        if not gereed["te_laat"]:  # the late notice came because the task opened after the due date
            laat = ", op tijd; de eerdere melding 'nog niet gereed gemeld' vervalt"
    ctx.event(
        "mijlpaal", f"Mijlpaal '{gereed['naam']}' gereed op {_dag(gereed['gereed_op'])}{laat}.", public=True
    )
    ctx.case_updates["mijlpalen_gereed"] = [
        {k: m[k] for k in ("nummer", "naam", "gereed_op", "te_laat")} for m in planning["gereed"]
    ]
    return planning


def wup_mijlpaal_signaal(data: dict[str, Any], soort: str = "herinnering", **_: Any) -> dict[str, Any]:
    """Reminder before the due date, or the late notice after it (to the project leader)."""
    ctx = current()
    m = data["mijlpaal"]
    if soort == "herinnering":
        if ctx.today().isoformat() < m["uiterlijk"]:  # no reminder once the due date has passed
            ctx.event(
                "herinnering",
                f"Herinnering aan {m['groep']}: mijlpaal '{m['naam']}' uiterlijk {m['uiterlijk']}.",
            )
    else:
        # what is known: not reported done (its task may have opened only after the due date)
        ctx.event(
            "mijlpaal-te-laat",
            f"Mijlpaal '{m['naam']}' ({m['groep']}) is op de uiterste datum {_dag(m['uiterlijk'])} nog niet gereed "
            "gemeld.",
            public=True,
        )
        ctx.case_updates["mijlpaal_te_laat"] = {
            "naam": m["naam"],
            "partij": m["partij"],
            "uiterlijk": m["uiterlijk"],
        }
    return {"soort": soort, "op": ctx.today().isoformat()}


def wup_subsidie(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Warning rule: a hybrid heat pump subsidy in a wijk destined for a heat network."""
    ctx = current()
    aanvraag = warmte.subsidieaanvraag(data.get("subsidiebericht") or {})
    bestemming = _samenvatting(ctx).warmte_bestemming
    tekst = warmte.subsidie_waarschuwing(bestemming, aanvraag["soort"])
    ctx.event(
        "subsidie",
        f"Subsidieaanvraag ({aanvraag['soort']}) gemeld" + ("; waarschuwing" if tekst else "") + ".",
    )
    return {**aanvraag, "bestemming": bestemming, "waarschuwing": bool(tekst), "tekst": tekst or ""}


def wup_vraag(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    vraag = warmte.vraag_openbare_ruimte(data.get("vraagbericht") or {})
    ctx.event("vraag", f"Vraag over {vraag['onderwerp']} doorgezet naar Openbare Ruimte.", public=True)
    return vraag


# One service name per task: the deploy check treats operator and parameter ids as element ids.
def wup_mijlpaal_herinnering(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    return wup_mijlpaal_signaal(data, soort="herinnering")


def wup_mijlpaal_te_laat(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    return wup_mijlpaal_signaal(data, soort="te laat")
