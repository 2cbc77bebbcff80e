"""The locatiecheck as a service task.

Checks a case's geometry against the configured layers and rules (services.locatiecheck), stores the
conflicts on the case and honours overrides: an overridden conflict no longer routes work to its department.
"""

from __future__ import annotations

from typing import Any

from shapely import wkt as shapely_wkt
from shapely.geometry import mapping

from processes.advies_routering import feature_names
from processes.constants import worst
from services.config import Settings
from services.engine.context import StepContext, current
from services.locatiecheck import check_document, uses_postgis
from services.registry import Registry

#: how many conflicts a department's reason names before it says how many more there are
REASON_NAMES = 3


def reasons(live: list[dict[str, Any]]) -> dict[str, str]:
    """Per department, the reason its advice is asked: which conflicts, under which rule (DOMAIN.md).
    Internal conflicts are left out of the text (an outside adviser reads it); the case file has them."""
    per: dict[str, list[dict[str, Any]]] = {}
    for c in live:
        per.setdefault(c["afdeling"], []).append(c)
    out = {}
    for afdeling, items in per.items():
        named = _rule_texts(items)
        text = "; ".join(named[:REASON_NAMES]) or "zie het zaakdossier"
        if len(named) > REASON_NAMES:
            text += f" en {len(named) - REASON_NAMES} meer"
        out[afdeling] = f"{len(items)} conflict(en), hoogste ernst {worst(c['ernst'] for c in items)}: {text}"
    return out


def _rule_texts(items: list[dict[str, Any]]) -> list[str]:
    """Per rule of a department's conflicts (internal ones left out) its description and id, with the
    features it found: "... consulteren. (regel gemeentegrens-buurgemeente: Oosterhoeve)"."""
    per: dict[tuple[str, str], dict[str, None]] = {}  # per (description, rule) its feature names, once each
    for c in items:
        if c.get("intern"):
            continue
        found = per.setdefault((c.get("beschrijving") or c["regel"], c["regel"]), {})
        if name := c.get("feature_naam"):
            found[str(name)] = None
    return [
        f"{beschrijving} (regel {regel}{f': {feature_names(found)}' if found else ''})"
        for (beschrijving, regel), found in per.items()
    ]


#: what the routing summary keeps of each conflict: the advice reason names the feature (the Natura 2000
#: area) and leaves out an internal conflict (processes.advies_routering)
SUMMARY_KEYS = ("regel", "laag", "ernst", "afdeling", "beschrijving", "feature_naam", "intern")


def _summary(conflicts: list[dict[str, Any]]) -> dict[str, Any]:
    from gis.api import remarks  # gis is imported when a check runs, not when the registry loads

    live = [c for c in conflicts if not c.get("overschreven")]
    return {
        "redenen": reasons(live),
        "afdelingen": sorted({c["afdeling"] for c in live}),
        "hoogste_ernst": worst(c["ernst"] for c in live),
        "aantal": len(live),
        "aantal_openbaar": len(remarks(live)),  # what the public timeline may count (as the page lists)
        "conflicten": [{k: c.get(k) for k in SUMMARY_KEYS} for c in live],
    }


def _overrides(ctx: StepContext) -> set[tuple[str, str, str]]:
    """(regel, laag, feature_id) of the case's conflicts a person marked not applicable."""
    if ctx.case_id is None:
        return set()
    return {(c.regel, c.laag, c.feature_id) for c in ctx.reads.conflicts(ctx.case_id, overridden_only=True)}


def locatiecheck(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
    """Service task: check the case geometry; store conflicts on the case; return the routing summary."""
    ctx = current()
    if not ctx.geometry_wkt:
        ctx.event("locatiecheck", "Locatiecheck overgeslagen: de zaak heeft geen locatie.")
        return {**_summary([]), "opmerking": "geen locatie"}
    settings = ctx.settings or Settings()
    geom = shapely_wkt.loads(ctx.geometry_wkt)
    parts = list(getattr(geom, "geoms", [geom])) if geom.geom_type == "GeometryCollection" else [geom]
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": mapping(g), "properties": {"soort": soort}} for g in parts
        ],
    }
    from gis.api import nearest_per_feature

    result = check_document(  # the rules in force on the step's day (a rule's geldig_vanaf)
        settings,
        fc,
        crs="EPSG:28992",
        peildatum=ctx.today(),
        overrides=_overrides(ctx),
        bind=ctx.reads.connection() if uses_postgis(settings) else None,  # the step's transaction
    )
    # the case's location is one place: a feature near two of its parts is one conflict
    ctx.conflicts = nearest_per_feature(result["conflicten"]) if len(parts) > 1 else result["conflicten"]
    summary = _summary(ctx.conflicts)
    ctx.event(
        "locatiecheck",
        f"Locatiecheck: {summary['aantal']} conflict(en); adviseurs: {', '.join(summary['afdelingen']) or 'geen'}",
    )
    return summary


def locatiecheck_samenvatting(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Service task: the current (override-aware) conflict summary of the case, read from its projection."""
    ctx = current()
    if ctx.case_id is None:
        return _summary([])
    return _summary([vars(c) for c in ctx.reads.conflicts(ctx.case_id)])


def register(registry: Registry) -> None:
    register_service = registry.service
    register_service(
        "locatiecheck", locatiecheck, "GIS-conflictcheck van de zaaklocatie; slaat conflicten op"
    )
    register_service(
        "locatiecheck_samenvatting",
        locatiecheck_samenvatting,
        "huidige conflicten van de zaak (met overschrijvingen) als routeringsgegevens",
    )
