"""The case file shared by the case page and the task page (data, conflicts, map, timeline, term)."""

from __future__ import annotations

from typing import Any

from services import case_queries
from web.faces import kaartje

EVENT_KINDS = {
    "zaak-gestart": "Zaak gestart",
    "taak-aangemaakt": "Taak klaar",
    "taak-voltooid": "Taak afgerond",
    "taak-toewijzing": "Toewijzing",
    "status": "Status",
    "fase": "Fase",
    "afgerond": "Afgerond",
    "bericht": "Bericht",
    "incident": "Incident",
    "scriptlog": "Scriptuitvoer",
    "incident-opgelost": "Incident opgelost",
    "conflict-overschreven": "Conflict overschreven",
    "gepauzeerd": "Gepauzeerd",
    "hervat": "Hervat",
    "gemigreerd": "Gemigreerd",
}


#: workflow data shown in a section of its own (or in the heading), not again under "Gegevens"
SHOWN_ELSEWHERE = {"zaak", "locatiecheck", "documenten", "bijlagen"}


def _is_simple(value: Any) -> bool:
    if isinstance(value, dict):
        return False
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return True


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "sleutel": _readable(k),
            "waarde": v,
            "eenvoudig": _is_simple(v),
            "omvang": len(v) if isinstance(v, dict | list) else 0,
        }
        for k, v in sorted(data.items())
        if k not in SHOWN_ELSEWHERE
    ]


def _readable(key: str) -> str:
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def dossier_context(case: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    data = (case.get("samenvatting") or {}).get("gegevens") or {}
    summary = {k: v for k, v in (case.get("samenvatting") or {}).items() if k != "gegevens"}
    conflicts = case.get("conflicten") or []
    for c in conflicts:
        c["mag_overschrijven"] = (
            case.get("status") != "afgerond" and not c["overschreven"] and case_queries.may_override(user, c)
        )
    timeline = list(reversed(case.get("tijdlijn") or []))
    for e in timeline:
        e["soort_naam"] = EVENT_KINDS.get(e["soort"], _readable(e["soort"]))
    documents = [v for k, v in data.items() if k in ("documenten", "bijlagen") and isinstance(v, list)]
    return {
        "zaak": case,
        "gegevens": _items(data),
        "samenvatting_extra": _items(summary),
        "conflicten": conflicts,
        "kaart": kaartje.build(case.get("geometrie_wkt"), conflicts, case.get("conflict_geometrieen") or {}),
        "tijdlijn": timeline,
        "documenten": [d for group in documents for d in group],
        "is_beheerder": user["rol"] == "beheerder",
    }
