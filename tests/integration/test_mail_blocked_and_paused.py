"""Officer mails skip a blocked account and the tasks of a paused case (outside tester, reminders 1), and
every account nobody can log in to (reminders 2).

Blocked anna (a leaver) still got the "Termijn loopt af" reminders of her group's tasks; a case paused
by beheer still had its tasks reminded, though completing them is refused (409 zaak-gepauzeerd). An
account with an address but neither password nor token (the demo's ``collega-<groep>``) still got them
too: only an account someone can log in to gets officer mail (policy.assignees.logs_in), the rule the
inbox's assignment uses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from services import account_block, beheer, cases, users
from services.mail import compose
from services.store.models import HumanTask, OutboxMessage
from tests.integration.core_helpers import setup_klein

TOMORROW = date(2026, 3, 3)  # the clock's today is 2 March 2026


@pytest.fixture
def klein(any_platform: Any) -> Any:
    """The small permit model, anna and bart in Vergunningen (with an address), one running case whose
    open task is due tomorrow."""
    platform = any_platform
    setup_klein(platform)
    staff: dict[str, Any] = {"groups": ["Vergunningen"], "role": "vergunningverlener", "bijwerken": True}
    for name in ("anna", "bart"):
        users.add_user(platform, name, email=f"{name}@ruimtedal.example", **staff)
    case = cases.start_case(platform, "vergunning_klein", {}, user="jan")
    with platform.uow() as uow:
        uow.session.execute(update(HumanTask).where(HumanTask.case_id == case["id"]).values(due_on=TOMORROW))
        uow.commit()
    platform.zaak = case["zaak"]  # type: ignore[attr-defined]  # the running case, for the tests
    return platform


def _mails(platform: Any, kind: str = "termijn") -> list[tuple[int, str, str]]:
    """The mails of ``kind`` written so far: (id, address, account)."""
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))
        return [(m.id, m.payload["aan"], m.payload.get("gebruiker")) for m in rows]


def test_a_blocked_member_of_the_group_gets_no_deadline_reminder(klein):
    account_block.block(klein, "anna", reden="uit dienst")
    assert compose.deadline_reminders(klein) == 1
    assert [to for _id, to, _account in _mails(klein)] == ["bart@ruimtedal.example"]


def test_a_task_of_a_paused_case_is_reminded_only_after_the_resume(klein):
    beheer.suspend(klein, klein.zaak, "bea", "onderzoek")
    assert compose.deadline_reminders(klein) == 0
    assert _mails(klein) == []
    beheer.resume(klein, klein.zaak, "bea")
    assert compose.deadline_reminders(klein) == 2  # anna and bart, now that the task can be done


def test_no_assignment_mail_goes_to_a_blocked_account(klein):
    """The inbox refuses to give a task to a blocked account (policy.assignees); the mail itself checks
    too, as the reminders do."""
    account_block.block(klein, "anna", reden="uit dienst")
    with klein.uow() as uow:
        task = uow.session.scalars(select(HumanTask).where(HumanTask.state == "open")).one()
        compose.assignment(uow.session, klein.settings, task, "anna", "bart", klein.clock.now())
        uow.commit()
    assert _mails(klein, "toewijzing") == []


def _add_colleague(platform: Any) -> None:
    """A member of Vergunningen with an address whom nobody can log in as: no password, no API token."""
    users.add_user(
        platform,
        "collega-vergunningen",
        email="collega@ruimtedal.example",
        groups=["Vergunningen"],
        role="vergunningverlener",
        met_token=False,
    )


def test_a_member_nobody_can_log_in_to_gets_no_deadline_reminder(klein):
    _add_colleague(klein)
    assert compose.deadline_reminders(klein) == 2
    assert sorted(to for _id, to, _account in _mails(klein)) == [
        "anna@ruimtedal.example",
        "bart@ruimtedal.example",
    ]


def test_no_assignment_mail_goes_to_an_account_nobody_can_log_in_to(klein):
    """The inbox refuses such an assignee (policy.assignees.check_logs_in); the mail follows the same rule."""
    _add_colleague(klein)
    with klein.uow() as uow:
        task = uow.session.scalars(select(HumanTask).where(HumanTask.state == "open")).one()
        compose.assignment(
            uow.session, klein.settings, task, "collega-vergunningen", "bart", klein.clock.now()
        )
        uow.commit()
    assert _mails(klein, "toewijzing") == []


def test_a_task_still_assigned_to_a_blocked_account_is_reminded_to_its_group(klein):
    """Blocking lets go of the account's claims; a claim that raced the block leaves the task with anna.
    Its reminder then goes to the group's other members, not to nobody while the task counts as reminded."""
    account_block.block(klein, "anna", reden="uit dienst")
    with klein.uow() as uow:  # anna's claim, written after the block's cut-off
        uow.session.execute(update(HumanTask).where(HumanTask.state == "open").values(assignee="anna"))
        uow.commit()
    assert compose.deadline_reminders(klein) == 1
    assert [(to, account) for _id, to, account in _mails(klein)] == [("bart@ruimtedal.example", "bart")]
    with klein.uow(write=False) as uow:
        task = uow.session.scalars(select(HumanTask).where(HumanTask.state == "open")).one()
        assert (task.assignee, task.reminded_on) == ("anna", date(2026, 3, 2))
