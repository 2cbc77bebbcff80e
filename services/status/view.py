"""The public status of a case for its initiator, behind the unguessable tracking code.

Only what the initiator may see leaves this module: public events (no actors), the department or
organisation holding the case with its contact, what the case waits for, the legal deadline, final
or provisional, location remarks that are not internal, and the messages the initiator may send.
Internal notes, task assignees (advisers' names), audit events, other parties' data and conflicts
marked ``intern`` are never read into the view model.

The diagram's active elements come from the open tasks (projection) and, read-only, from the
workflow's waiting events.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from processes.termijnen.datums import datum_nl
from services import policy
from services.clock import today
from services.platform import Platform
from services.status.lookup import case_by_code, main_source, model_messages, waiting_of
from services.status.messages import public_actions
from services.store.models import Case, CaseConflict, CaseEvent, Group, HumanTask

DEFAULT_CONTACT = "Gemeente Ruimtedal, telefoon 14 0000 of info@ruimtedal.example"
STATUS_TEXTS = {
    "lopend": "In behandeling",
    "afgerond": "Afgerond",
    "incident": "Vertraagd door een technische storing",
    "gepauzeerd": "Tijdelijk stilgezet",
}


def _holder(s: Any, name: str | None, default_contact: str) -> dict[str, Any] | None:
    if not name:
        return None
    group = s.scalars(select(Group).where(Group.name == name)).first()
    kind = "organisatie" if group is not None and group.kind not in ("afdeling", None) else "afdeling"
    return {
        "naam": name,
        "soort": kind,
        "contact": (group.contact if group is not None else None) or default_contact,
    }


def _deadline(case: Case, day: date) -> dict[str, Any]:
    d = case.uiterlijke_einddatum_afdoening
    opschorting = case.opschorting or {}
    verlenging = case.verlenging or {}
    suspended = bool(opschorting.get("indicatie") or opschorting.get("lopend"))
    provisional = bool((case.deadline_info or {}).get("voorlopig")) or suspended
    return {
        "uiterste_beslisdatum": d.isoformat() if d else None,
        "dagen_tot_beslisdatum": (d - day).days if d else None,
        "opgeschort": suspended,
        "voorlopig": provisional,
        "opgeschorte_dagen": int(opschorting.get("opgeschorte_dagen") or 0),
        "verlengd": bool(verlenging.get("duur_weken")),
        "verlenging_weken": verlenging.get("duur_weken"),
        "toelichting": _deadline_text(d, suspended, case.final, case.status),
    }


def _deadline_text(d: date | None, suspended: bool, final: bool, status: str) -> str:
    if status == "afgerond":
        return "Er is een besluit genomen." if final else "De behandeling is afgerond."
    if d is None:
        return "Voor deze zaak geldt (nog) geen wettelijke beslistermijn."
    text = f"De gemeente beslist uiterlijk op {datum_nl(d)}."
    if suspended:
        text += (
            " De termijn staat stil zolang we op uw aanvulling wachten. Deze datum is voorlopig: hij geldt als "
            "uw aanvulling op de laatste dag komt; levert u eerder aan, dan komt de datum eerder te liggen."
        )
    return text


def _decision(case: Case) -> dict[str, Any]:
    if case.final:
        text = "Het besluit is definitief."
    elif case.status != "afgerond":
        text = "Er is nog geen definitief besluit."
    else:
        text = "De zaak is afgerond zonder definitief besluit."
    return {"definitief": bool(case.final), "tekst": text}


def _read_projections(s: Any, case: Case) -> dict[str, Any]:
    """Public events, the elements done and open, and the public remarks of one case."""
    events = s.execute(
        select(CaseEvent.at, CaseEvent.message)
        .where(CaseEvent.case_id == case.id, CaseEvent.public.is_(True))
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    done = s.scalars(
        select(CaseEvent.element_id).where(CaseEvent.case_id == case.id, CaseEvent.element_id.is_not(None))
    ).all()
    tasks = s.scalars(
        select(HumanTask.bpmn_id).where(HumanTask.case_id == case.id, HumanTask.state == "open")
    ).all()
    remarks = s.execute(
        select(CaseConflict.beschrijving, CaseConflict.ernst)
        .where(
            CaseConflict.case_id == case.id,
            CaseConflict.intern.is_(False),
            CaseConflict.overschreven.is_(False),
        )
        .order_by(CaseConflict.id)
    ).all()
    return {
        "events": events,
        "done": sorted({e for e in done if e}),
        "tasks": set(tasks),
        "remarks": remarks,
    }


def public_status(platform: Platform, code: str, *, default_contact: str = DEFAULT_CONTACT) -> dict[str, Any]:
    """The initiator's view of a case. Raises ``UnknownCode`` for a wrong or missing code."""
    day = today(platform.clock)
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_code(s, code)
        read = _read_projections(s, case)
        waiting = waiting_of(case)
        declared = model_messages(main_source(s, case))
        active = sorted(read["tasks"] | waiting.elements)
        running = case.status == "lopend"
        return {
            "zaak": case.reference,
            "titel": case.title,
            "procedure": case.procedure,
            "proces": case.process_id,
            "status": case.status,
            "status_tekst": STATUS_TEXTS.get(case.status, case.status),
            "fase": case.phase,
            "ontvangen_op": case.received_on.isoformat() if case.received_on else None,
            "locatie": case.location_name,
            "houder": _holder(s, case.holder, default_contact) if running else None,
            "wacht_op": case.waiting_for if running else None,
            "termijn": _deadline(case, day),
            "besluit": _decision(case),
            "tijdlijn": [
                {"tijdstip": at.isoformat(), "datum": at.date().isoformat(), "tekst": message}
                for at, message in read["events"]
            ],
            # one line per kind of remark, not one per nearby feature
            "aandachtspunten": [
                {"tekst": text, "ernst": ernst} for text, ernst in dict.fromkeys(read["remarks"])
            ],
            "diagram": {
                "url": f"/status/{code}/diagram.bpmn",
                "actief": active,
                "afgerond": [e for e in read["done"] if e not in active],
            },
            "acties": public_actions(case, code, declared, waiting, policy.rules(platform.settings)),
            "contact": default_contact,
        }
