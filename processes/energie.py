"""Windpark / zonnepark initiatives: the intake, who decides (bevoegd gezag) and the decision of the provincie
or the Rijk, and the participation register. The transportverzoek to the netbeheerder is
``processes.netcongestie``; the form fields both read, ``processes.energie_invoer``.

Pure domain logic: no web, database or workflow imports. Thresholds (bevoegd gezag, sanity limits, the
50% local-ownership ambition) live in ``processes/data/bevoegd_gezag.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

from processes.datafiles import lees_data
from processes.energie_invoer import geheel_veld, getal_veld, keuze_veld, kort_getal
from processes.errors import ValidationError, given, in_regel
from processes.termijnen import termijn_na
from processes.termijnen.datums import datum_nl, eis_geheel_getal
from processes.termijnen.staat import niet_in_toekomst
from processes.vergunning import VAN_RECHTSWEGE
from processes.warmte import als_datum

SOORTEN = {"wind": "windpark", "zon": "zonnepark"}
INITIATIEFNEMERS = (
    "energiecoöperatie",
    "ontwikkelaar",
    "agrarische coöperatie",
    "bedrijf",
    "overheid",
    "particulier",
)
BESLUITEN = ("verleend", "geweigerd")
#: the fields of the besluit of the provincie or the Rijk (message ``besluit_extern``) that
#: ``besluit_extern`` reads, each with its longest text (processes.berichtgrenzen.check_fields)
BESLUIT_VELDEN = {"besluit": 40, "datum": 40, "kenmerk": 100}
#: their labels in the case file's "Ontvangen berichten"
BESLUIT_LABELS = {"besluit": "Besluit", "datum": "Datum van het besluit", "kenmerk": "Kenmerk"}
#: the outcomes of a windpark's permit that let the initiative go on: the provincie's or Rijk's 'verleend', the
#: municipality's 'verlenen' (processes.vergunning.BESLUITEN) and a permit granted by operation of law
VERLEEND = ("verleend", "verlenen", VAN_RECHTSWEGE)


def vergunning_verleend(besluit: str) -> bool:
    return besluit in VERLEEND


@cache
def _bg() -> dict[str, Any]:
    return lees_data("bevoegd_gezag.toml")


# -- bevoegd gezag -----------------------------------------------------------------------------------
def drempels(provincie: str | None = None) -> dict[str, Any]:
    """The MW thresholds for the DMN table (the province's own values when the data file has them)."""
    data = _bg()
    provincie = provincie or data["gemeente"]["provincie"]
    waarden = {**data["standaard"], **data.get("provincie", {}).get(provincie, {})}
    if "rijk_boven_mw" in waarden:  # the key of data files from before the boundary at (ten minste) 100 MW
        raise ValidationError(
            "De drempel rijk_boven_mw in bevoegd_gezag.toml heet nu rijk_vanaf_mw: het Rijk is bevoegd gezag "
            "vanaf die waarde (ten minste 100 MW, Elektriciteitswet 1998 art. 9b). Pas het gegevensbestand aan.",
            code="drempels-ongeldig",
        )
    rijk = float(waarden["rijk_vanaf_mw"])
    return {
        "provincie_vanaf_mw": float(waarden["provincie_vanaf_mw"]),
        "rijk_vanaf_mw": rijk,
        # read by the decision table of windpark versions deployed before this boundary (Rijk only above
        # it), so that a case started on such a version does not fail until the new version is deployed
        "rijk_boven_mw": rijk,
        "provincie": provincie,
        "bron": " ".join(str(data["bron"]["drempels"]).split()),
    }


def extern_orgaan(bevoegd_gezag: str, provincie: str) -> str | None:
    """Who decides when the municipality is not competent (for texts and the waiting line)."""
    template = _bg()["extern_orgaan"].get(bevoegd_gezag)
    return template.format(provincie=provincie) if template else None


def max_vermogen_mw() -> float:
    """The largest capacity a park on land plausibly has (MW): a larger one is a wrong unit."""
    return float(_bg()["invoer"]["max_mw"])


def lokaal_eigendom_ambitie() -> float:
    return float(_bg()["invoer"]["lokaal_eigendom_ambitie_pct"])


def normaliseer_initiatiefnemer(waarde: object) -> str:
    text = str(waarde or "").strip().lower().replace("_", " ")
    text = text.replace("cooperatie", "coöperatie")
    if text not in INITIATIEFNEMERS:
        raise ValidationError(
            f"Het type initiatiefnemer moet een van {', '.join(INITIATIEFNEMERS)} zijn, {given(waarde)}.",
            code="initiatiefnemer-onbekend",
            veld="initiatiefnemer_type",
        )
    return text


def lokaal_eigendom(data: Mapping[str, Any]) -> float:
    pct = getal_veld(
        data, "lokaal_eigendom_pct", "Het geplande aandeel lokaal eigendom (%)", "lokaal-eigendom-ongeldig", 0
    )
    if not 0 <= pct <= 100:
        raise ValidationError(
            f"Het aandeel lokaal eigendom moet tussen 0 en 100% liggen, niet {kort_getal(pct)}%.",
            code="lokaal-eigendom-ongeldig",
        )
    return pct


def intake(data: Mapping[str, Any], turbines: list[tuple[float, float]]) -> dict[str, Any]:
    """Validate the intake of a wind or solar initiative; ``turbines`` are the points of the case geometry."""
    soort = keuze_veld(
        {"soort": "wind", **data}, "soort", "De soort initiatief", tuple(SOORTEN), "soort-onbekend"
    )
    naam = str(data.get("naam") or "").strip()
    if not naam:
        raise ValidationError("Geef het initiatief een naam.", code="naam-ontbreekt")
    mw = getal_veld(data, "vermogen_mw", "Het vermogen (MW)", "vermogen-ongeldig")
    if mw <= 0:
        raise ValidationError(
            f"Het vermogen moet groter zijn dan 0 MW, niet {kort_getal(mw)} MW.", code="vermogen-ongeldig"
        )
    if mw > max_vermogen_mw():
        raise ValidationError(
            f"Een vermogen van {kort_getal(mw)} MW is onwaarschijnlijk voor een park op land "
            f"(maximaal {kort_getal(max_vermogen_mw())} MW); controleer de eenheid.",
            code="vermogen-ongeldig",
        )
    out: dict[str, Any] = {
        "soort": soort,
        "naam": naam,
        "vermogen_mw": mw,
        "initiatiefnemer_type": normaliseer_initiatiefnemer(data.get("initiatiefnemer_type")),
        "lokaal_eigendom_pct": lokaal_eigendom(data),
    }
    if soort == "wind":
        aantal = geheel_veld(data, "aantal_turbines", "Het aantal turbines", "turbines-ongeldig")
        if aantal < 1:
            raise ValidationError("Een windpark heeft ten minste één turbine.", code="turbines-ongeldig")
        if turbines and len(turbines) != aantal:
            raise ValidationError(
                f"Het aantal turbines ({aantal}) past niet bij de {len(turbines)} turbinelocaties "
                "op de kaart.",
                code="turbines-ongeldig",
            )
        limits = _bg()["invoer"]
        if mw / aantal > limits["max_mw_per_turbine"]:
            raise ValidationError(
                f"{kort_getal(mw)} MW over {aantal} turbine(s) is {kort_getal(mw / aantal)} MW per turbine; "
                "meer dan "
                f"{kort_getal(limits['max_mw_per_turbine'])} MW per turbine op land is onwaarschijnlijk.",
                code="vermogen-ongeldig",
            )
        out["aantal_turbines"] = aantal
    out["lokaal_eigendom_ambitie_pct"] = lokaal_eigendom_ambitie()
    return out


def buiten_gemeente(punten: Iterable[tuple[float, float]], binnen: Any) -> list[int]:
    """1-based numbers of the turbine points not inside the municipality (``binnen(x, y) -> bool``)."""
    return [i for i, (x, y) in enumerate(punten, start=1) if not binnen(x, y)]


# -- participation register --------------------------------------------------------------------------
def participatie(
    register: Mapping[str, Any] | None, invoer: Mapping[str, Any], vandaag: date
) -> dict[str, Any]:
    """Add evenings/objections to the register and record local ownership against the ambition (not enforced)."""
    reg = {"bijeenkomsten": [], "bezwaren": 0, **dict(register or {})}
    bijeenkomsten = list(reg["bijeenkomsten"])
    for i, b in enumerate(invoer.get("bijeenkomsten") or []):
        with in_regel(i):  # a refusal names its row (services: at the row's field)
            bijeenkomsten.append(_bijeenkomst(b, vandaag))
    bezwaren = geheel_veld(invoer, "bezwaren", "Het aantal bezwaren", "bezwaren-ongeldig", 0)
    if bezwaren < 0:
        raise ValidationError("Het aantal bezwaren kan niet negatief zijn.", code="bezwaren-ongeldig")
    pct = (
        lokaal_eigendom(invoer)
        if invoer.get("lokaal_eigendom_pct") is not None
        else float(reg.get("lokaal_eigendom_pct", 0.0))
    )
    ambitie = lokaal_eigendom_ambitie()
    return {
        "bijeenkomsten": bijeenkomsten,
        "bezwaren": int(reg["bezwaren"]) + bezwaren,
        "lokaal_eigendom_pct": pct,
        "ambitie_pct": ambitie,
        "ambitie_gehaald": pct >= ambitie,
        "toelichting": (
            f"Lokaal eigendom {kort_getal(pct)}% (ambitie {kort_getal(ambitie)}%): vastgelegd, "
            "niet afgedwongen; "
            "de gemeente kan lokaal eigendom alleen stimuleren."
        ),
    }


def _bijeenkomst(b: Mapping[str, Any], vandaag: date) -> dict[str, Any]:
    """One new bijeenkomst row, checked. Its count names no field of its own (no ``sleutel``): the row's
    field is named by the service (bij_veld with ``lijst``)."""
    datum = als_datum(b.get("datum"), "De datum van de bijeenkomst")
    if datum > vandaag:
        raise ValidationError(
            f"De bijeenkomst van {datum.isoformat()} ligt in de toekomst.", code="bijeenkomst-toekomst"
        )
    deelnemers = eis_geheel_getal(
        b.get("deelnemers", 0), "Het aantal deelnemers", code="bijeenkomst-ongeldig"
    )
    if deelnemers < 0:
        raise ValidationError("Het aantal deelnemers kan niet negatief zijn.", code="bijeenkomst-ongeldig")
    return {
        "datum": datum.isoformat(),
        "soort": str(b.get("soort") or "informatieavond"),
        "deelnemers": deelnemers,
    }


def besluit_extern(
    payload: Mapping[str, Any],
    bevoegd_gezag: str,
    *,
    vandaag: date,
    aanvraag: date | None = None,
    advies: date | None = None,
) -> dict[str, Any]:
    """The decision of the provincie or the Rijk: its outcome, its date (not after ``vandaag``, nor before
    the case's ``aanvraag`` was received or the municipality's ``advies`` to the authority, when known: it
    becomes the case's day of decision) and its reference (text)."""
    besluit = keuze_veld(payload, "besluit", "Besluit van het bevoegd gezag", BESLUITEN, "besluit-ongeldig")
    out = {"besluit": besluit, "bevoegd_gezag": bevoegd_gezag}
    if payload.get("datum"):
        datum = als_datum(payload["datum"], "De datum van het besluit")
        niet_in_toekomst(datum, "De datum van het besluit", vandaag, code="besluit-in-toekomst")
        _niet_voor(datum, aanvraag, "de ontvangst van de aanvraag", "datum-voor-aanvraag")
        _niet_voor(datum, advies, "het advies van de gemeente aan het bevoegd gezag", "besluit-voor-advies")
        out["datum"] = datum.isoformat()
    if payload.get("kenmerk"):
        if not isinstance(payload["kenmerk"], str | int):
            raise ValidationError("Het kenmerk van het besluit moet tekst zijn.", code="besluit-ongeldig")
        out["kenmerk"] = str(payload["kenmerk"])[:100]
    return out


def _niet_voor(datum: date, grens: date | None, wat: str, code: str) -> None:
    if grens is not None and datum < grens:
        raise ValidationError(
            f"De datum van het besluit ({datum_nl(datum)}) ligt vóór {wat} ({datum_nl(grens)}); het besluit "
            "op deze zaak is van daarna. Controleer de datum.",
            code=code,
        )


def navraag_besluit_extern(vandaag: date) -> dict[str, Any]:
    """When the municipality asks the provincie or the Rijk about its besluit after its advice given on
    ``vandaag``: the last day of the first term of ``[navraag] weken`` (Atw), then every as many weeks."""
    weken = eis_geheel_getal(
        _bg()["navraag"]["weken"], "De navraagtermijn (weken)", code="navraagtermijn-ongeldig"
    )
    if weken < 1:
        raise ValidationError(
            f"De navraagtermijn moet minstens 1 week zijn, niet {weken}.", code="navraagtermijn-ongeldig"
        )
    return {"navraag_weken": weken, "navraag_op": termijn_na(vandaag, weken=weken).isoformat()}
