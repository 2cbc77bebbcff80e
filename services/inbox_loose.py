"""The tasks without candidate groups in the inbox: the municipality's staff's who may see the case
(services/policy/tasks.py). Each has one inbox row with group ``NO_GROUP``; the inbox reads them only
when there are any open at all, which its count statements tell (``ANY_LOOSE``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from services import policy
from services.platform import Platform
from services.store.models import NO_GROUP, Case, HumanTask, TaskCandidate, User


class Loose:
    """The open tasks without candidate groups a user takes (policy.loose_task_cases), read from their
    ``NO_GROUP`` inbox rows only when there are any at all: the count statements tell (``ANY_LOOSE``)."""

    def __init__(self, s: Session, platform: Platform, user: User) -> None:
        self.s, self.platform, self.user = s, platform, user
        self._rows: list[Any] | None = None

    def rows(self) -> list[Any]:
        """(task id, sort deadline, unassigned) per task."""
        if self._rows is None:
            actor = policy.Actor.of(self.user)
            clause = policy.loose_task_cases(self.s, actor, policy.rules(self.platform.settings))
            q = (
                select(TaskCandidate.task_id, TaskCandidate.sort_deadline, TaskCandidate.unassigned)
                .join(HumanTask, HumanTask.id == TaskCandidate.task_id)
                .join(Case, Case.id == HumanTask.case_id)
                .where(TaskCandidate.group_name == NO_GROUP, TaskCandidate.open.is_(True))
            )
            self._rows = list(self.s.execute(q if clause is None else q.where(clause)).all())
        return self._rows

    def params(self) -> dict[str, Any]:
        """The bind parameters of the inbox statements, these tasks included."""
        return {
            "username": self.user.username,
            "groups": [g.name for g in self.user.groups],
            "loose": [r[0] for r in self.rows()],
        }


#: are there open tasks without candidate groups at all? One probe of the candidate index, asked with a
#: count; almost always there are none, and then the inbox costs no statement more for them
ANY_LOOSE = exists().where(TaskCandidate.group_name == NO_GROUP, TaskCandidate.open.is_(True)).label("loose")
