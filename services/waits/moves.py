"""Open tasks a migration moved to other candidate groups (``services.beheer.migrate_case``).

Each move is a ``taak-verplaatst`` event of the case at the migration's moment, naming the task and the
groups it had before (``van``) and has since (``naar``). The holder intervals split the task's span
there (:func:`split`): up to the migration the former team held the case, from it the new one, both in
the step's own carrying on (the events the step wrote: :func:`written`) and in a rebuild (the case's
events, ``store.history``), so neither dates the new team back to the task's creation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from services import step_events
from services.clock import as_utc
from services.waits.derive import TaskSpan

#: the kind of the history line of an open task a migration moved to other groups
MOVED_EVENT = "taak-verplaatst"


@dataclass(frozen=True)
class TaskMove:
    """Open task ``task_id`` went to other candidate groups at ``at``; ``groups``: the ones it had before."""

    task_id: int
    at: datetime
    groups: tuple[str, ...]


def move_of(at: datetime, data: dict[str, Any] | None) -> TaskMove:
    """The move a ``taak-verplaatst`` event stored at ``at`` with ``data`` records."""
    data = data or {}
    return TaskMove(int(data["taak"]), as_utc(at), tuple(str(g) for g in data.get("van") or ()))


def event_data(task_id: int, before: list[str], after: list[str]) -> dict[str, Any]:
    """The data of the ``taak-verplaatst`` event of task ``task_id`` moved from ``before`` to ``after``."""
    return {"taak": task_id, "van": list(before), "naar": list(after)}


def written(s: Any, case_id: int) -> list[TaskMove]:
    """The moves of case ``case_id`` the step of session ``s`` wrote (``step_events.written``): read from
    the session, no statement."""
    log = step_events.written(s) or []
    return [move_of(e.at, e.data) for e in log if e.case_id == case_id and e.kind == MOVED_EVENT]


def split(tasks: Iterable[TaskSpan], moves: Iterable[TaskMove]) -> tuple[TaskSpan, ...]:
    """``tasks`` with the span of each moved task cut at each of its moves while it was open: up to a move
    with the groups it had before, from it with those of the next move, or its own after the last."""
    by_task: dict[int, list[TaskMove]] = defaultdict(list)
    for move in dict.fromkeys(moves):  # the step's own, also read back with the case's events: once
        by_task[move.task_id].append(move)
    out: list[TaskSpan] = []
    for task in tasks:
        piece = task
        for move in sorted(by_task.get(task.task_id, ()), key=lambda m: m.at):
            if piece.start < move.at and (task.end is None or move.at <= task.end):
                out.append(replace(piece, groups=move.groups, end=move.at))
                piece = replace(task, start=move.at, opened=task.opened or task.start)
        out.append(piece)
    return tuple(out)
