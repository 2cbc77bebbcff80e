"""What a step wrote, as its session knows it: the step's subscribers and projections read it here
instead of reading it back from the database (issue #12).

The task rows a completion closed: :func:`closed_task` marks them, :func:`closed_tasks` lists them.

The case events a step writes:
From :func:`track` on (``step_effects.before_step``), a session remembers every case event it stores,
in the order they reach the database: ORM rows when they are flushed, rows written in one set-based
statement by :func:`insert` when they are sent (after a flush, so the order is the order of their ids).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from services.store.models import CaseEvent

_WRITTEN = "ruimteflow_step_events"
_CLOSED = "ruimteflow_closed_tasks"
_QUEUED = "ruimteflow_queued_events"
_INSERT = insert(CaseEvent.__table__)  # type: ignore[arg-type]


def closed_task(s: Session, task: Any) -> None:
    """``task`` (a task row) was open when the step locked its case, and the step completes it."""
    s.info.setdefault(_CLOSED, set()).add(task.id)


def closed_tasks(s: Session) -> set[int]:
    """The ids of the task rows the step found open and completed (marked by :func:`closed_task`)."""
    closed: set[int] = s.info.get(_CLOSED, set())
    return closed


def track(s: Session) -> None:
    """From now on, remember every case event ``s`` stores."""
    s.info[_WRITTEN] = []


def written(s: Session) -> list[CaseEvent] | None:
    """The case events ``s`` stored since :func:`track`, oldest first (None when not tracking). Rows
    written by :func:`insert` carry no id."""
    return s.info.get(_WRITTEN)


def queue(s: Session, row: dict[str, Any]) -> None:
    """An event (column values) of the step's action, written with the projections' events by the
    step's :func:`insert_events` (before them). Only for the action of a step (``cases.run_step``'s
    ``act``), and only when it adds no ORM event after it (that one would be stored first)."""
    s.info.setdefault(_QUEUED, []).append(row)


def insert_events(s: Session, rows: list[dict[str, Any]]) -> None:
    """Write the queued events and ``rows`` (column values) in one statement, after what the session
    holds pending, so the events keep the order in which the step wrote them. The ORM objects are
    not needed after."""
    rows = s.info.pop(_QUEUED, []) + rows
    if not rows:
        return
    s.flush()
    s.execute(_INSERT, rows)
    log = s.info.get(_WRITTEN)
    if log is not None:
        log.extend(CaseEvent(**row) for row in rows)


@event.listens_for(Session, "pending_to_persistent")
def _stored(session: Session, instance: object) -> None:
    log = session.info.get(_WRITTEN)
    if log is not None and isinstance(instance, CaseEvent):
        log.append(instance)
