"""No mail reaches a blocked account after it was written (outside tester, reminders 2): beheer's
"opnieuw" of a given-up mail to blocked anna re-sent it to her current address; now it is refused with
the reason, and the worker sends nothing to an account blocked since its mail was written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, update

from processes.errors import Conflict
from services import account_block, outbox
from services.channels import channel_handlers
from services.mail import compose
from services.mail.transport import outbox_dir
from services.outbox import beheer as outbox_beheer
from services.outbox.core import DEAD, NOTHING_SENT
from services.store.models import CaseEvent, OutboxMessage
from tests.integration.test_mail_blocked_and_paused import _mails, klein

__all__ = ["klein"]  # the fixture


def annas_reminder_given_up(platform: Any, close: Callable[[Any, str], Any] | None = None) -> int:
    """Both members reminded; anna's mail given up (dead), then anna blocked (or ``close``d another way).
    The id of her mail."""
    assert compose.deadline_reminders(platform) == 2
    [annas] = [i for i, _to, account in _mails(platform) if account == "anna"]
    with platform.uow() as uow:
        uow.session.execute(update(OutboxMessage).where(OutboxMessage.id == annas).values(status=DEAD))
        uow.commit()
    if close is None:
        account_block.block(platform, "anna", reden="uit dienst")
    else:
        close(platform, "anna")
    return annas


def test_beheer_cannot_offer_a_mail_to_a_blocked_account_again(klein):
    annas = annas_reminder_given_up(klein)
    with pytest.raises(Conflict) as refused:
        outbox_beheer.retry(klein, annas, "bea")
    assert refused.value.code == "aflevering-geblokkeerd"
    assert "het account anna is geblokkeerd" in refused.value.detail
    assert outbox_beheer.retry_dead(klein, "bea") == {"opnieuw": 0, "geblokkeerd": 1}
    assert [d["status"] for d in outbox_beheer.deliveries(klein, status=DEAD)["afleveringen"]] == [DEAD]
    assert outbox_beheer.set_aside(klein, annas, "bea")["status"] == "terzijde"  # what beheer can do


def test_a_mail_written_before_the_block_is_not_sent_to_the_blocked_account(klein):
    assert compose.deadline_reminders(klein) == 2
    account_block.block(klein, "anna", reden="uit dienst")
    assert outbox.deliver_due(klein, handlers=channel_handlers(klein)).afgeleverd == 2
    sent = sorted(outbox_dir(klein.settings).glob("*.eml"))
    assert [b"bart@ruimtedal.example" in f.read_bytes() for f in sent] == [True]
    with klein.uow(write=False) as uow:
        notes = uow.session.scalars(select(CaseEvent.message).where(CaseEvent.kind == NOTHING_SENT)).all()
    assert [
        n.endswith("niets verzonden: het account anna is geblokkeerd en krijgt geen mail") for n in notes
    ] == [True]
