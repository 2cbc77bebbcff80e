"""Whose side holds a task: a lead of an outside organisation hands back or reassigns only a task that
its own organisation holds (services/policy/tasks.py ``held_by_other_side``), never the municipality's
officer's or another party's; and an outside organisation's account gives a task only to an account of
its own (``within_organisation``). The municipality's leads keep that power over every task they may
see, also one an outside party's account holds: the municipality runs the case as its bevoegd gezag."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.errors import Forbidden
from services.policy.tasks import task_id
from services.store.models import Group, HumanTask, User, UserGroup

Target = TypeVar("Target", bound="HasGroups")


class HasGroups(Protocol):
    @property
    def groups(self) -> frozenset[str]: ...


def held_within(
    s: Session, groups: Iterable[str], tasks: Iterable[HumanTask | Mapping[str, Any]]
) -> frozenset[int]:
    """The ids of those of ``tasks`` that a member of one of ``groups`` (an outside organisation's) holds:
    one query, none without tasks or groups. A task dict an outside party reads does not name another
    holder (policy.documents.task_names): the holder is read here, and only this yes or no is told."""
    ids, names = {i for t in tasks if (i := task_id(t)) is not None}, sorted(set(groups))
    if not ids or not names:
        return frozenset()
    members = (
        select(User.username)
        .join(UserGroup, UserGroup.user_id == User.id)
        .join(Group, Group.id == UserGroup.group_id)
        .where(Group.name.in_(names))
    )
    held = select(HumanTask.id).where(HumanTask.id.in_(sorted(ids)), HumanTask.assignee.in_(members))
    return frozenset(s.scalars(held))


def colleague_groups(asker: HasGroups, municipal: bool, offered: Iterable[str]) -> list[str]:
    """Of the groups ``offered`` (the candidate groups of the tasks ``asker`` may assign), those whose
    members it reads to choose a colleague: the municipality's own staff (``municipal``:
    policy.is_municipal) every one; any other account only its own, since the officers' account names are
    not an outside party's to read (``within_organisation`` refuses them as a choice too)."""
    return sorted({g for g in offered if municipal or g in asker.groups})


def within_organisation(own: frozenset[str] | None, target: Target | None) -> Target:
    """The account a task is given to (``target``; None: no such account), when the giver may give it:
    the municipality's own (``own`` None: policy.own_work_only) anyone, as the task rules allow; an
    outside organisation's account (``own``: its groups) only one of its own. An unknown name is refused
    the same (403 toewijzing-buiten-organisatie): an outside party does not learn which names exist."""
    if target is not None and (own is None or own & target.groups):
        return target
    raise Forbidden(
        "U kunt een taak alleen toewijzen aan iemand van uw eigen organisatie.",
        code="toewijzing-buiten-organisatie",
    )
