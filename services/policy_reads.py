"""What an adviser reads of a third party's submission because it handles it: ``[taakvelden]``.

``[velden] medewerker`` (autorisatie.toml) leaves third parties' personal data out of what an adviser of the
municipality reads of a case: a neighbour's zienswijze, a bezwaar (any belanghebbende may lodge one). The
bezwaarjurist who registers and decides a bezwaar needs it, though: ``[taakvelden]`` names per task of a
model ("<process id>.<task id>") the fields its handler reads on that case. Its handler is whoever holds the
task or completed it (for good: it finds its work again later, as an adviser its advice) and, while the
task is open and nobody holds it, a member of a group it is offered to (who may take it and must judge
it first). Every other adviser of the case reads the case as ``[velden] medewerker`` says. A third party's
document follows its field (services/policy_documents.py THIRD_PARTY_TYPES). Decided in services/policy.py
(``shared_fields``, ``case_view``, ``document_actor``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from services.policy_rules import Rules
from services.store.models import HumanTask, TaskCandidate


def task_fields_of(process_id: str, rules: Rules) -> dict[str, frozenset[str]]:
    """``[taakvelden]`` for one model: per task id, the fields its handler reads."""
    out: dict[str, frozenset[str]] = {}
    for key, fields in rules.task_fields.items():
        process, _, task = key.rpartition(".")
        if process == process_id and task:
            out[task] = out.get(task, frozenset()) | fields
    return out


def handled_fields(
    s: Session, username: str | None, groups: Iterable[str], case_id: int, process_id: str, rules: Rules
) -> frozenset[str]:
    """The fields ``[taakvelden]`` gives this account on the case ``case_id`` (of model ``process_id``):
    those of the tasks it holds or completed there, or may take (open, nobody holds it, offered to one
    of ``groups``); none without such a task (one query, none when the model names no task)."""
    per_task = task_fields_of(process_id, rules)
    if not per_task or not username:
        return frozenset()
    offered = select(TaskCandidate.task_id).where(TaskCandidate.group_name.in_(sorted(groups)))
    may_take = and_(HumanTask.state == "open", HumanTask.assignee.is_(None), HumanTask.id.in_(offered))
    held = or_(HumanTask.assignee == username, HumanTask.completed_by == username, may_take)
    q = select(HumanTask.bpmn_id).where(
        HumanTask.case_id == case_id, HumanTask.bpmn_id.in_(sorted(per_task)), held
    )
    return frozenset().union(*(per_task[task] for task in set(s.scalars(q))))
