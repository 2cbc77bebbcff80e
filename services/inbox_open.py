"""The inbox as the officers open it ('assigned to me or unassigned in my groups'), read from the candidate
index: its count and one page, without a statement over every open task (services/inbox.py lists the
other scopes and filters); and every open task without a user (``list_all_open``, the CLI's overview)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.clock import today
from services.inbox_loose import ANY_LOOSE, Loose
from services.platform import Platform
from services.projection_views import TASK_COLUMNS, task_dict
from services.store.models import HumanTask, TaskCandidate, User

#: the inbox's order: by legal deadline, the tasks without one last
ORDER = (HumanTask.legal_deadline.is_(None), HumanTask.legal_deadline, HumanTask.id)


def groups_of(user: User) -> list[str]:
    return [g.name for g in user.groups]


def _fast_open_page(s: Session, user: User, loose: list[Any], limit: int, offset: int) -> list[int]:
    """Ids of the page of 'assigned to me or unassigned in my groups', ordered by legal deadline.

    Each source is read in index order and cut at offset+limit, so the work does not grow with the
    number of open tasks; the few candidates are merged here.
    """
    k = limit + offset
    rows: list[Any] = list(
        s.execute(
            select(HumanTask.id, HumanTask.legal_deadline)
            .where(HumanTask.assignee == user.username, HumanTask.state == "open")
            .order_by(*ORDER)
            .limit(k)
        ).all()
    )
    for group in groups_of(user):
        rows.extend(
            s.execute(
                select(TaskCandidate.task_id, TaskCandidate.sort_deadline)
                .where(
                    TaskCandidate.group_name == group,
                    TaskCandidate.open.is_(True),
                    TaskCandidate.unassigned.is_(True),
                )
                .order_by(TaskCandidate.sort_deadline, TaskCandidate.task_id)
                .limit(k)
            ).all()
        )
    rows.extend((task_id, deadline) for task_id, deadline, _ in loose)  # the free ones
    best: dict[int, date] = {}
    for task_id, deadline in rows:
        key = deadline or date.max
        best[task_id] = min(best.get(task_id, key), key)
    ordered = sorted(best, key=lambda t: (best[t], t))
    return ordered[offset : offset + limit]


def open_inbox(s: Session, user: User, loose: Loose, limit: int, offset: int) -> tuple[int, list[Any]]:
    """'Assigned to me or unassigned in my groups (or without groups, on my cases)': two index-only
    counts and the loose ones (the three never overlap), and the page merged from the index
    (``_fast_open_page``)."""
    mine = s.scalar(
        select(func.count()).where(HumanTask.assignee == user.username, HumanTask.state == "open")
    )
    in_groups, any_loose = s.execute(
        select(func.count(func.distinct(TaskCandidate.task_id)), ANY_LOOSE).where(
            TaskCandidate.group_name.in_(groups_of(user)),
            TaskCandidate.open.is_(True),
            TaskCandidate.unassigned.is_(True),
        )
    ).one()
    free = [row for row in loose.rows() if row[2]] if any_loose else []
    total = (mine or 0) + (in_groups or 0) + len(free)
    page_ids = _fast_open_page(s, user, free, limit, offset)
    by_id = {r.id: r for r in s.execute(select(*TASK_COLUMNS).where(HumanTask.id.in_(page_ids)))}
    return total, [by_id[i] for i in page_ids]


def with_days(d: dict[str, Any], t: Any, day: date) -> dict[str, Any]:
    """A task dict with the days left to its legal deadline on ``day``; ``t``: a task or a row of its columns."""
    d["dagen_over"] = (t.legal_deadline - day).days if t.legal_deadline else None
    return d


def list_all_open(platform: Platform, *, limit: int = 100) -> dict[str, Any]:
    """Every open task (CLI overview without a user)."""
    open_ = HumanTask.state == "open"
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(HumanTask).where(open_).order_by(HumanTask.id).limit(limit)).all()
        total = uow.session.scalar(select(func.count()).select_from(HumanTask).where(open_)) or 0
        day = today(platform.clock)  # "totaal": every open task, as with a user, not the rows shown
        return {"totaal": int(total), "taken": [with_days(task_dict(t), t, day) for t in rows]}
