"""`zaken opschonen` against beheer offering one of the case's mails again (review sessie10 races,
findings 2 and 3).

2. The run locked the case and then the mail row; beheer's retry locked the mail row and then, for its
   audit line, the case: on PostgreSQL the two deadlocked. Beheer now locks the case first. The run now
   destroys the case (services.bewaren.vernietigen): a retry that comes second finds no mail.
3. A mail emptied when an earlier release pseudonymised its case (it emptied a given-up mail too) was
   accepted by retry (and retry_dead): the worker then failed on it at every attempt (KeyError
   'onderwerp'). Such a mail is refused in Dutch (409 aflevering-gewist)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from processes.errors import Conflict, NotFound
from services import users
from services.bewaren import accounts, vernietigen
from services.bewaren.termijn import Vervallen, vervallen
from services.outbox import beheer as outbox_beheer
from services.outbox.core import DEAD
from services.platform import Platform
from services.store.models import OutboxMessage
from tests.integration.bewaren_helpers import case_with, close, prepare, pseudonymised_before
from tests.integration.threads import start_thread

DUE = date(2027, 3, 2)
WAIT = 10.0  # seconds: a thread that does not finish by then is stuck
BLOCKED = 2.0  # seconds a thread is given to show that it would run through without waiting


def _given_up(platform: Platform, tmp_path: Path) -> tuple[int, Vervallen]:
    """A closed case past its bewaartermijn with a given-up (dead) mail: the mail's id and the case."""
    prepare(platform, tmp_path)
    users.add_user(platform, "bea", groups=[], role="beheerder")
    close(platform, case_with(platform))
    with platform.uow() as uow:
        mail = uow.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.channel == "email").order_by(OutboxMessage.id)
        )
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == mail)
            .values(status=DEAD, delivered_at=None, last_error="550 mailbox full")
        )
        uow.commit()
    [item] = list(vervallen(platform, DUE))
    return int(mail), item


def _message(platform: Platform, message_id: int) -> OutboxMessage:
    with platform.uow(write=False) as uow:
        return uow.session.get(OutboxMessage, message_id)


def test_an_emptied_mail_is_not_offered_again(platform, tmp_path):
    mail, item = _given_up(platform, tmp_path)
    pseudonymised_before(platform, item.zaak, "Schuur van [verwijderd]")  # it emptied the given-up mail
    with pytest.raises(Conflict) as refused:
        outbox_beheer.retry(platform, mail, "bea")
    assert refused.value.code == "aflevering-gewist"
    assert "de inhoud van deze mail is na de bewaartermijn van de zaak gewist" in refused.value.detail
    assert outbox_beheer.retry_dead(platform, "bea") == {"opnieuw": 0, "gewist": 1}
    assert _message(platform, mail).status == DEAD
    assert outbox_beheer.set_aside(platform, mail, "bea")["status"] == "terzijde"  # what beheer can do


@pytest.mark.postgres
def test_a_retry_holding_the_mail_makes_the_run_wait_not_deadlock(pg_platform, tmp_path, monkeypatch):
    platform = pg_platform
    mail, item = _given_up(platform, tmp_path)
    held, go_on, out = threading.Event(), threading.Event(), {}
    addresses = outbox_beheer._addresses

    def hold(*args):  # the retry has locked the mail; its audit line is not written yet
        found = addresses(*args)
        held.set()
        go_on.wait(WAIT)
        return found

    monkeypatch.setattr(outbox_beheer, "_addresses", hold)
    retry = start_thread(lambda: outbox_beheer.retry(platform, mail, "bea"), out, "retry")
    assert held.wait(WAIT)
    run = start_thread(lambda: vernietigen.vernietig(platform, item), out, "opschonen")
    run.join(BLOCKED)
    go_on.set()
    retry.join(WAIT)
    run.join(WAIT)
    assert isinstance(out["retry"], dict) and out["retry"]["status"] == "wachtend", out
    # the mail is offered again: the case waits for it (a later run destroys it)
    assert out["opschonen"].uitkomst == "uitgesteld", out
    assert out["opschonen"].reden == "1 bericht(en) nog niet afgeleverd"
    assert "onderwerp" in _message(platform, mail).payload


@pytest.mark.postgres
def test_a_retry_during_the_run_waits_and_finds_the_mail_gone(pg_platform, tmp_path, monkeypatch):
    platform = pg_platform
    mail, item = _given_up(platform, tmp_path)
    held, go_on, out = threading.Event(), threading.Event(), {}
    anonymise_free = accounts.anonymise_free

    def hold(*args):  # the case is locked and its rows are deleted; not committed yet
        found = anonymise_free(*args)
        held.set()
        go_on.wait(WAIT)
        return found

    monkeypatch.setattr(accounts, "anonymise_free", hold)
    run = start_thread(lambda: vernietigen.vernietig(platform, item), out, "opschonen")
    assert held.wait(WAIT)
    retry = start_thread(lambda: outbox_beheer.retry(platform, mail, "bea"), out, "retry")
    retry.join(BLOCKED)
    waited = retry.is_alive()
    go_on.set()
    run.join(WAIT)
    retry.join(WAIT)
    assert out["opschonen"].uitkomst == "vernietigd", out
    assert isinstance(out["retry"], NotFound) and out["retry"].code == "aflevering-onbekend", out
    assert _message(platform, mail) is None
    assert waited
