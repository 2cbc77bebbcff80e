"""Which besluiten of a case lapse in the Besluiten API, and on which day (``services.zgw_publication``
sends them as "besluit-vervallen"; ``services.zgw.besluiten.withdraw`` delivers them).

A besluit lapses when the case withdraws it: at its end (``uitkomst.ingetrokken_besluit``: the end of an
adopted wijkuitvoeringsplan), or while it runs (a case event of kind LAPSE_EVENT whose data names the besluit
under LAPSE, beside its ``vervaldatum``: an adopted plan that goes back for rework, so that a new raadsbesluit
will replace it). Pure: no session, no outbox.
"""

from __future__ import annotations

from typing import Any

from services.store.models import Case, CaseEvent

#: the kind of the case event that may withdraw a besluit while the case runs (its data: ``LAPSE``)
LAPSE_EVENT = "besluit"
#: the data key of such an event: the withdrawn besluit (its bestuursorgaan and day)
LAPSE = "ingetrokken_besluit"


def at_end(case: Case) -> dict[str, Any] | None:
    """The payload of the besluit the ended case withdraws: it lapses on the day of the end
    (``uitkomst.datum``, the case's own day); None when it withdraws none."""
    uitkomst = case.typed_summary.uitkomst or {}
    besluit = uitkomst.get(LAPSE)
    if isinstance(besluit, dict) and uitkomst.get("datum"):
        return {**besluit, "vervaldatum": uitkomst["datum"]}
    return None


def of_events(events: list[CaseEvent]) -> list[tuple[str, dict[str, Any]]]:
    """(ref, payload) of each besluit ``events`` withdraw while the case runs: one per event, under ref
    ``besluit-vervallen:<event id>``, lapsing on the event's ``vervaldatum``."""
    found = []
    for event in events:
        data = event.data or {}
        besluit = data.get(LAPSE)
        if event.kind == LAPSE_EVENT and isinstance(besluit, dict) and data.get("vervaldatum"):
            found.append((f"besluit-vervallen:{event.id}", {**besluit, "vervaldatum": data["vervaldatum"]}))
    return found
