"""What an adviser reads of a third party's submission because it handles it: ``[taakvelden]``.

``[velden] medewerker`` (autorisatie.toml) leaves third parties' personal data out of what an adviser of the
municipality reads of a case: a neighbour's zienswijze, a bezwaar (any belanghebbende may lodge one). The
bezwaarjurist who registers and decides a bezwaar needs it, though: ``[taakvelden]`` names per task of a
model ("<process id>.<task id>", the model that draws the task: on a windpark the bezwaar tasks are its
called omgevingsvergunning's) the fields its handler reads on that case. Its handler is whoever holds the
task or completed it (for good: it finds its work again later, as an adviser its advice) and, while the
task is open and nobody holds it, a member of a group it is offered to (who may take it and must judge
it first). A task with candidate groups is its handler's only while the account is in one of them (a move
ends it, as it ends the sight of the case: services/policy/__init__.py ``_had_task``). Every other adviser of the case reads the case as ``[velden] medewerker`` says. A third party's
document follows its field (services/policy/documents.py THIRD_PARTY_TYPES). Decided in services/policy/__init__.py
(``shared_fields``, ``case_view``, ``document_actor``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from services.policy.autorisatie import Rules
from services.store.models import NO_GROUP, HumanTask, TaskCandidate


def task_fields_of(rules: Rules) -> dict[tuple[str, str], frozenset[str]]:
    """``[taakvelden]``: per task (process id of its model, task id), the fields its handler reads."""
    out: dict[tuple[str, str], frozenset[str]] = {}
    for key, fields in rules.task_fields.items():
        process, _, task = key.rpartition(".")
        if process and task:
            out[process, task] = out.get((process, task), frozenset()) | fields
    return out


#: the tasks without candidate groups (their ``NO_GROUP`` row): the only ones that stay their holder's or
#: completer's whatever the account's groups (a task with groups is its handler's while it is in one)
LOOSE_TASKS = select(TaskCandidate.task_id).where(TaskCandidate.group_name == NO_GROUP)


def held_or_completed_by(username: str | None) -> Any:
    """A WHERE clause on HumanTask: ``username`` holds or completed the task."""
    return or_(HumanTask.assignee == username, HumanTask.completed_by == username)


def handled_fields(
    s: Session, username: str | None, groups: Iterable[str], case_id: int, rules: Rules
) -> frozenset[str]:
    """The fields ``[taakvelden]`` gives this account on the case ``case_id``: those of the tasks it holds
    or completed there, or may take (open, nobody holds it, offered to one of ``groups``); none without
    such a task. A task is named by the model that draws it (``HumanTask.process_id``), which on a case
    whose model calls another (a windpark's omgevingsvergunning) is the called one. One query, none when
    [taakvelden] names no task."""
    per_task = task_fields_of(rules)
    if not per_task or not username:
        return frozenset()
    offered = select(TaskCandidate.task_id).where(TaskCandidate.group_name.in_(sorted(groups)))
    may_take = and_(HumanTask.state == "open", HumanTask.assignee.is_(None), HumanTask.id.in_(offered))
    # its own task while still in one of its groups (a move ends it), or one without groups
    in_groups = or_(HumanTask.id.in_(offered), HumanTask.id.in_(LOOSE_TASKS))
    held = or_(and_(held_or_completed_by(username), in_groups), may_take)
    named = or_(*(and_(HumanTask.process_id == p, HumanTask.bpmn_id == t) for p, t in sorted(per_task)))
    q = select(HumanTask.process_id, HumanTask.bpmn_id).where(HumanTask.case_id == case_id, named, held)
    return frozenset().union(*(per_task[process, task] for process, task in set(s.execute(q).all())))
