"""The ``task_wait`` projection: each completed task of a case with its waiting and working time.

A task waits while it is free (not claimed nor assigned) and is worked on while it is held, from its
creation to its completion; while its case stood still (paused by beheer, in incident) neither
(``services.waits.task_life``). It is filed under the team that completed it. A task a migration moved
to other groups (``services.waits.moves``) is cut at each move into shares (:func:`shares`): each team's
share is its own waiting and working time while it had the task, filed under that team.
``services.waits.store`` writes it in a rebuild, the step subscriber (``services.waits.incremental``) for
the tasks a step completed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, bindparam, exists, insert, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from services import step_events
from services.clock import as_utc as utc
from services.store.db import plain
from services.store.models import Case, CaseEvent, Group, HumanTask, TaskWait, User, UserGroup
from services.waits import moves
from services.waits.task_life import LIFE_KINDS, SPAN_ENDS, Freed, Hold, Share, Span, lives, shares

__all__ = ["Share", "life_reads", "shares", "write_task_waits"]


def _still_open(begin: str, end: str, *lead: Any) -> Select[Any]:
    """The case's last ``begin`` event before ``since`` when no ``end`` followed it before ``since``: the
    span it began was still open then. Two index lookups (case_id, kind, id), whatever the case's length."""
    last, ended = aliased(CaseEvent), aliased(CaseEvent)
    newest = (
        select(last.id)
        .where(last.case_id == bindparam("case_id"), last.kind == begin, last.at < bindparam("since"))
        .order_by(last.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    closed = exists().where(
        ended.case_id == bindparam("case_id"),
        ended.kind == end,
        ended.at < bindparam("since"),
        ended.id > CaseEvent.id,
    )
    return select(*lead, CaseEvent.id, CaseEvent.at, CaseEvent.data, CaseEvent.kind).where(
        CaseEvent.id == newest, ~closed
    )


def life_reads(*lead: Any) -> list[Select[Any]]:
    """The reads (to join in one ``union_all``) of a case's events a task's life is cut at from ``since`` on
    (``task_life.LIFE_KINDS``) and, before ``since``, the event that began each pause or incident still open
    then (``task_life.SPAN_ENDS``: without it a completion that reads from after its start missed it): each
    row ``lead``, id, at, data, kind; by id, the order written."""
    window = select(*lead, CaseEvent.id, CaseEvent.at, CaseEvent.data, CaseEvent.kind).where(
        CaseEvent.case_id == bindparam("case_id"),
        or_(*(CaseEvent.kind == kind for kind in LIFE_KINDS)),
        CaseEvent.at >= bindparam("since"),
    )
    return [window, *(_still_open(begin, end, *lead) for begin, end in SPAN_ENDS.items())]


#: a case's events a task's life is cut at since a moment (``life_reads``), in the order written
_READ = union_all(*life_reads()).subquery()
_LIFE = select(_READ.c.at, _READ.c.kind, _READ.c.data).order_by(_READ.c.id)
#: the moves of a case's tasks since a moment (read only when a completed task was moved: ``moved_at``)
_MOVES = select(CaseEvent.at, CaseEvent.data).where(
    CaseEvent.case_id == bindparam("case_id"),
    CaseEvent.kind == moves.MOVED_EVENT,
    CaseEvent.at >= bindparam("since"),
)


def moves_of(s: Session, case_id: int, done: list[HumanTask]) -> dict[int, list[moves.TaskMove]]:
    """The moves of the tasks among ``done`` a migration moved (``HumanTask.moved_at``): one read, and
    none when it moved none of them."""
    moved = [t for t in done if t.moved_at is not None]
    if not moved:
        return {}
    since = min(utc(t.created_at) for t in moved)
    found: dict[int, list[moves.TaskMove]] = {}
    row: Any
    for row in plain(s).execute(_MOVES, {"case_id": case_id, "since": since}):
        move = moves.move_of(row[0], row[1])
        found.setdefault(move.task_id, []).append(move)
    return found


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
    # a step's completed tasks: the events of their lives were read before the step, with its last event
    read = step_events.claims_since(s, case.id, since, LIFE_KINDS) if in_step else None
    found = read if read is not None else plain(s).execute(_LIFE, {"case_id": case.id, "since": since})
    holds, stopped = lives(found, done, since)
    rows = _rows(s, case, done, external, (holds, stopped, moves_of(s, case.id, done)))
    # one set-based statement, no ORM objects (nobody needs them after), no ORM execution path (store.db.plain)
    s.connection().execute(_INSERT_WAITS, rows)


def _rows(
    s: Session,
    case: Case,
    done: list[HumanTask],
    external: frozenset[str],
    life: tuple[dict[int, list[Hold]], list[Span], dict[int, list[moves.TaskMove]]],
) -> list[dict[str, Any]]:
    """The ``task_wait`` rows of the completed tasks ``done``: each team's share of its life (``life``: the
    claims and releases of each task, when the case stood still, the moves of each task)."""
    holds, stopped, moved = life
    members = groups_of(s, [t.completed_by for t in done if len(t.candidate_groups or []) > 1])
    rows = []
    for t in done:
        created, completed = utc(t.created_at), utc(t.completed_at or t.created_at)
        claims = holds.get(t.id, [])
        first = next((k for k in claims if not isinstance(k, Freed)), None)
        for i, part in enumerate(shares(created, completed, claims, moved.get(t.id, []), stopped)):
            group = done_by_group(t, members) if part.groups is None else (part.groups or ("",))[0]
            rows.append(
                {
                    "task_id": t.id,
                    "share": i,
                    "case_id": case.id,
                    "process_id": case.process_id,
                    "element_id": t.bpmn_id,
                    "group_name": group,
                    "external": group in external,
                    "created_at": created,
                    "claimed_at": first,
                    "completed_at": completed,
                    "waiting_s": part.waiting_s,
                    "working_s": part.working_s,
                }
            )
    return rows
