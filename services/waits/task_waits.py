"""The ``task_wait`` projection: each completed task of a case with its waiting and working time.

A task waits from its creation until it is first claimed or assigned, and is worked on from then until
it is completed; it is filed under the team that completed it. ``services.waits.store`` writes it in a
rebuild, the step subscriber (``services.waits.incremental``) for the tasks a step completed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from services import step_events
from services.clock import as_utc as utc
from services.store.db import plain
from services.store.models import Case, CaseEvent, Group, HumanTask, TaskWait, User, UserGroup

_CLAIMS = (
    select(CaseEvent.at, CaseEvent.data)
    .where(
        CaseEvent.case_id == bindparam("case_id"),
        CaseEvent.kind == step_events.CLAIM_EVENT,
        CaseEvent.at >= bindparam("since"),
    )
    .order_by(CaseEvent.id)
)


def claimed_at(
    s: Session,
    case_id: int,
    task_ids: list[int],
    since: datetime,
    known: list[tuple[datetime, Any]] | None = None,
) -> dict[int, datetime]:
    """The first moment each task was claimed or assigned (from the ``taak-toewijzing`` events since
    the first of them was created: ``known`` (at, data) in the order written, else read here)."""
    out: dict[int, datetime] = {}
    row: Any
    rows = known if known is not None else plain(s).execute(_CLAIMS, {"case_id": case_id, "since": since})
    for row in rows:
        task = (row[1] or {}).get("taak")
        if task in task_ids and task not in out:
            out[task] = utc(row[0])
    return out


def groups_of(s: Session, usernames: Iterable[str | None]) -> dict[str, frozenset[str]]:
    """The groups of each of these accounts (one query; none without names)."""
    names = sorted({n for n in usernames if n})
    if not names:
        return {}
    found: dict[str, set[str]] = {}
    for username, group in s.execute(
        select(User.username, Group.name)
        .join(UserGroup, UserGroup.user_id == User.id)
        .join(Group, Group.id == UserGroup.group_id)
        .where(User.username.in_(names))
    ).all():
        found.setdefault(username, set()).add(group)
    return {k: frozenset(v) for k, v in found.items()}


def done_by_group(task: HumanTask, members: dict[str, frozenset[str]]) -> str:
    """The group a completed task is filed under: the first of its candidate groups that the account
    that completed it is a member of (a task of two teams counts for the team that did it), else its
    first candidate group (or its lane)."""
    candidates = [str(g) for g in task.candidate_groups or [task.lane or ""]]
    mine = members.get(task.completed_by or "", frozenset())
    return next((g for g in candidates if g in mine), candidates[0] if candidates else "") or ""


_INSERT_WAITS = insert(TaskWait.__table__)  # type: ignore[arg-type]


def write_task_waits(
    s: Session, case: Case, external: frozenset[str], *, done: list[HumanTask] | None = None
) -> None:
    """Record every completed task of the case (or only those among ``done``, the task rows a step
    completed, found by the spiff id index: (case_id, state) would walk every completed task of the
    case) that is not recorded yet."""
    in_step = done is not None
    if done is None:
        query = select(HumanTask).where(
            HumanTask.case_id == case.id,
            HumanTask.state == "voltooid",
            HumanTask.id.not_in(select(TaskWait.task_id).where(TaskWait.case_id == case.id)),
        )
        done = list(s.scalars(query))
    else:
        done = [t for t in done if t.case_id == case.id and t.state == "voltooid"]
        # a row the step found open and closed has no record yet: only completed rows are recorded, and
        # a completed row never opens again
        fresh = step_events.closed_tasks(s)
        maybe = [t.id for t in done if t.id not in fresh]
        if maybe:
            known = set(s.scalars(select(TaskWait.task_id).where(TaskWait.task_id.in_(maybe))))
            done = [t for t in done if t.id not in known]
    if not done:
        return
    since = min(utc(t.created_at) for t in done)
    # a step's completed tasks: their claims were read before the step, with its last event
    read = step_events.claims_since(s, case.id, since) if in_step else None
    claims = claimed_at(s, case.id, [t.id for t in done], since, read)
    members = groups_of(s, [t.completed_by for t in done if len(t.candidate_groups or []) > 1])
    rows = []
    for t in done:
        created, completed = utc(t.created_at), utc(t.completed_at or t.created_at)
        claimed = claims.get(t.id)
        start_work = min(max(claimed or completed, created), completed)
        group = done_by_group(t, members)
        rows.append(
            {
                "task_id": t.id,
                "case_id": case.id,
                "process_id": case.process_id,
                "element_id": t.bpmn_id,
                "group_name": group,
                "external": group in external,
                "created_at": created,
                "claimed_at": claimed,
                "completed_at": completed,
                "waiting_s": (start_work - created).total_seconds(),
                "working_s": (completed - start_work).total_seconds(),
            }
        )
    # one set-based statement, no ORM objects (nobody needs them after), no ORM execution path (store.db.plain)
    s.connection().execute(_INSERT_WAITS, rows)
