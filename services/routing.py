"""Who gets a task: the lane (or the model's ``kandidaatgroepen`` expression), then routing rules.

Routing may widen or narrow candidates from case data. The model computes the adviser groups from
the locatiecheck (a DMN table in bpmn/); here we name the candidates, and ``ensure_groups`` makes
every named group exist, so a task never disappears into a group nobody can see.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.store.db import insert_missing
from services.store.models import Group, UserGroup


def candidate_groups(open_task: Any) -> list[str]:
    """The task's candidate groups, in order, without blanks or repeats."""
    return list(dict.fromkeys(g for g in open_task.candidate_groups if g))


def ensure_groups(s: Session, names: Iterable[str]) -> set[str]:
    """Create the departments among ``names`` that do not exist yet (also when two steps at once name
    the same new department: the second waits for the first and creates nothing); returns the names
    that did not exist yet."""
    wanted = set(names)
    if not wanted:
        return set()
    known = set(s.scalars(select(Group.name).where(Group.name.in_(wanted))).all())
    insert_missing(s, Group, [{"name": n, "kind": "afdeling"} for n in sorted(wanted - known)], "name")
    return wanted - known


def without_members(s: Session, names: Iterable[str]) -> set[str]:
    """Those of ``names`` that no user is a member of: a task only there is seen by nobody."""
    wanted = {n for n in names if n}
    if not wanted:
        return set()
    staffed = s.scalars(
        select(Group.name).join(UserGroup, UserGroup.group_id == Group.id).where(Group.name.in_(wanted))
    ).all()
    return wanted - set(staffed)


def lane_warnings(s: Session, lanes: Iterable[str], new: Iterable[str] = ()) -> list[str]:
    """A Dutch warning for each lane whose group has no members (``new``: the groups this deploy made)."""
    ordered, made = list(dict.fromkeys(lanes)), set(new)
    empty = without_members(s, ordered)
    return [
        f"Lane '{lane}' hoort bij een {'nieuwe ' if lane in made else ''}groep zonder leden; taken daar "
        f"ziet niemand. Voeg leden toe aan de groep '{lane}' of pas de lane aan."
        for lane in ordered
        if lane in empty
    ]
