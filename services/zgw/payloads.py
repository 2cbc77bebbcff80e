"""Request bodies of the Zaken, Documenten and Besluiten APIs, built from plain facts. Pure functions.

The delivery worker gathers the facts from the local state at delivery time and passes the remote URLs
it stored before (the zaak's URL, a document's URL). Every body is validated against the Open Zaak 1.30
OpenAPI documents in tests/zgw/test_contract.py. Dates are ISO dates, moments ISO date-times with a
zone, geometry GeoJSON in WGS84 (lon, lat), as the Zaken API requires.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from processes.namen import INITIATOR_BETROKKENE, initiator_betrokkene_type  # noqa: F401  (its home)
from services.clock import in_nl

#: vertrouwelijkheidaanduiding values of the ZGW standard, least to most confidential.
VERTROUWELIJKHEID = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)


@dataclass(frozen=True)
class TypeUrls:
    """The Catalogi URLs of one procedure, keyed by local names (see bpmn/zgw.toml)."""

    zaaktype: str
    statustypen: dict[str, str] = field(default_factory=dict)  # local phase name -> statustype
    beginstatustype: str = ""  # volgnummer 1: the zaak's first status, at its registration
    eindstatustype: str = ""
    roltypen: dict[str, str] = field(default_factory=dict)  # aanvrager/behandelaar/adviseur -> roltype
    resultaattypen: dict[str, str] = field(default_factory=dict)  # outcome key -> resultaattype
    informatieobjecttypen: dict[str, str] = field(default_factory=dict)  # document type key -> iotype
    besluittypen: dict[str, str] = field(default_factory=dict)  # besluit key -> besluittype
    #: the statustypen bpmn/zgw.toml maps that this version lacks (renamed in zgw.toml since), by what a status
    #: message names: a phase before the end, BEGIN or EIND -> the omschrijving zgw.toml gives
    ontbrekend: dict[str, str] = field(default_factory=dict)
    versie: str = ""  # how a message names this version: "zaaktype RF-... versie 2026-01-01"


#: the keys of the zaak's first and closing status in TypeUrls.ontbrekend
BEGIN, EIND = "zaak geregistreerd", "eindstatus"


@dataclass(frozen=True)
class ZaakFacts:
    identificatie: str  # the case reference, unique per bronorganisatie (max 40)
    omschrijving: str
    registratiedatum: date
    startdatum: date
    toelichting: str = ""
    uiterlijke_einddatum_afdoening: date | None = None
    einddatum_gepland: date | None = None
    geometry: dict[str, Any] | None = None  # GeoJSON in WGS84; see geometry_wgs84
    vertrouwelijkheidaanduiding: str = "zaakvertrouwelijk"
    opgeschort: bool = False
    opschorting_reden: str = ""
    verlenging_dagen: int = 0
    verlenging_reden: str = ""


@dataclass(frozen=True)
class DocumentFacts:
    titel: str
    bestandsnaam: str
    formaat: str  # MIME type
    inhoud: bytes
    creatiedatum: date
    auteur: str
    vertrouwelijkheidaanduiding: str = "zaakvertrouwelijk"
    identificatie: str = ""
    beschrijving: str = ""
    definitief: bool = False
    #: the SHA-256 of ``inhoud`` and the day its version was added: the eio's ``integriteit``, by which a
    #: delivery tells whether the remote versie holds this content (services.zgw.versions)
    sha256: str = ""
    versiedatum: date | None = None
    #: a document received from outside (the applicant's upload, an aanvulling): the day it came in; such a
    #: document is final when received (Open Zaak refuses in_bewerking with an ontvangstdatum)
    ontvangstdatum: date | None = None
    verzenddatum: date | None = None  # a besluit letter: the day it was sent (or laid open)


@dataclass(frozen=True)
class BesluitFacts:
    datum: date
    ingangsdatum: date
    toelichting: str = ""
    identificatie: str = ""
    vervaldatum: date | None = None
    bestuursorgaan: str = ""
    verzenddatum: date | None = None
    publicatiedatum: date | None = None
    uiterlijke_reactiedatum: date | None = None


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _check_vertrouwelijkheid(value: str) -> str:
    if value not in VERTROUWELIJKHEID:
        raise ValueError(f"vertrouwelijkheidaanduiding {value!r} is not a ZGW value")
    return value


def geometry_wgs84(wkt_rd: str) -> dict[str, Any]:
    """GeoJSON in WGS84 (lon, lat; 7 decimals, ~1 cm) of a geometry stored as RD New (EPSG:28992) WKT."""
    import shapely
    from shapely.geometry import mapping

    from gis.crs import RD_EPSG, WGS84, transformer

    geom = shapely.from_wkt(wkt_rd)
    to_wgs = transformer(RD_EPSG, WGS84)
    moved = shapely.transform(geom, lambda xy: _stack(to_wgs.transform(xy[:, 0], xy[:, 1])))
    moved = shapely.set_precision(moved, 1e-7)
    return _lists(dict(mapping(moved)))


def _stack(xy: tuple[Any, Any]) -> Any:
    import numpy as np

    return np.column_stack(xy)


def _lists(value: Any) -> Any:
    """Tuples (shapely's mapping) to lists, so the body is plain JSON."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def _zaak_state(facts: ZaakFacts) -> dict[str, Any]:
    """The fields that change during a case: deadline, opschorting and verlenging. The reden of an
    opschorting that ended stays, as Open Zaak keeps it beside eerdereOpschorting (the case keeps the
    reden of its last period: processes.termijnen.staat.projectie)."""
    body: dict[str, Any] = {
        "uiterlijkeEinddatumAfdoening": _iso(facts.uiterlijke_einddatum_afdoening),
        "opschorting": {"indicatie": facts.opgeschort, "reden": clip(facts.opschorting_reden, 200)},
    }
    if facts.verlenging_dagen > 0:
        body["verlenging"] = {
            "reden": clip(facts.verlenging_reden or "Verdaging van de beslistermijn", 200),
            "duur": f"P{facts.verlenging_dagen}D",
        }
    return body


def as_queued(facts: ZaakFacts, toestand: dict[str, Any]) -> ZaakFacts:
    """``facts`` with the deadline, opschorting and verlenging of a queued zaak state (``toestand``,
    services.zgw_publication.zaak_state), so a message delivered late sends the state it was queued with."""
    deadline = toestand.get("uiterlijkeEinddatumAfdoening")
    return replace(
        facts,
        uiterlijke_einddatum_afdoening=date.fromisoformat(str(deadline)) if deadline else None,
        opgeschort=bool(toestand.get("opgeschort")),
        opschorting_reden=str(toestand.get("opschorting_reden") or ""),
        verlenging_dagen=int(toestand.get("verlenging_dagen") or 0),
        verlenging_reden=str(toestand.get("verlenging_reden") or ""),
    )


def zaak_create(facts: ZaakFacts, types: TypeUrls, *, rsin: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "identificatie": clip(facts.identificatie, 40),
        "bronorganisatie": rsin,
        "verantwoordelijkeOrganisatie": rsin,
        "zaaktype": types.zaaktype,
        "omschrijving": clip(facts.omschrijving, 80),
        "toelichting": facts.toelichting,
        "registratiedatum": facts.registratiedatum.isoformat(),
        "startdatum": facts.startdatum.isoformat(),
        "vertrouwelijkheidaanduiding": _check_vertrouwelijkheid(facts.vertrouwelijkheidaanduiding),
    }
    if facts.einddatum_gepland is not None:
        body["einddatumGepland"] = facts.einddatum_gepland.isoformat()
    if facts.geometry is not None:
        body["zaakgeometrie"] = facts.geometry
    body.update(_zaak_state(facts))
    if body["uiterlijkeEinddatumAfdoening"] is None:
        del body["uiterlijkeEinddatumAfdoening"]
    return body


def zaak_update(facts: ZaakFacts) -> dict[str, Any]:
    """PATCH body keeping deadline, opschorting and verlenging in step with the deadline engine."""
    body = _zaak_state(facts)
    if body["uiterlijkeEinddatumAfdoening"] is None:
        del body["uiterlijkeEinddatumAfdoening"]
    return body


def zaak_archief(startdatum: date, archiefnominatie: str, archiefactiedatum: date) -> dict[str, Any]:
    """PATCH body of a zaak's archive dates (processes.bewaartermijn): the day its bewaartermijn counts from,
    its archiefnominatie and the day its archive action is due."""
    return {
        "startdatumBewaartermijn": startdatum.isoformat(),
        "archiefnominatie": archiefnominatie,
        "archiefactiedatum": archiefactiedatum.isoformat(),
    }


def zaak_archief_ongedateerd() -> dict[str, Any]:
    """PATCH body of a zaak not to be dated yet (closed on a beroep, the uitspraak not recorded): no
    startdatumBewaartermijn and no archiefactiedatum (its archiefnominatie stays)."""
    return {"startdatumBewaartermijn": None, "archiefactiedatum": None}


def status_create(
    zaak_url: str, statustype_url: str, moment: datetime, toelichting: str = ""
) -> dict[str, Any]:
    if moment.tzinfo is None:
        raise ValueError("datumStatusGezet needs a moment with a time zone")
    # on the Dutch clock: Open Zaak takes zaak.einddatum from the date part of the eindstatus moment as
    # sent, so a case closed at 00:30 Dutch time (22:30 UTC) must not end the day before
    return {
        "zaak": zaak_url,
        "statustype": statustype_url,
        "datumStatusGezet": in_nl(moment).isoformat(),
        "statustoelichting": clip(toelichting, 1000),
    }


def eio_create(doc: DocumentFacts, informatieobjecttype_url: str, *, rsin: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bronorganisatie": rsin,
        "creatiedatum": doc.creatiedatum.isoformat(),
        "titel": clip(doc.titel, 200),
        "auteur": clip(doc.auteur, 200),
        "taal": "dut",
        "bestandsnaam": clip(doc.bestandsnaam, 255),
        "formaat": clip(doc.formaat, 255),
        "inhoud": base64.b64encode(doc.inhoud).decode("ascii"),
        "bestandsomvang": len(doc.inhoud),
        "vertrouwelijkheidaanduiding": _check_vertrouwelijkheid(doc.vertrouwelijkheidaanduiding),
        "informatieobjecttype": informatieobjecttype_url,
        "indicatieGebruiksrecht": False,
        "status": "definitief" if doc.definitief or doc.ontvangstdatum else "in_bewerking",
        "beschrijving": clip(doc.beschrijving, 1000),
    }
    # the informatieobject's own dates, which Open Zaak 1.30 still takes (its description calls them moved to
    # the Verzending resource, whose betrokkene, contactPersoon and address Ruimteflow does not have)
    for key, value in (("ontvangstdatum", doc.ontvangstdatum), ("verzenddatum", doc.verzenddatum)):
        if value is not None:
            body[key] = value.isoformat()
    if doc.identificatie:
        body["identificatie"] = clip(doc.identificatie, 40)
    if doc.sha256:
        body["integriteit"] = _integriteit(doc)
    return body


def _integriteit(doc: DocumentFacts) -> dict[str, Any]:
    return {
        "algoritme": "sha_256",
        "waarde": doc.sha256,
        "datum": (doc.versiedatum or doc.creatiedatum).isoformat(),
    }


def eio_new_version(doc: DocumentFacts) -> dict[str, Any]:
    """The change that makes a newer local version the next versie of the same enkelvoudiginformatieobject:
    its content, file name, size and format (a PATCH under the eio's lock: ``eio_locked``)."""
    body: dict[str, Any] = {
        "inhoud": base64.b64encode(doc.inhoud).decode("ascii"),
        "bestandsomvang": len(doc.inhoud),
        "bestandsnaam": clip(doc.bestandsnaam, 255),
        "formaat": clip(doc.formaat, 255),
    }
    if doc.sha256:
        body["integriteit"] = _integriteit(doc)
    return body


#: the change that makes an enkelvoudiginformatieobject final (its status; a PATCH under its lock)
EIO_DEFINITIEF: dict[str, Any] = {"status": "definitief"}


def eio_verzenddatum(verzenddatum: date) -> dict[str, Any]:
    """The change that gives an enkelvoudiginformatieobject the day it was sent (a PATCH under its lock)."""
    return {"verzenddatum": verzenddatum.isoformat()}


def eio_locked(change: dict[str, Any], lock: str) -> dict[str, Any]:
    """The PATCH body of a change to an enkelvoudiginformatieobject: the Documenten API takes one only
    with the ``lock`` value that .../lock gave."""
    return {**change, "lock": lock}


def zio_create(
    zaak_url: str, informatieobject_url: str, titel: str = "", beschrijving: str = ""
) -> dict[str, Any]:
    return {
        "zaak": zaak_url,
        "informatieobject": informatieobject_url,
        "titel": clip(titel, 200),
        "beschrijving": beschrijving,
    }


def besluit_create(
    besluit: BesluitFacts, besluittype_url: str, *, zaak_url: str | None, rsin: str
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "verantwoordelijkeOrganisatie": rsin,
        "besluittype": besluittype_url,
        "datum": besluit.datum.isoformat(),
        "ingangsdatum": besluit.ingangsdatum.isoformat(),
        "toelichting": besluit.toelichting,
        "bestuursorgaan": clip(besluit.bestuursorgaan, 50),
    }
    if zaak_url:
        body["zaak"] = zaak_url
    if besluit.identificatie:
        body["identificatie"] = clip(besluit.identificatie, 50)
    for key, value in (
        ("vervaldatum", besluit.vervaldatum),
        ("verzenddatum", besluit.verzenddatum),
        ("publicatiedatum", besluit.publicatiedatum),
        ("uiterlijkeReactiedatum", besluit.uiterlijke_reactiedatum),
    ):
        if value is not None:
            body[key] = value.isoformat()
    if besluit.vervaldatum is not None:
        body["vervalreden"] = "tijdelijk"
    return body


def bio_create(besluit_url: str, informatieobject_url: str) -> dict[str, Any]:
    return {"besluit": besluit_url, "informatieobject": informatieobject_url}


def resultaat_create(zaak_url: str, resultaattype_url: str, toelichting: str = "") -> dict[str, Any]:
    return {"zaak": zaak_url, "resultaattype": resultaattype_url, "toelichting": clip(toelichting, 1000)}
