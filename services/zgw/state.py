"""The changeable part of a zaak as the local case holds it (one definition for publication and delivery)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.store.models import Case


def zaak_state(case: Case) -> dict[str, Any]:
    """The parts of the zaak a step may change: the deadline, opschorting and verlenging."""
    deadline = case.uiterlijke_einddatum_afdoening
    opschorting = case.opschorting or {}
    verlenging = case.verlenging or {}
    return {
        "uiterlijkeEinddatumAfdoening": deadline.isoformat() if isinstance(deadline, date) else None,
        "opgeschort": bool(opschorting.get("indicatie")),
        "opschorting_reden": str(opschorting.get("reden") or ""),
        "verlenging_dagen": int(verlenging.get("duur_weken") or 0) * 7,
        "verlenging_reden": str(verlenging.get("reden") or ""),
    }
