"""The timer worker's deadline reminders and a status-page visitor asking for their tracking links again
do not deadlock (review sessie10 races, finding 4).

The reminders locked the cases task by task in no order; /volglink locked every case of the address,
newest first. With two cases, each held the case the other needed next: PostgreSQL broke the deadlock
by failing one, and the visitor read "Iemand anders wijzigde dit ..." and had used up part of the
request limit. Both now lock in case-id order, so the second waits for the first."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from services import cases, tracking_links, users
from services.mail import compose
from services.store.models import OutboxMessage
from tests.integration.core_helpers import setup_klein
from tests.integration.threads import start_thread

pytestmark = pytest.mark.postgres

WAIT = 10.0  # seconds: a thread that does not finish by then is stuck


def _volglinks(platform) -> int:
    with platform.uow(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).where(OutboxMessage.kind == "volglink")) or 0)


def test_deadline_reminders_and_a_volglink_request_both_go_through(pg_platform, monkeypatch):
    platform = pg_platform
    platform.settings = platform.settings.with_(mail_deadline_days=3)
    setup_klein(platform)
    users.add_user(
        platform,
        "anna",
        groups=["Vergunningen"],
        role="vergunningverlener",
        email="a@example.nl",
        bijwerken=True,
    )
    for _ in range(2):  # two running cases of one initiator, each with a task due in two days
        cases.start_case(
            platform,
            "vergunning_klein",
            {"email": "piet@example.nl"},
            user="anna",
            initiator_email="piet@example.nl",
        )
    with platform.engine.begin() as conn:
        conn.execute(text("update human_task set due_on = date '2026-03-04' where state = 'open'"))
        conn.execute(text("update zaak set created_at = created_at + (id * interval '1 minute')"))
    held, go_on, out = threading.Event(), threading.Event(), {}
    render, calls = compose.render, []

    def hold(*args, **kwargs):  # the first case's reminder is being written: that case is locked
        calls.append(1)
        if len(calls) == 1:
            held.set()
            go_on.wait(WAIT)
        return render(*args, **kwargs)

    monkeypatch.setattr(compose, "render", hold)
    reminders = start_thread(lambda: compose.deadline_reminders(platform), out, "herinneringen")
    assert held.wait(WAIT)
    request = start_thread(
        lambda: tracking_links.resend(platform, "piet@example.nl", address="10.0.0.1"), out, "volglink"
    )
    request.join(1.5)  # waits for the reminders' case lock
    go_on.set()
    reminders.join(WAIT)
    request.join(WAIT)
    assert out == {"herinneringen": 2, "volglink": None}
    assert _volglinks(platform) == 2
