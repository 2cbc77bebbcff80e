"""One small case in the inbox (the baan_proef model: one user task in a lane) for the account and migration
tests: the model, the case started with its team members, its open task row and candidates, the task
claimed; an account's stored token hash, a case's open task rows; and a shared task claimed
(``claimed_by``: the samen_overleggen model of test_kavel_namen); tasks given to an account (``held_by``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import cases, deployments, inbox, users
from services.platform import Platform
from services.store.models import HumanTask, TaskCandidate, User
from tests.integration.test_script_limits import H


def model(lane: str, element: str = "invoer") -> str:
    """A start, one user task in ``lane``, an end."""
    return (
        H + '<bpmn:process id="baan_proef" name="Baanproef" isExecutable="true">\n'
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="{lane}"><bpmn:flowNodeRef>s</bpmn:flowNodeRef>'
        f"<bpmn:flowNodeRef>{element}</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane>"
        "</bpmn:laneSet>\n"
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        f'<bpmn:userTask id="{element}" name="Invoer"><bpmn:incoming>a</bpmn:incoming>'
        "<bpmn:outgoing>b</bpmn:outgoing></bpmn:userTask>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>\n'
        f'<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="{element}"/>'
        f'<bpmn:sequenceFlow id="b" sourceRef="{element}" targetRef="e"/>'
        "</bpmn:process></bpmn:definitions>"
    )


def start_case(platform: Platform) -> str:
    """anna, jan and pim (both teams) and the beheerder bea; the model deployed in Vergunningen's lane and a
    case started by anna: its reference."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "jan", groups=["Juridisch"], role="vergunningverlener")
    users.add_user(platform, "pim", groups=["Vergunningen", "Juridisch"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("baan.bpmn", model("Vergunningen"))], user="bea")
    return cases.start_case(platform, "baan_proef", {}, user="anna")["zaak"]


def open_task_row(platform: Platform, ref: str) -> HumanTask:
    """The open task row of case ``ref``."""
    case_id = cases.get_case(platform, ref)["id"]
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask).where(HumanTask.case_id == case_id, HumanTask.state == "open")
        ).one()


def candidates(platform: Platform, task_id: int) -> list[tuple[str, bool]]:
    """The candidate groups of a task, with whether each holds it unassigned."""
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(TaskCandidate).where(TaskCandidate.task_id == task_id))
        return sorted((c.group_name, c.unassigned) for c in rows)


def claimed_by_anna(platform: Platform) -> tuple[str, int]:
    """A case started (``start_case``) whose task anna claimed: its reference and the task's id."""
    ref = start_case(platform)
    task = open_task_row(platform, ref)
    inbox.claim(platform, task.id, "anna")
    return ref, task.id


def token_hash(platform: Platform, username: str) -> str | None:
    """The stored hash of an account's API token (None: no token)."""
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(User.token_hash).where(User.username == username)).one()


def open_task_rows(platform: Platform, ref: str) -> list[HumanTask]:
    """The open task rows of case ``ref``, oldest first (a multi-instance has several)."""
    with platform.uow(write=False) as uow:
        case_id = cases.get_case(platform, ref)["id"]
        return list(
            uow.session.scalars(
                select(HumanTask)
                .where(HumanTask.case_id == case_id, HumanTask.state == "open")
                .order_by(HumanTask.id)
            )
        )


def claimed_by(platform: Platform, user: str) -> str:
    """A case whose one task the department and the netbeheerder share, claimed by ``user``."""
    ref = str(
        cases.start_case(platform, "samen_overleggen", {"groepen": ["Vergunningen", "Netbeheerder"]})["zaak"]
    )
    [task] = cases.get_case(platform, ref)["open_taken"]
    inbox.claim(platform, task["id"], user)
    return ref


def held_by(s: Session, case_ids: list[int], username: str) -> None:
    """The tasks of these cases offered to the groups of ``username`` (only) and held by it, as an assignment
    within its group leaves them: a task gives its case to its groups' members, not to whoever holds it."""
    user = s.scalars(select(User).where(User.username == username)).unique().one()
    groups = sorted(g.name for g in user.groups)
    for task in s.scalars(select(HumanTask).where(HumanTask.case_id.in_(case_ids))).all():
        [was] = task.candidates  # one group (the model's lane): its inbox flags and sort key carry over
        task.candidate_groups, task.assignee = groups, username
        task.candidates = [
            TaskCandidate(group_name=g, open=was.open, unassigned=False, sort_deadline=was.sort_deadline)
            for g in groups
        ]
