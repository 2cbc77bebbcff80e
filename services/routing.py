"""Who gets a task: the lane (or the model's ``kandidaatgroepen`` expression), then routing rules.

Routing may widen or narrow candidates from case data. The model computes the adviser groups from
the locatiecheck (a DMN table in bpmn/); here we only make sure every named group exists, so a task
never disappears into a group nobody can see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.store.models import Case, Group


def route(s: Session, case: Case, open_task: Any) -> list[str]:
    groups = list(dict.fromkeys(g for g in open_task.candidate_groups if g))
    missing = (
        set(groups) - set(s.scalars(select(Group.name).where(Group.name.in_(groups))).all())
        if groups
        else set()
    )
    for name in sorted(missing):
        s.add(Group(name=name, kind="afdeling"))
    return groups
