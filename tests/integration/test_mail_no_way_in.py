"""A staff mail written before its account lost its last way in is not sent (recip, 1): anna's access was
revoked (her API token taken) and she has no password, so nobody can log in to her account, though it is
not blocked. Only a blocked account was checked when sending and when beheer offered a mail again; now
both ask policy.assignees.logs_in, the rule the mails were composed by. A mail to an e-mail address
without an account (the initiator's) is sent as before."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from processes.errors import Conflict
from services import outbox, sessions, users
from services.channels import channel_handlers
from services.mail import compose
from services.mail.transport import outbox_dir
from services.outbox import beheer as outbox_beheer
from services.outbox.core import NOTHING_SENT
from services.store.models import CaseEvent
from tests.integration.test_mail_blocked_and_paused import klein
from tests.integration.test_outbox_blocked_account import annas_reminder_given_up

__all__ = ["klein"]  # the fixture


def _sent_to(platform: Any) -> list[str]:
    """The addresses of the mails written as .eml files, sorted."""
    return sorted(
        next(line for line in f.read_text().splitlines() if line.startswith("To:"))
        for f in outbox_dir(platform.settings).glob("*.eml")
    )


def _notes(platform: Any) -> list[str]:
    with platform.uow(write=False) as uow:
        return list(uow.session.scalars(select(CaseEvent.message).where(CaseEvent.kind == NOTHING_SENT)))


def test_a_mail_written_before_the_access_was_revoked_is_not_sent(klein):
    assert compose.deadline_reminders(klein) == 2
    sessions.revoke_access(klein, "anna")  # her token taken; she never had a password
    assert outbox.deliver_due(klein, handlers=channel_handlers(klein)).afgeleverd == 2
    assert _sent_to(klein) == ["To: bart@ruimtedal.example"]
    [note] = _notes(klein)
    assert note.endswith(
        "niets verzonden: op het account anna kan niemand inloggen (geen wachtwoord en geen API-token), "
        "dus het krijgt geen mail"
    )


def test_an_account_given_a_new_token_gets_its_mail_again(klein):
    assert compose.deadline_reminders(klein) == 2
    sessions.revoke_access(klein, "anna")
    users.new_token(klein, "anna")
    assert outbox.deliver_due(klein, handlers=channel_handlers(klein)).afgeleverd == 2
    assert _sent_to(klein) == ["To: anna@ruimtedal.example", "To: bart@ruimtedal.example"]
    assert _notes(klein) == []


def test_a_mail_to_no_account_is_sent_whatever_the_accounts(klein):
    """An initiator's mail names an address, no account: nobody's login is asked."""
    sessions.revoke_access(klein, "anna")
    mail = {"soort": "ontvangst", "aan": "anna@ruimtedal.example", "onderwerp": "Ontvangen", "tekst": "T."}
    with klein.uow() as uow:
        outbox.enqueue(uow.session, "email", None, "ontvangst", mail)
        uow.commit()
    assert outbox.deliver_due(klein, handlers=channel_handlers(klein)).afgeleverd == 1
    assert _sent_to(klein) == ["To: anna@ruimtedal.example"]


def test_beheer_cannot_offer_a_mail_to_an_account_nobody_can_log_in_to_again(klein):
    annas = annas_reminder_given_up(klein, sessions.revoke_access)
    assert outbox_beheer.retry_dead(klein, "bea") == {"opnieuw": 0, "niet_inlogbaar": 1}
    with pytest.raises(Conflict) as refused:
        outbox_beheer.retry(klein, annas, "bea")
    assert (refused.value.code, refused.value.status) == ("aflevering-niet-inlogbaar", 409)
    assert "op het account anna kan niemand inloggen" in refused.value.detail
    users.new_token(klein, "anna")  # in use again: beheer may offer it
    assert outbox_beheer.retry(klein, annas, "bea")["status"] == "wachtend"
