"""Service tasks of the windpark and transportverzoek models (thin: logic in processes.energie and
processes.netcongestie).

Each service validates (raising a Dutch ValidationError, which rolls the whole step back), writes the
case projection through the step context (summary keys, public timeline) and returns JSON-ready data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from shapely.geometry import Point

from gis.api import area_position
from processes import energie
from processes.errors import ValidationError, bij_veld
from processes.nederlands import getal
from processes.termijnen.bezwaar import BUITEN_BEHANDELING
from processes.termijnen.datums import datum_nl
from processes.termijnen.indiening import aanvraag_ontvangen
from services.domain import energie_gis as gis
from services.domain.energie_net import verzoek_samenvatting
from services.engine.context import current
from services.gemeente_area import area_of

#: a share of local ownership outside 0-100 -> its field, in the intake's data and the register's form
_LOKAAL_EIGENDOM_VELD = {"lokaal-eigendom-ongeldig": "lokaal_eigendom_pct"}
#: refusals of the intake (codes) -> their field of the initiative's data. Power per turbine (power and
#: turbine count) names vermogen_mw: its message is about the power ("X MW over N turbine(s) is ...")
_INTAKE_VELDEN = {
    "naam-ontbreekt": "naam",
    "vermogen-ongeldig": "vermogen_mw",
    "turbines-ongeldig": "aantal_turbines",
    **_LOKAAL_EIGENDOM_VELD,
}


def windpark_intake(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Validate the initiative at the start (no case is created when this refuses)."""
    ctx = current()
    geom = gis.geometrie(ctx.geometry_wkt)
    if geom is None:
        raise ValidationError(
            "Geef de locatie van het initiatief mee (turbinepunten en/of parkcontour in EPSG:28992).",
            code="locatie-ontbreekt",
        )
    turbines = gis.punten(geom)
    if data.get("soort", "wind") == "wind" and not turbines:
        raise ValidationError(
            "Geef de turbinelocaties als punten (MULTIPOINT of GEOMETRYCOLLECTION met punten).",
            code="locatie-ontbreekt",
        )
    with bij_veld(_INTAKE_VELDEN):
        result = energie.intake(data, turbines)
    gemeente = area_of(gis.lagen(ctx))
    if gemeente is None:
        result["gemeentegrens"] = f"niet gecontroleerd: {gis.GEEN_LAGEN}"
    else:
        gebied = gemeente.area  # kept prepared, shared by threads: asked through gis.api.area_position
        buiten = energie.buiten_gemeente(turbines, lambda x, y: bool(area_position(gebied, Point(x, y))[0]))
        if buiten:
            nummers = ", ".join(str(i) for i in buiten)
            raise ValidationError(
                f"Turbine {nummers} ligt buiten de gemeente; een initiatief buiten de gemeentegrens "
                "hoort bij de buurgemeente.",
                code="locatie-buiten-gemeente",
                turbines=buiten,
            )
        if not turbines and not area_position(gebied, geom)[0]:
            raise ValidationError("Het park ligt (deels) buiten de gemeente.", code="locatie-buiten-gemeente")
        result["gemeentegrens"] = "gecontroleerd: binnen de gemeente"
    result["drempels"] = energie.drempels()
    result["aantal_locaties"] = len(turbines)
    ctx.case_updates.update(
        {
            "soort": result["soort"],
            "vermogen_mw": result["vermogen_mw"],
            "aantal_turbines": result.get("aantal_turbines"),
            "initiatiefnemer_type": result["initiatiefnemer_type"],
            "lokaal_eigendom_pct": result["lokaal_eigendom_pct"],
        }
    )
    delen = [f"{getal(result['vermogen_mw'], 6, kort=True)} MW"]
    if result.get("aantal_turbines"):
        delen.append(f"{result['aantal_turbines']} turbine(s)")
    delen.append(
        f"lokaal eigendom gepland {getal(result['lokaal_eigendom_pct'], 6, kort=True)}% (ambitie "
        f"{getal(result['lokaal_eigendom_ambitie_pct'], 6, kort=True)}%)"
    )
    ctx.event("intake", f"Initiatief '{result['naam']}' ontvangen: {', '.join(delen)}.", public=True)
    return result


