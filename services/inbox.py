"""The inbox: tasks for a user, claim, unclaim, assign. Who may do what is services.policy's call."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import Integer, String, bindparam, func, or_, select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from services import policy, request_reads, step_events
from services.clock import today
from services.inbox_loose import ANY_LOOSE, Loose
from services.inbox_open import ORDER, groups_of, open_inbox, with_days
from services.mail import compose
from services.platform import Platform
from services.policy.assignees import check_logs_in
from services.policy.names import holder_shown, name_columns, shown_as, shown_name
from services.policy.outside import outside_tasks
from services.policy.sides import within_organisation
from services.projection_views import TASK_COLUMNS
from services.projections import task_dict
from services.store.models import Case, HumanTask, TaskCandidate, User
from services.task_holding import set_assignee
from services.waits import open_requests

#: what a task list shows (task_dict), read as plain rows
LIST_COLUMNS = TASK_COLUMNS


def asker(s: Session, platform: Platform, username: str, tasks: Iterable[Any]) -> policy.Actor:
    """The account ``username`` as the task rules need it for these tasks (policy.for_tasks)."""
    actor = policy.actor_for(s, username)  # its values, in one plain read
    return policy.for_tasks(s, actor, tasks, policy.rules(platform.settings))


def party(platform: Platform, actor: policy.Actor) -> str:
    """The party of ``actor`` (policy.documents.PARTY_OF_KIND): whose account names it reads."""
    return policy.party_of(actor, policy.rules(platform.settings))


def as_read(s: Session, platform: Platform, actor: policy.Actor, task: dict[str, Any]) -> dict[str, Any]:
    """A task dict as ``actor`` reads it: an outside party not the officer's name (policy.task_names) nor
    the applicant's in its case's title (policy.outside)."""
    return read_by(s, party(platform, actor), [task], actor.username)[0]


def read_by(s: Session, reader: str, tasks: list[dict[str, Any]], own: str | None) -> list[dict[str, Any]]:
    """Task dicts as the account ``own`` of party ``reader`` (policy.party_of) reads them: ``as_read``."""
    out = [policy.task_names(reader, t, own) for t in tasks]
    return outside_tasks(s, out) if reader == "extern" else out


def check_may_complete(s: Session, platform: Platform, task: HumanTask, username: str) -> None:
    """Refuse completing ``task``: whoever may not see it first, learning nothing of it (not its name,
    holder or state); then a task no longer open (409, naming who completed it where the asker reads
    that name); then whoever is neither its assignee nor, unassigned, a candidate."""
    actor = asker(s, platform, username, [task])
    policy.check_may_see_task(actor, task)
    reader = party(platform, actor)
    if task.state != "open":
        by = holder_shown(s, reader, task.completed_by, username) if task.completed_by else ""
        raise Conflict(
            f"Taak '{task.name}' is al {'voltooid' if task.state == 'voltooid' else 'vervallen'}"
            f"{' door ' + by if by else ''}.",
            code="taak-niet-open",
        )
    policy.check_may_complete(actor, task, reader, lambda login: shown_name(s, login))


def _every(scope: str, admin: bool) -> bool:
    """Whether ``scope`` is every open task: 'alle' for whom policy.sees_every_task (``admin``)."""
    return scope == "alle" and admin


@functools.cache
def _visible(scope: str, admin: bool) -> Any:
    """The open tasks of ``scope``, built once per scope with the caller as bind parameters
    (``username``, ``groups``): building the statement cost more than running it."""
    q = select(HumanTask).where(HumanTask.state == "open")
    username: Any = bindparam("username", type_=String)
    # driven from the candidate index (group, open) instead of a correlated subquery per task; the tasks
    # without groups the caller takes come as ids (``_loose``)
    in_groups = HumanTask.id.in_(
        select(TaskCandidate.task_id).where(
            TaskCandidate.group_name.in_(bindparam("groups", expanding=True)), TaskCandidate.open.is_(True)
        )
    ) | HumanTask.id.in_(bindparam("loose", expanding=True))
    if scope == "mijn":
        return q.where(HumanTask.assignee == username)
    if scope == "team":
        return q.where(HumanTask.assignee.is_(None) | (HumanTask.assignee != username), in_groups)
    if _every(scope, admin):
        return q
    return q.where(or_(HumanTask.assignee == username, (HumanTask.assignee.is_(None)) & in_groups))


def _count_of(visible: Any) -> Any:
    return select(func.count(), ANY_LOOSE).select_from(visible.with_only_columns(HumanTask.id).subquery())


def _page_of(visible: Any) -> Any:
    return (
        visible.with_only_columns(*LIST_COLUMNS)
        .order_by(*ORDER)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@functools.cache
def _inbox_statements(scope: str, admin: bool) -> tuple[Any, Any]:
    """The count and the page of an unfiltered inbox scope, built once."""
    visible = _visible(scope, admin)
    return _count_of(visible), _page_of(visible)


def _caller(user: User) -> dict[str, Any]:
    """The bind parameters of the inbox statements, before the tasks without groups are read."""
    return {"username": user.username, "groups": groups_of(user), "loose": []}


def list_tasks(platform: Platform, username: str, **query: Any) -> dict[str, Any]:
    """``tasks_in`` in its own read (the API, the CLI): the open tasks ``username`` may work on."""
    with platform.uow(write=False) as uow:
        return tasks_in(uow.session, platform, policy.user_named(uow.session, username), **query)


def tasks_in(
    s: Session,
    platform: Platform,
    user: User,
    *,
    scope: str = "open",
    procedure: str | None = None,
    phase: str | None = None,
    deadline_within_days: int | None = None,
    severity: str | None = None,
    limit: int = 50,
    offset: int = 0,
    with_waits: bool = False,
) -> dict[str, Any]:
    """Open tasks a user may work on. scope: open (mine + unassigned in my groups), mijn, team, alle.
    ``with_waits`` (the inbox page): each task of a municipal officer with what its case waits on
    (``zaak_wacht``: open_requests.for_case_rows, set-based for the page)."""
    if scope not in ("open", "mijn", "team", "alle"):
        raise ValidationError(
            f"Onbekende selectie '{scope}' (open, mijn, team, alle).", code="selectie-onbekend"
        )
    day = today(platform.clock)
    filtered = bool(procedure or phase or severity) or deadline_within_days is not None
    admin = policy.sees_every_task(user.role)
    loose = Loose(s, platform, user)
    if scope == "open" and not filtered:
        total, page = open_inbox(s, user, loose, limit, offset)
    else:
        if filtered:
            q = _visible(scope, admin)
            if procedure:  # the process id (as everywhere else) or the label the inbox shows
                of_process = select(Case.id).where(Case.process_id == procedure)
                q = q.where(or_(HumanTask.procedure == procedure, HumanTask.case_id.in_(of_process)))
            if phase:
                q = q.where(HumanTask.phase == phase)
            if severity:
                q = q.where(HumanTask.max_severity == severity)
            if deadline_within_days is not None:
                q = q.where(HumanTask.legal_deadline <= day + timedelta(days=deadline_within_days))
            statements = (_count_of(q), _page_of(q))
        else:  # the inbox as the officers open it: statements built once
            statements = _inbox_statements(scope, admin)
        used = loose if _takes_loose(scope, admin) else None
        total, page = _count_and_page(s, statements, user, used, limit, offset)
    names = party(platform, policy.Actor.of(user))  # whose account names it reads: once per list
    tasks = read_by(s, names, [with_days(task_dict(t), t, day) for t in page], user.username)
    if with_waits:
        _with_case_waits(s, platform, user, tasks)
    return {"totaal": total, "taken": tasks}


def _with_case_waits(s: Session, platform: Platform, user: User, tasks: list[dict[str, Any]]) -> None:
    """Add to each task what its case waits on (``zaak_wacht``), for the municipality's own officers
    only: an outside organisation's account is told nothing of the case beyond its own task."""
    rules = policy.rules(platform.settings)
    if not tasks or not policy.is_municipal(policy.Actor.of(user), rules):
        return
    waits = open_requests.for_case_rows(
        s, policy.external_groups(s, platform.settings), [t["zaak_id"] for t in tasks], platform.clock.now()
    )
    for t in tasks:
        t["zaak_wacht"] = waits.get(t["zaak_id"])


