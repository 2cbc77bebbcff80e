"""Wijkuitvoeringsplan (heat transition per wijk): phases, wijkanalyse, alternatives, participation, Wcw order.

Pure domain logic: no web, database or workflow imports. Money and thresholds come from
``processes/data/warmte_alternatieven.toml`` (with source notes). Only aggregates leave this module:
no personal data (a building is referred to by its BAG id, never by its residents).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

from processes.datafiles import lees_data
from processes.errors import ValidationError, in_regel
from processes.nederlands import aantal, getal
from processes.persoonsgegevens import PERSOONSWOORDEN as PERSOONSWOORDEN
from processes.persoonsgegevens import geen_persoonsgegevens as geen_persoonsgegevens
from processes.termijnen.datums import als_datum as als_datum
from processes.warmte_uitvoering import PARTIJEN as PARTIJEN
from processes.warmte_uitvoering import mijlpaal_gereed as mijlpaal_gereed
from processes.warmte_uitvoering import uitvoeringsplanning as uitvoeringsplanning

FASEN = ("initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering")
EIGENDOM = ("koop", "sociale_huur", "particuliere_huur")
EIGENAAR_PARTIJ = {
    "koop": "eigenaar_bewoners",
    "sociale_huur": "woningcorporatie",
    "particuliere_huur": "particuliere_verhuurders",
}
ACTIVITEITEN = ("informatieavond", "enquete", "spreekuur", "wijkwandeling", "klankbordgroep")
SUBSIDIES = ("hybride_warmtepomp", "warmtepomp", "isolatie", "zonneboiler", "aansluiting_warmtenet")
#: Questions outside energy go to Openbare Ruimte.
ONDERWERPEN_OPENBARE_RUIMTE = (
    "straat",
    "stoep",
    "speelplaats",
    "groen",
    "verkeer",
    "parkeren",
    "riolering",
    "overig",
)
BAG_ID = re.compile(r"^\d{16}$")


@cache
def _data() -> dict[str, Any]:
    return lees_data("warmte_alternatieven.toml")


def alternatieven() -> dict[str, dict[str, Any]]:
    """The heat alternatives by code (warmtenet, all_electric, hybride) as in the data file."""
    return {a["code"]: dict(a) for a in _data()["alternatief"]}


def eis_alternatief(code: object, veld: str = "alternatief") -> str:
    known = alternatieven()
    if code not in known:
        raise ValidationError(
            f"Onbekend {veld} '{code}'. Kies uit: {', '.join(known)}.", code="alternatief-onbekend"
        )
    return str(code)


# -- phases ------------------------------------------------------------------------------------------
def eis_fase(fase: object) -> str:
    if fase not in FASEN:
        raise ValidationError(f"Onbekende fase '{fase}'. Fasen: {', '.join(FASEN)}.", code="fase-onbekend")
    return str(fase)


def fase_overgang(van: object, naar: object) -> dict[str, str]:
    """Check a phase change: forward to the next phase, or back to an earlier one; never skip a phase."""
    van_f, naar_f = eis_fase(van), eis_fase(naar)
    i, j = FASEN.index(van_f), FASEN.index(naar_f)
    if j == i:
        raise ValidationError(
            f"Het plan is al in fase '{van_f}'; kies de volgende fase of een eerdere fase.",
            code="fase-ongewijzigd",
        )
    if j > i + 1:
        overgeslagen = ", ".join(f"'{f}'" for f in FASEN[i + 1 : j])
        raise ValidationError(
            f"Fase '{naar_f}' kan nog niet beginnen: na '{van_f}' komt eerst {overgeslagen}. "
            "Een fase overslaan kan niet.",
            code="fase-overgeslagen",
        )
    return {"van": van_f, "naar": naar_f, "richting": "vooruit" if j > i else "terug"}


# -- wijkanalyse -------------------------------------------------------------------------------------
def labelgroep(label: object) -> str:
    groups: dict[str, str] = _data()["wijkanalyse"]["labelgroepen"]
    return groups.get(str(label).strip().upper(), "onbekend") if label else "onbekend"


def woningvoorraad(woningen: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts per owner type and energy label (aggregates only) of the homes in a wijk."""
    eigendom: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    groepen: Counter[tuple[str, str]] = Counter()
    for w in woningen:
        e = w.get("eigendom") if w.get("eigendom") in EIGENDOM else "onbekend"
        raw = w.get("energielabel")  # missing values from a layer may be None or NaN
        label = raw.strip().upper() if isinstance(raw, str) and raw.strip() else "onbekend"
        eigendom[str(e)] += 1
        labels[label] += 1
        groepen[(str(e), labelgroep(label))] += 1
    n = sum(eigendom.values())

    def aandeel(k: int) -> float:
        return round(k / n, 3) if n else 0.0

    return {
        "aantal_woningen": n,
        "eigendom": {k: {"aantal": v, "aandeel": aandeel(v)} for k, v in sorted(eigendom.items())},
        "energielabels": dict(sorted(labels.items())),
        "labelbekend_aandeel": aandeel(n - labels.get("onbekend", 0)),
        "verdeling": [{"eigendom": e, "labelgroep": g, "aantal": v} for (e, g), v in sorted(groepen.items())],
    }


