"""Who may keep a claimed task, and letting go of the claims that may not be kept.

One rule for both ways a claim can lose its ground: a migration gives an open task other candidate
groups (``services.beheer``), or an account change gives its holder another role or other groups, or
revokes its access (``services.users``, ``services.sessions``). A claim let go is written to the
case's history as ``taak-vrijgegeven`` and the task is free in its groups' inboxes again. And the
claim that completing an unclaimed task makes first (``claim_on_complete``), and the task the model
loops straight back to after a completion, which stays with the one who completed it
(``keep_looped``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, bindparam, select, update
from sqlalchemy.orm import Session, selectinload

from processes.constants import TaskState
from processes.errors import NotFound
from services import policy, step_events
from services.config import Settings
from services.engine.runtime import StepResult
from services.platform import Platform
from services.store.models import Case, CaseEvent, HumanTask, TaskCandidate

#: the two history lines a step writes itself, after "Taak '<name>'", around the login of who holds the task:
#: the text keeps the login (reading the display name there would cost every step a statement,
#: test_step_statements); a reader names the officer (``named_line``)
CLAIMED_ON_COMPLETE = " opgepakt door {} bij het afronden"
KEPT_AFTER_LOOP = " blijft bij {}, die de taak net afrondde: het proces kwam direct bij dezelfde taak terug"


#: the candidate rows of a task follow its assignee in one plain table UPDATE: not loaded first, and
#: none of the ORM's bulk-update bookkeeping (no candidate row of the task is in the session there)
_CANDIDATES: Any = TaskCandidate.__table__
_UNASSIGNED = (
    update(_CANDIDATES)
    .where(_CANDIDATES.c.task_id == bindparam("of_task", type_=Integer))
    .values(unassigned=bindparam("now_unassigned", type_=Boolean))
)


def set_assignee(s: Session, task: HumanTask, username: str | None) -> None:
    """Give ``task`` to ``username`` (None: to nobody), its candidate rows with it (the inbox's claim,
    unclaim and assign)."""
    task.assignee = username
    s.execute(_UNASSIGNED, {"of_task": task.id, "now_unassigned": username is None})


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


def release_claims(
    s: Session,
    platform: Platform,
    username: str,
    *,
    reason: str,
    every: bool = False,
    claims: list[HumanTask] | None = None,
) -> int:
    """Let go of the open tasks ``username`` holds and may no longer hold (``every``: all of them, for
    an account whose access is revoked), each with a ``taak-vrijgegeven`` line naming ``reason``.
    The cases and tasks are locked here (``lock_claims``), or ``claims`` are those the caller locked
    before it locked rows a step takes after a case (services.account_beheerders: the lock order).
    Returns how many."""
    rows = lock_claims(s, username) if claims is None else claims
    released = rows if every else _not_holdable(s, platform.settings, username, rows)
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


def _not_holdable(s: Session, settings: Settings, username: str, rows: list[HumanTask]) -> list[HumanTask]:
    """The tasks of ``rows`` (claimed by ``username``, or to be) it may not hold: the account and its
    rights are read once for all of them, not per task as a migration with many holders must."""
    if not rows:
        return []
    try:
        actor = policy.for_tasks(s, policy.actor_for(s, username), rows, policy.rules(settings))
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
            "message": f"Taak '{row.name}'" + CLAIMED_ON_COMPLETE.format(user),
            "public": False,
            "element_id": None,
            "data": {"taak": row.id, "bij_afronden": True},
        },
    )


def next_instances(result: StepResult) -> set[str]:
    """The new tasks of a step that are another instance of a multi-instance or standard loop a user
    task the step completed ran in (the second reading of a four-eyes check): no loop back."""
    done = [c.get("loops") or {} for c in result.completed if c.get("manual")]
    return {
        ot.spiff_task_id
        for ot in result.open_tasks
        if any(ot.loops.get(loop, instance) != instance for loops in done for loop, instance in loops.items())
    }


def keep_looped(
    s: Session,
    settings: Settings | None,
    user: str | None,
    closed: list[HumanTask],
    new: list[HumanTask],
    instances: Collection[str] = (),
) -> list[dict[str, Any]]:
    """A user task the model loops straight back to stays with the one who completed it: a new row of a
    step for the element of a task ``user`` completed in it (``closed``: the rows the step closed),
    ready again in the same step (through gateways, service tasks or throw events only, as 'Aanvraag
    inhoudelijk beoordelen' after a verdaging; not the next of a loop's or multi-instance's ``instances``,
    as ``next_instances`` finds them), is claimed for ``user`` when ``user`` may hold it in its
    candidate groups (README, "Autorisatie"): without a read when they are the groups of the task
    ``user`` just completed (as its holder or a candidate), else as a claim is checked. Returns their
    history lines (the rows are flushed for their ids)."""
    done = {row.bpmn_id: list(row.candidate_groups or []) for row in closed if row.completed_by == user}
    again = [row for row in new if row.bpmn_id in done and row.spiff_task_id not in instances]
    if not again or not user or settings is None:
        return []
    other = [row for row in again if list(row.candidate_groups or []) != done[row.bpmn_id]]
    with s.no_autoflush:
        refused = {id(row) for row in _not_holdable(s, settings, user, other)}
    kept = [row for row in again if id(row) not in refused]
    for row in kept:
        row.assignee = user
        for c in row.candidates:
            c.unassigned = False
    if kept:
        s.flush()
    return [
        {
            "case_id": row.case_id,
            "at": row.created_at,
            "actor": "systeem",
            "kind": "taak-toewijzing",
            "message": f"Taak '{row.name}'" + KEPT_AFTER_LOOP.format(user),
            "public": False,
            "element_id": None,
            "data": {"taak": row.id, "zelfde_taak": True, "bij": user},
        }
        for row in kept
    ]


def line_holder(event: Mapping[str, Any]) -> str | None:
    """The login a step's own history line (``projection_views.event_dict``) names in its text: the
    actor of the claim a completion makes, ``bij`` of the task kept after a loop (None in a line of
    that kind written before its data named it: its text keeps the login)."""
    data = event.get("gegevens")
    if event.get("soort") != "taak-toewijzing" or not isinstance(data, dict):
        return None
    if data.get("bij_afronden"):
        return event.get("door")
    return data.get("bij") if data.get("zelfde_taak") else None


def named_line(event: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The text of a history line as an officer reads it: a step's own line names the officer by
    ``names`` (``policy.names.shown_names``) instead of the login; any other line as it was written."""
    text, login = str(event.get("tekst") or ""), line_holder(event)
    if not login or login not in names:
        return text
    data = event.get("gegevens") or {}
    around = CLAIMED_ON_COMPLETE if data.get("bij_afronden") else KEPT_AFTER_LOOP
    stored = around.format(login)
    if not text.endswith(stored):
        return text
    return text[: -len(stored)] + around.format(names[login])