def _takes_loose(scope: str, admin: bool) -> bool:
    """Whether the scope's statement reads the tasks without groups the caller takes (``loose``): not
    'mijn' (assigned to the caller) nor the beheerder's 'alle' (every open task)."""
    return not (scope == "mijn" or _every(scope, admin))


def _count_and_page(
    s: Session, statements: tuple[Any, Any], user: User, loose: Loose | None, limit: int, offset: int
) -> tuple[int, list[Any]]:
    """How many tasks a scope holds, and the rows of one page of them (not their ids first); ``loose``:
    None when the scope does not read them (``_takes_loose``)."""
    count, page = statements
    params = _caller(user)
    total: Any
    total, any_loose = s.execute(count, params).one()
    if loose is not None and any_loose and loose.rows():
        params = loose.params()
        total = s.execute(count, params).one()[0]
    return total or 0, list(s.execute(page, {**params, "limit": limit, "offset": offset}))


def counts(platform: Platform, username: str) -> dict[str, int]:
    """``counts_in`` in its own read."""
    with platform.uow(write=False) as uow:
        return counts_in(uow.session, platform, policy.user_named(uow.session, username))


def counts_in(s: Session, platform: Platform, user: User) -> dict[str, int]:
    """The tab counts: 'Mijn taken' and 'Taken van mijn team'."""
    admin, loose = policy.sees_every_task(user.role), Loose(s, platform, user)
    out = {}
    for scope in ("mijn", "team"):
        count = _inbox_statements(scope, admin)[0]
        total: Any
        total, any_loose = s.execute(count, _caller(user)).one()
        if any_loose and _takes_loose(scope, admin) and loose.rows():
            total = s.execute(count, loose.params()).one()[0]
        out[scope] = int(total or 0)
    return out


