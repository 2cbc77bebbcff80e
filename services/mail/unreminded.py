"""A deadline reminder with nobody to send it to (services.mail.compose.deadline_reminders): the task is
unassigned (or assigned to an account nobody can log in to, or to one without an e-mail address) and no
member of its candidate groups can log in and has an e-mail address. The task is not marked reminded, so
the first pass after someone joins one of its groups (or is given an address, or a way in) still reminds
them, while its deadline is ahead. Until then the gemeente should know: the first pass that finds nobody
writes an internal line in the case's history ("herinnering zonder ontvanger"), once per task, and the
beheer overview lists every open task in that state (``waiting``), so beheer can add someone to the group."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from services.clock import iso_utc
from services.store.models import Case, CaseEvent, HumanTask

#: the kind of the internal case event of a task whose reminder had nobody to go to
KIND = "herinnering-zonder-ontvanger"
#: how many of those tasks the beheer overview lists at most
LIMIT = 200


def _groups_text(task: HumanTask) -> str:
    groups = sorted(task.candidate_groups or [])
    return ", ".join(groups) if groups else "geen groep"


def note(s: Session, task: HumanTask, now: datetime) -> None:
    """The line in the case's history (lock the case first): the reminder of ``task`` had no recipient."""
    s.add(
        CaseEvent(
            case_id=task.case_id,
            at=now,
            actor=None,
            kind=KIND,
            message=(
                f"Geen termijnherinnering verstuurd voor taak '{task.name}': niemand in {_groups_text(task)} "
                "kan inloggen en heeft een e-mailadres. De herinnering volgt zodra dat wel zo is."
            ),
            public=False,
            data={"taak": task.id},
        )
    )


def noted(s: Session, tasks: list[HumanTask]) -> set[int]:
    """The ids of ``tasks`` whose reminder was already found to have no recipient (``note``), in one query."""
    cases = {t.case_id for t in tasks}
    if not cases:
        return set()
    found: Any = s.scalars(select(CaseEvent.data).where(CaseEvent.kind == KIND, CaseEvent.case_id.in_(cases)))
    ids = {t.id for t in tasks}
    return {int(d["taak"]) for d in found if d and d.get("taak") in ids}


def waiting(platform: Any) -> list[dict[str, Any]]:
    """The open tasks not reminded yet whose reminder had nobody to go to, oldest note first: the case,
    the task, its groups, its first deadline and since when (the beheer overview). Read from the open
    tasks, so the notes of tasks done long ago cost nothing."""
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(
            select(HumanTask, CaseEvent.at, CaseEvent.data, Case.reference)
            .join(CaseEvent, and_(CaseEvent.case_id == HumanTask.case_id, CaseEvent.kind == KIND))
            .join(Case, Case.id == HumanTask.case_id)
            .where(HumanTask.state == "open", HumanTask.reminded_on.is_(None))
            .order_by(CaseEvent.at, CaseEvent.id)
        ).all()
        out = [_row(task, at, ref) for task, at, data, ref in rows if (data or {}).get("taak") == task.id]
    return out[:LIMIT]


def _row(task: HumanTask, at: datetime, reference: str) -> dict[str, Any]:
    first: date | None = min((d for d in (task.due_on, task.legal_deadline) if d is not None), default=None)
    return {
        "zaak": reference,
        "taak": task.name,
        "groepen": _groups_text(task),
        "termijn": first,
        "sinds": iso_utc(at),
    }
