"""The parts of a besluit's text built from what the case recorded besides the application: the points of
the locatiecheck and the course of the beslistermijn (suspensions and an extension), as Dutch text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from processes.nederlands import afstand, opsomming, telwoord
from processes.termijnen.datums import datum_nl
from processes.termijnen.opschorting import opschorting_vanaf
from services.store.models import Case, CaseConflict


def conflicten(conflicts: Sequence[CaseConflict]) -> list[dict[str, Any]]:
    """The outside conflicts as the besluit lists them: one item per rule and judgement, with how many
    features it concerns and their distances (ascending), not one identical paragraph per feature (five
    homes within 500 m of a turbine are one point of the locatiecheck). No feature names: a home's name
    can be its address."""
    punten: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in conflicts:
        if c.intern:
            continue
        reden = c.override_reason or ""
        sleutel = (c.regel, c.beschrijving, c.ernst, c.bron, c.laag, c.overschreven, reden)
        punt = punten.setdefault(
            sleutel,
            {
                "regel": c.regel,
                "beschrijving": c.beschrijving,
                "ernst": c.ernst,
                "bron": c.bron,
                "laag": c.laag,
                "overschreven": c.overschreven,
                "reden_overschrijving": reden,
                "aantal": 0,
                "afstanden": [],
            },
        )
        punt["aantal"] += 1
        if c.afstand_m is not None:
            punt["afstanden"].append(c.afstand_m)
    for punt in punten.values():
        punt["afstanden"] = opsomming(afstand(a) for a in sorted(punt["afstanden"]))
        punt["aantal_tekst"] = telwoord(punt["aantal"])
    return list(punten.values())


#: the reden a suspension for an aanvullingsverzoek records (services/domain/termijnen.py), with or
#: without what was missing after ": "; and the besluit's own default of before
_AANVULLING, _OUDE_STANDAARD = "aanvullingsverzoek", "aanvulling van de aanvraag gevraagd"


def _reden_opschorting(reden: str) -> str:
    """How the besluit gives a suspension's reason, after its period: a request to supplement the
    application as a clause (what was missing in brackets); any other recorded reason, a text typed by an
    officer that need not read as a clause, after "Reden:"."""
    reden = reden.strip().rstrip(".")
    soort, _, ontbrekend = reden.partition(":")
    if not reden or reden == _OUDE_STANDAARD or soort.strip() == _AANVULLING:
        wat = f" (ontbrekend: {ontbrekend.strip()})" if ontbrekend.strip() else ""
        return f", omdat wij u hebben gevraagd de aanvraag aan te vullen{wat}."
    return f". Reden: {reden}."


def termijnverloop(case: Case) -> dict[str, Any]:
    opschorting, verlenging = case.opschorting or {}, case.verlenging or {}
    # a period holds the day of the request: the term stands still from the day after it through its
    # laatste_dag (Awb 4:15 lid 1: up to the day the aanvulling came, or through the aanvullingstermijn's
    # last day; a case projected before that field counted through tot); one that stood still no day is left
    periodes = [
        {
            "van": datum_nl(opschorting_vanaf(date.fromisoformat(p["van"]))),
            "tot": datum_nl(date.fromisoformat(p.get("laatste_dag") or p["tot"])),
            "dagen": p.get("dagen"),
            "reden": _reden_opschorting(str(p.get("reden") or "")),
        }
        for p in opschorting.get("periodes") or []
        if (p.get("laatste_dag") or p["tot"]) > p["van"]
    ]
    out: dict[str, Any] = {"opschortingen": periodes, "verlenging": None}
    if verlenging.get("duur_weken"):
        reden, weken = str(verlenging.get("reden") or "").strip().rstrip("."), verlenging["duur_weken"]
        out["verlenging"] = {
            "weken": weken,
            "weken_tekst": telwoord(weken) if isinstance(weken, int) else str(weken),
            "besloten_op": datum_nl(date.fromisoformat(verlenging["besloten_op"])),
            "reden": f" Reden: {reden}." if reden else "",
        }
    return out
