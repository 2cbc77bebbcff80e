"""The ``task_wait`` projection: each completed task of a case with its waiting and working time.

A task waits from its creation until it is first claimed or assigned, and is worked on from then until
it is completed; it is filed under the team that completed it. A task a migration moved to other groups
(``services.waits.moves``) is cut at each move into shares (:func:`shares`): each team's share is its own
waiting and working time while it had the task, filed under that team. ``services.waits.store`` writes it
in a rebuild, the step subscriber (``services.waits.incremental``) for the tasks a step completed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from services import step_events
from services.clock import as_utc as utc
from services.store.db import plain
from services.store.models import Case, CaseEvent, Group, HumanTask, TaskWait, User, UserGroup
from services.waits import moves

_CLAIMS = (
    select(CaseEvent.at, CaseEvent.data)
    .where(
        CaseEvent.case_id == bindparam("case_id"),
        CaseEvent.kind == step_events.CLAIM_EVENT,
        CaseEvent.at >= bindparam("since"),
    )
    .order_by(CaseEvent.id)
)
#: the moves of a case's tasks since a moment (read only when a completed task was moved: ``moved_at``)
_MOVES = select(CaseEvent.at, CaseEvent.data).where(
    CaseEvent.case_id == bindparam("case_id"),
    CaseEvent.kind == moves.MOVED_EVENT,
    CaseEvent.at >= bindparam("since"),
)


def claims_of(
    s: Session,
    case_id: int,
    task_ids: list[int],
    since: datetime,
    known: list[tuple[datetime, Any]] | None = None,
) -> dict[int, list[datetime]]:
    """The moments each task was claimed or assigned (from the ``taak-toewijzing`` events since the first
    of them was created: ``known`` (at, data) in the order written, else read here), in that order."""
    out: dict[int, list[datetime]] = {}
    row: Any
    rows = known if known is not None else plain(s).execute(_CLAIMS, {"case_id": case_id, "since": since})
    for row in rows:
        task = (row[1] or {}).get("taak")
        if task in task_ids:
            out.setdefault(task, []).append(utc(row[0]))
    return out


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


@dataclass(frozen=True)
class Share:
    """One team's share of a completed task: the groups it had then (None: its own, the last share), the
    first claim in it, and how long it waited and was worked on in it (seconds)."""

    groups: tuple[str, ...] | None
    claimed: datetime | None
    waiting_s: float
    working_s: float


def shares(
    created: datetime, completed: datetime, claims: list[datetime], moved: list[moves.TaskMove]
) -> list[Share]:
    """The shares of a task created and completed at these moments, claimed at ``claims``, cut at each of
    ``moved`` that fell while it was open (as ``moves.split`` cuts its holder span). Each share waits from
    its start until its first claim, and is worked on from then; a share without a claim of its own is
    worked on throughout when the task was claimed before it (the migration kept the claim: a claim it
    let go is followed by a new one), else it waits throughout. Without moves: one share, waiting until
    the task's first claim."""
    cuts = [m for m in sorted(set(moved), key=lambda m: m.at) if created < m.at <= completed]
    bounds = [created, *(m.at for m in cuts), completed]
    groups: list[tuple[str, ...] | None] = [*(m.groups for m in cuts), None]
    out = []
    for i, (start, end) in enumerate(pairwise(bounds)):
        last = i == len(cuts)
        own = [k for k in claims if start <= k and (k < end or (last and k == end))]
        first = own[0] if own else None
        held = first is None and any(k < start for k in claims)
        start_work = first if first is not None else (start if held else end)
        work = (end - start_work).total_seconds()
        out.append(Share(groups[i], first, (start_work - start).total_seconds(), work))
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
    claims = claims_of(s, case.id, [t.id for t in done], since, read)
    moved = moves_of(s, case.id, done)
    members = groups_of(s, [t.completed_by for t in done if len(t.candidate_groups or []) > 1])
    rows = []
    for t in done:
        created, completed = utc(t.created_at), utc(t.completed_at or t.created_at)
        found = claims.get(t.id, [])
        parts = shares(created, completed, found, moved.get(t.id, []))
        for i, part in enumerate(parts):
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
                    "claimed_at": found[0] if found else None,
                    "completed_at": completed,
                    "waiting_s": part.waiting_s,
                    "working_s": part.working_s,
                }
            )
    # one set-based statement, no ORM objects (nobody needs them after), no ORM execution path (store.db.plain)
    s.connection().execute(_INSERT_WAITS, rows)
