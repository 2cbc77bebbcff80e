"""Which besluiten of a case lapse in the Besluiten API, and on which day (``services.zgw_publication``
sends them as "besluit-vervallen"; ``services.zgw.besluiten.withdraw`` delivers them).

A besluit lapses when the case withdraws it: at its end (``uitkomst.ingetrokken_besluit``: the end of an
adopted wijkuitvoeringsplan), or while it runs (a case event of kind LAPSE_EVENT whose data names the besluit
under LAPSE, beside its ``vervaldatum``: an adopted plan that goes back for rework, so that a new raadsbesluit
will replace it). The withdrawn besluit names its bestuursorgaan and its day; the message also names its
besluit documents (``documenten``), so the delivery lets exactly their registered besluit lapse, not another
besluit of the same bestuursorgaan on the case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.store.models import Case, CaseEvent, Document

#: the kind of the case event that may withdraw a besluit while the case runs (its data: ``LAPSE``)
LAPSE_EVENT = "besluit"
#: the data key of such an event: the withdrawn besluit (its bestuursorgaan and day)
LAPSE = "ingetrokken_besluit"


def at_end(s: Session, case: Case, until: datetime) -> dict[str, Any] | None:
    """The payload of the besluit the ended case withdraws: it lapses on the day of the end
    (``uitkomst.datum``, the case's own day); None when it withdraws none. ``until``: when it ended."""
    uitkomst = case.typed_summary.uitkomst or {}
    besluit = uitkomst.get(LAPSE)
    if isinstance(besluit, dict) and uitkomst.get("datum"):
        return _payload(s, case.id, besluit, str(uitkomst["datum"]), until)
    return None


def of_events(s: Session, case: Case, events: list[CaseEvent]) -> list[tuple[str, dict[str, Any]]]:
    """(ref, payload) of each besluit ``events`` withdraw while the case runs: one per event, under ref
    ``besluit-vervallen:<event id>``, lapsing on the event's ``vervaldatum``."""
    found = []
    for event in events:
        data = event.data or {}
        besluit = data.get(LAPSE)
        if event.kind == LAPSE_EVENT and isinstance(besluit, dict) and data.get("vervaldatum"):
            payload = _payload(s, case.id, besluit, str(data["vervaldatum"]), event.at)
            found.append((f"besluit-vervallen:{event.id}", payload))
    return found


def _payload(
    s: Session, case_id: int, besluit: dict[str, Any], vervaldatum: str, until: datetime
) -> dict[str, Any]:
    return {**besluit, "vervaldatum": vervaldatum, "documenten": documenten(s, case_id, besluit, until)}


def documenten(s: Session, case_id: int, besluit: dict[str, Any], until: datetime) -> list[int]:
    """The besluit documents of a withdrawn besluit: of its day (the besluitdatum its PDF states, else the
    document's creatiedatum, as the Besluiten API registers it) and uploaded before ``until`` (so not a
    besluit of a later round)."""
    day = func.coalesce(Document.besluitdatum, Document.creatiedatum)
    query = select(Document.id).where(
        Document.case_id == case_id,
        Document.informatieobjecttype == "besluit",
        Document.verwijderd.is_(False),
        day == date.fromisoformat(str(besluit["datum"])),
        Document.created_at <= until,
    )
    return list(s.scalars(query.order_by(Document.id)))
