"""A besluit in the Besluiten API: its facts from the besluit document, and the besluit with its
besluitinformatieobject, each created once (looked up before it is created, as every remote object)."""

from __future__ import annotations

from typing import Any

from processes.termijnen.rechtsmiddelen import inwerkingtreding
from services.store.models import Document
from services.zgw import payloads as p
from services.zgw.mapping import BESTUURSORGANEN
from services.zgw.remote import ZgwRemote


def bestuursorgaan(orgaan: str, gemeente_naam: str) -> str:
    """The bestuursorgaan as the Besluiten API gets it: "gemeenteraad van de gemeente Ruimtedal"."""
    naam = gemeente_naam.strip()
    return f"{BESTUURSORGANEN[orgaan]} van {'de ' + naam if naam.lower().startswith('gemeente ') else naam}"


def facts(doc: Document, identificatie: str, orgaan: str, settings: Any) -> p.BesluitFacts:
    """The besluit of a besluit document with a verzenddatum: the dates its PDF names (a besluit made
    before migration 0013 has no besluitdatum: its creatiedatum), in effect the day after it was made
    known (Awb 3:40, Omgevingswet 16.79 lid 1)."""
    assert doc.verzenddatum is not None
    return p.BesluitFacts(
        datum=doc.besluitdatum or doc.creatiedatum,
        ingangsdatum=inwerkingtreding(doc.verzenddatum),
        verzenddatum=doc.verzenddatum,
        toelichting=doc.titel,
        identificatie=identificatie,
        bestuursorgaan=bestuursorgaan(orgaan, str(getattr(settings, "gemeente_naam", "") or "")),
    )


def register(
    r: ZgwRemote, case_id: int, doc_id: int, besluit: p.BesluitFacts, besluittype: str, eio: str
) -> None:
    """The besluit of document ``doc_id`` on the case's zaak, and its link to the document (``eio``)."""
    client, rsin, zaak = r.client, r.config.rsin, r.zaak_url(case_id)

    def find_besluit() -> str | None:
        found = client.find(
            "besluiten", "besluiten", identificatie=besluit.identificatie, verantwoordelijkeOrganisatie=rsin
        )
        return str(found[0]["url"]) if found else None

    def create_besluit() -> str:
        body = p.besluit_create(besluit, besluittype, zaak_url=zaak, rsin=rsin)
        return str(client.create("besluiten", "besluiten", body)["url"])

    url = r.once(case_id, f"besluit:{doc_id}", "besluit", find_besluit, create_besluit)

    def find_bio() -> str | None:
        found = client.find("besluiten", "besluitinformatieobjecten", besluit=url, informatieobject=eio)
        return str(found[0]["url"]) if found else None

    def create_bio() -> str:
        return str(client.create("besluiten", "besluitinformatieobjecten", p.bio_create(url, eio))["url"])

    r.once(case_id, f"bio:{doc_id}", "besluitinformatieobject", find_bio, create_bio)
