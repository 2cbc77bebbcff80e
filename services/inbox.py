"""The inbox: tasks for a user, claim, unclaim, assign, and who may complete."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from services.clock import today
from services.platform import Platform
from services.projections import task_dict
from services.store.models import CaseEvent, HumanTask, TaskCandidate, User

LEAD_ROLES = {"teamleider", "beheerder"}


def _user(s: Session, username: str) -> User:
    user = s.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"Gebruiker '{username}' bestaat niet.", code="gebruiker-onbekend")
    return user


def _groups(user: User) -> list[str]:
    return [g.name for g in user.groups]


def may_see(user: User, task: HumanTask) -> bool:
    if user.role == "beheerder" or task.assignee == user.username:
        return True
    return not task.candidate_groups or bool(set(task.candidate_groups) & set(_groups(user)))


def check_may_complete(s: Session, task: HumanTask, username: str) -> None:
    user = _user(s, username)
    if task.assignee is not None:
        if task.assignee != username:
            raise Forbidden(
                f"Taak '{task.name}' is toegewezen aan {task.assignee}; alleen die persoon kan haar afronden.",
                code="taak-van-ander",
            )
        return
    if task.candidate_groups and not set(task.candidate_groups) & set(_groups(user)):
        raise Forbidden(
            f"U bent geen lid van {', '.join(task.candidate_groups)} en kunt taak '{task.name}' niet afronden.",
            code="geen-kandidaat",
        )


def _visible_query(user: User, scope: str) -> Any:
    q = select(HumanTask).where(HumanTask.state == "open")
    groups = _groups(user)
    in_groups = exists().where(
        TaskCandidate.task_id == HumanTask.id,
        TaskCandidate.open.is_(True),
        TaskCandidate.group_name.in_(groups),
    )
    if scope == "mijn":
        return q.where(HumanTask.assignee == user.username)
    if scope == "team":
        return q.where(HumanTask.assignee.is_(None) | (HumanTask.assignee != user.username), in_groups)
    if scope == "alle" and user.role == "beheerder":
        return q
    return q.where(or_(HumanTask.assignee == user.username, (HumanTask.assignee.is_(None)) & in_groups))


def list_tasks(
    platform: Platform,
    username: str,
    *,
    scope: str = "open",
    procedure: str | None = None,
    phase: str | None = None,
    deadline_within_days: int | None = None,
    severity: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Open tasks a user may work on. scope: open (mine + unassigned in my groups), mijn, team, alle."""
    if scope not in ("open", "mijn", "team", "alle"):
        raise ValidationError(
            f"Onbekende selectie '{scope}' (open, mijn, team, alle).", code="selectie-onbekend"
        )
    with platform.uow(write=False) as uow:
        s = uow.session
        user = _user(s, username)
        q = _visible_query(user, scope)
        if procedure:
            q = q.where(HumanTask.procedure == procedure)
        if phase:
            q = q.where(HumanTask.phase == phase)
        if severity:
            q = q.where(HumanTask.max_severity == severity)
        if deadline_within_days is not None:
            q = q.where(
                HumanTask.legal_deadline <= today(platform.clock) + timedelta(days=deadline_within_days)
            )
        total = s.scalar(select(func.count()).select_from(q.subquery()))
        rows = s.scalars(
            q.order_by(HumanTask.legal_deadline.is_(None), HumanTask.legal_deadline, HumanTask.id)
            .limit(limit)
            .offset(offset)
        ).all()
        day = today(platform.clock)
        return {"totaal": total, "taken": [_with_days(task_dict(t), t, day) for t in rows]}


def counts(platform: Platform, username: str) -> dict[str, int]:
    with platform.uow(write=False) as uow:
        user = _user(uow.session, username)
        return {
            scope: int(
                uow.session.scalar(select(func.count()).select_from(_visible_query(user, scope).subquery())) or 0
            )
            for scope in ("mijn", "team")
        }


