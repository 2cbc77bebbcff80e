"""A deadline reminder with nobody to send it to (services.mail.compose.deadline_reminders): the task is
unassigned (or assigned to an account nobody can log in to, or to one without an e-mail address) and no
member of its candidate groups can log in and has an e-mail address. The task is not marked reminded, so
the first pass after someone joins one of its groups (or is given an address, or a way in) still reminds
them, while its deadline is ahead. Until then the gemeente should know: the first pass that finds nobody
writes an internal line in the case's history ("herinnering zonder ontvanger"), once per task, and the
beheer overview lists every open task in that state (``waiting``), so beheer can add someone to the group."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from services.clock import in_nl, iso_utc
from services.store.models import Case, CaseEvent, HumanTask

#: the kind of the internal case event of a task whose reminder had nobody to go to
KIND = "herinnering-zonder-ontvanger"
#: how many of those tasks the beheer overview lists at most
LIMIT = 200


def window(settings: Any, now: datetime) -> tuple[date, date] | None:
    """The Dutch calendar days (first, last) whose deadlines a reminder pass at ``now`` reminds of: today
    and ``mail_deadline_days`` ahead; None when reminders are off (0 days)."""
    days = int(getattr(settings, "mail_deadline_days", 0) or 0)
    if days <= 0:
        return None
    today: date = in_nl(now).date()  # deadlines are Dutch calendar days
    return today, today + timedelta(days=days)


def due_within(first: date, last: date) -> Any:
    """SQL: the task's legal deadline or its own due date falls within ``first``..``last`` (``window``):
    the tasks a reminder pass reminds of, and so those beheer is told about (``waiting``)."""
    return or_(HumanTask.legal_deadline.between(first, last), HumanTask.due_on.between(first, last))


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


def _noted_task() -> Any:
    """SQL: the task (row id) a ``note`` line names."""
    return CaseEvent.data["taak"].as_integer()


def noted(s: Session, tasks: list[HumanTask]) -> set[int]:
    """The ids of ``tasks`` whose reminder was already found to have no recipient (``note``), in one query
    that reads only their lines (by their cases and kind, then the task each names)."""
    if not tasks:
        return set()
    cases, ids = {t.case_id for t in tasks}, {t.id for t in tasks}
    where = (CaseEvent.kind == KIND, CaseEvent.case_id.in_(cases), _noted_task().in_(ids))
    return set(s.scalars(select(_noted_task()).where(*where)))


def waiting(platform: Any) -> list[dict[str, Any]]:
    """The open tasks not reminded yet whose reminder had nobody to go to, oldest note first: the case,
    the task, its groups, its first deadline and since when (the beheer overview). Only those a pass would
    still remind (``due_within``): a task whose deadline passed gets no reminder any more, whoever joins
    its group. Read from the open tasks, so the notes of tasks done long ago cost nothing."""
    days = window(platform.settings, platform.clock.now())
    if days is None:
        return []
    with platform.uow(write=False) as uow:
        its_note = and_(
            CaseEvent.case_id == HumanTask.case_id,
            CaseEvent.kind == KIND,
            _noted_task() == HumanTask.id,
        )
        rows = uow.session.execute(
            select(HumanTask, CaseEvent.at, Case.reference)
            .join(CaseEvent, its_note)
            .join(Case, Case.id == HumanTask.case_id)
            .where(HumanTask.state == "open", HumanTask.reminded_on.is_(None), due_within(*days))
            .order_by(CaseEvent.at, CaseEvent.id)
            .limit(LIMIT)
        ).all()
        return [_row(task, at, ref) for task, at, ref in rows]


def _row(task: HumanTask, at: datetime, reference: str) -> dict[str, Any]:
    first: date | None = min((d for d in (task.due_on, task.legal_deadline) if d is not None), default=None)
    return {
        "zaak": reference,
        "taak": task.name,
        "groepen": _groups_text(task),
        "termijn": first,
        "sinds": iso_utc(at),
    }
