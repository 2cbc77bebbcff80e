"""The repository of the Case aggregate: how the case use cases find, lock, add and flag cases.

It hangs off the unit of work (``uow.cases``) and works on the unit of work's session, so everything
it does is part of the one transaction of the use case. Unit tests of the service layer use a fake
with the same methods (tests/unit/fakes.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager, joinedload

from processes.constants import CaseStatus
from processes.errors import NotFound
from processes.getallen import als_id
from services.store.models import Case, CaseEvent, Counter, HumanTask, WorkflowState


def unknown_case(case_key: int | str) -> NotFound:
    """The one answer for a case by ``case_key`` that does not exist, and for one the caller may not
    open (policy.check_may_view): 404, naming only the key the caller gave, so no one learns from it
    whether a case exists or which zaaknummer an id has."""
    return NotFound(f"Zaak '{case_key}' bestaat niet.", code="zaak-onbekend")


def timer_due(moment: datetime) -> tuple[ColumnElement[bool], ...]:
    """The cases whose timer is due at ``moment``: a running case with its next timer at or before it."""
    return (Case.next_timer_at <= moment, Case.status == CaseStatus.LOPEND)


class CaseRepository(Protocol):
    def get(self, case_key: int | str, *, lock: bool = False, with_workflow: bool = False) -> Case:
        """A case by id or reference (Z-2026-000123); NotFound otherwise. ``lock`` takes the row lock."""
        ...

    def get_by_task(self, task_id: int, *, lock: bool = False, with_workflow: bool = False) -> Case:
        """The case of task row ``task_id`` (one read); NotFound when the task does not exist."""
        ...

    def add(self, case: Case) -> None: ...

    def add_event(self, event: CaseEvent) -> None: ...

    def next_reference(self, year: int) -> str:
        """The next case reference of the year (Z-2026-000124), under the counter's row lock."""
        ...

    def due_ids(self, moment: datetime, limit: int) -> list[int]:
        """Running cases whose next timer is due at ``moment``, earliest first (the oldest case first at
        one moment: a pass's order does not depend on the database's plan)."""
        ...

    def lock_due(self, case_id: int, moment: datetime, *, skip_locked: bool) -> Case | None:
        """The case, locked, if it is still due and running (None when another worker holds it)."""
        ...

    def mark_incident(self, case_id: int, detail: str, at: datetime, data: dict[str, Any]) -> None:
        """The case becomes an incident (no timer, version bumped) with an audit line."""
        ...


def incident_event(case_id: int, detail: str, at: datetime, data: dict[str, Any]) -> CaseEvent:
    """The audit line of an incident (beheer's list reads the case row; this keeps the history)."""
    return CaseEvent(
        case_id=case_id,
        at=at,
        actor="systeem",
        kind="incident",
        message=f"Incident: {detail}",
        public=False,
        data=data,
    )


def _locked(q: Select[Case], lock: bool, with_workflow: bool) -> Select[Case]:
    """The lookup, with the workflow document in the same round trip. Locked, both rows are locked:
    a read that waited for the case lock then gets the workflow row as committed before the lock was
    granted. Locking the case row alone (PostgreSQL re-reads only the locked rows after the wait) gave
    the new case row joined with the workflow row of the old snapshot: the version matched, and the
    step overwrote the step before it (a lost update)."""
    if with_workflow and lock:  # an inner join: FOR UPDATE may not name the nullable side of an outer join
        q = q.join(Case.workflow).options(contains_eager(Case.workflow))
        return q.with_for_update(of=[Case, WorkflowState])
    if with_workflow:
        q = q.options(joinedload(Case.workflow))
    return q.with_for_update(of=Case) if lock else q


_FLAGS = [(lock, wf) for lock in (False, True) for wf in (False, True)]
#: the statements of the lookups, built once per (by id, lock, with_workflow): none built per step
_BY_KEY = {
    (by_id, lock, wf): _locked(
        select(Case).where((Case.id if by_id else Case.reference) == bindparam("key")), lock, wf
    )
    for by_id in (False, True)
    for lock, wf in _FLAGS
}
_BY_TASK = {
    (lock, wf): _locked(
        select(Case)
        .join(HumanTask, HumanTask.case_id == Case.id)
        .where(HumanTask.id == bindparam("task_id")),
        lock,
        wf,
    )
    for lock, wf in _FLAGS
}


class SqlCaseRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, case_key: int | str, *, lock: bool = False, with_workflow: bool = False) -> Case:
        key = str(case_key)
        case_id = als_id(case_key)
        by_id = case_id is not None
        q = _BY_KEY[(by_id, lock, with_workflow)]
        case = self.session.scalars(q, {"key": case_id if by_id else key}).first()
        if case is None:
            raise unknown_case(case_key)
        return case

    def get_by_task(self, task_id: int, *, lock: bool = False, with_workflow: bool = False) -> Case:
        case = self.session.scalars(_BY_TASK[(lock, with_workflow)], {"task_id": task_id}).first()
        if case is None:
            raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")
        return case

    def add(self, case: Case) -> None:
        self.session.add(case)
        self.session.flush()

    def add_event(self, event: CaseEvent) -> None:
        self.session.add(event)

    def next_reference(self, year: int) -> str:
        name = f"zaak-{year}"
        locked = select(Counter).where(Counter.name == name).with_for_update()
        row = self.session.scalars(locked).first()
        if row is None:  # the first case of the year: a parallel first case may insert the row too
            try:
                with self.session.begin_nested():
                    self.session.add(Counter(name=name, value=0))
            except IntegrityError:
                pass  # it did, and committed: take the lock on its row
            row = self.session.scalars(locked).one()
        row.value += 1
        self.session.flush()
        return f"Z-{year}-{row.value:06d}"

    def due_ids(self, moment: datetime, limit: int) -> list[int]:
        return list(
            self.session.scalars(
                select(Case.id).where(*timer_due(moment)).order_by(Case.next_timer_at, Case.id).limit(limit)
            ).all()
        )

    def lock_due(self, case_id: int, moment: datetime, *, skip_locked: bool) -> Case | None:
        q = select(Case).where(Case.id == case_id, *timer_due(moment))
        q = q.with_for_update(skip_locked=True) if skip_locked else q
        return self.session.scalars(q).first()

    def mark_incident(self, case_id: int, detail: str, at: datetime, data: dict[str, Any]) -> None:
        self.session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(
                status=CaseStatus.INCIDENT,
                incident=detail,
                next_timer_at=None,
                next_timer_day=None,
                next_timer_wat=None,
                version=Case.version + 1,
            )
        )
        self.session.add(incident_event(case_id, detail, at, data))
