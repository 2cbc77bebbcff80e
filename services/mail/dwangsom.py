"""The facts of the initiator's mails about an ingebrekestelling and its dwangsom (Awb 4:17-4:18), from
the public events services.domain.dwangsom records: its receipt (``ingebrekestelling``), the first day
the dwangsom is due (``dwangsom_loopt``) and the beschikking that sets it (``dwangsom`` with its
``beschikking``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.nederlands import euro
from processes.termijnen.datums import datum_nl, weekdag_nl
from processes.termijnen.dwangsom import standaard_tarief


def _dag(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _tarief() -> dict[str, Any]:
    """The tiers in words ("€ 23 per dag de eerste 14 dagen, ..."), the maximum in days and in euros."""
    tarief = standaard_tarief()
    tiers = tarief.per_schijf(tarief.max_dagen)
    words = [f"{euro(per_dag)} per dag over {aantal} dagen" for aantal, per_dag in tiers]
    return {
        "max_dagen": tarief.max_dagen,
        "max_bedrag": sum(aantal * per_dag for aantal, per_dag in tiers),
        "schijven": ", daarna ".join(words),
    }


def ingebrekestelling(data: Mapping[str, Any]) -> dict[str, Any]:
    """The receipt of the ingebrekestelling: its day (which starts the two weeks, Awb 4:17 lid 3), the day
    the dwangsom and the beroep for not deciding in time (Awb 6:12 lid 2) start without a besluit, or the
    day the besluit already taken is sent."""
    sent = data.get("besluit_verzonden_op")
    return {
        "ontvangen_op": _dag(data["ontvangen_op"]),
        "start": _dag(data["start"]),
        "besluit_verzonden_op": _dag(sent) if sent else None,
        **_tarief(),
    }


def loopt(data: Mapping[str, Any]) -> dict[str, Any]:
    """The dwangsom's first day due: from when, since which ingebrekestelling, and its tiers."""
    return {"ontvangen_op": _dag(data["ontvangen_op"]), "start": _dag(data["start"]), **_tarief()}


def beschikking(stand: Any, today: date) -> dict[str, Any] | None:
    """The beschikking that set the dwangsom (Awb 4:18), or None (nothing due, or a stand without one):
    its day, whether that day has come (``vastgesteld``: one dated with a besluit sent after ``today`` is
    told as set on that day), why it ended, the amount, the days it ran, how it was counted, and the last
    day for bezwaar with its weekday."""
    if not isinstance(stand, Mapping) or not isinstance(stand.get("beschikking"), Mapping):
        return None
    besch = stand["beschikking"]
    tot, op = _dag(besch["bezwaar_tot"]), _dag(besch["datum"])
    return {
        "beschikking_op": op,
        "vastgesteld": op <= today,
        "reden": besch["reden"],
        "bedrag": stand["bedrag_euro"],
        "dagen": stand["dagen"],
        "van": _dag(stand["start"]),
        "tot_en_met": _dag(besch["laatste_dag"]),
        "stappen": list(stand.get("stappen") or []),
        "bezwaar_tot": f"{weekdag_nl(tot)} {datum_nl(tot)}",
    }
