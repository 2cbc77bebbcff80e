"""What a migration of running cases tells the beheerder: the open tasks nobody sees any more, and the
terms a changed timer definition started again (services.beheer.migrate)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import TaskState
from services import routing
from services.clock import iso_utc, tijdstip_nl
from services.engine.migration import MovedTerm
from services.store.models import Case, HumanTask


def unseen_tasks(s: Session, case: Case) -> list[dict[str, Any]]:
    """The unclaimed open tasks of ``case`` whose candidate groups all have no members."""
    rows = s.scalars(
        select(HumanTask)
        .where(HumanTask.case_id == case.id, HumanTask.state == TaskState.OPEN, HumanTask.assignee.is_(None))
        .order_by(HumanTask.id)
    ).all()
    empty = routing.without_members(s, {g for r in rows for g in r.candidate_groups or []})
    return [
        {"taak": r.name, "groepen": list(r.candidate_groups)}
        for r in rows
        if r.candidate_groups and set(r.candidate_groups) <= empty
    ]


def moved(term: MovedTerm) -> dict[str, Any]:
    return {
        "element": term.element,
        "naam": term.name,
        "van": iso_utc(term.before),
        "naar": iso_utc(term.after),
    }


def moved_text(term: MovedTerm, version: int) -> str:
    after = tijdstip_nl(term.after) if term.after else "geen (de timer wacht niet meer)"
    return (
        f"Termijn '{term.name}' verschoven door de migratie naar versie {version}: de timer is gewijzigd "
        f"en loopt opnieuw; was {tijdstip_nl(term.before)}, nu {after}"
    )
