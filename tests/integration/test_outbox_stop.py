"""A worker asked to stop (SIGTERM to `ruimteflow worker`, serve stopping its timer process) ends its
pass after the message in flight: that one is sent and recorded, and the messages it claimed but did
not try go back at once (due now, no lease, their status and attempts as before the claim), instead of
waiting out their 5-minute lease, or being cut off with the whole pass when serve kills its timer
process."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from services import outbox
from services.clock import as_utc
from services.store.models import OutboxMessage
from tests.integration.core_helpers import queued_mails
from web import server


def _rows(platform) -> dict[int, tuple[str, object, int]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return {r.id: (r.status, r.next_attempt_at and as_utc(r.next_attempt_at), r.attempts) for r in rows}


def test_a_stop_during_the_first_message_sends_that_one_and_gives_the_others_back(any_platform, clock):
    ids = queued_mails(any_platform, 4)
    with any_platform.uow() as uow:  # one of them failed before: it goes back as failed, its try counted
        row = uow.session.get(OutboxMessage, ids[2])
        row.status, row.attempts, row.next_attempt_at = "mislukt", 1, clock.now() - timedelta(minutes=1)
        uow.commit()
    stop = threading.Event()
    sent: list[int] = []

    def handler(message: outbox.Message) -> None:
        stop.set()  # serve stops while the first mail is being sent
        clock.advance(seconds=3)
        sent.append(message.id)

    report = outbox.deliver_due(any_platform, handlers={"email": handler}, stop=stop.is_set)
    assert sent == [ids[0]] and report.as_dict() == {
        "afgeleverd": 1,
        "uitgesteld": 0,
        "mislukt": 0,
        "dood": 0,
    }
    now = clock.now()
    rows = _rows(any_platform)
    assert rows[ids[0]][0] == "afgeleverd" and rows[ids[0]][2] == 1
    assert rows[ids[1]] == ("wachtend", now, 0)
    assert rows[ids[2]] == ("mislukt", now, 1)
    assert rows[ids[3]] == ("wachtend", now, 0)
    # due again now, for the next worker (no lease to wait out)
    after = outbox.deliver_due(any_platform, handlers={"email": lambda m: sent.append(m.id)})
    assert after.afgeleverd == 3 and sent == ids


def test_a_stop_before_the_pass_tries_nothing_and_leaves_the_messages_due(any_platform, clock):
    queued_mails(any_platform, 2)
    before = _rows(any_platform)
    report = outbox.deliver_due(any_platform, handlers={"email": lambda m: None}, stop=lambda: True)
    assert report.total == 0 and _rows(any_platform) == before  # nothing claimed, nothing leased


class _TimerProcess:
    """A timer process that does not stop within any wait: what serve's supervisor gives it is recorded."""

    def __init__(self) -> None:
        self.waited: list[float | None] = []
        self.killed = False

    def terminate(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> int:
        self.waited.append(timeout)
        raise server.subprocess.TimeoutExpired("worker", timeout or 0)

    def kill(self) -> None:
        self.killed = True


def test_serve_waits_for_its_timer_process_longer_than_one_smtp_operation() -> None:
    # a mail in flight may take one SMTP operation (20 s) before its outcome is recorded; serve waited
    # 10 s and then killed the timer process, so an accepted mail stayed 'wachtend' and went out twice
    from services.mail import transport

    supervisor = server.SchedulerSupervisor.__new__(server.SchedulerSupervisor)
    supervisor._lock, supervisor._stop = threading.RLock(), threading.Event()
    supervisor.process = process = _TimerProcess()  # type: ignore[assignment]
    supervisor.stop()
    assert process.waited and process.waited[0] is not None and process.waited[0] > transport.TIMEOUT
    assert process.killed
