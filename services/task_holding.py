"""Who may keep a claimed task, and letting go of the claims that may not be kept.

One rule for both ways a claim can lose its ground: a migration gives an open task other candidate
groups (``services.beheer``), or an account change gives its holder another role or other groups, or
revokes its access (``services.users``, ``services.sessions``). A claim let go is written to the
case's history as ``taak-vrijgegeven`` and the task is free in its groups' inboxes again. And the
claim that completing an unclaimed task makes first (``claim_on_complete``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from processes.constants import TaskState
from processes.errors import NotFound
from services import policy, step_events
from services.platform import Platform
from services.store.models import Case, CaseEvent, HumanTask


def may_hold(s: Session, platform: Platform) -> Callable[[str, HumanTask], bool]:
    """Whether a user may keep a task claimed in its (new) candidate groups, as a claim is checked."""

    def check(username: str, task: HumanTask) -> bool:
        try:
            actor = policy.for_tasks(
                s, policy.actor_for(s, username), [task], policy.rules(platform.settings)
            )
            return policy.in_candidate_groups(actor, task)
        except NotFound:
            return False

    return check


def release_claims(s: Session, platform: Platform, username: str, *, reason: str, every: bool = False) -> int:
    """Let go of the open tasks ``username`` holds and may no longer hold (``every``: all of them, for
    an account whose access is revoked), each with a ``taak-vrijgegeven`` line naming ``reason``.
    The cases and tasks are locked (``lock_claims``). Returns how many."""
    rows = lock_claims(s, username)
    released = rows if every else _not_holdable(s, platform, username, rows)
    now = platform.clock.now()
    for row in released:
        row.assignee = None
        for candidate in row.candidates:
            candidate.unassigned = True
        s.add(
            CaseEvent(
                case_id=row.case_id,
                at=now,
                actor="systeem",
                kind="taak-vrijgegeven",
                message=f"Taak '{row.name}' is niet meer toegewezen aan {username}: {reason}",
                public=False,
                data={"taak": row.name, "was": username, "taak_id": row.id},
            )
        )
    return len(released)


def lock_claims(s: Session, username: str) -> list[HumanTask]:
    """The open tasks ``username`` holds, with their cases locked in the order a step takes them (case
    first, then task, in id order); an account change that locks other rows a step takes too (an
    organisation's group: services/organisations.py) locks these first, as a step does."""
    return list(
        s.scalars(
            select(HumanTask)
            .select_from(Case)
            .join(HumanTask, HumanTask.case_id == Case.id)
            .where(HumanTask.assignee == username, HumanTask.state == TaskState.OPEN)
            .order_by(Case.id, HumanTask.id)
            .options(selectinload(HumanTask.candidates))
            .with_for_update(of=[Case, HumanTask])
        ).all()
    )


def _not_holdable(s: Session, platform: Platform, username: str, rows: list[HumanTask]) -> list[HumanTask]:
    """The tasks of ``rows`` (all claimed by ``username``) it may no longer hold: the account and its
    rights are read once for all of them, not per task as a migration with many holders must."""
    if not rows:
        return []
    try:
        actor = policy.for_tasks(s, policy.actor_for(s, username), rows, policy.rules(platform.settings))
    except NotFound:
        return rows
    return [row for row in rows if not policy.in_candidate_groups(actor, row)]


def claim_on_complete(s: Session, row: HumanTask, user: str, now: datetime) -> None:
    """Completing an unclaimed task claims it first, with its own audit line (issue 16): the history
    shows who took the task, as if it had been claimed by hand just before."""
    row.assignee = user
    for c in row.candidates:
        c.unassigned = False
    step_events.queue(  # written with the step's own events, in one statement, before them
        s,
        {
            "case_id": row.case_id,
            "at": now,
            "actor": user,
            "kind": "taak-toewijzing",
            "message": f"Taak '{row.name}' opgepakt door {user} bij het afronden",
            "public": False,
            "element_id": None,
            "data": {"taak": row.id, "bij_afronden": True},
        },
    )
