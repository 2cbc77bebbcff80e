"""The milestones of a case and its next one: the date the map shows, its Mijlpaal filter selects on and
the side panel names (one home for the three).

A case that has not closed has as milestones its uiterste beslisdatum while no besluit was given by today (a
besluit met or missed it: ``projection_case.overdue``), the Dutch day its next timer stands for, named
after the wait it ends (``Case.next_timer_day`` and ``next_timer_wat``, recorded by its last step:
services.engine.timer_milestone; the last day of a legal period: ter inzage, bezwaar, an aanvulling, the
netbeheerder's answer; the day of a warning) and, for a viewer who sees all its open tasks (the
municipality's staff), the due day of each open task. Its next milestone is the earliest of them on or
after today; a closed case has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, false, func, null, or_, select

from processes.constants import CaseStatus, TaskState
from processes.termijnen.besluitbrief import gegeven, gegeven_op
from services.store.models import Case, HumanTask

DEADLINE, TIMER = "uiterste beslisdatum", "volgende termijn"


class Milestone(NamedTuple):
    datum: date
    wat: str


def milestones(
    status: str,
    deadline: date | None,
    decided_on: date | None,
    timer: date | None,
    tasks: Iterable[tuple[date | None, str]] = (),
    timer_wat: str | None = None,
    *,
    day: date,
) -> list[Milestone]:
    """Every milestone of a case on ``day``, by date. ``timer``: the day its next timer stands for,
    ``timer_wat`` the wait it ends (``TIMER`` when the model names none); ``tasks``: (due day, name) of the
    open tasks. The uiterste beslisdatum while no besluit was given by ``day`` (``besluitbrief.gegeven_op``:
    a letter dated ahead gives it on its day)."""
    if status == CaseStatus.AFGEROND:
        return []
    found = [Milestone(due, f"taak '{name}' gereed") for due, name in tasks if due is not None]
    if timer is not None:
        found.append(Milestone(timer, timer_wat or TIMER))
    if deadline is not None and gegeven_op(decided_on, day) is None:
        found.append(Milestone(deadline, DEADLINE))
    return sorted(found, key=lambda m: m.datum)


def next_milestone(
    status: str,
    deadline: date | None,
    decided_on: date | None,
    timer: date | None,
    day: date,
    tasks: Iterable[tuple[date | None, str]] = (),
) -> Milestone | None:
    """The first milestone on or after ``day``, None when there is none."""
    return first_upcoming(milestones(status, deadline, decided_on, timer, tasks, day=day), day)


def first_upcoming(found: Iterable[Milestone], day: date) -> Milestone | None:
    """The first of ``found`` (by date) on or after ``day``."""
    return next((m for m in found if m.datum >= day), None)


def first_task_due(day: date) -> Any:
    """Per case row, the first due day on or after ``day`` of its open tasks (a correlated subquery)."""
    return (
        select(func.min(HumanTask.due_on))
        .where(HumanTask.case_id == Case.id, HumanTask.state == TaskState.OPEN, HumanTask.due_on >= day)
        .correlate(Case)
        .scalar_subquery()
    )


def upcoming_days(day: date, *, tasks: bool) -> list[ColumnElement[Any]]:
    """Per case row, the day of each kind of milestone it has on or after ``day``, NULL where it has none of
    that kind (as ``milestones`` makes them, as query columns): its uiterste beslisdatum unless a besluit was
    given by ``day`` (``besluitbrief.gegeven``), its next timer's day and, with ``tasks``, its open tasks'
    first due day. A closed case has no beslisdatum nor timer milestone."""
    running = Case.status != CaseStatus.AFGEROND
    deadline, timer = Case.uiterlijke_einddatum_afdoening, Case.next_timer_day  # Dutch calendar days
    return [
        case((gegeven(Case.decided_on, day), null()), (and_(running, deadline >= day), deadline)),
        case((and_(running, timer >= day), timer)),
        *([first_task_due(day)] if tasks else []),
    ]


def next_between(van: date, tot: date, day: date, *, tasks: bool) -> ColumnElement[bool]:
    """The cases whose next milestone on ``day`` falls from ``van`` up to and including ``tot``, as a query
    condition: every upcoming milestone (``upcoming_days``) on or after ``van``, and one of them up to ``tot``."""
    if tot < day or tot < van:
        return false()
    days = upcoming_days(day, tasks=tasks)
    # coalesce: a kind the case has no milestone of is none before ``van`` (never NULL, so no row is lost)
    none_before = [func.coalesce(d, van) >= van for d in days]
    return and_(*none_before, or_(*(d <= tot for d in days)))
