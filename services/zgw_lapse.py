"""Which besluiten of a case lapse in the Besluiten API, and on which day (``services.zgw_publication``
sends them as "besluit-vervallen"; ``services.zgw.besluiten.withdraw`` delivers them).

Besluiten lapse when the case withdraws them: at its end (``uitkomst``: the end of an adopted
wijkuitvoeringsplan), or while it runs (a case event of kind LAPSE_EVENT with a ``vervaldatum``: an adopted
plan that goes back for rework, so that a new round's besluiten will replace them; a permit's besluit
herroepen in a beslissing op bezwaar, services.domain.bezwaar_beslissing). Either names the
withdrawn besluit under LAPSE (the raad's adoption) and the besluiten withdrawn with it under WITH (the
college's Wcw besluiten taken on the adopted plan: warmtekavel, aanwijzing warmtebedrijf). Each names its
bestuursorgaan and its day and, where that bestuursorgaan took another besluit on the case that stays (the
college's offer of the plan to the raad), the task that took it (``taak``). One event, or one end, is one
message; it names the besluit documents of each besluit (``documenten``), so the delivery lets exactly their
registered besluit lapse, not another besluit of the same bestuursorgaan on the case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.store.models import Case, CaseEvent, Document, HumanTask

#: the kind of the case event that may withdraw besluiten while the case runs (its data: LAPSE, WITH)
LAPSE_EVENT = "besluit"
#: the data key of the withdrawn besluit (its bestuursorgaan and day)
LAPSE = "ingetrokken_besluit"
#: the data key of the besluiten withdrawn with it (a list; each its bestuursorgaan, day and task)
WITH = "mee_ingetrokken"


def withdrawn(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The besluiten an event's data or an end's uitkomst withdraws: LAPSE, then those of WITH."""
    found = [data[LAPSE]] if isinstance(data.get(LAPSE), dict) else []
    return found + [b for b in data.get(WITH) or [] if isinstance(b, dict)]


def at_end(s: Session, case: Case, until: datetime) -> dict[str, Any] | None:
    """The payload of the besluiten the ended case withdraws: they lapse on the day of the end
    (``uitkomst.datum``, the case's own day); None when it withdraws none. ``until``: when it ended."""
    uitkomst = case.typed_summary.uitkomst or {}
    besluiten = withdrawn(uitkomst)
    if besluiten and uitkomst.get("datum"):
        return _payload(s, case.id, besluiten, str(uitkomst["datum"]), until)
    return None


def of_events(s: Session, case: Case, events: list[CaseEvent]) -> list[tuple[str, dict[str, Any]]]:
    """(ref, payload) of the besluiten each of ``events`` withdraws while the case runs: one message per
    event, under ref ``besluit-vervallen:<event id>``, lapsing on the event's ``vervaldatum``."""
    found = []
    for event in events:
        data = event.data or {}
        besluiten = withdrawn(data)
        if event.kind == LAPSE_EVENT and besluiten and data.get("vervaldatum"):
            payload = _payload(s, case.id, besluiten, str(data["vervaldatum"]), event.at)
            found.append((f"besluit-vervallen:{event.id}", payload))
    return found


def _payload(
    s: Session, case_id: int, besluiten: list[dict[str, Any]], vervaldatum: str, until: datetime
) -> dict[str, Any]:
    named = [{**b, "documenten": documenten(s, case_id, b, until)} for b in besluiten]
    return {"vervaldatum": vervaldatum, "besluiten": named}


def documenten(s: Session, case_id: int, besluit: dict[str, Any], until: datetime) -> list[int]:
    """The besluit documents of a withdrawn besluit: of its day (the besluitdatum its PDF states, else the
    document's creatiedatum, as the Besluiten API registers it), uploaded before ``until`` (so not a
    besluit of a later round) and, when it names its ``taak``, since that task last began before ``until``
    (the delivery gives a besluit the type of the latest task begun before its upload: so not a besluit of
    the same bestuursorgaan and day taken by an earlier task)."""
    day = func.coalesce(Document.besluitdatum, Document.creatiedatum)
    query = select(Document.id).where(
        Document.case_id == case_id,
        Document.informatieobjecttype == "besluit",
        Document.verwijderd.is_(False),
        day == date.fromisoformat(str(besluit["datum"])),
        Document.created_at <= until,
    )
    if besluit.get("taak"):
        begun = select(func.max(HumanTask.created_at)).where(
            HumanTask.case_id == case_id,
            HumanTask.bpmn_id == str(besluit["taak"]),
            HumanTask.created_at <= until,
        )
        query = query.where(Document.created_at >= begun.scalar_subquery())
    return list(s.scalars(query.order_by(Document.id)))
