"""The waits of a case whose steps recorded none: a case of the first release (``wachten herbouw``).

Every step records the engine's waits in a ``wacht`` event when they change; the first release did
not, so the rebuild found no waits for its cases: the initiator's aanvulling, a terinzagelegging or
bezwaartermijn and the netbeheerder's answer all counted as the system's time, and no outside wait was
derived. What such a case waits for now is still in its workflow: the engine reads it as its last step
left it (``WorkflowRuntime.waiting``, the list a step records). The rebuild records it once, as of the
case's last step (:func:`last_step_at`); the time before that step has no record of what the case
waited for and stays derived from the tasks alone.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.errors import RuimteflowError
from services.clock import as_utc
from services.log_text import user_text
from services.store.models import Case, CaseEvent, HumanTask
from services.workflow_store import load_workflow

log = logging.getLogger(__name__)

#: a case in these states waits as its last step left it (a case in an incident records no waits, as
#: its steps do not; a closed one waits for nothing)
RUNNING = (CaseStatus.LOPEND, CaseStatus.GEPAUZEERD)
#: events recorded beside a step, not by one (a pause by beheer, an incident, a claim): they do not
#: move the engine. Another such event counts as a step: the waits then begin later, never earlier.
NOT_STEPS = frozenset(
    {
        "gepauzeerd",
        "hervat",
        "incident",
        "taak-toewijzing",
        "taak-vrijgegeven",
        "conflict-overschreven",
    }
)


def last_step_at(s: Session, case: Case) -> datetime:
    """When the engine last moved the case: its latest task created or completed, or its latest event
    of a step (not later than any step that can have changed its waits)."""
    created, completed = s.execute(
        select(func.max(HumanTask.created_at), func.max(HumanTask.completed_at)).where(
            HumanTask.case_id == case.id
        )
    ).one()
    event = s.scalar(
        select(func.max(CaseEvent.at)).where(CaseEvent.case_id == case.id, CaseEvent.kind.not_in(NOT_STEPS))
    )
    return max(as_utc(m) for m in (case.created_at, created, completed, event) if m is not None)


def current_waits(platform: Any, s: Session, case: Case) -> tuple[datetime, list[dict[str, Any]]] | None:
    """(the moment of the case's last step, the engine's waits now) for a running case; None for any
    other, or when its workflow cannot be read (logged: the rebuild goes on without its waits)."""
    if case.status not in RUNNING:
        return None
    try:
        waiting = platform.runtime.waiting(load_workflow(platform, s, case))
    except RuimteflowError as exc:
        log.warning("wachten herbouw: %s zonder wachten: %s", case.reference, user_text(exc, 1000))
        return None
    return last_step_at(s, case), waiting
