"""Who may see, claim, complete, hand back and assign a task: the task part of the authorization policy.

services/policy/__init__.py re-exports these and reads, with the database, on which cases an account is the
municipality's staff (``policy.for_tasks``); services/inbox, services/cases and the faces ask these
functions and never decide task access themselves.

* A task is seen by its candidate groups and the beheerder (its assignee: only one without groups; a
  move out of its groups ends the sight of a task held or completed there).
* Who holds or completed a task, an outside party reads by ``policy.documents.account_name``: its own
  name, not another's (``holder_as_read``; a task dict it reads says ``opgepakt`` without the name, and
  these rules read that holder as someone else).
* A task without candidate groups (a model without lanes, a Camunda import whose task named an assignee
  or candidate users, a ``kandidaatgroepen`` expression that gave none) is the municipality's: the
  beheerder, behandelaars and medewerkers who may see its case take it as a group member takes a
  group's task. An initiator or an external party never does; the asker's ``staff_cases`` names the
  cases on which it is such staff.
* An initiator sees and does no task at all, not even one that names it.
* It is completed or claimed by its assignee or, unassigned, by a candidate; a candidate assigns an
  unassigned task or hands on its own, never a colleague's; a teamleider or beheerder who may see it
  can hand it back or assign it: the municipality's any such task, an outside organisation's only one
  its own organisation holds (``held_by_other_side``; services/policy/sides.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from processes.constants import Role
from processes.errors import Forbidden, ValidationError
from services.policy.documents import account_name
from services.store.models import HumanTask

#: who is asked about a task without candidate groups, in the messages that refuse it
NO_GROUP_CANDIDATES = "medewerkers van de gemeente die de zaak mogen zien"
#: who holds a task, told to a reader who may not read the holder's account name (``holder_as_read``)
SOMEONE_ELSE = "iemand anders"
#: the holder of a task dict read without its name (``opgepakt``, ``toegewezen_aan`` None): no account
_UNNAMED_HOLDER = object()


class TaskAsker(Protocol):
    """Who asks (``policy.Actor``): its account, role and groups, the cases on which it may take a task
    without candidate groups, and whether it is a lead (a teamleider or the beheerder)."""

    @property
    def username(self) -> str | None: ...
    @property
    def role(self) -> str: ...
    @property
    def groups(self) -> frozenset[str]: ...
    @property
    def staff_cases(self) -> frozenset[int]: ...
    @property
    def lead(self) -> bool: ...
    @property
    def own_holds(self) -> frozenset[int] | None: ...


Task = HumanTask | Mapping[str, Any]


def task_groups(task: Task) -> set[str]:
    groups = task.candidate_groups if isinstance(task, HumanTask) else task.get("kandidaatgroepen")
    return set(groups or [])


def task_case(task: Task) -> int | None:
    return task.case_id if isinstance(task, HumanTask) else task.get("zaak_id")


def task_id(task: Task) -> int | None:
    return task.id if isinstance(task, HumanTask) else task.get("id")


def _listed(task: Task) -> str:
    """The task's groups, in the model's order."""
    groups = task.candidate_groups if isinstance(task, HumanTask) else task.get("kandidaatgroepen")
    return ", ".join(dict.fromkeys(groups or []))


def _assignee(task: Task) -> object:
    """Its holder's account name; None when nobody holds it; ``_UNNAMED_HOLDER`` for a task dict that an
    outside party reads as taken without the name (policy.documents.task_names): it is not the reader's."""
    if isinstance(task, HumanTask):
        return task.assignee
    name = task.get("toegewezen_aan")
    return _UNNAMED_HOLDER if name is None and task.get("opgepakt") else name


def holder_as_read(party: str, name: str | None, own: str | None) -> str:
    """Who holds or completed a task, in a message to an account of ``party`` (``own``: its name): the
    account name where ``account_name`` shows it, else "iemand anders"."""
    return account_name(party, name, own) or SOMEONE_ELSE


def _initiator(asker: TaskAsker) -> bool:
    return asker.role == Role.INITIATIEFNEMER


def _not_a_candidate(task: Task, cannot: str = "") -> str:
    """Why someone is no candidate (without the task's name or holder), and what it therefore cannot do."""
    if task_groups(task):
        return f"U bent geen lid van {_listed(task)}" + (f" en kunt {cannot}" if cannot else "") + "."
    return f"Deze taak is alleen voor {NO_GROUP_CANDIDATES}" + (f"; u kunt {cannot}" if cannot else "") + "."


def in_candidate_groups(asker: TaskAsker, task: Task) -> bool:
    """Is ``asker`` a candidate: a member of one of the task's groups, or, for a task without
    groups, the municipality's staff on its case?"""
    if _initiator(asker):
        return False
    groups = task_groups(task)
    return bool(groups & asker.groups) if groups else task_case(task) in asker.staff_cases


