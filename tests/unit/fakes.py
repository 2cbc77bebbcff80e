"""Fakes for service-layer unit tests: a case repository in memory, a unit of work that counts commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from processes.errors import NotFound
from services.clock import Clock
from services.store.models import Case, CaseEvent
from services.store.repository import incident_event


class FakeCaseRepository:
    def __init__(self, cases: list[Case] | None = None, *, held_by_others: set[int] | None = None):
        self.cases = {c.id: c for c in cases or []}
        self.events: list[CaseEvent] = []
        self.held_by_others = held_by_others or set()
        self.counter = 0

    def get(self, case_key: int | str, *, lock: bool = False, with_workflow: bool = False) -> Case:
        for case in self.cases.values():
            if str(case.id) == str(case_key) or case.reference == case_key:
                return case
        raise NotFound(f"Zaak '{case_key}' bestaat niet.", code="zaak-onbekend")

    def get_by_task(self, task_id: int, *, lock: bool = False, with_workflow: bool = False) -> Case:
        raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")  # the fake holds no tasks

    def add(self, case: Case) -> None:
        case.id = case.id or max(self.cases, default=0) + 1
        self.cases[case.id] = case

    def add_event(self, event: CaseEvent) -> None:
        self.events.append(event)

    def next_reference(self, year: int) -> str:
        self.counter += 1
        return f"Z-{year}-{self.counter:06d}"

    def due_ids(self, moment: datetime, limit: int) -> list[int]:
        due = [
            c
            for c in self.cases.values()
            if c.status == "lopend" and c.next_timer_at and c.next_timer_at <= moment
        ]
        return [c.id for c in sorted(due, key=lambda c: (c.next_timer_at or moment, c.id))][:limit]

    def lock_due(self, case_id: int, moment: datetime, *, skip_locked: bool) -> Case | None:
        if case_id in self.held_by_others:
            return None
        case = self.cases.get(case_id)
        due = case is not None and case.status == "lopend" and case.next_timer_at is not None
        return case if due and case is not None and case.next_timer_at <= moment else None  # type: ignore[operator]

    def mark_incident(self, case_id: int, detail: str, at: datetime, data: dict[str, Any]) -> None:
        case = self.cases[case_id]
        case.status, case.incident, case.next_timer_at = "incident", detail, None
        self.events.append(incident_event(case_id, detail, at, data))


class FakeUnitOfWork:
    def __init__(self, repo: FakeCaseRepository, log: list[str]):
        self.cases = repo
        self.session: Any = None
        self._log = log

    def __enter__(self) -> FakeUnitOfWork:
        self._log.append("begin")
        return self

    def __exit__(self, *exc: object) -> None:
        self._log.append("end")

    def commit(self) -> None:
        self._log.append("commit")


@dataclass
class FakePlatform:
    clock: Clock
    repo: FakeCaseRepository
    is_postgres: bool = True
    log: list[str] = field(default_factory=list)
    runtime: Any = None

    def uow(self, *, write: bool = True) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.repo, self.log)


def case(case_id: int, *, status: str = "lopend", next_timer_at: datetime | None = None) -> Case:
    return Case(
        id=case_id,
        reference=f"Z-2026-{case_id:06d}",
        status=status,
        next_timer_at=next_timer_at,
        phase=None,
        incident=None,
    )