def warmtenet_potentie(
    aantal_woningen: int, oppervlakte_ha: float, afstand_warmtenet_m: float | None
) -> dict[str, Any]:
    """Heat-network potential from density and the distance to an existing or planned heat network."""
    cfg = _data()["wijkanalyse"]
    dichtheid = aantal_woningen / oppervlakte_ha if oppervlakte_ha > 0 else 0.0
    nabij = afstand_warmtenet_m is not None and afstand_warmtenet_m <= cfg["warmtenet_nabij_m"]
    if dichtheid >= cfg["warmtenet_kansrijk_woningen_per_ha"] or (
        nabij and dichtheid >= cfg["warmtenet_matig_woningen_per_ha"]
    ):
        niveau = "hoog"
    elif dichtheid >= cfg["warmtenet_matig_woningen_per_ha"] or nabij:
        niveau = "midden"
    else:
        niveau = "laag"
    reden = f"{getal(dichtheid)} woningen per hectare"
    if afstand_warmtenet_m is not None:
        reden += f"; warmtenet op {getal(afstand_warmtenet_m)} m"
    return {"niveau": niveau, "woningen_per_ha": round(dichtheid, 1), "reden": reden}


def plan_in_wijk_minimum() -> float:
    """The least share of a plan's geometry that must lie in the wijk it names."""
    return float(_data()["wijkanalyse"]["plan_in_wijk_min_aandeel"])


def min_afstand_warmte_drinkwater() -> float:
    return float(_data()["wijkanalyse"]["warmte_drinkwater_min_afstand_m"])


# -- alternatives and costs ----------------------------------------------------------------------------
def kosten_alternatieven(
    verdeling: Iterable[Mapping[str, Any]], potentie: str = "midden"
) -> list[dict[str, Any]]:
    """Indicative costs per stakeholder for each alternative, from the wijk's owner/label mix.

    ``verdeling``: rows {eigendom, labelgroep, aantal} (see :func:`woningvoorraad`). The cheapest total is
    marked ``laagste_nationale_kosten`` (the Transitievisie criterion), as a hint, not a decision.
    """
    rows = [dict(r) for r in verdeling]
    n = sum(int(r["aantal"]) for r in rows)
    factor = float(_data()["dichtheidsfactor"].get(potentie, 1.0))
    out = []
    for alt in alternatieven().values():
        kosten: dict[str, float] = {p: 0.0 for p in EIGENAAR_PARTIJ.values()}
        for r in rows:
            partij = EIGENAAR_PARTIJ.get(str(r["eigendom"]), "eigenaar_bewoners")
            per = alt["woning"].get(str(r["labelgroep"]), alt["woning"]["onbekend"])
            kosten[partij] += per * int(r["aantal"])
        for partij, per in alt["per_woning"].items():
            f = factor if (alt["code"] == "warmtenet" and partij == "warmtebedrijf") else 1.0
            kosten[partij] = kosten.get(partij, 0.0) + per * f * n
        kosten = {k: round(v) for k, v in kosten.items()}
        totaal = sum(kosten.values())
        out.append(
            {
                "code": alt["code"],
                "naam": alt["naam"],
                "gasvrij": alt["gasvrij"],
                "duurzaamheidsniveau": alt["duurzaamheidsniveau"],
                "kosten": kosten,
                "totaal": totaal,
                "per_woning": round(totaal / n) if n else 0,
                "jaarlasten_verschil_per_woning": alt["jaarlasten"],
            }
        )
    if out and n:
        min(out, key=lambda a: a["totaal"])["laagste_nationale_kosten"] = True
    return out


