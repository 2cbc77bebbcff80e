"""Task rows the e2e tests read back: a case's open task, the first open task of all, a task's assignee."""

from __future__ import annotations

from sqlalchemy import select

from services.platform import Platform
from services.store.models import HumanTask


def first_open_task_id(platform: Platform) -> int:
    """The id of the first open task of all cases."""
    with platform.uow(write=False) as uow:
        return int(uow.session.scalars(select(HumanTask.id).where(HumanTask.state == "open")).first())


def assignee(platform: Platform, task_id: int) -> str | None:
    """Who holds the task (None: nobody)."""
    with platform.uow(write=False) as uow:
        return uow.session.get(HumanTask, task_id).assignee  # type: ignore[union-attr]


def open_task_of(platform, ref: str) -> HumanTask:
    """The one open task row of case ``ref``."""
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask).where(HumanTask.case_reference == ref, HumanTask.state == "open")
        ).one()
