"""The case events a step writes, as its session stored them: the step's subscribers read them here
instead of reading them back from ``case_event`` (issue #12).

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
_INSERT = insert(CaseEvent.__table__)  # type: ignore[arg-type]


def track(s: Session) -> None:
    """From now on, remember every case event ``s`` stores."""
    s.info[_WRITTEN] = []


def written(s: Session) -> list[CaseEvent] | None:
    """The case events ``s`` stored since :func:`track`, oldest first (None when not tracking). Rows
    written by :func:`insert` carry no id."""
    return s.info.get(_WRITTEN)


def insert_events(s: Session, rows: list[dict[str, Any]]) -> None:
    """Write case events (column values) in one statement, after what the session holds pending, so
    the events keep the order in which the step wrote them. The ORM objects are not needed after."""
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