def _with_days(d: dict[str, Any], t: HumanTask, day: date) -> dict[str, Any]:
    d["dagen_over"] = (t.legal_deadline - day).days if t.legal_deadline else None
    return d


def get_task(platform: Platform, task_id: int, username: str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        s = uow.session
        task = s.get(HumanTask, task_id)
        if task is None:
            raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")
        if not may_see(_user(s, username), task):
            raise Forbidden("Deze taak hoort niet bij uw teams.", code="taak-geen-toegang")
        return _with_days(task_dict(task), task, today(platform.clock))


def _change(platform: Platform, task_id: int, username: str, fn: Any, message: str) -> dict[str, Any]:
    with platform.uow() as uow:
        s = uow.session
        task = s.scalars(select(HumanTask).where(HumanTask.id == task_id).with_for_update()).first()
        if task is None:
            raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")
        if task.state != "open":
            raise Conflict(f"Taak '{task.name}' staat niet meer open.", code="taak-niet-open")
        user = _user(s, username)
        detail = fn(s, task, user)
        s.add(
            CaseEvent(
                case_id=task.case_id,
                at=platform.clock.now(),
                actor=username,
                kind="taak-toewijzing",
                message=message.format(taak=task.name, detail=detail),
                public=False,
                data={"taak": task.id},
            )
        )
        uow.commit()
        return task_dict(task)


def claim(platform: Platform, task_id: int, username: str) -> dict[str, Any]:
    def fn(s: Session, task: HumanTask, user: User) -> str:
        if task.assignee == user.username:
            return user.username
        if task.assignee is not None:
            raise Conflict(
                f"Taak '{task.name}' is al opgepakt door {task.assignee}.", code="taak-al-opgepakt"
            )
        if task.candidate_groups and not set(task.candidate_groups) & set(_groups(user)):
            raise Forbidden(f"U bent geen lid van {', '.join(task.candidate_groups)}.", code="geen-kandidaat")
        task.assignee = user.username
        return user.username

    return _change(platform, task_id, username, fn, "Taak '{taak}' opgepakt door {detail}")


def unclaim(platform: Platform, task_id: int, username: str) -> dict[str, Any]:
    def fn(s: Session, task: HumanTask, user: User) -> str:
        if task.assignee is None:
            raise Conflict(f"Taak '{task.name}' is aan niemand toegewezen.", code="taak-niet-toegewezen")
        if task.assignee != user.username and user.role not in LEAD_ROLES:
            raise Forbidden(
                f"Alleen {task.assignee} of een teamleider kan deze taak teruggeven.", code="taak-van-ander"
            )
        previous, task.assignee = task.assignee, None
        return previous or ""

    return _change(platform, task_id, username, fn, "Taak '{taak}' teruggelegd (was {detail})")


def assign(platform: Platform, task_id: int, username: str, to: str) -> dict[str, Any]:
    def fn(s: Session, task: HumanTask, user: User) -> str:
        target = _user(s, to)
        member = not task.candidate_groups or bool(set(task.candidate_groups) & set(_groups(user)))
        if not (member or user.role in LEAD_ROLES):
            raise Forbidden(
                "Alleen leden van de groep of een teamleider kunnen deze taak toewijzen.",
                code="geen-kandidaat",
            )
        if task.candidate_groups and not set(task.candidate_groups) & set(_groups(target)):
            raise ValidationError(
                f"{to} is geen lid van {', '.join(task.candidate_groups)}.", code="toewijzing-ongeldig"
            )
        task.assignee = target.username
        return target.username

    return _change(platform, task_id, username, fn, "Taak '{taak}' toegewezen aan {detail}")


def list_all_open(platform: Platform, *, limit: int = 100) -> dict[str, Any]:
    """Every open task (CLI overview without a user)."""
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(
            select(HumanTask).where(HumanTask.state == "open").order_by(HumanTask.id).limit(limit)
        ).all()
        day = today(platform.clock)
        return {"totaal": len(rows), "taken": [_with_days(task_dict(t), t, day) for t in rows]}
