"""The omgevingsvergunning (Omgevingswet permit): pure permit logic used by bpmn/omgevingsvergunning.bpmn.

Activities, bevoegd gezag and behandeldienst, the adviser list built from the routing table and the
locatiecheck, instemming rules for the decision, when the deadline watch wakes up, and the Dutch
status texts. No database, workflow or web imports: the services in
services/domain/vergunning.py and services/domain/termijnen.py wire this to the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from processes.advies_routering import adviesverzoeken
from processes.errors import ValidationError, given
from processes.nederlands import opsomming
from processes.termijnen import per_post_uiterlijk, rechtsmiddelentermijn, termijn_na, waarschuwingsdatum
from processes.termijnen.beslistermijn import beslistermijn
from processes.termijnen.datums import datum_nl, eis_datum, lees_datum, ontvangstdag
from processes.termijnen.rechtsmiddelen import termijn_naam
from processes.vergunning_besluit import (
    BESLUITEN,
    besluit_voorschriften,
    controleer_besluit,
    voorschriften_overnemen,
    voorschriften_uit_besluit,
    woorden,
)

# advice routing and the decision have modules of their own; permit callers read them here
__all__ = [
    "BESLUITEN",
    "adviesverzoeken",
    "besluit_voorschriften",
    "controleer_besluit",
    "voorschriften_overnemen",
    "voorschriften_uit_besluit",
    "woorden",
]

#: Activities one application can combine (code -> Dutch label).
ACTIVITEITEN: dict[str, str] = {
    "technische_bouwactiviteit": "technische bouwactiviteit",
    "omgevingsplanactiviteit_binnenplans": "omgevingsplanactiviteit (binnenplans)",
    "omgevingsplanactiviteit_buitenplans": "buitenplanse omgevingsplanactiviteit (BOPA)",
    "milieubelastende_activiteit": "milieubelastende activiteit",
    "rijksmonumentenactiviteit": "rijksmonumentenactiviteit",
}
BEVOEGD_GEZAG = ("gemeente", "provincie", "rijk")
REGIMES = ("omgevingswet", "wabo")
#: The Omgevingswet took effect on 1 January 2024; only applications filed before that fall under the Wabo.
OMGEVINGSWET_SINDS = date(2024, 1, 1)
#: Group that handles the case under mandate when the omgevingsdienst is the behandeldienst.
OMGEVINGSDIENST = "Omgevingsdienst"
#: Default team for the permit's own tasks.
VERGUNNINGEN = "Vergunningen"
ADVIES_OORDELEN = ("akkoord", "akkoord_met_voorschriften", "niet_akkoord")


def _datum(waarde: Any, veld: str) -> date:
    if isinstance(waarde, date):
        return waarde
    return lees_datum(str(waarde)[:10] if waarde is not None else "", veld)


def _bool(data: Mapping[str, Any], key: str, veld: str) -> bool:
    value = data.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(
            f"{veld} moet waar of onwaar zijn, {given(value)}.", code="aanvraag-ongeldig", veld=key
        )
    return value


# -- intake ------------------------------------------------------------------------------------


def activiteiten_tekst(codes: Iterable[str]) -> str:
    """``["technische_bouwactiviteit", "rijksmonumentenactiviteit"]`` -> ``"technische bouwactiviteit en
    rijksmonumentenactiviteit"``."""
    return opsomming(ACTIVITEITEN.get(c, c) for c in codes)


def bepaal_behandeldienst(activiteiten: Iterable[str], opgegeven: str | None = None) -> str | None:
    """The omgevingsdienst handles milieubelastende activiteiten under mandate (basistakenpakket);
    an explicit ``behandeldienst`` in the application wins. None: the municipality handles the case."""
    if opgegeven:
        return str(opgegeven)
    return OMGEVINGSDIENST if "milieubelastende_activiteit" in set(activiteiten) else None


