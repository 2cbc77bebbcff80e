"""The types a ZGW delivery needs from the zaak's zaaktype version, and the failures when one is missing
(services.zgw.delivery): a type bpmn/zgw.toml maps but the catalogus lacks, one it does not map, and a
statustype it maps that the zaak's version lacks. Never a silent skip."""

from __future__ import annotations

from services.outbox import DeliveryFailed
from services.zgw import payloads as p
from services.zgw.lookup import clear_cache
from services.zgw.remote import ZgwRemote

TYPE_NAMES = {
    "roltypen": "Roltype",
    "informatieobjecttypen": "Informatieobjecttype",
    "besluittypen": "Besluittype",
    "resultaattypen": "Resultaattype",
}


def type_url(remote: ZgwRemote, case_id: int, kind: str, key: str, found: dict[str, str]) -> str:
    """The Catalogi URL of type ``key`` of ``kind`` ("roltypen", ...); never a silent skip. A type that
    bpmn/zgw.toml maps but the catalogus lacks (a document type added since `zgw catalogus` ran) fails
    the message, retried: the cached lookup is dropped, so it heals once `zgw catalogus` has run. A type
    the mapping does not know fails it at once (dead): that needs zgw.toml changed."""
    if found.get(key):
        return found[key]
    process_id = remote.process_id(case_id)
    what = f"{TYPE_NAMES[kind]} '{key}' van procedure '{process_id}'"
    if key not in remote.catalog.mapped(process_id, kind):
        raise DeliveryFailed(
            f"{what} staat niet in bpmn/zgw.toml: voeg het toe, voer 'ruimteflow zgw catalogus' uit en "
            "bied de aflevering opnieuw aan.",
            retryable=False,
        )
    clear_cache()
    raise DeliveryFailed(
        f"{what} ontbreekt in de ZGW-catalogus: voer 'ruimteflow zgw catalogus' uit; de aflevering "
        "wordt daarna vanzelf opnieuw geprobeerd."
    )


def lacking_statustype(types: p.TypeUrls, key: str) -> None:
    """Fails the message of a status (a phase, p.BEGIN or p.EIND) whose statustype bpmn/zgw.toml maps but
    the zaak's zaaktype version lacks (renamed in zgw.toml since): given up at once, as no waiting adds it
    to a published version; it needs zgw.toml changed back. A status zgw.toml does not map is no failure."""
    name = types.ontbrekend.get(key)
    if name is None:
        return
    what = {p.BEGIN: "de eerste status", p.EIND: "de eindstatus"}.get(key, f"fase '{key}'")
    raise DeliveryFailed(
        f"Statustype '{name}' ({what}) staat in bpmn/zgw.toml maar niet in {types.versie}, de "
        "zaaktypeversie van deze zaak: de zaak kan die status niet krijgen. Geef het statustype in "
        "bpmn/zgw.toml de omschrijving die het in deze versie heeft, herstart de worker en bied de "
        "aflevering opnieuw aan (een nieuwe versie van het zaaktype geldt alleen voor nieuwe zaken).",
        retryable=False,
    )
