"""Read-only: the Catalogi URLs a case's publication needs, per version of its zaaktype.

A zaak keeps the zaaktype version it was created with: its statussen, rollen, resultaat, documents and
besluiten take the types of *that* version, or Open Zaak refuses them (zaaktype-mismatch,
missing-zaaktype-informatieobjecttype-relation). When the municipality adds a version (Open Zaak's
"Nieuwe versie toevoegen": the old one gets an eindeGeldigheid, the copy is a concept until published),
running cases keep their own version and only new zaken take the new one, once it is published and valid.

``zaaktype_on`` picks the version for a new zaak: published, valid on the zaak's registratiedatum (as Open
Zaak's datumGeldigheid filter: beginGeldigheid <= datum <= eindeGeldigheid, or no end), the latest begin
when two are; a concept is never used. ``types_of`` gives the type URLs of one version on a Dutch day
(cached: the children of a published version cannot change; a type it does not link is the version valid
that day).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.clock import Clock, SystemClock, today
from services.zgw.client import ZgwClient
from services.zgw.config import ZgwConfigError
from services.zgw.mapping_model import ROLTYPEN, BesluitTypeMap, ProcedureMap, ZgwMapping
from services.zgw.payloads import BEGIN, EIND, TypeUrls

_CACHE: dict[tuple[str, ...], Any] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def _cached(key: tuple[str, ...], compute: Any) -> Any:
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    value = compute()
    with _LOCK:
        _CACHE[key] = value
    return value


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def valid_on(versions: list[dict[str, Any]], on: date) -> dict[str, Any] | None:
    """Of the versions of one type, the published one valid on ``on`` (the latest begin when two are).
    A day before every version's begin takes the first version (a case received before the type was
    introduced); a day after every version ended gives None."""
    begin = {id(v): b for v in versions if not v.get("concept") and (b := _day(v.get("beginGeldigheid")))}
    published = [v for v in versions if id(v) in begin]
    valid = [v for v in published if begin[id(v)] <= on and on <= (_day(v.get("eindeGeldigheid")) or on)]
    if valid:
        return max(valid, key=lambda v: begin[id(v)])
    if published and all(on < b for b in begin.values()):
        return min(published, key=lambda v: begin[id(v)])
    return None


def catalogus_url(client: ZgwClient) -> str:
    """The URL of the catalogus of the settings (domein + rsin); ZgwConfigError when it is missing."""
    config = client.config

    def find() -> str:
        cats = client.find("catalogi", "catalogussen", domein=config.catalogus_domein, rsin=config.rsin)
        if not cats:
            raise ZgwConfigError(
                f"Catalogus {config.catalogus_domein} bestaat niet in {config.catalogi_url}: "
                "voer eerst 'ruimteflow zgw catalogus' uit.",
                code="zgw-catalogus-ontbreekt",
            )
        return str(cats[0]["url"])

    return str(_cached(("catalogus", config.catalogi_url, config.catalogus_domein, config.rsin), find))


def zaaktype_on(client: ZgwClient, proc: ProcedureMap, on: date) -> str:
    """The URL of the version of the procedure's zaaktype a zaak registered on ``on`` gets."""
    cat = catalogus_url(client)
    versions = client.find(
        "catalogi", "zaaktypen", catalogus=cat, identificatie=proc.identificatie, status="alles"
    )
    versions = [v for v in versions if v.get("identificatie") == proc.identificatie]
    found = valid_on(versions, on)
    if found is None:
        what = "bestaat niet" if not versions else f"heeft geen gepubliceerde versie die geldig is op {on}"
        raise ZgwConfigError(
            f"Zaaktype {proc.identificatie} {what}: publiceer er een (of voer 'ruimteflow zgw catalogus' "
            "uit); de aflevering wordt daarna vanzelf opnieuw geprobeerd.",
            code="zgw-zaaktype-ontbreekt",
        )
    return str(found["url"])


def types_of(client: ZgwClient, proc: ProcedureMap, zaaktype: str, on: date) -> TypeUrls:
    """The type URLs of version ``zaaktype`` of the procedure's zaaktype, keyed by local names, on the
    Dutch day ``on`` (an informatieobjecttype the version does not link: the one valid that day).

    Raises ZgwConfigError (code zgw-zaaktype-vreemd) when ``zaaktype`` is no version of it."""
    key = ("types", client.config.catalogi_url, proc.process_id, zaaktype, on.isoformat())
    return _cached(key, lambda: _lookup(client, proc, zaaktype, on))  # type: ignore[no-any-return]