def _activiteiten(raw: Any) -> list[str]:
    """The requested activities (one code or a list), known and without repeats."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise ValidationError(
            "Geef ten minste één activiteit op (activiteiten), bijvoorbeeld 'technische_bouwactiviteit'.",
            code="activiteiten-ontbreken",
        )
    onbekend = [a for a in raw if a not in ACTIVITEITEN]
    if onbekend:
        raise ValidationError(
            f"Onbekende activiteit(en): {', '.join(map(str, onbekend))}. Kies uit: {', '.join(ACTIVITEITEN)}.",
            code="activiteit-onbekend",
        )
    return list(dict.fromkeys(raw))


def _regime(data: Mapping[str, Any], ontvangen: date) -> str:
    """The law the application falls under, which its receipt day decides: the Omgevingswet from
    OMGEVINGSWET_SINDS, the Wabo before it (art. 4.3 Invoeringswet Omgevingswet). Without ``regime`` the
    Omgevingswet; an earlier receipt day must name ``regime: wabo``, so that a mistyped year is not
    taken as a Wabo case long past its term (granted van rechtswege at once) but asked about."""
    gegeven = data.get("regime")
    regime = str(gegeven or "omgevingswet")
    if regime not in REGIMES:
        raise ValidationError(
            f"Onbekend regime '{regime}': kies 'omgevingswet' of 'wabo'.",
            code="regime-onbekend",
            veld="regime",
        )
    if regime == "wabo" and ontvangen >= OMGEVINGSWET_SINDS:
        raise ValidationError(
            f"Een aanvraag onder de Wabo moet vóór {datum_nl(OMGEVINGSWET_SINDS)} zijn ontvangen; deze is ontvangen op "
            f"{datum_nl(ontvangen)} en valt onder de Omgevingswet.",
            code="wabo-na-2024",
            veld="regime",
        )
    if regime == "omgevingswet" and ontvangen < OMGEVINGSWET_SINDS:
        raise _voor_omgevingswet(ontvangen, regime_gegeven=bool(gegeven))
    return regime


def _voor_omgevingswet(ontvangen: date, *, regime_gegeven: bool) -> ValidationError:
    """The refusal of an application received before the Omgevingswet took effect that does not say
    ``regime: wabo``: at ``ontvangen`` when the Omgevingswet was asked for, else at ``regime``."""
    tekst = (
        f"De aanvraag is ontvangen op {datum_nl(ontvangen)}, vóór {datum_nl(OMGEVINGSWET_SINDS)}; dan geldt "
        "het oude recht, de Wabo (artikel 4.3 Invoeringswet Omgevingswet)"
    )
    if regime_gegeven:
        return ValidationError(
            f"{tekst}, niet de Omgevingswet. Verbeter de ontvangstdatum, of kies regime 'wabo' als die datum klopt.",
            code="omgevingswet-voor-2024",
            veld="ontvangen",
        )
    return ValidationError(
        f"{tekst}. Geef regime 'wabo' op als die datum klopt, of verbeter de ontvangstdatum.",
        code="regime-ontbreekt",
        veld="regime",
    )


#: the permit's reason in ontvangstdag's refusal of a day before the Wabo
_VROEGSTE_AANVRAAG = "toen de Wabo in werking trad; zo oud kan een aanvraag omgevingsvergunning niet zijn"


def normaliseer_aanvraag(data: Mapping[str, Any], *, vandaag: date) -> dict[str, Any]:
    """Check the start data of a permit case and return the normalised ``aanvraag`` the model uses.

    Expected keys: ``activiteiten`` (list of codes from ACTIVITEITEN, at least one), optional
    ``mer_plichtig``, ``bopa_aangewezen`` (BOPA designated by the gemeenteraad), ``regime``
    (omgevingswet | wabo), ``bevoegd_gezag`` (gemeente | provincie | rijk), ``behandeldienst``,
    ``onderwerp`` (subject for the locatiecheck, default bouwwerk) and ``ontvangen`` (ISO date).
    """
    ontvangen = ontvangstdag(data.get("ontvangen"), vandaag, vroegste=_VROEGSTE_AANVRAAG)
    activiteiten = _activiteiten(data.get("activiteiten"))
    regime = _regime(data, ontvangen)
    gezag = str(data.get("bevoegd_gezag") or "gemeente")
    if gezag not in BEVOEGD_GEZAG:
        raise ValidationError(
            f"Onbekend bevoegd gezag '{gezag}': kies gemeente, provincie of rijk.",
            code="bevoegd-gezag-onbekend",
        )
    mer = _bool(data, "mer_plichtig", "MER-plichtig")
    bopa = _bool(data, "bopa_aangewezen", "BOPA aangewezen door de gemeenteraad")
    if bopa and "omgevingsplanactiviteit_buitenplans" not in activiteiten:
        raise ValidationError(
            "Alleen een buitenplanse omgevingsplanactiviteit kan door de gemeenteraad zijn aangewezen "
            "(bopa_aangewezen) zonder activiteit 'omgevingsplanactiviteit_buitenplans'.",
            code="bopa-zonder-buitenplans",
        )
    behandeldienst = bepaal_behandeldienst(activiteiten, data.get("behandeldienst"))
    return {
        "ontvangen": ontvangen.isoformat(),
        "activiteiten": activiteiten,
        "activiteiten_tekst": activiteiten_tekst(activiteiten),
        "buitenplans": "omgevingsplanactiviteit_buitenplans" in activiteiten,
        "mer_plichtig": mer,
        "bopa_aangewezen": bopa,
        "regime": regime,
        "bevoegd_gezag": gezag,
        "behandeldienst": behandeldienst,
        "behandelgroep": OMGEVINGSDIENST if behandeldienst == OMGEVINGSDIENST else VERGUNNINGEN,
        "onderwerp": str(data.get("onderwerp") or "bouwwerk"),
    }


#: the ``besluit`` of a permit granted by operation of law (a legacy Wabo case whose term ended before
#: 2024): no besluit was taken, none was made known and no bezwaartermijn ran
VAN_RECHTSWEGE = "van rechtswege"


def van_rechtswege_mogelijk(
    aanvraag: Mapping[str, Any], procedure: str, termijn: Mapping[str, Any] | None = None
) -> bool:
    """Only a Wabo case (reguliere procedure) whose term ended before OMGEVINGSWET_SINDS is granted van
    rechtswege: art. 4.3 Invoeringswet Omgevingswet keeps the Wabo "met uitzondering van artikel 3.9,
    derde lid, eerste zin" and the Ow has none (16.64 lid 4), so a later end passes as an Omgevingswet
    case's (ingebrekestelling, dwangsom). ``termijn``: the term state; without it (a model of an earlier
    version) the term from ``ontvangen`` without suspension or verdaging, the earliest it can end."""
    if aanvraag.get("regime") != "wabo" or procedure != "regulier":
        return False
    if isinstance(termijn, Mapping) and termijn.get("uiterste_beslisdatum"):
        einde = lees_datum(str(termijn["uiterste_beslisdatum"])[:10], "De uiterste beslisdatum")
    else:
        ontvangen = lees_datum(str(aanvraag.get("ontvangen") or "")[:10], "De ontvangstdatum")
        einde = beslistermijn(ontvangen, "regulier", vandaag=ontvangen).uiterste_beslisdatum
    return einde < OMGEVINGSWET_SINDS


# -- advice routing ----------------------------------------------------------------------------


def advies_uit_formulier(
    adviseur: Mapping[str, Any],
    oordeel: str,
    toelichting: str | None = None,
    voorschriften: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The stored advice of one adviser (output item of the multi-instance advice task)."""
    if oordeel not in ADVIES_OORDELEN:
        raise ValidationError(
            f"Onbekend oordeel '{oordeel}': kies {', '.join(ADVIES_OORDELEN)}.", code="oordeel-onbekend"
        )
    return {
        "groep": adviseur.get("groep"),
        "soort": adviseur.get("soort", "advies"),
        "oordeel": oordeel,
        "positief": oordeel != "niet_akkoord",
        "toelichting": toelichting or "",
        "voorschriften": [str(v) for v in (voorschriften or []) if str(v).strip()],
    }


