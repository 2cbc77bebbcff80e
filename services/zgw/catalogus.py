"""Create or update in a Catalogi API what the procedures need, idempotently; look the URLs up again.

``ensure`` finds each object by its natural key (catalogus: domein+rsin; informatieobjecttype and
besluittype: omschrijving in the catalogus; zaaktype: identificatie; statustype, roltype, resultaattype:
omschrijving in the zaaktype; zaaktype-informatieobjecttype: the informatieobjecttype), creates what is
missing, updates a concept whose fields differ (PATCH with only those fields) and publishes concepts. A
published type is never changed in place: a difference is reported as a warning (a new version is the
beheerder's decision). A second run therefore changes nothing.

The read-only look-up of the URLs a case's publication needs is ``services.zgw.lookup``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from processes.termijnen.datums import iso_duur
from services.zgw import typen
from services.zgw.client import ZgwClient, ZgwRemoteError
from services.zgw.lookup import clear_cache
from services.zgw.mapping_model import ROLTYPEN, ProcedureMap, ZgwMapping


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "aangemaakt": len(self.created),
            "bijgewerkt": len(self.updated),
            "gepubliceerd": len(self.published),
            "ongewijzigd": self.unchanged,
            "details": [f"aangemaakt: {x}" for x in self.created]
            + [f"bijgewerkt: {x}" for x in self.updated]
            + [f"gepubliceerd: {x}" for x in self.published],
            "waarschuwingen": list(self.warnings),
        }


def _norm(value: Any) -> Any:
    """Comparable form: ISO durations as (months, days) (P18M == P1Y6M, P8W == P56D), URL lists as sorted
    tuples, '' as None."""
    if isinstance(value, str):
        duur = iso_duur(value)
        if duur is not None:
            return ("duur", *duur)
        return value or None
    if isinstance(value, list):
        return tuple(sorted(str(_norm(v)) for v in value))
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def differences(desired: dict[str, Any], remote: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``desired`` whose value differs from ``remote`` (nested objects by their own keys)."""
    out = {}
    for key, value in desired.items():
        have = remote.get(key)
        if isinstance(value, dict) and isinstance(have, dict):
            if differences(value, have):
                out[key] = value
        elif _norm(value) != _norm(have):
            out[key] = value
    return out


class _Run:
    """One `ensure` run: the client, the report and the find-or-create-or-update step."""

    def __init__(self, client: ZgwClient, mapping: ZgwMapping) -> None:
        self.client = client
        self.mapping = mapping
        self.report = Report()
        #: while the children of a published zaaktype are handled: they cannot change either
        self.zaaktype_published = False

    def find(self, resource: str, **params: Any) -> list[dict[str, Any]]:
        return self.client.find("catalogi", resource, **params)

    def upsert(
        self, resource: str, label: str, desired: dict[str, Any], existing: dict[str, Any] | None
    ) -> str:
        if existing is None and self.zaaktype_published:
            self.report.warnings.append(
                f"{label} ontbreekt, maar het zaaktype is gepubliceerd: niet aangemaakt "
                "(maak zo nodig een nieuwe versie van het zaaktype)."
            )
            return ""
        if existing is None:
            created = self.client.create("catalogi", resource, desired)
            self.report.created.append(label)
            return str(created["url"])
        changed = differences(desired, existing)
        if not changed:
            self.report.unchanged += 1
        elif existing.get("concept", not self.zaaktype_published):
            self.client.patch(str(existing["url"]), changed)
            self.report.updated.append(f"{label} ({', '.join(sorted(changed))})")
        else:
            self.report.unchanged += 1
            self.report.warnings.append(
                f"{label} is gepubliceerd en wijkt af in {', '.join(sorted(changed))}: "
                "niet aangepast (maak zo nodig een nieuwe versie)."
            )
        return str(existing["url"])

    def publish(self, obj_url: str, label: str, concept: bool) -> None:
        if not concept:
            return
        try:
            self.client.post(obj_url.rstrip("/") + "/publish")
        except ZgwRemoteError as exc:
            if exc.status is None or exc.status >= 500:
                raise
            self.report.warnings.append(f"{label} kon niet gepubliceerd worden: {exc.detail}")
            return
        self.report.published.append(label)


def _by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Index by ``key``; of several versions the current one (no eindeGeldigheid) wins."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        name = str(item.get(key))
        if name not in out or not item.get("eindeGeldigheid"):
            out[name] = item
    return out


def _catalogus(run: _Run, config: Any) -> str:
    body = typen.catalogus(run.mapping, config)
    found = [c for c in run.find("catalogussen", domein=config.catalogus_domein, rsin=config.rsin)]
    return run.upsert(
        "catalogussen", f"catalogus {config.catalogus_domein}", body, found[0] if found else None
    )


