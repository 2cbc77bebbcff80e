"""The initiator's own cases ("Mijn aanvragen"): status, documents and what the municipality asks of it.

Which cases are an initiator's is the policy's call (``services.policy.own_cases``): the ones its
account started, and the ones applied for with its verified e-mail address.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.errors import Forbidden
from services import policy
from services import status as status_service
from services.clock import today
from services.documents.queries import readable_documents_of
from services.documents.views import document_dict
from services.platform import Platform
from services.public_phases import PublicPhases, made_known_on, procedure_of, public_phases
from services.status.lookup import code_expired, waiting_of
from services.step_reads import FinalLetters
from services.store.models import Case


def _requests(letters: FinalLetters, case: Case, rules: policy.Rules) -> list[dict[str, Any]]:
    """What the case waits for from the initiator (an aanvulling, a zienswijze), in words; not what its final
    besluit letter closes (``letters``, as the status page)."""
    expected = waiting_of(case).messages  # as the status page (an incident or a pause takes them too)
    out = []
    for name, msg in status_service.PUBLIC_MESSAGES.items():
        if not msg.asked or name not in expected or "initiatiefnemer" not in rules.senders_of(name):
            continue
        if letters.closes(case.id, name) is not None:
            continue
        item = {"bericht": name, "titel": msg.title, "uitleg": msg.explanation, "tot": None}
        lopend = (case.opschorting or {}).get("lopend") if name == "aanvulling" else None
        if lopend:
            reden = str((case.opschorting or {}).get("reden") or "")
            item["ontbrekend"] = reden.removeprefix("aanvullingsverzoek").lstrip(": ") or None
            item["tot"] = lopend.get("tot_uiterlijk")
        out.append(item)
    return out


def _case_item(
    letters: FinalLetters, case: Case, rules: policy.Rules, day: date, phases: PublicPhases, expired: bool
) -> dict[str, Any]:
    termijn = status_service.case_deadline(case, day)  # as the status page says it
    return {
        "zaak": case.reference,
        "titel": case.title,
        "procedure": case.procedure,
        "status": case.status,
        "status_tekst": status_service.status_text(case, day),
        "fase": phases.name_of(  # the status page's public words
            case.process_id, case.phase, procedure_of(case), made_known=(made_known_on(case), day)
        ),
        "ontvangen_op": case.received_on.isoformat() if case.received_on else None,
        "uiterlijk_besluit": None if termijn["besloten"] else termijn["uiterste_beslisdatum"],
        "opgeschort": termijn["opgeschort"],
        "termijn": termijn["toelichting"],
        "definitief": bool(case.final),
        "volgcode": case.tracking_code,
        # an expired code no longer opens the status page; this page (the account) still shows the case
        "volgcode_verlopen": expired,
        "verzoeken": _requests(letters, case, rules),
    }


def _documents(s: Session, actor: policy.Actor, rows: Sequence[Case], rules: policy.Rules) -> dict[int, Any]:
    """Per case id, the documents the initiator may read, in one read for all its cases. ``rows`` are its
    own cases, which the policy's visible_cases is for an initiator: each case's document view is the
    policy's (``document_actor``), told that the case is visible rather than asking it once per case."""
    readers = {c.id: policy.document_actor(s, actor, c, rules, views=True) for c in rows}
    return {
        case_id: [
            {
                "id": d["id"],
                "titel": d["titel"],
                "soort": d["informatieobjecttype"],
                "datum": d["creatiedatum"],
            }
            for d in (document_dict(doc, readers[case_id]) for doc in docs)
            if not d["verwijderd"]
        ]
        for case_id, docs in readable_documents_of(s, readers).items()
    }


def my_cases(platform: Platform, username: str) -> dict[str, Any]:
    """Every case of this initiator account, newest first, with the documents it may read."""
    rules = policy.rules(platform.settings)
    with platform.uow(write=False) as uow:
        s = uow.session
        actor = policy.actor_for(s, username)
        if policy.kind(actor, rules) != "initiatiefnemer":
            raise Forbidden("'Mijn aanvragen' is voor aanvragers.", code="geen-initiatiefnemer")
        rows = s.scalars(
            select(Case).where(policy.own_cases(actor)).order_by(Case.created_at.desc(), Case.id.desc())
        ).all()
        day = today(platform.clock)
        phases, letters = public_phases(platform.settings), FinalLetters(s, rows, day)  # one read for all
        documenten = _documents(s, actor, rows, rules)
        items = [
            _case_item(letters, c, rules, day, phases, code_expired(c, platform.settings, day))
            | {"documenten": documenten[c.id]}
            for c in rows
        ]
    return {"zaken": items, "vandaag": today(platform.clock).isoformat(), "email": actor.email}