def rechtsmiddel(procedure: str, bekendgemaakt: date) -> dict[str, str]:
    """Regulier: 6 weeks bezwaar; uitgebreid: no bezwaar, 6 weeks beroep (day 0 = bekendmaking); and
    ``per_post_tot``, the last day a bezwaarschrift posted in time may arrive, after which the besluit
    is onherroepelijk (unless a bezwaar came).

    The term itself is processes.termijnen.rechtsmiddelentermijn, which the besluit's clause uses too.
    """
    termijn = rechtsmiddelentermijn("uitgebreid" if procedure == "uitgebreid" else "regulier", bekendgemaakt)
    tot = termijn.laatste_dag
    soort = termijn.rechtsmiddel
    rm = {"soort": soort, "termijn_naam": termijn_naam(soort), "van": bekendgemaakt.isoformat()}
    return met_postweek({**rm, "tot": tot.isoformat(), "tot_tekst": datum_nl(tot)})


def met_postweek(rm: Mapping[str, Any]) -> dict[str, Any]:
    """``rm`` (a rechtsmiddel) with ``per_post_tot(_tekst)``: a letter posted by ``tot`` may arrive until
    then (Awb 6:9 lid 2); and with ``termijn_naam`` ("beroepstermijn"), which the model's wait texts say. Computed from ``tot`` when ``rm`` has none: a besluit made known under an
    earlier version of the permit model (up to 4 December 2026) and migrated."""
    named = {**rm, "termijn_naam": rm.get("termijn_naam") or termijn_naam(str(rm.get("soort") or "bezwaar"))}
    if rm.get("per_post_tot") and rm.get("per_post_tot_tekst"):
        return named
    per_post = per_post_uiterlijk(lees_datum(str(rm.get("tot") or "")[:10], "Het einde van de termijn"))
    return {**named, "per_post_tot": per_post.isoformat(), "per_post_tot_tekst": datum_nl(per_post)}


