"""The [selectielijst] of bpmn/zgw.toml: the VNG Selectielijst procestypen and classes the zaaktypen and
resultaattypen refer to, and the archive values a resultaattype sends (archiefnominatie, afleidingswijze).

A class names its procestype: Open Zaak refuses a resultaattype whose selectielijstklasse belongs to
another procestype than its zaaktype's selectielijstProcestype, so the mapping refuses it when loading.
A bad value raises ZgwConfigError with a Dutch message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.zgw.config import ZgwConfigError, toml_table

#: ZGW Catalogi resultaattype.archiefnominatie
ARCHIEFNOMINATIES = ("blijvend_bewaren", "vernietigen")
BLIJVEND_BEWAREN = "blijvend_bewaren"
#: the afleidingswijzen of the brondatum archiefprocedure Ruimteflow sends: those that need no other
#: field (datumkenmerk, objecttype, procestermijn). Open Zaak accepts "afgehandeld" only for a class whose
#: procestermijn is nihil or empty (catalogi/validators.py, invalid-afleidingswijze-for-procestermijn).
AFLEIDINGSWIJZEN = ("afgehandeld", "ingangsdatum_besluit", "vervaldatum_besluit")
AFGEHANDELD = "afgehandeld"


@dataclass(frozen=True)
class Klasse:
    """A Selectielijst resultaat (selectielijstklasse) with the generic resultaattypeomschrijving sent
    with it and the procestype it belongs to."""

    key: str
    url: str
    omschrijving_url: str
    procestype_url: str


@dataclass(frozen=True)
class Selectielijst:
    procestypen: dict[str, str]
    klassen: dict[str, Klasse]

    def procestype(self, key: Any, where: str) -> str:
        if not isinstance(key, str) or key not in self.procestypen:
            raise ZgwConfigError(
                f"zgw.toml: {where}.selectielijst_procestype '{key}' staat niet in [selectielijst.procestypen] "
                f"(wel: {', '.join(sorted(self.procestypen))})."
            )
        return self.procestypen[key]

    def klasse(self, key: Any, where: str, procestype_url: str) -> Klasse:
        if not isinstance(key, str) or key not in self.klassen:
            raise ZgwConfigError(
                f"zgw.toml: {where}.selectielijst '{key}' staat niet in [selectielijst.klassen]."
            )
        klasse = self.klassen[key]
        if klasse.procestype_url != procestype_url:
            raise ZgwConfigError(
                f"zgw.toml: {where}.selectielijst '{key}' hoort bij een ander procestype dan dat van de "
                "procedure (selectielijst_procestype); Open Zaak weigert die combinatie."
            )
        return klasse


def parse(selectielijst: dict[str, Any]) -> Selectielijst:
    """The procestypen and classes of [selectielijst], their paths made absolute with its ``api``."""
    api = str(selectielijst.get("api", ""))
    procestypen = {
        k: api + str(v)
        for k, v in toml_table(selectielijst.get("procestypen", {}), "selectielijst.procestypen").items()
    }
    omschrijvingen = toml_table(selectielijst.get("omschrijvingen", {}), "selectielijst.omschrijvingen")
    klassen = {}
    for key, raw in toml_table(selectielijst.get("klassen", {}), "selectielijst.klassen").items():
        here = f"selectielijst.klassen.{key}"
        item = toml_table(raw, here)
        if item.get("omschrijving") not in omschrijvingen:
            raise ZgwConfigError(
                f"zgw.toml: {here}.omschrijving staat niet in [selectielijst.omschrijvingen]."
            )
        if item.get("procestype") not in procestypen:
            raise ZgwConfigError(f"zgw.toml: {here}.procestype staat niet in [selectielijst.procestypen].")
        if not isinstance(item.get("resultaat"), str) or not item["resultaat"]:
            raise ZgwConfigError(f"zgw.toml: {here}.resultaat ontbreekt of is leeg.")
        klassen[key] = Klasse(
            key,
            api + item["resultaat"],
            api + str(omschrijvingen[item["omschrijving"]]),
            procestypen[item["procestype"]],
        )
    return Selectielijst(procestypen, klassen)


def archiefnominatie(item: dict[str, Any], where: str) -> str:
    value = item.get("archiefnominatie")
    if value not in ARCHIEFNOMINATIES:
        raise ZgwConfigError(
            f"zgw.toml: {where}.archiefnominatie '{value}' is geen ZGW-waarde (wel: {', '.join(ARCHIEFNOMINATIES)})."
        )
    return str(value)


def afleidingswijze(item: dict[str, Any], where: str) -> str:
    value = item.get("afleidingswijze", AFGEHANDELD)
    if value not in AFLEIDINGSWIJZEN:
        raise ZgwConfigError(
            f"zgw.toml: {where}.afleidingswijze '{value}' kan Ruimteflow niet sturen (wel: {', '.join(AFLEIDINGSWIJZEN)})."
        )
    return str(value)