def bevoegd_gezag_vastleggen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Record the DMN outcome; name the external authority when the municipality is not competent."""
    ctx = current()
    gezag = data.get("bevoegd_gezag")
    if gezag not in ("gemeente", "provincie", "Rijk"):
        raise ValidationError(
            f"De beslistabel bevoegd gezag gaf geen bruikbare uitkomst ({gezag!r}).",
            code="bevoegd-gezag-onbekend",
        )
    provincie = data["intake"]["drempels"]["provincie"]
    orgaan = energie.extern_orgaan(gezag, provincie) or "college van burgemeester en wethouders"
    out = {
        "bevoegd_gezag": gezag,
        "orgaan": orgaan,
        "gemeente_bevoegd": gezag == "gemeente",
        "bron": data["intake"]["drempels"]["bron"],
    }
    ctx.case_updates.update(
        {"bevoegd_gezag": gezag, "extern_bevoegd_gezag": None if gezag == "gemeente" else orgaan}
    )
    if gezag == "gemeente":
        ctx.event("bevoegd-gezag", "De gemeente is bevoegd gezag.", public=True)
    else:
        ctx.event(
            "bevoegd-gezag",
            f"Bevoegd gezag: {gezag} ({orgaan}). De gemeente geeft advies; het besluit komt van de {gezag}.",
            public=True,
        )
    return out


def energie_koppelen(data: dict[str, Any], richting: str = "invoeding", **_: Any) -> dict[str, Any]:
    """Link running cases in the same congestion area or on the same parcels (both ways)."""
    ctx = current()
    result = gis.koppelingen(ctx, gis.lagen(ctx), str(richting))
    if result.get("congestiegebieden"):
        ctx.case_updates["congestiegebieden"] = result["congestiegebieden"]
    for link in result["gekoppeld"]:
        ctx.event("koppeling", f"Gekoppeld aan zaak {link['zaak']}: {link['reden']}")
    return result


#: refusals of a new bijeenkomst row (codes) -> the field in that row of the form's list ``bijeenkomsten``
_BIJEENKOMST_VELDEN = {
    "ongeldige-datum": "datum",
    "bijeenkomst-toekomst": "datum",
    "bijeenkomst-ongeldig": "deelnemers",
}
#: refusals of the register's single fields (codes) -> their field of the form
_REGISTER_VELDEN = {"bezwaren-ongeldig": "bezwaren", **_LOKAAL_EIGENDOM_VELD}


def participatie_registreren(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Participation register: evenings, objections, local ownership against the 50% ambition (recorded only)."""
    ctx = current()
    invoer = {
        k: data.get(k)
        for k in ("bijeenkomsten", "bezwaren", "lokaal_eigendom_pct")
        if data.get(k) is not None
    }
    vorige = data.get("participatie") or {
        "lokaal_eigendom_pct": data.get("intake", {}).get("lokaal_eigendom_pct", 0)
    }
    with bij_veld(_REGISTER_VELDEN), bij_veld(_BIJEENKOMST_VELDEN, lijst="bijeenkomsten"):
        register = energie.participatie(vorige, invoer, ctx.today())
    nieuw = register["bijeenkomsten"][len(vorige.get("bijeenkomsten", [])) :]
    for b in nieuw:
        ctx.event(
            "participatie",
            f"{b['soort'].capitalize()} gehouden op {datum_nl(date.fromisoformat(str(b['datum'])[:10]))} "
            f"({b['deelnemers']} deelnemers).",
            public=True,
        )
    ctx.case_updates["participatie"] = {
        k: register[k] for k in ("bezwaren", "lokaal_eigendom_pct", "ambitie_pct", "ambitie_gehaald")
    }
    ctx.case_updates["lokaal_eigendom_pct"] = register["lokaal_eigendom_pct"]
    return register