def _lookup(client: ZgwClient, proc: ProcedureMap, zt: str, on: date) -> TypeUrls:
    cat = catalogus_url(client)
    zaaktype = client.get(zt)
    if zaaktype.get("identificatie") != proc.identificatie or zaaktype.get("catalogus") != cat:
        raise ZgwConfigError(
            f"Zaaktype {zt} is geen versie van zaaktype {proc.identificatie} in catalogus {cat}.",
            code="zgw-zaaktype-vreemd",
        )

    def index(resource: str, key: str) -> dict[str, str]:
        found = client.find("catalogi", resource, zaaktype=zt, status="alles")
        return {str(v.get(key)): str(v["url"]) for v in found}

    status, rollen = index("statustypen", "omschrijving"), index("roltypen", "omschrijving")
    resultaten = index("resultaattypen", "omschrijving")
    linked_io = {str(z["informatieobjecttype"]) for z in _ziots(client, zt)}
    linked_io |= set(zaaktype.get("informatieobjecttypen") or [])
    ios = _linked_or_valid_on(client, "informatieobjecttypen", cat, linked_io, on)
    besluiten = _linked(client, "besluittypen", cat, set(zaaktype.get("besluittypen") or []))
    named = {f: s.omschrijving for s in proc.statustypen[:-1] for f in s.fasen}
    named |= {BEGIN: proc.beginstatus.omschrijving, EIND: proc.eindstatus.omschrijving}
    return TypeUrls(
        zaaktype=zt,
        statustypen={
            f: status[s.omschrijving] for s in proc.statustypen for f in s.fasen if s.omschrijving in status
        },
        beginstatustype=status.get(proc.beginstatus.omschrijving, ""),
        eindstatustype=status.get(proc.eindstatus.omschrijving, ""),
        roltypen={n: rollen[ROLTYPEN[n][0]] for n in proc.roltypen if ROLTYPEN[n][0] in rollen},
        resultaattypen={
            k: resultaten[r.omschrijving]
            for k, r in proc.resultaattypen.items()
            if r.omschrijving in resultaten
        },
        informatieobjecttypen={
            k: ios[io.omschrijving] for k, io in proc.informatieobjecttypen.items() if io.omschrijving in ios
        },
        besluittypen={
            k: besluiten[b.omschrijving] for k, b in proc.besluittypen.items() if b.omschrijving in besluiten
        },
        ontbrekend={k: name for k, name in named.items() if name not in status},
        versie=f"zaaktype {proc.identificatie} versie {zaaktype.get('versiedatum') or zt}",
    )


def _ziots(client: ZgwClient, zt: str) -> list[dict[str, Any]]:
    return client.find("catalogi", "zaaktype-informatieobjecttypen", zaaktype=zt, status="alles")


def _versions(client: ZgwClient, resource: str, cat: str) -> dict[str, list[dict[str, Any]]]:
    """The versions of every ``resource`` (informatieobjecttypen, besluittypen) of the catalogus, per
    omschrijving."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in client.find("catalogi", resource, catalogus=cat, status="alles"):
        groups.setdefault(str(item.get("omschrijving")), []).append(item)
    return groups


def _own(versions: list[dict[str, Any]], linked: set[str]) -> dict[str, Any] | None:
    """Of the versions of one type, the one the zaaktype version links to (None: it links none)."""
    return next((v for v in versions if v.get("url") in linked), None)


def _linked(client: ZgwClient, resource: str, cat: str, linked: set[str]) -> dict[str, str]:
    """URL per omschrijving of the ``resource`` of the catalogus: the version the zaaktype links to. A type
    it does not link is left out (a besluittype: Open Zaak refuses it on the zaak's besluit,
    zaaktype-mismatch)."""
    chosen = {name: _own(versions, linked) for name, versions in _versions(client, resource, cat).items()}
    return {name: str(v["url"]) for name, v in chosen.items() if v is not None}


def _linked_or_valid_on(
    client: ZgwClient, resource: str, cat: str, linked: set[str], on: date
) -> dict[str, str]:
    """As ``_linked``, and for a type the zaaktype does not link the published version valid on the Dutch
    day ``on`` (Open Zaak then decides whether the zaak may hold it)."""
    groups = _versions(client, resource, cat)
    chosen = {name: _own(versions, linked) or valid_on(versions, on) for name, versions in groups.items()}
    return {name: str(v["url"]) for name, v in chosen.items() if v is not None}


@dataclass
class MappingCatalog:
    """Type URLs looked up read-only in the Catalogi API (``services.zgw.lookup``) via the mapping; a type
    the zaaktype version does not link is the one valid on the Dutch day of ``clock`` (the platform's)."""

    client: ZgwClient
    mapping: ZgwMapping
    clock: Clock = field(default_factory=SystemClock)

    def zaaktype(self, process_id: str, on: date) -> str:
        return zaaktype_on(self.client, self.mapping.procedure(process_id), on)

    def types(self, process_id: str, zaaktype: str) -> TypeUrls:
        return types_of(self.client, self.mapping.procedure(process_id), zaaktype, today(self.clock))

    def resultaat_key(self, process_id: str, einde: str, besluit: str | None) -> str | None:
        found = self.mapping.procedure(process_id).resultaat_for(einde, besluit)
        return found.key if found else None

    def besluittype(self, process_id: str, uitkomst: str | None, taken: list[str]) -> BesluitTypeMap | None:
        return self.mapping.procedure(process_id).besluittype_for(uitkomst, taken)

    def vertrouwelijkheid(self, process_id: str) -> str:
        return self.mapping.procedure(process_id).vertrouwelijkheid

    def mapped(self, process_id: str, kind: str) -> tuple[str, ...]:
        """The local keys bpmn/zgw.toml gives the procedure for one kind of type ("roltypen", ...)."""
        proc = self.mapping.procedure(process_id)
        return tuple(getattr(proc, kind))