def _iotypen(run: _Run, cat: str) -> dict[str, str]:
    """URL per omschrijving of every informatieobjecttype of every procedure, published."""
    existing = _by(run.find("informatieobjecttypen", catalogus=cat, status="alles"), "omschrijving")
    urls: dict[str, str] = {}
    for proc in run.mapping.procedures.values():
        for io in proc.informatieobjecttypen.values():
            if io.omschrijving in urls:
                continue
            body = typen.informatieobjecttype(io, cat, run.mapping.begin_geldigheid)
            have = existing.get(io.omschrijving)
            label = f"informatieobjecttype '{io.omschrijving}'"
            urls[io.omschrijving] = run.upsert("informatieobjecttypen", label, body, have)
            run.publish(urls[io.omschrijving], label, have is None or bool(have.get("concept")))
    return urls


def _besluittypen(run: _Run, cat: str, io_urls: dict[str, str]) -> dict[str, str]:
    existing = _by(run.find("besluittypen", catalogus=cat, status="alles"), "omschrijving")
    urls: dict[str, str] = {}
    for proc in run.mapping.procedures.values():
        for bt in proc.besluittypen.values():
            if bt.omschrijving in urls:  # one besluittype shared by procedures (the permit's, in a windpark)
                continue
            ios = [io_urls[proc.informatieobjecttypen[k].omschrijving] for k in bt.informatieobjecttypen]
            body = typen.besluittype(bt, cat, ios, run.mapping.begin_geldigheid)
            have = existing.get(bt.omschrijving)
            label = f"besluittype '{bt.omschrijving}'"
            urls[bt.omschrijving] = run.upsert("besluittypen", label, body, have)
            run.publish(urls[bt.omschrijving], label, have is None or bool(have.get("concept")))
    return urls


def _children(run: _Run, proc: ProcedureMap, zt: str, io_urls: dict[str, str]) -> None:
    label = f"zaaktype {proc.identificatie}"
    have = _by(run.find("statustypen", zaaktype=zt, status="alles"), "omschrijving")
    for st in proc.statustypen:
        body = typen.statustype(st, zt)
        run.upsert("statustypen", f"{label}: statustype '{st.omschrijving}'", body, have.get(st.omschrijving))
    have = _by(run.find("roltypen", zaaktype=zt, status="alles"), "omschrijving")
    for name in proc.roltypen:
        body = typen.roltype(name, zt)
        run.upsert("roltypen", f"{label}: roltype '{name}'", body, have.get(ROLTYPEN[name][0]))
    have = _by(run.find("resultaattypen", zaaktype=zt, status="alles"), "omschrijving")
    for rt in proc.resultaattypen.values():
        body = typen.resultaattype(rt, zt)
        run.upsert(
            "resultaattypen", f"{label}: resultaattype '{rt.omschrijving}'", body, have.get(rt.omschrijving)
        )
    have = _by(
        run.find("zaaktype-informatieobjecttypen", zaaktype=zt, status="alles"), "informatieobjecttype"
    )
    for n, io in enumerate(proc.informatieobjecttypen.values(), start=1):
        url = io_urls[io.omschrijving]
        body = typen.zaaktype_informatieobjecttype(zt, url, n, io.richting)
        run.upsert("zaaktype-informatieobjecttypen", f"{label}: documenttype '{io.key}'", body, have.get(url))


def _zaaktype(
    run: _Run, proc: ProcedureMap, cat: str, io_urls: dict[str, str], bt_urls: dict[str, str]
) -> None:
    versions = run.find("zaaktypen", catalogus=cat, identificatie=proc.identificatie, status="alles")
    have = _by(versions, "identificatie").get(proc.identificatie)
    body = typen.zaaktype(
        proc,
        catalogus_url=cat,
        besluittype_urls=[bt_urls[b.omschrijving] for b in proc.besluittypen.values()],
        procestype_url=proc.procestype_url,
        begin=run.mapping.begin_geldigheid,
        rsin=run.client.config.rsin,
    )
    zt = run.upsert("zaaktypen", f"zaaktype {proc.identificatie}", body, have)
    concept = have is None or bool(have.get("concept"))
    run.zaaktype_published = not concept
    _children(run, proc, zt, io_urls)
    run.zaaktype_published = False
    run.publish(zt, f"zaaktype {proc.identificatie}", concept)


def ensure(client: ZgwClient, mapping: ZgwMapping) -> Report:
    """Create or update the catalogus and every type of ``mapping``; see the module docstring."""
    run = _Run(client, mapping)
    cat = _catalogus(run, client.config)
    io_urls = _iotypen(run, cat)
    bt_urls = _besluittypen(run, cat, io_urls)
    for proc in mapping.procedures.values():
        _zaaktype(run, proc, cat, io_urls, bt_urls)
    clear_cache()
    return run.report
