"""Who a deadline reminder goes to is read in one statement (recip, 2): the reminder pass read every
staff member of the municipality (and, in a second statement, all their groups) for each task, and
picked the task's groups' members in Python. Now the members of the task's candidate groups are read
with their groups in one statement, however many colleagues there are in other groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from services import users
from services.mail import compose
from services.store.models import HumanTask
from tests.integration.test_mail_blocked_and_paused import klein
from tests.sql_statements import statements

__all__ = ["klein"]


def _recipients(platform: Any, others: int) -> tuple[list[str], list[str]]:
    """With ``others`` colleagues in another group besides anna and bart (Vergunningen): the open task's
    recipients, read in a fresh session, and the statements that read them."""
    for i in range(others):
        users.add_user(platform, f"ruud{i}", email=f"ruud{i}@ruimtedal.example", groups=["Handhaving"])
    with platform.uow(write=False) as uow:
        task = uow.session.scalars(select(HumanTask).where(HumanTask.state == "open")).one()
        uow.session.expunge_all()  # nobody's groups in the session yet
        task = uow.session.get(HumanTask, task.id)
        with statements(platform) as sent:
            found = compose._recipients(uow.session, platform.settings, task)
            groups = {u.username: [g.name for g in u.groups] for u in found}  # read with them
    assert groups == {u: ["Vergunningen"] for u in groups}
    return [u.username for u in found], sent


def test_the_members_of_the_tasks_groups_are_read_with_their_groups_in_one_statement(klein):
    found, sent = _recipients(klein, others=3)
    assert found == ["anna", "bart"]
    assert len(sent) == 1, sent
    assert "app_group" in sent[0] and "user_group" in sent[0]  # their groups, in the same statement


def test_the_assignee_is_read_with_the_groups_in_one_statement(klein):
    with klein.uow() as uow:
        uow.session.execute(update(HumanTask).where(HumanTask.state == "open").values(assignee="bart"))
        uow.commit()
    found, sent = _recipients(klein, others=1)
    assert found == ["bart"]
    assert len(sent) == 1, sent