def kostenbron() -> str:
    return str(_data()["bron"]["kosten"])


# -- participation -----------------------------------------------------------------------------------
def participatie_activiteit(activiteit: Mapping[str, Any], vandaag: date) -> dict[str, Any]:
    """A recorded information evening / survey: kind, date (not in the future), number of participants."""
    soort = activiteit.get("soort")
    if soort not in ACTIVITEITEN:
        raise ValidationError(
            f"Onbekende participatie-activiteit '{soort}'. Kies uit: {', '.join(ACTIVITEITEN)}.",
            code="activiteit-onbekend",
        )
    datum = als_datum(activiteit.get("datum"), "De datum van de activiteit")
    if datum > vandaag:
        raise ValidationError(
            f"Een activiteit op {datum.isoformat()} ligt in de toekomst; leg haar vast als ze "
            "heeft plaatsgevonden.",
            code="activiteit-toekomst",
        )
    aantal = activiteit.get("aantal_deelnemers", 0)
    if not isinstance(aantal, int) or isinstance(aantal, bool) or aantal < 0:
        raise ValidationError(
            "Het aantal deelnemers moet een geheel getal van 0 of meer zijn.", code="activiteit-aantal"
        )
    out = {"soort": soort, "datum": datum.isoformat(), "aantal_deelnemers": aantal}
    if activiteit.get("respons_pct") is not None:
        respons = activiteit["respons_pct"]
        if not isinstance(respons, int | float) or isinstance(respons, bool) or not 0 <= respons <= 100:
            raise ValidationError(
                "De respons moet tussen 0 en 100 procent liggen.", code="activiteit-respons"
            )
        out["respons_pct"] = respons
    return out


def opt_outs(invoer: Iterable[Mapping[str, Any]], gekozen: str | None) -> list[dict[str, Any]]:
    """Per building (BAG id): an equally sustainable alternative instead of the chosen one."""
    alts = alternatieven()
    niveau = alts[gekozen]["duurzaamheidsniveau"] if gekozen in alts else 0
    out: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(invoer):
        with in_regel(i):  # a refusal names its row (services: at the row's field)
            gebouw, alt = _opt_out(item, gekozen, alts, niveau)
        out[gebouw] = {"gebouw": gebouw, "alternatief": alt}
    return list(out.values())


def _opt_out(
    item: Mapping[str, Any], gekozen: str | None, alts: Mapping[str, Mapping[str, Any]], niveau: int
) -> tuple[str, str]:
    """One opt-out row's building and alternative, checked."""
    gebouw = str(item.get("gebouw") or "")
    if not BAG_ID.match(gebouw):
        raise ValidationError(
            f"'{gebouw}' is geen BAG-id (16 cijfers). Leg een opt-out vast per gebouw, "
            "zonder persoonsgegevens.",
            code="optout-gebouw",
        )
    alt = eis_alternatief(item.get("alternatief"), "alternatief van de opt-out")
    if alt == gekozen:
        raise ValidationError(
            f"Gebouw {gebouw} kiest '{alt}', het gekozen alternatief zelf: dat is geen opt-out.",
            code="optout-zelfde",
        )
    if alts[alt]["duurzaamheidsniveau"] < niveau:
        raise ValidationError(
            f"'{alts[alt]['naam']}' is minder duurzaam dan '{alts[str(gekozen)]['naam']}': een opt-out mag alleen "
            "voor een even duurzaam alternatief.",
            code="optout-niet-gelijkwaardig",
        )
    return gebouw, alt


