"""A staff mail to an account deleted since it was written is not sent, and beheer cannot offer it again
(smalls4, 4): like a blocked account or one nobody can log in to, a deleted one gets no mail. Before, the
account's state was read only for the accounts that exist: a deleted one had none, so its mail went to
the old address (which may be someone else's by now), by the worker and by beheer's "opnieuw" alike. On
SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import Conflict
from services import outbox
from services.channels import channel_handlers
from services.mail import compose
from services.outbox import beheer as outbox_beheer
from services.outbox.core import DEAD
from services.store.models import User
from tests.integration.test_mail_blocked_and_paused import klein
from tests.integration.test_mail_no_way_in import _notes, _sent_to
from tests.integration.test_outbox_blocked_account import annas_reminder_given_up

__all__ = ["klein"]  # the fixture


def delete_account(platform: Any, username: str) -> None:
    """The account is gone (its group memberships with it), as a removal in the database leaves it."""
    with platform.uow() as uow:
        user = uow.session.scalars(select(User).where(User.username == username)).one()
        uow.session.delete(user)
        uow.commit()


def test_a_mail_written_before_the_account_was_deleted_is_not_sent(klein):
    assert compose.deadline_reminders(klein) == 2
    delete_account(klein, "anna")
    assert outbox.deliver_due(klein, handlers=channel_handlers(klein)).afgeleverd == 2
    assert _sent_to(klein) == ["To: bart@ruimtedal.example"]
    [note] = _notes(klein)
    assert note.endswith("niets verzonden: het account anna bestaat niet meer en krijgt geen mail")


def test_beheer_cannot_offer_a_mail_to_a_deleted_account_again(klein):
    annas = annas_reminder_given_up(klein, delete_account)
    assert outbox_beheer.retry_dead(klein, "bea") == {"opnieuw": 0, "verwijderd": 1}
    with pytest.raises(Conflict) as refused:
        outbox_beheer.retry(klein, annas, "bea")
    assert (refused.value.code, refused.value.status) == ("aflevering-account-verwijderd", 409)
    assert "het account anna bestaat niet meer" in refused.value.detail
    assert [d["status"] for d in outbox_beheer.deliveries(klein, status=DEAD)["afleveringen"]] == [DEAD]
    assert outbox_beheer.set_aside(klein, annas, "bea")["status"] == "terzijde"  # what beheer can do