def ter_inzage_periode(start: date) -> dict[str, str]:
    """The ontwerpbesluit lies ter inzage for 6 weeks. The term begins *on* ``start``, the day it is laid
    open (Awb 3:16 lid 2, "met ingang van de dag waarop het ontwerp ter inzage is gelegd"), so its last
    day is one before that of a term counted from the day after (day 0 = the day before ``start``)."""
    tot = termijn_na(eis_datum(start, "De begindatum") - timedelta(days=1), weken=6)
    return {"van": start.isoformat(), "tot": tot.isoformat(), "tot_tekst": datum_nl(tot)}


# -- deadline watch ----------------------------------------------------------------------------


def bewaking_plannen(
    termijn: Mapping[str, Any], gewaarschuwd_voor: str | None, vandaag: date
) -> dict[str, str]:
    """When the deadline watch wakes up next: the warning (2 weeks before the end, once per end date)
    or the end of the term. Returns ``{"soort": "waarschuwing"|"einde", "datum": ISO}``."""
    uiterste = _datum(termijn["uiterste_beslisdatum"], "De uiterste beslisdatum")
    if gewaarschuwd_voor != uiterste.isoformat() and vandaag <= uiterste:
        waarschuw = _datum(
            termijn.get("waarschuwingsdatum") or waarschuwingsdatum(uiterste), "De waarschuwingsdatum"
        )
        return {"soort": "waarschuwing", "datum": max(waarschuw, vandaag).isoformat()}
    return {"soort": "einde", "datum": uiterste.isoformat()}