def sees_every_task(role: str) -> bool:
    """Whether an account of ``role`` sees every open task: the beheerder (the inbox's 'Alle open taken')."""
    return role == Role.BEHEERDER


def may_see_task(asker: TaskAsker, task: Task) -> bool:
    """A task with candidate groups is its groups' members' (and the beheerder's), also for the account that
    holds or completed it: one moved out of them no longer reads it; one without groups, also its holder's."""
    if _initiator(asker):
        return False
    if sees_every_task(asker.role) or (_assignee(task) == asker.username and not task_groups(task)):
        return True
    return in_candidate_groups(asker, task)


def check_may_see_task(asker: TaskAsker, task: Task) -> None:
    """Refuse whoever may not see the task, before anything of it is told (its name, holder, state or
    candidate groups): the task routes ask this first, and every one of them answers the same (completing
    too: naming the task's groups told an outsider which teams and organisations work on a case)."""
    if may_see_task(asker, task):
        return
    raise Forbidden("Deze taak hoort niet bij uw teams.", code="taak-geen-toegang")


def may_complete(asker: TaskAsker, task: Task) -> bool:
    if _initiator(asker):
        return False
    assignee = _assignee(task)
    return assignee == asker.username if assignee is not None else in_candidate_groups(asker, task)


def check_may_complete(
    asker: TaskAsker, task: HumanTask, party: str, shown: Callable[[str], str] = str
) -> None:
    """``party``: the asker's (policy.documents.PARTY_OF_KIND): does it read who holds the task?
    ``shown``: the name an officer reads for a login (policy.names.shown_name), asked only to refuse."""
    check_may_see_task(asker, task)
    if task.assignee is not None:
        if task.assignee != asker.username:
            holder = holder_as_read(party, task.assignee, asker.username)
            holder = shown(holder) if holder == task.assignee else holder
            raise Forbidden(
                f"Taak '{task.name}' is toegewezen aan {holder}; alleen die persoon kan haar afronden.",
                code="taak-van-ander",
            )
        return
    if not in_candidate_groups(asker, task):
        raise Forbidden(_not_a_candidate(task, f"taak '{task.name}' niet afronden"), code="geen-kandidaat")


def check_may_claim(asker: TaskAsker, task: HumanTask) -> None:
    if not in_candidate_groups(asker, task):
        raise Forbidden(_not_a_candidate(task), code="geen-kandidaat")


def held_by_other_side(asker: TaskAsker, task: Task) -> bool:
    """Does another side than the asker's hold the task: for an outside organisation's lead, an account
    not of its organisation (``own_holds``: the ids of the tasks its own hold); never for the
    municipality's own (``own_holds`` None), which runs the case."""
    holder = _assignee(task)
    if asker.own_holds is None or holder is None or holder == asker.username:
        return False
    return task_id(task) not in asker.own_holds


def may_unclaim(asker: TaskAsker, task: Task) -> bool:
    if _initiator(asker):
        return False
    if _assignee(task) == asker.username:
        return True
    return asker.lead and may_see_task(asker, task) and not held_by_other_side(asker, task)


def check_same_side(asker: TaskAsker, task: HumanTask, party: str, doing: str) -> None:
    """Refuse an outside organisation's lead who would hand back or reassign (``doing``) a task another
    side holds (403 taak-van-andere-partij), naming that holder only as ``holder_as_read`` allows."""
    if asker.lead and held_by_other_side(asker, task) and may_see_task(asker, task):
        holder = holder_as_read(party, task.assignee, asker.username)
        raise Forbidden(
            f"Taak '{task.name}' is opgepakt door {holder}, die niet bij uw organisatie hoort; u kunt alleen "
            f"een taak {doing} die iemand van uw eigen organisatie heeft opgepakt.",
            code="taak-van-andere-partij",
        )


def may_assign(asker: TaskAsker, task: Task) -> bool:
    """A candidate assigns a free task or hands on its own; a lead who may see it, any task (an outside
    organisation's lead, one its own organisation holds: ``may_unclaim``)."""
    free_or_own = _assignee(task) in (None, asker.username)
    return (free_or_own and in_candidate_groups(asker, task)) or may_unclaim(asker, task)


def check_may_take(target: TaskAsker, task: HumanTask) -> None:
    """May ``target`` be given the task (assigned to it): only a candidate."""
    if in_candidate_groups(target, task):
        return
    reason = (
        f"geen lid van {_listed(task)}" if task_groups(task) else f"niet een van de {NO_GROUP_CANDIDATES}"
    )
    raise ValidationError(f"{target.username} is {reason}.", code="toewijzing-ongeldig")