def besluit_extern_verwerken(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    gezag = data.get("gezag") or {}
    advies = (data.get("advies_gezag") or {}).get("gegeven_op")  # the day the municipality advised it
    besluit = energie.besluit_extern(
        data.get("besluit_bericht") or {},
        str(gezag.get("bevoegd_gezag")),
        vandaag=ctx.today(),
        aanvraag=aanvraag_ontvangen(data),
        advies=date.fromisoformat(str(advies)[:10]) if advies else None,
    )
    ctx.case_updates["besluit_extern"] = besluit
    ctx.event("besluit", f"Besluit van {gezag.get('orgaan')}: vergunning {besluit['besluit']}.", public=True)
    return besluit


def windpark_besluit_beoordelen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Was the permit granted? Any other end (refused, withdrawn by the applicant, buiten behandeling
    gesteld) ends the initiative: the model stops a transportverzoek still running, and an officer
    withdraws it (or the capacity offered) at the netbeheerder, told why in ``reden``."""
    afloop = _afloop(data)
    verleend = afloop == "verleend"
    if not verleend:
        _netcapaciteit("wordt ingetrokken")
    naam = (data.get("intake") or {}).get("naam") or "het initiatief"
    uit = {"verleend": verleend, "afloop": afloop, "reden": AFLOOP_REDEN[afloop].format(naam=naam)}
    if afloop == BB_HERROEPEN:  # the model's gateway 'Hoe gestopt?' routes by ``afloop``
        uit |= {"afloop": "buiten behandeling", "herroepen": True}
    return uit


#: the permit's buitenbehandelingstelling herroepen on bezwaar with no new besluit in its place: the
#: aanvraag is to be registered anew as a new case (processes.termijnen.bezwaar.OPNIEUW_IN_BEHANDELING), so
#: the initiative cannot go on on this permit case. It ends where a buitenbehandelingstelling does
#: (einde_buiten_behandeling, zgw.toml's resultaattype buiten_behandeling, as the permit's own case): its
#: ``vergunning`` says afloop "buiten behandeling" with ``herroepen``, its texts are its own.
BB_HERROEPEN = "buiten behandeling herroepen"


#: why the initiative stops, per way the permit route ended (the officer's task; ``{naam}`` the initiative)
AFLOOP_REDEN = {
    "verleend": "De vergunning voor {naam} is verleend",
    "geweigerd": "De vergunning voor {naam} is geweigerd",
    "aanvraag ingetrokken": "De aanvrager heeft de aanvraag om de vergunning voor {naam} ingetrokken",
    "buiten behandeling": (
        "De aanvraag om de vergunning voor {naam} is buiten behandeling gesteld (Awb 4:5; tegen dat "
        "besluit staat bezwaar open)"
    ),
    BB_HERROEPEN: (
        "De buitenbehandelingstelling van de aanvraag om de vergunning voor {naam} is herroepen op bezwaar, "
        "zonder nieuw besluit: de aanvraag omgevingsvergunning wordt opnieuw ingediend als nieuwe zaak "
        "(registreer haar opnieuw), dus het initiatief kan niet verder op deze vergunningzaak"
    ),
    "initiatief ingetrokken": "De initiatiefnemer heeft {naam} ingetrokken",
}
#: the public timeline's reason the transportverzoek is withdrawn
AFLOOP_PUBLIEK = {
    "geweigerd": "de vergunning is geweigerd",
    "aanvraag ingetrokken": "de aanvraag om de vergunning is ingetrokken",
    "buiten behandeling": "de aanvraag om de vergunning is buiten behandeling gesteld",
    BB_HERROEPEN: (
        "de buitenbehandelingstelling is herroepen; de aanvraag omgevingsvergunning wordt opnieuw ingediend "
        "als nieuwe zaak"
    ),
    "initiatief ingetrokken": "het initiatief is ingetrokken",
}


def _afloop(data: dict[str, Any]) -> str:
    """How the permit route ended: verleend, geweigerd, aanvraag ingetrokken, buiten behandeling or
    BB_HERROEPEN."""
    besluit = _besluit(data)
    if energie.vergunning_verleend(besluit):
        return "verleend"
    if besluit == "ingetrokken":
        return "aanvraag ingetrokken"
    if besluit == BB_HERROEPEN:
        return BB_HERROEPEN
    return "buiten behandeling" if besluit == "buiten behandeling" else "geweigerd"


def _besluit(data: dict[str, Any]) -> str:
    """The permit's outcome: the provincie's or Rijk's besluit, or that of the called omgevingsvergunning
    (which ends without one when the applicant withdraws, and with an Awb 4:5 besluit when the aanvraag
    is put aside; what a beslissing op bezwaar put in the place of a herroepen besluit, first)."""
    if extern := data.get("extern_besluit"):
        return str(extern.get("besluit"))
    if data.get("intrekking_vastgelegd"):
        return "ingetrokken"
    if vervangen := _na_herroeping(data):
        return vervangen
    if data.get("buiten_behandeling_brief"):
        return "buiten behandeling"
    besluit = (data.get("besluit_info") or {}).get("besluit") or data.get("besluit")
    if not besluit and data.get("compleet") is False:
        # the permit ended on an incomplete aanvraag without a besluit on it: an aanvulling sends it back to
        # the ontvankelijkheid, so this is the Awb 4:5 end (the first release's permit leaves no letter)
        return "buiten behandeling"
    return str(besluit or "onbekend")


#: what a beslissing op bezwaar that herroept the permit puts in its place, as the permit's outcome
_IN_DE_PLAATS = {"verlenen": "verleend", "weigeren": "geweigerd", "geen": "ingetrokken"}


def _na_herroeping(data: dict[str, Any]) -> str | None:
    """The outcome that stands when the called permit's besluit was herroepen on bezwaar (Awb 7:11 lid 2):
    the beslissing op bezwaar's new besluit (services.domain.bezwaar_beslissing), None when none was; no new
    besluit in the place of a buitenbehandelingstelling is BB_HERROEPEN (the aanvraag is handled anew), not
    a withdrawn aanvraag."""
    behandeling = data.get("bezwaar_behandeling")
    beslissing = behandeling.get("beslissing") if isinstance(behandeling, dict) else None
    if not isinstance(beslissing, dict) or beslissing.get("herroepen") is not True:
        return None
    nieuw = str(beslissing.get("nieuw_besluit") or "")
    # a beslissing recorded before it named the herroepen besluit: the permit's Awb 4:5 letter tells
    bb = beslissing.get("herroepen_besluit") == BUITEN_BEHANDELING or bool(
        data.get("buiten_behandeling_brief")
    )
    if nieuw == "geen" and bb:
        return BB_HERROEPEN
    return _IN_DE_PLAATS.get(nieuw)


def windpark_intrekking(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The initiator withdraws the initiative before the permit route or the external besluit: the case
    ends as withdrawn, and its transportverzoek is withdrawn as on a refusal (same result shape)."""
    ctx = current()
    bericht = data.get("intrekking")
    bericht = bericht if isinstance(bericht, dict) else {}
    ontvangen = bericht.get("ontvangen_op") or ctx.today().isoformat()
    try:
        op: date | None = date.fromisoformat(str(ontvangen)[:10])
    except ValueError:
        op = None
    if op is None or op > ctx.today():
        raise ValidationError(
            f"De ontvangstdatum van de intrekking ({ontvangen}) is geen datum van vandaag of eerder.",
            code="intrekking-datum",
        )
    _netcapaciteit("wordt ingetrokken")
    ctx.event(
        "intrekking",
        f"De initiatiefnemer heeft het initiatief op {datum_nl(op)} ingetrokken.",
        public=True,
        ontvangen_op=op.isoformat(),  # the status page's day (a letter is often typed in later)
    )
    naam = (data.get("intake") or {}).get("naam") or "het initiatief"
    afloop = "initiatief ingetrokken"
    return {
        "verleend": False,
        "afloop": afloop,
        "reden": AFLOOP_REDEN[afloop].format(naam=naam),
        "ingetrokken_op": op.isoformat(),
    }


def _netcapaciteit(status: str) -> None:
    """The case's grid request with a new status, its other facts kept."""
    ctx = current()
    vorige = ctx.reads.case_summary(ctx.case_id).netcapaciteit if ctx.case_id is not None else None
    ctx.case_updates["netcapaciteit"] = {**(vorige or {}), "status": status}


#: the case result of an initiative that stopped before a granted permit (before '; transportverzoek ...')
AFLOOP_RESULTAAT = {
    "aanvraag ingetrokken": "omgevingsvergunning: aanvraag ingetrokken door de aanvrager",
    "buiten behandeling": "omgevingsvergunning: aanvraag buiten behandeling gesteld (Awb 4:5)",
    BB_HERROEPEN: (
        "omgevingsvergunning: buitenbehandelingstelling herroepen op bezwaar, de aanvraag wordt opnieuw "
        "ingediend als nieuwe zaak"
    ),
    "initiatief ingetrokken": "initiatief ingetrokken door de initiatiefnemer",
}


def windpark_afronden(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The case result text from the permit route or the external decision, and the grid outcome."""
    vergunning = data.get("vergunning") or {}
    # a model without the step 'Besluit beoordelen' (the first release) leaves no ``vergunning``: the same
    # reading of the permit's outcome then
    afloop = str(
        vergunning.get("afloop") or ("geweigerd" if vergunning.get("verleend") is False else _afloop(data))
    )
    if vergunning.get("herroepen") is True:  # routed as "buiten behandeling" (windpark_besluit_beoordelen)
        afloop = BB_HERROEPEN
    if afloop in AFLOOP_RESULTAAT:
        tekst = AFLOOP_RESULTAAT[afloop]
    elif data.get("extern_besluit"):
        tekst = f"besluit {data['gezag']['orgaan']}: {_besluit(data)}"
    else:
        info = data.get("besluit_info") or {}
        tekst = f"omgevingsvergunning: {info.get('tekst') or _besluit(data)}"
    net = data.get("netantwoord") or {}
    if vergunning.get("verleend") is False:
        tekst += "; transportverzoek ingetrokken"
        _netcapaciteit("ingetrokken")
        current().event(
            "transportverzoek",
            f"Transportverzoek ingetrokken bij de netbeheerder: {AFLOOP_PUBLIEK.get(afloop, afloop)}.",
            public=True,
        )
    elif net.get("uitkomst") == "alternatief" and data.get("geaccepteerd") is not True:
        tekst += "; netcapaciteit: alternatief afgewezen, geen transportcapaciteit"
        current().case_updates["netcapaciteit"] = {
            **verzoek_samenvatting(data.get("transportverzoek") or {}),
            "status": "alternatief afgewezen",
            **({"alternatief": net["alternatief"]} if "alternatief" in net else {}),
        }
    elif net:
        tekst += f"; netcapaciteit: {net.get('uitkomst')}"
    return {"tekst": tekst}
