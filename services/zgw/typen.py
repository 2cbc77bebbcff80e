"""Request bodies of the Catalogi API, built from the mapping (bpmn/zgw.toml). Pure functions.

Validated against the Open Zaak 1.30 spec in tests/zgw (the recorded `zgw catalogus` run).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.zgw.config import ZgwConfig
from services.zgw.mapping_model import (
    ROLTYPEN,
    BesluitTypeMap,
    IoTypeMap,
    ProcedureMap,
    ResultaatTypeMap,
    StatusTypeMap,
    ZgwMapping,
)


def catalogus(mapping: ZgwMapping, config: ZgwConfig) -> dict[str, Any]:
    return {
        "domein": config.catalogus_domein,
        "rsin": config.rsin,
        "naam": mapping.catalogus_naam,
        "contactpersoonBeheerNaam": mapping.contactpersoon,
    }


def informatieobjecttype(io: IoTypeMap, catalogus_url: str, begin: date) -> dict[str, Any]:
    return {
        "catalogus": catalogus_url,
        "omschrijving": io.omschrijving,
        "vertrouwelijkheidaanduiding": io.vertrouwelijkheid,
        "informatieobjectcategorie": io.categorie,
        "beginGeldigheid": begin.isoformat(),
    }


def besluittype(
    bt: BesluitTypeMap, catalogus_url: str, iotype_urls: list[str], begin: date
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "catalogus": catalogus_url,
        "omschrijving": bt.omschrijving,
        "besluitcategorie": bt.besluitcategorie,
        "publicatieIndicatie": bt.publicatie_indicatie,
        "informatieobjecttypen": sorted(iotype_urls),
        "beginGeldigheid": begin.isoformat(),
    }
    if bt.reactietermijn:
        body["reactietermijn"] = bt.reactietermijn
    return body


def zaaktype(
    proc: ProcedureMap,
    *,
    catalogus_url: str,
    besluittype_urls: list[str],
    procestype_url: str,
    begin: date,
    rsin: str,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "catalogus": catalogus_url,
        "identificatie": proc.identificatie,
        "omschrijving": proc.omschrijving,
        "vertrouwelijkheidaanduiding": proc.vertrouwelijkheid,
        "doel": proc.doel,
        "aanleiding": proc.aanleiding,
        "onderwerp": proc.onderwerp,
        "indicatieInternOfExtern": proc.indicatie_intern_of_extern,
        "handelingInitiator": proc.handeling_initiator,
        "handelingBehandelaar": proc.handeling_behandelaar,
        "doorlooptijd": proc.doorlooptijd,
        "opschortingEnAanhoudingMogelijk": proc.opschorting,
        "verlengingMogelijk": proc.verlengingstermijn is not None,
        "publicatieIndicatie": proc.publicatie_indicatie,
        "productenOfDiensten": [],
        "referentieproces": {"naam": proc.omschrijving},
        "verantwoordelijke": rsin,
        "selectielijstProcestype": procestype_url,
        "besluittypen": sorted(besluittype_urls),
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": begin.isoformat(),
        "versiedatum": begin.isoformat(),
    }
    if proc.servicenorm:
        body["servicenorm"] = proc.servicenorm
    if proc.verlengingstermijn:
        body["verlengingstermijn"] = proc.verlengingstermijn
    return body


def statustype(st: StatusTypeMap, zaaktype_url: str) -> dict[str, Any]:
    return {"zaaktype": zaaktype_url, "omschrijving": st.omschrijving, "volgnummer": st.volgnummer}


def roltype(name: str, zaaktype_url: str) -> dict[str, Any]:
    omschrijving, generiek = ROLTYPEN[name]
    return {"zaaktype": zaaktype_url, "omschrijving": omschrijving, "omschrijvingGeneriek": generiek}


def resultaattype(rt: ResultaatTypeMap, zaaktype_url: str) -> dict[str, Any]:
    return {
        "zaaktype": zaaktype_url,
        "omschrijving": rt.omschrijving,
        "resultaattypeomschrijving": rt.omschrijving_url,
        "selectielijstklasse": rt.klasse_url,
        "archiefnominatie": rt.archiefnominatie,
        "archiefactietermijn": rt.archiefactietermijn,
        # From which date the archive term counts: "afgehandeld" (the zaak's closing) only for a class
        # whose procestermijn is nihil or empty; else e.g. vervaldatum_besluit (zgw.toml, per resultaattype).
        "brondatumArchiefprocedure": {"afleidingswijze": rt.afleidingswijze},
    }


def zaaktype_informatieobjecttype(
    zaaktype_url: str, iotype_url: str, volgnummer: int, richting: str
) -> dict[str, Any]:
    return {
        "zaaktype": zaaktype_url,
        "informatieobjecttype": iotype_url,
        "volgnummer": volgnummer,
        "richting": richting,
    }
