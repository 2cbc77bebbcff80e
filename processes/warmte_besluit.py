"""Rules for the decisions on a wijkuitvoeringsplan (DOMAIN.md Procedure 2, phase 5) beside ``processes.warmte``:
which alternative an omgevingsplan gas-off date fits, the earliest date a decision may carry, the lead time,
and the public words for the raad's decision and the omgevingsplan change it starts.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import als_datum, datum_nl, plus_maanden
from processes.warmte import alternatieven


def eis_gasvrij(alternatief: str) -> None:
    """An omgevingsplan change sets a date after which the wijk is off gas (DOMAIN.md Procedure 2): only
    for an alternative the data file marks ``gasvrij`` (not hybride, which still uses gas)."""
    alt = alternatieven()[alternatief]
    if not alt["gasvrij"]:
        raise ValidationError(
            f"'{alt['naam']}' maakt de wijk niet aardgasvrij: een omgevingsplanwijziging met een datum "
            "aardgasvrij past daar niet bij. Kies een aardgasvrij alternatief of laat de datum weg.",
            code="aardgasvrij-niet-gasvrij",
        )


def besluit_ondergrens(
    wup: Mapping[str, Any], participatie: Mapping[str, Any] | None
) -> tuple[date, str] | None:
    """The earliest day a decision on the plan may carry, with what it follows: the plan's start, its
    last participation activity (phase 4 comes before phase 5) and the lapse of the previous round."""
    grenzen: list[tuple[date, str]] = []
    historie = wup.get("historie") or []
    if historie:
        grenzen.append((als_datum(historie[0]["vanaf"], "De start van het plan"), "de start van het plan"))
    for act in (participatie or {}).get("activiteiten") or []:
        grenzen.append((als_datum(act["datum"], "De datum van de activiteit"), f"de {act['soort']}"))
    if wup.get("vervallen_op"):
        grenzen.append(
            (als_datum(wup["vervallen_op"], "Vervallen op"), "het vervallen van de vorige besluiten")
        )
    return max(grenzen, key=lambda g: g[0]) if grenzen else None


def jaren_na(dag: date, jaren: int) -> date:
    """The same calendar day ``jaren`` years later (29 February: 28 February in a common year)."""
    return plus_maanden(dag, 12 * jaren)


def te_korte_aanloop(besluit: date, aardgasvrij_op: object, richtlijn_jaren: int) -> date | None:
    """The earliest gas-off day the guideline allows after the raadsbesluit, when ``aardgasvrij_op``
    comes before it (in calendar years, not 365-day ones); None when it does not."""
    vroegst = jaren_na(besluit, richtlijn_jaren)
    return vroegst if als_datum(aardgasvrij_op, "De datum aardgasvrij") < vroegst else None


def omgevingsplan_vervolg(instellingen: TermijnInstellingen | None = None) -> str:
    """What follows the raad's decision to change the omgevingsplan, in public words: the change is not
    made by that decision. It follows the uniforme openbare voorbereidingsprocedure (Omgevingswet art. 16.30
    lid 1, afdeling 3.4 Awb: the ontwerp ter inzage, zienswijzen within the term of Awb 3:16), takes effect
    only after its bekendmaking, and is open to beroep at the Afdeling bestuursrechtspraak (Awb 6:7)."""
    termijnen = instellingen or TermijnInstellingen.standaard()
    return (
        "De wijziging van het omgevingsplan is hiermee nog niet vastgesteld: zij volgt de uniforme openbare "
        "voorbereidingsprocedure (afdeling 3.4 Awb). Het ontwerp gaat ter inzage en iedereen kan binnen "
        f"{termijnen.ter_inzage_weken} weken een zienswijze geven. De wijziging geldt pas na de bekendmaking; "
        "daarna is beroep mogelijk bij de Afdeling bestuursrechtspraak van de Raad van State (binnen "
        f"{termijnen.bezwaartermijn_weken} weken)."
    )


def raadsbesluit_tekst(raad: Mapping[str, Any]) -> str:
    """The public timeline's line for the raad's decision on the plan: adopted or not, and when it starts
    an omgevingsplan change, that it starts it (not that the omgevingsplan changed), with the plan's
    streefdatum aardgasvrij and what follows (:func:`omgevingsplan_vervolg`)."""
    uitkomst = "vastgesteld" if raad["vastgesteld"] else "niet vastgesteld"
    dag = datum_nl(als_datum(raad["datum"], "De datum van het raadsbesluit"))
    tekst = f"Gemeenteraad: wijkuitvoeringsplan {uitkomst} ({dag})."
    if raad.get("aardgasvrij_op"):
        streef = datum_nl(als_datum(raad["aardgasvrij_op"], "De streefdatum aardgasvrij"))
        tekst += (
            " De raad start een wijziging van het omgevingsplan; de streefdatum aardgasvrij van het plan is "
            f"{streef}. {omgevingsplan_vervolg()}"
        )
    return tekst


#: the plan's phase task, its field and the choice that ends the plan (bpmn/wijkuitvoeringsplan.bpmn)
FASE_TAAK, FASE_VELD, EINDE_KEUZE = "fase_afronden", "naar_fase", "plan beëindigen"
#: the tasks of a plan that take a besluit, each with the form field that holds the day it was taken: each
#: requires its signed besluit (model property ``documenten``), dated that day (bpmn/zgw.toml gives its
#: besluittype and bestuursorgaan)
BESLUIT_TAKEN = {
    "collegebesluit": "collegebesluit_op",
    "raadsbesluit": "raadsbesluit_op",
    "warmtekavel": "warmtekavel_op",
    "warmtebedrijf": "aangewezen_op",
}
#: what follows a "no" of the college or the raad: only rework, or rework or the end (by the model version)
NA_NEE_HERZIEN = "De projectleider kan het plan nu herzien en opnieuw aanbieden."
NA_NEE_KIEZEN = (
    "De projectleider beslist nu of het plan wordt herzien en opnieuw aangeboden, of wordt beëindigd."
)
#: the outcomes (``uitkomst.soort``) of such a "no"
NEE_SOORTEN = ("niet aangeboden", "niet vastgesteld")


def einde_aangeboden(fase_formulier: Mapping[str, Any] | None) -> bool:
    """Does a model version let the projectleider end the plan: does the form of its phase task
    (FASE_TAAK) offer EINDE_KEUZE? The first release's offers only the phases."""
    field = ((fase_formulier or {}).get("properties") or {}).get(FASE_VELD)
    return isinstance(field, dict) and EINDE_KEUZE in (field.get("enum") or [])


def na_nee(tekst: str, einde_mogelijk: bool) -> str:
    """An outcome text after a "no" with the what-now sentence of the case's model version: a text
    written on another version (a case migrated since) gets this version's sentence instead."""
    kern = tekst.removesuffix(NA_NEE_HERZIEN).removesuffix(NA_NEE_KIEZEN).rstrip()
    return f"{kern} {NA_NEE_KIEZEN if einde_mogelijk else NA_NEE_HERZIEN}"