def get_task(platform: Platform, task_id: int, username: str) -> dict[str, Any]:
    return task_with_asker(platform, task_id, username)[0]


def task_with_asker(platform: Platform, task_id: int, username: str) -> tuple[dict[str, Any], policy.Actor]:
    """The task as ``username`` may see it, and that account as the task rules need it (``asker``):
    the task page asks both, in one read."""
    with platform.uow(write=False) as uow:
        s = uow.session
        task = s.get(HumanTask, task_id)
        if task is None:
            raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")
        actor = asker(s, platform, username, [task])
        policy.check_may_see_task(actor, task)
        request_reads.note(task.case_reference)
        return as_read(s, platform, actor, with_days(task_dict(task), task, today(platform.clock))), actor


def actor_kind(platform: Platform, username: str) -> str:
    """``policy.kind`` of an account by name: what a face may tell it about the tasks of others."""
    with platform.uow(write=False) as uow:
        return policy.kind(policy.actor_for(uow.session, username), policy.rules(platform.settings))


#: the task with its case, both locked, the case row first (FROM zaak JOIN human_task): the order a step
#: takes them in. Locking the task alone deadlocked with a step on its case (the step holds the case and
#: waits for the task; the claim's audit row needs a key-share lock on the case): a 500 for one of them.
_FOR_CHANGE = (
    select(HumanTask, Case.status, *name_columns(bindparam("asker", type_=String)))  # how the asker reads
    .select_from(Case)
    .join(HumanTask, HumanTask.case_id == Case.id)
    .where(HumanTask.id == bindparam("task_id", type_=Integer))
    .with_for_update(of=[Case, HumanTask])
)


def _change(
    platform: Platform,
    task_id: int,
    username: str,
    fn: Any,
    message: str,
    key: str | None = None,
    *,
    paused_ok: bool = False,
) -> dict[str, Any]:
    """Claim, unclaim or assign: ``fn`` changes the task and returns the account the history line names
    (by its display name, services.policy.names; under ``key`` in the line's data, its login), or None
    when the task stays as it was. A task of a case paused by beheer is refused unless ``paused_ok``
    (giving a task back): a pause stops the officers, as their steps (``cases.check_not_paused``)."""
    with platform.uow() as uow:
        s = uow.session
        row = s.execute(_FOR_CHANGE, {"task_id": task_id, "asker": username}).first()
        if row is None:
            raise NotFound(f"Taak {task_id} bestaat niet.", code="taak-onbekend")
        task = row[0]
        actor = asker(s, platform, username, [task])
        policy.check_may_see_task(actor, task)  # before anything of the task is told
        if task.state != "open":
            raise Conflict(f"Taak '{task.name}' staat niet meer open.", code="taak-niet-open")
        if row[1] == CaseStatus.GEPAUZEERD and not paused_ok:
            raise Conflict(
                f"Zaak {task.case_reference} is gepauzeerd door beheer; de taak kan na het hervatten worden "
                "opgepakt of toegewezen.",
                code="zaak-gepauzeerd",
            )
        detail = fn(s, task, actor)
        if detail is None:  # nothing changed (a second 'Oppakken'): no history line
            return as_read(s, platform, actor, task_dict(task))
        shown = shown_as(username, row[2], row[3]) if detail == username else detail and shown_name(s, detail)
        event = {
            "case_id": task.case_id,
            "at": platform.clock.now(),
            "actor": username,
            "kind": "taak-toewijzing",
            "message": message.format(taak=task.name, detail=shown),
            "public": False,
            "element_id": None,
            "data": {"taak": task.id, **({key: detail} if key and detail else {})},
        }
        step_events.insert_events(s, [event])  # a plain row: no object to flush
        uow.commit()
        return as_read(s, platform, actor, task_dict(task))


