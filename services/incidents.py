"""A case's incident: what failed is kept on its history line (the element a model error names, the task
whose completion failed), and the one way an incident ends (``end``): beheer's retry, or a later step that
gets past what failed (``end_when_passed``). A failure that depends on the entered data (a gateway's
condition on a form field, a script dividing by a form value) is over once the officer completes the task
again with other data; a step elsewhere in the case (another branch) does not end it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.errors import RuimteflowError
from services.config import Settings
from services.engine.runtime import StepResult
from services.store.models import Case, CaseEvent
from services.store.uow import UnitOfWork
from services.waits import store as waits_store

#: the history line that begins an incident, and the one that ends it (services.waits.store reads the
#: pair as the span the case is held by "Systeem (incident)")
BEGUN = "incident"
ENDED = "incident-opgelost"


def failed_at(exc: RuimteflowError, task_id: int | None = None) -> dict[str, Any]:
    """What an incident's history line keeps of what failed: the ``element`` the error names and the
    ``taak`` (task row) whose completion failed, each when known."""
    found = {"element": exc.extra.get("element"), "taak": task_id}
    return {key: value for key, value in found.items() if value is not None}


def commit_begun(
    uow: UnitOfWork, settings: Settings, case_id: int, detail: str, at: datetime, failed: dict[str, Any]
) -> None:
    """The case becomes an incident (``detail``; ``failed``: ``failed_at``), held by the system from ``at``
    (its holder projection refreshed), and ``uow`` commits: a step's failure, kept though the step is not."""
    uow.cases.mark_incident(case_id, detail, at, failed)
    waits_store.refresh_case(uow.session, case_id, settings)
    uow.commit()


def end(s: Session, case: Case, actor: str | None, at: datetime, message: str, **data: Any) -> None:
    """The case's incident is over: it runs again (a paused case stays paused and resumes running), without
    an incident text, and its history says so (the line that ends the holder "Systeem (incident)")."""
    if case.status == CaseStatus.INCIDENT:
        case.status = CaseStatus.LOPEND
    case.incident = None
    s.add(
        CaseEvent(case_id=case.id, at=at, actor=actor, kind=ENDED, message=message, public=False, data=data)
    )


def end_when_passed(
    s: Session, case: Case, result: StepResult, task_id: int | None, actor: str | None, now: datetime
) -> None:
    """After a successful step of a case in incident: end the incident when the step passed the element
    whose failure made it, or completed the task (``task_id``) whose completion failed. An incident that
    recorded neither (a case that stands still, a retry that solved nothing) waits for beheer, as does one
    paused by beheer (its resume, then a retry or a step, ends it)."""
    if case.incident is None or case.status != CaseStatus.INCIDENT:
        return
    failed = _what_failed(s, case.id)
    element, who = failed.get("element"), actor or "het systeem"
    passed = next((done for done in result.completed if element and done["bpmn_id"] == element), None)
    if passed is not None:
        named = f"element '{element}'" + (f" ({passed['name']})" if passed["name"] != element else "")
        said = f"Incident opgelost: {named} liep zonder fout in een stap van {who}"
    elif task_id is not None and failed.get("taak") == task_id:
        task = next((done["name"] for done in result.completed if done["manual"]), "?")
        said = f"Incident opgelost: taak '{task}' is voltooid door {who}"
    else:
        return
    end(s, case, actor, now, said, vorige_fout=case.incident, **failed)


def _what_failed(s: Session, case_id: int) -> dict[str, Any]:
    """``failed_at`` as the case's last incident line recorded it ({} when it recorded nothing)."""
    last = select(CaseEvent.data).where(CaseEvent.case_id == case_id, CaseEvent.kind == BEGUN)
    data = s.scalar(last.order_by(CaseEvent.id.desc()).limit(1))
    return {key: data[key] for key in ("element", "taak") if key in data} if isinstance(data, dict) else {}
