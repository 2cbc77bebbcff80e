"""What a migration of running cases tells the beheerder: the open tasks nobody sees any more, the
terms a changed timer definition started again (services.beheer.migrate), and beforehand (the editor's
comparison) the cases it would refuse."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from processes.constants import ACTIVE_STATUSES, TaskState
from services import routing
from services.clock import iso_utc, tijdstip_nl
from services.engine.migration import MigrationRefused, MovedTerm, check_migration
from services.engine.types import Specs
from services.platform import Platform
from services.store.models import Case, HumanTask
from services.workflow_store import read_workflow


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


def refusals(
    platform: Platform, s: Session, process_id: str, specs: Specs, version: int
) -> list[dict[str, str]]:
    """The running cases of ``process_id`` that a migration onto ``specs`` (as version ``version``) would
    refuse, each with its Dutch reason: the checks ``beheer.migrate`` makes first (one home,
    services.engine.migration.check_migration), on a copy of each case's workflow."""
    spec, subs = specs
    found = s.scalars(
        select(Case)
        .where(Case.process_id == process_id, Case.status.in_(ACTIVE_STATUSES))
        .options(joinedload(Case.workflow))
        .order_by(Case.id)
    )
    out = []
    for case in found:
        try:
            check_migration(platform.runtime, read_workflow(platform, s, case), spec, subs, version)
        except MigrationRefused as exc:
            out.append({"zaak": case.reference, "reden": exc.detail})
    return out