# -- Dutch texts -------------------------------------------------------------------------------


def ontvangstbevestiging_tekst(
    aanvraag: Mapping[str, Any], procedure: str, termijn: Mapping[str, Any], *, voor_derden: bool = False
) -> str:
    """The ontvangstbevestiging the applicant reads; ``voor_derden``: the same in the third person, as every
    other reader of the case reads it (processes.aanspreekvorm)."""
    ontvangen = _datum(aanvraag["ontvangen"], "De ontvangstdatum")
    uiterste = _datum(termijn["uiterste_beslisdatum"], "De uiterste beslisdatum")
    wie, doet = (
        ("de gemeente heeft de", "Zij behandelt haar")
        if voor_derden
        else ("wij hebben uw", "Wij behandelen haar")
    )
    beslist = "beslist" if voor_derden else "beslissen"
    return (
        f"Ontvangstbevestiging: {wie} aanvraag voor een {aanvraag.get('activiteiten_tekst')} ontvangen op "
        f"{datum_nl(ontvangen)}. {doet} in de {procedure}e procedure en {beslist} uiterlijk op "
        f"{datum_nl(uiterste)}."
    )


def termijn_verstreken_tekst(
    uiterste: date, verzonden: Any, *, van_rechtswege: bool, voor_derden: bool = False
) -> str:
    """The public line that the beslistermijn ended on ``uiterste`` without a besluit made known. A case the
    permit may come to van rechtswege is told no ingebrekestelling (no dwangsom is due: Awb 4:20a lid 2);
    ``verzonden``: the day the letter of a besluit taken within the term will be sent (None: none taken);
    ``voor_derden``: in the third person, as every other reader of the case reads it."""
    if van_rechtswege:
        return f"De beslistermijn is op {datum_nl(uiterste)} verstreken zonder besluit."
    wie = "De aanvrager kan" if voor_derden else "U kunt"
    if verzonden:
        return (
            f"De beslistermijn is op {datum_nl(uiterste)} verstreken. Het besluit is genomen, maar wordt pas "
            f"op {datum_nl(_datum(verzonden, 'De verzenddatum'))} verzonden; tot dan is het niet bekendgemaakt "
            f"(Awb 3:40). {wie} de gemeente schriftelijk in gebreke stellen; is het besluit twee weken daarna "
            "nog niet verzonden, dan is een dwangsom verschuldigd (Awb 4:17)."
        )
    return (
        f"De beslistermijn is op {datum_nl(uiterste)} verstreken zonder besluit. {wie} de "
        "gemeente schriftelijk in gebreke stellen; twee weken daarna is een dwangsom verschuldigd."
    )


def aanvullingsverzoek_tekst(ontbrekend: str | None, tot_uiterlijk: Any, *, voor_derden: bool = False) -> str:
    """The aanvullingsverzoek the applicant reads; ``voor_derden``: in the third person."""
    tot = _datum(tot_uiterlijk, "Het einde van de aanvullingstermijn")
    wat = f" Ontbrekend: {ontbrekend}." if ontbrekend else ""
    vraag = (
        f"De aanvrager kan haar uiterlijk {datum_nl(tot)} aanvullen"
        if voor_derden
        else f"Vul haar uiterlijk {datum_nl(tot)} aan"
    )
    return (
        f"{'De' if voor_derden else 'Uw'} aanvraag is niet compleet.{wat} {vraag}. Tot de aanvulling binnen is, "
        "staat de beslistermijn stil."
    )


def besluit_tekst(besluit: str, aantal_voorschriften: int = 0) -> str:
    if besluit == "verlenen":
        mits = (
            f" met {aantal_voorschriften} voorschrift{'en' if aantal_voorschriften != 1 else ''}"
            if aantal_voorschriften
            else ""
        )
        return f"vergunning verleend{mits}"
    return "vergunning geweigerd"
