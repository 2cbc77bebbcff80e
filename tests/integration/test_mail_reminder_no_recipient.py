"""A deadline reminder with nobody to send it to (recip, 3): when no member of a task's groups can log
in and has an address, the pass marked the task reminded without a mail, so nobody was ever reminded,
not even a colleague who joined the group before the deadline. Now the task stays unreminded (a later
pass reminds whoever can be), its case's history says once why, and the beheer overview lists it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update

from services import account_block, users
from services.mail import compose, unreminded
from services.store.models import CaseEvent, HumanTask
from tests.integration.test_mail_blocked_and_paused import _mails, klein

__all__ = ["klein"]


def _task(platform: Any) -> HumanTask:
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(HumanTask).where(HumanTask.state == "open")).one()


def _notes(platform: Any) -> list[str]:
    with platform.uow(write=False) as uow:
        return list(uow.session.scalars(select(CaseEvent.message).where(CaseEvent.kind == unreminded.KIND)))


def _nobody(platform: Any) -> None:
    """Anna and bart, Vergunningen's members, both left: nobody in the group to remind."""
    for name in ("anna", "bart"):
        account_block.block(platform, name, reden="uit dienst")


def test_a_task_with_nobody_to_remind_is_not_marked_reminded_and_its_history_says_why(klein):
    _nobody(klein)
    assert compose.deadline_reminders(klein) == 0
    assert _task(klein).reminded_on is None
    assert _notes(klein) == [
        "Geen termijnherinnering verstuurd voor taak 'Aanvraag beoordelen': niemand in Vergunningen kan "
        "inloggen en heeft een e-mailadres. De herinnering volgt zodra dat wel zo is."
    ]


def test_a_colleague_who_joins_the_group_before_the_deadline_is_reminded(klein):
    _nobody(klein)
    assert compose.deadline_reminders(klein) == 0
    users.add_user(
        klein, "cas", email="cas@ruimtedal.example", groups=["Vergunningen"], role="vergunningverlener"
    )
    assert compose.deadline_reminders(klein) == 1
    assert [(to, account) for _id, to, account in _mails(klein)] == [("cas@ruimtedal.example", "cas")]
    assert _task(klein).reminded_on == date(2026, 3, 2)
    assert unreminded.waiting(klein) == []  # reminded now: no longer listed


def test_the_history_says_it_once_and_a_pass_that_still_finds_nobody_locks_no_case(klein, monkeypatch):
    _nobody(klein)
    assert compose.deadline_reminders(klein) == 0

    def must_not_lock(*_args: Any) -> None:
        raise AssertionError("the case of a task still without recipient was locked")

    monkeypatch.setattr(compose, "lock_case", must_not_lock)
    assert compose.deadline_reminders(klein) == 0
    assert len(_notes(klein)) == 1
    assert _task(klein).reminded_on is None


def test_beheer_sees_the_task_whose_reminder_had_no_recipient(klein):
    _nobody(klein)
    assert unreminded.waiting(klein) == []
    compose.deadline_reminders(klein)
    [row] = unreminded.waiting(klein)
    assert (row["zaak"], row["taak"], row["groepen"], row["termijn"]) == (
        klein.zaak,
        "Aanvraag beoordelen",
        "Vergunningen",
        date(2026, 3, 3),
    )


def test_a_task_assigned_to_someone_without_an_address_is_reminded_to_its_group(klein):
    """Its assignee can log in but has no address: the pass found no recipient and wrote that nobody in
    the group could be reminded, while anna and bart could (recip2, 1)."""
    users.add_user(
        klein, "cor", password="geheim-wachtwoord-1", groups=["Vergunningen"], role="vergunningverlener"
    )
    with klein.uow() as uow:
        uow.session.execute(update(HumanTask).where(HumanTask.state == "open").values(assignee="cor"))
        uow.commit()
    assert compose.deadline_reminders(klein) == 2
    assert sorted(to for _id, to, _account in _mails(klein)) == [
        "anna@ruimtedal.example",
        "bart@ruimtedal.example",
    ]
    assert _notes(klein) == []


def test_beheer_no_longer_sees_a_task_whose_deadline_passed(klein):
    """Past its deadline no pass reminds it any more, whoever joins its group: the overview's "de
    herinnering volgt dan vanzelf" would not hold (recip2, 2)."""
    _nobody(klein)
    compose.deadline_reminders(klein)
    assert len(unreminded.waiting(klein)) == 1
    klein.clock.advance(days=2)  # 4 March: its due date (3 March) passed
    assert unreminded.waiting(klein) == []


def test_beheer_sees_no_task_waiting_for_a_reminder_when_reminders_are_off(klein, monkeypatch):
    """With ``mail_deadline_days`` 0 no pass reminds anyone: no task waits for its reminder (recip2, 2)."""
    _nobody(klein)
    compose.deadline_reminders(klein)
    monkeypatch.setattr(klein, "settings", klein.settings.with_(mail_deadline_days=0))
    assert unreminded.waiting(klein) == []


def test_a_note_another_worker_wrote_meanwhile_is_not_written_twice(klein, monkeypatch):
    """Two workers' passes: the other one notes the task between this pass's read of the notes and its
    lock of the case; read again under the lock, the note is not written a second time (recip2, 3)."""
    _nobody(klein)
    lock = compose.lock_case

    def other_worker_first(s: Any, case_id: int) -> Any:
        task = s.scalars(
            select(HumanTask).where(HumanTask.case_id == case_id, HumanTask.state == "open")
        ).one()
        unreminded.note(s, task, klein.clock.now())
        return lock(s, case_id)

    monkeypatch.setattr(compose, "lock_case", other_worker_first)
    assert compose.deadline_reminders(klein) == 0
    assert len(_notes(klein)) == 1
