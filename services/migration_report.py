"""What a migration of running cases tells the beheerder: the open tasks nobody sees any more, the
terms a changed timer definition started again (services.beheer.migrate), the lines it writes in a
case's history (``history_lines``), and beforehand (the editor's comparison) the cases it would refuse."""

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
from services.store.models import Case, CaseEvent, HumanTask
from services.waits.moves import MOVED_EVENT, event_data
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


def open_groups(s: Session, case: Case) -> list[tuple[HumanTask, list[str]]]:
    """The open task rows of ``case`` with their candidate groups, read before the migration gives them
    the new version's (``history_lines`` names each task it moved)."""
    rows = s.scalars(select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.state == TaskState.OPEN))
    return [(row, list(row.candidate_groups or [])) for row in rows]


def history_lines(
    s: Session,
    case: Case,
    user: str,
    versions: tuple[Any, int],
    changes: tuple[list[tuple[str, str, int]], list[tuple[HumanTask, list[str]]], list[MovedTerm]],
) -> None:
    """The case history of a migration from ``versions[0]`` to ``versions[1]`` at the step's moment
    (``Case.updated_at``, as the projections stamped it), from ``changes``: the claims it let go (task
    name, former holder, row id: the line names the row, as two open tasks can share a name), the
    migration itself, each open task it moved to other groups (``open_groups`` before it; the holder
    intervals change there: services.waits.moves) and each term a changed timer definition started again."""
    (old, new), (released, before, terms) = versions, changes
    at = case.updated_at

    def line(kind: str, message: str, **data: Any) -> None:
        s.add(
            CaseEvent(case_id=case.id, at=at, actor=user, kind=kind, message=message, public=False, data=data)
        )

    for name, holder, task_id in released:
        text = (
            f"Taak '{name}' is niet meer toegewezen aan {holder}: in versie {new} hoort zij bij andere teams"
        )
        line("taak-vrijgegeven", text, taak=name, was=holder, taak_id=task_id)
    line("gemigreerd", f"Zaak door {user} gemigreerd van versie {old} naar versie {new}", van=old, naar=new)
    for row, groups in before:
        now = list(row.candidate_groups or [])
        if now != groups:
            text = (
                f"Taak '{row.name}' door de migratie naar versie {new} verplaatst van {_teams(groups)} naar "
            )
            line(MOVED_EVENT, text + _teams(now), **event_data(row.id, groups, now))
            row.moved_at = at  # its task waits are cut here when it is completed (services.waits.task_waits)
    for term in terms:  # a changed timer definition starts its term again: say so
        line("termijn-verschoven", moved_text(term, new), **moved(term))


def _teams(groups: list[str] | None) -> str:
    return ", ".join(groups or []) or "de gemeente"


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
