"""What a step wrote (and read under its case lock), as its session knows it: the step's subscribers and
projections read it here instead of reading it back from the database (issue #12).

The task rows a completion closed: :func:`closed_task` marks them, :func:`closed_tasks` lists them.
The case's open task rows a completion read under the case lock with the task it completes
(:func:`read_for_completion`): :func:`held_open` gives them to the projections (no second read).

The case events a step writes:
From :func:`track` on (``step_effects.before_step``), a session remembers every case event it stores,
in the order they reach the database: ORM rows when they are flushed, rows written in one set-based
statement by :func:`insert` when they are sent (after a flush, so the order is the order of their ids).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, event, insert, or_, select
from sqlalchemy.orm import Session, joinedload

from processes.constants import TaskState
from services.clock import as_utc
from services.store.models import CaseEvent, HumanTask

_WRITTEN = "ruimteflow_step_events"
_CLOSED = "ruimteflow_closed_tasks"
_QUEUED = "ruimteflow_queued_events"
_OPEN = "ruimteflow_open_rows"
_CLAIMS = "ruimteflow_claims_before"
_ORGANISATIONS = "ruimteflow_organisations"
#: the kind of the history line of a claim or an assignment of a task (its data names the task: ``taak``)
CLAIM_EVENT = "taak-toewijzing"
_INSERT = insert(CaseEvent.__table__)  # type: ignore[arg-type]


def closed_task(s: Session, task: Any) -> None:
    """``task`` (a task row) was open when the step locked its case, and the step completes it."""
    s.info.setdefault(_CLOSED, set()).add(task.id)


def closed_tasks(s: Session) -> set[int]:
    """The ids of the task rows the step found open and completed (marked by :func:`closed_task`)."""
    closed: set[int] = s.info.get(_CLOSED, set())
    return closed


#: the task a completion closes and every open task row of its case, with their candidate rows
_TASK_AND_OPEN_ROWS = (
    select(HumanTask)
    .where(
        or_(
            HumanTask.id == bindparam("task_id"),
            and_(HumanTask.case_id == bindparam("case_id"), HumanTask.state == TaskState.OPEN),
        )
    )
    .options(joinedload(HumanTask.candidates))
    .execution_options(populate_existing=True)
)


def read_for_completion(s: Session, case_id: int, task_id: int) -> HumanTask | None:
    """Task row ``task_id`` (None when it does not exist), read under the lock of its case ``case_id``
    with its candidate rows, in one statement with every other open task row of the case: those are
    kept for the step's projections (:func:`held_open`), which need not read them again. Nothing but
    the projections adds a task row in a step."""
    rows = s.scalars(_TASK_AND_OPEN_ROWS, {"task_id": task_id, "case_id": case_id}).unique().all()
    s.info[_OPEN] = (case_id, sorted((r for r in rows if r.case_id == case_id), key=lambda r: r.id))
    return next((r for r in rows if r.id == task_id), None)


def held_open(s: Session, case_id: int) -> list[Any] | None:
    """The rows :func:`read_for_completion` kept for case ``case_id``, once (the projections that take them add
    rows); None when the step holds none."""
    held = s.info.get(_OPEN)
    if held is None or held[0] != case_id:
        return None
    del s.info[_OPEN]
    return list(held[1])


def held_since(s: Session, case_id: int) -> datetime | None:
    """When the first of the open task rows a completion read for case ``case_id`` was made (the task it
    completes is one of them); None when the step holds none."""
    held = s.info.get(_OPEN)
    if held is None or held[0] != case_id or not held[1]:
        return None
    return min(as_utc(row.created_at) for row in held[1])


def keep_claims(s: Session, case_id: int, since: datetime, rows: list[tuple[datetime, str, Any]]) -> None:
    """The case's claim events and the other events of its tasks' lives (at, kind, data), read before the
    step from ``since`` (``waits.task_waits.life_reads``: the begin of each pause or incident still open at
    ``since``, then those from ``since`` on), in the order written."""
    s.info[_CLAIMS] = (case_id, since, rows)


def claims_since(
    s: Session, case_id: int, since: datetime, kinds: tuple[str, ...]
) -> list[tuple[datetime, str, Any]] | None:
    """The events (at, kind, data) of ``kinds`` of case ``case_id`` a task's life from ``since`` is cut at,
    earlier ones among them, in the order written: the ones read before the step (:func:`keep_claims`,
    which read those kinds from ``since`` or earlier) and the ones the step stored since (:func:`track`);
    None when they were not read before the step from ``since`` or earlier. The ones read before the step
    run from their read's start, the begins of the pauses and incidents still open then first
    (``services.waits.task_life.lives`` reads them so), and may thus begin before ``since``."""
    kept, log = s.info.get(_CLAIMS), s.info.get(_WRITTEN)
    if kept is None or kept[0] != case_id or kept[1] > since or log is None:
        return None
    ours = [(e.at, e.kind, e.data) for e in log if e.case_id == case_id and e.kind in kinds]
    return kept[2] + ours


def keep_organisations(s: Session, case_id: int, names: frozenset[str]) -> None:
    """The groups of kind organisatie, read before a step of case ``case_id`` (no step makes one)."""
    s.info[_ORGANISATIONS] = (case_id, names)


def organisations(s: Session, case_id: int) -> frozenset[str] | None:
    """The groups of kind organisatie read before the step of case ``case_id``; None when not read."""
    held = s.info.get(_ORGANISATIONS)
    return held[1] if held is not None and held[0] == case_id else None


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
    s.connection().execute(_INSERT, rows)  # a table INSERT: no ORM execution path (store.db.plain)
    log = s.info.get(_WRITTEN)
    if log is not None:
        log.extend(CaseEvent(**row) for row in rows)


@event.listens_for(Session, "pending_to_persistent")
def _stored(session: Session, instance: object) -> None:
    log = session.info.get(_WRITTEN)
    if log is not None and isinstance(instance, CaseEvent):
        log.append(instance)