def claim(platform: Platform, task_id: int, username: str) -> dict[str, Any]:
    def fn(s: Session, task: HumanTask, actor: policy.Actor) -> str | None:
        if task.assignee == username:
            return None  # already hers (a double click): nothing changes
        if task.assignee is not None:
            holder = holder_shown(s, party(platform, actor), task.assignee, username)
            raise Conflict(f"Taak '{task.name}' is al opgepakt door {holder}.", code="taak-al-opgepakt")
        policy.check_may_claim(actor, task)
        set_assignee(s, task, username)
        return username

    return _change(platform, task_id, username, fn, "Taak '{taak}' opgepakt door {detail}")


def unclaim(platform: Platform, task_id: int, username: str) -> dict[str, Any]:
    def fn(s: Session, task: HumanTask, actor: policy.Actor) -> str:
        if task.assignee is None:
            raise Conflict(f"Taak '{task.name}' is aan niemand toegewezen.", code="taak-niet-toegewezen")
        policy.check_same_side(actor, task, party(platform, actor), "teruggeven")
        if not policy.may_unclaim(actor, task):
            holder = holder_shown(s, party(platform, actor), task.assignee, username)
            raise Forbidden(
                f"Taak '{task.name}' is opgepakt door {holder}; alleen die persoon of een teamleider kan haar "
                "teruggeven.",
                code="taak-van-ander",
            )
        previous = task.assignee
        set_assignee(s, task, None)
        return previous or ""

    return _change(
        platform, task_id, username, fn, "Taak '{taak}' teruggelegd (was {detail})", "was", paused_ok=True
    )


def assign(platform: Platform, task_id: int, username: str, to: str) -> dict[str, Any]:
    """Give the task to ``to``: a candidate someone can log in to (policy.assignees). Who may not assign it
    learns nothing of ``to`` (not whether it exists)."""

    def fn(s: Session, task: HumanTask, actor: policy.Actor) -> str:
        policy.check_same_side(actor, task, party(platform, actor), "aan een ander toewijzen")
        if not policy.may_assign(actor, task):
            if policy.in_candidate_groups(actor, task):  # a member: a colleague claimed it meanwhile
                holder = holder_shown(s, party(platform, actor), task.assignee, username)
                raise Forbidden(
                    f"Taak '{task.name}' is intussen opgepakt door {holder}; alleen die persoon of "
                    "een teamleider kan haar nu aan een ander toewijzen.",
                    code="taak-al-opgepakt",
                )
            raise Forbidden(
                "Alleen leden van de groep of een teamleider kunnen deze taak toewijzen.",
                code="geen-kandidaat",
            )
        target = _target(s, platform, actor, to, task)
        policy.check_may_take(target, task)
        name = target.username or to
        check_logs_in(s, platform.settings, name)
        set_assignee(s, task, name)
        compose.assignment(s, platform.settings, task, name, username, platform.clock.now())
        return name

    return _change(platform, task_id, username, fn, "Taak '{taak}' toegewezen aan {detail}", "aan")


def _target(s: Session, platform: Platform, actor: policy.Actor, to: str, task: HumanTask) -> policy.Actor:
    """The account ``to`` a task is given to: by an outside party only one of its own organisation, an
    unknown name refused alike (policy.sides.within_organisation)."""
    own = policy.own_work_only(actor, policy.rules(platform.settings))
    try:
        target = asker(s, platform, to, [task])
    except NotFound:
        if own is None:
            raise
        target = None
    return within_organisation(own, target)