def geldige_opt_outs(
    register: Iterable[Mapping[str, Any]], gekozen: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split recorded opt-outs into those still valid against the chosen alternative (another, equally
    sustainable one) and those that lapsed (the choice itself, or now less sustainable)."""
    blijven: list[dict[str, Any]] = []
    vervallen: list[dict[str, Any]] = []
    for o in register:
        try:
            opt_outs([o], gekozen)
            blijven.append(dict(o))
        except ValidationError:
            vervallen.append(dict(o))
    return blijven, vervallen


#: more homes than any Dutch wijk has (the largest have some tens of thousands): a typing error
MAX_WONINGEN = 100_000


def eis_aantal_woningen(aantal: object) -> int:
    if not isinstance(aantal, int) or isinstance(aantal, bool) or not 0 <= aantal <= MAX_WONINGEN:
        raise ValidationError(
            f"Het aantal woningen moet een geheel getal van 0 tot en met {MAX_WONINGEN} zijn.",
            code="wijk-aantal-woningen",
        )
    return aantal


# -- decisions ---------------------------------------------------------------------------------------
def aardgasvrij_datum(raadsbesluit_op: object, datum: object) -> str:
    """The gas-off date of an omgevingsplan change must lie after the council decision."""
    besluit = als_datum(raadsbesluit_op, "De datum van het raadsbesluit")
    einde = als_datum(datum, "De datum waarop de wijk aardgasvrij is")
    if einde <= besluit:
        raise ValidationError(
            f"De aardgasvrij-datum ({einde.isoformat()}) moet na het raadsbesluit "
            f"({besluit.isoformat()}) liggen.",
            code="aardgasvrij-datum",
        )
    return einde.isoformat()


def aanloop_richtlijn_jaren() -> float:
    """The guideline lead time from raadsbesluit to the gas-off date (data, not a legal minimum)."""
    return float(_data()["besluit"]["aardgasvrij_richtlijn_jaren"])


def wcw_volgorde(warmtekavel_op: object | None, warmtebedrijf_op: object) -> str:
    """Wcw: the college designates a warmtebedrijf strictly after it set the warmtekavel."""
    if not warmtekavel_op:
        raise ValidationError(
            "Een warmtebedrijf kan pas worden aangewezen nadat het college een warmtekavel heeft "
            "vastgesteld (Wcw).",
            code="wcw-volgorde",
        )
    kavel = als_datum(warmtekavel_op, "De datum van de warmtekavel")
    aanwijzing = als_datum(warmtebedrijf_op, "De datum van de aanwijzing van het warmtebedrijf")
    if aanwijzing <= kavel:
        raise ValidationError(
            f"Het warmtebedrijf kan niet op {aanwijzing.isoformat()} zijn aangewezen: de warmtekavel is pas op "
            f"{kavel.isoformat()} vastgesteld en de aanwijzing moet daarna komen (Wcw).",
            code="wcw-volgorde",
        )
    return aanwijzing.isoformat()


def subsidie_waarschuwing(bestemming: str | None, subsidie: object) -> str | None:
    """Warning text when a hybrid heat pump subsidy is requested in a wijk destined for a heat network."""
    if subsidie == "hybride_warmtepomp" and bestemming == "warmtenet":
        return (
            "Subsidie voor een hybride warmtepomp aangevraagd in een wijk die naar een warmtenet gaat: "
            "dat geeft het verkeerde signaal. Overleg met de aanvrager over aansluiten op het warmtenet."
        )
    return None


def dagen(n: int) -> str:
    return aantal(n, "dag", "dagen", in_woorden=False)


def subsidieaanvraag(bericht: Mapping[str, Any]) -> dict[str, Any]:
    geen_persoonsgegevens(bericht)
    soort = bericht.get("soort")
    if soort not in SUBSIDIES:
        raise ValidationError(
            f"Onbekende subsidiesoort '{soort}'. Kies uit: {', '.join(SUBSIDIES)}.", code="subsidie-onbekend"
        )
    out: dict[str, Any] = {"soort": soort}
    if bericht.get("gebouw") is not None:
        if not BAG_ID.match(str(bericht["gebouw"])):
            raise ValidationError(
                f"'{bericht['gebouw']}' is geen BAG-id (16 cijfers).", code="subsidie-gebouw"
            )
        out["gebouw"] = str(bericht["gebouw"])
    return out


def vraag_openbare_ruimte(bericht: Mapping[str, Any]) -> dict[str, Any]:
    """A residents' question outside energy (streets, play areas, traffic): handed to Openbare Ruimte."""
    geen_persoonsgegevens(bericht)
    onderwerp = bericht.get("onderwerp")
    if onderwerp not in ONDERWERPEN_OPENBARE_RUIMTE:
        raise ValidationError(
            f"Onbekend onderwerp '{onderwerp}'. Kies uit: {', '.join(ONDERWERPEN_OPENBARE_RUIMTE)}.",
            code="vraag-onderwerp",
        )
    vraag = str(bericht.get("vraag") or "").strip()
    if not vraag or len(vraag) > 1000:
        raise ValidationError(
            "Geef de vraag (1 tot 1000 tekens), zonder persoonsgegevens.", code="vraag-tekst"
        )
    return {"onderwerp": onderwerp, "vraag": vraag}
