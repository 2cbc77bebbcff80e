"""The worker's pass clears the legal deadline of the open tasks whose case's besluit is given by now.

A step stores the legal deadline on the case's open tasks as of its day (``projections.legal_deadline``): a
final letter dated ahead (``Case.decided_on`` in the future) keeps the term counting until its sending day
(``processes.termijnen.besluitbrief.gegeven``). When that day comes without a step, the tasks would keep
the deadline: the inbox, its deadline filter, the dashboard's overdue counts and the deadline reminders read
the stored copies. This pass writes what a step on that day would: no legal deadline (and the candidates'
sort key ``date.max``), set-based, for the tasks that still carry one.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from processes.constants import TaskState
from processes.termijnen.besluitbrief import gegeven
from services.clock import today
from services.platform import Platform
from services.store.models import Case, HumanTask, TaskCandidate


def clear_given_deadlines(platform: Platform) -> int:
    """Clear the legal deadline of the open tasks of the cases whose besluit is given by today (the rule
    ``besluitbrief.gegeven`` as the query's condition: ``decided_on <= today``); return how many tasks it
    cleared. The cases are locked first, in id order, as every writer of several cases does; on PostgreSQL
    a case a step holds is skipped (that step writes the same, or the next pass does)."""
    day = today(platform.clock)
    carrying = (
        select(HumanTask.case_id)
        .join(Case, Case.id == HumanTask.case_id)
        .where(
            HumanTask.state == TaskState.OPEN,
            HumanTask.legal_deadline.is_not(None),
            gegeven(Case.decided_on, day),
        )
    )
    with platform.uow() as uow:
        s = uow.session
        locked = (
            select(Case.id)
            .where(Case.id.in_(carrying))
            .order_by(Case.id)
            .with_for_update(skip_locked=platform.is_postgres)
        )
        case_ids = list(s.scalars(locked))
        if not case_ids:
            return 0
        open_carrying = (
            HumanTask.case_id.in_(case_ids),
            HumanTask.state == TaskState.OPEN,
            HumanTask.legal_deadline.is_not(None),
        )
        s.execute(
            update(TaskCandidate)
            .where(TaskCandidate.task_id.in_(select(HumanTask.id).where(*open_carrying)))
            .values(sort_deadline=date.max)
            .execution_options(synchronize_session=False)
        )
        cleared = s.execute(
            update(HumanTask)
            .where(*open_carrying)
            .values(legal_deadline=None)
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return int(cleared.rowcount or 0)  # type: ignore[attr-defined]
