"""The outbox with several workers on PostgreSQL: claimed rows are skipped (SKIP LOCKED), each message
is delivered once, and a case's messages stay in order whichever worker delivers them."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from services import cases, outbox
from services.clock import FixedClock
from services.config import Settings
from services.platform import Platform
from services.store.models import OutboxMessage
from tests.integration.core_helpers import setup_klein

pytestmark = pytest.mark.postgres

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _fill(platform: Platform, n_cases: int, per_case: int) -> list[int]:
    ids = [int(cases.start_case(platform, "vergunning_klein", {}, user="anna")["id"]) for _ in range(n_cases)]
    for seq in range(per_case):
        for case_id in ids:
            with platform.uow() as uow:
                outbox.enqueue(uow.session, "test", case_id, f"m{seq + 1}", {}, now=START)
                uow.commit()
    return ids


def test_a_row_locked_by_another_worker_is_skipped_not_waited_for(pg_platform, pg_url):
    setup_klein(pg_platform)
    a, b = _fill(pg_platform, 2, 1)
    delivered: list[int | None] = []
    other = pg_platform.engine.connect()
    try:
        other.begin()
        other.execute(text("select id from outbox_message where case_id = :a for update"), {"a": a})
        worker = threading.Thread(
            target=lambda: outbox.deliver_due(
                pg_platform, handlers={"test": lambda m: delivered.append(m.case_id)}
            )
        )
        worker.start()
        worker.join(timeout=20)
        assert not worker.is_alive(), "the worker waited for a locked row instead of skipping it"
    finally:
        other.rollback()
        other.close()
    assert delivered == [b]


def test_two_workers_deliver_each_message_once_and_in_order_per_case(pg_platform, pg_url):
    setup_klein(pg_platform)
    ids = _fill(pg_platform, 6, 4)
    seen: list[tuple[str, int | None, int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def work(name: str) -> None:
        platform = Platform.create(Settings(database_url=pg_url), FixedClock(START), migrate=False)

        def handler(message: outbox.Message) -> None:
            time.sleep(0.01)
            with lock:
                seen.append((name, message.case_id, message.seq))

        try:
            barrier.wait()
            idle = 0
            while idle < 3:  # both keep taking one message at a time until nothing is left for them
                idle = (
                    idle + 1 if outbox.deliver_due(platform, 1, handlers={"test": handler}).total == 0 else 0
                )
                time.sleep(0.005)
        finally:
            platform.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(seen) == 24 and len({(c, s) for _, c, s in seen}) == 24  # each once
    for case_id in ids:
        assert [s for _, c, s in seen if c == case_id] == [1, 2, 3, 4]
    assert {w for w, _, _ in seen} == {"w1", "w2"}  # both workers took part
    with pg_platform.uow(write=False) as uow:
        statuses = set(uow.session.scalars(select(OutboxMessage.status)))
    assert statuses == {"afgeleverd"}


def test_mails_are_ordered_per_recipient_on_postgresql_too(pg_platform):
    # tester finding meldingen 1: the recipient is read from the JSON payload in SQL (->> on PostgreSQL)
    from services.outbox import beheer as outbox_beheer

    setup_klein(pg_platform)
    [case_id] = _fill(pg_platform, 1, 0)
    ids = []
    for kind, to in (
        ("toewijzing", "bart@oud.example"),
        ("fase", "coop@example.nl"),
        ("termijn", "bart@oud.example"),
    ):
        with pg_platform.uow() as uow:
            ids.append(outbox.enqueue(uow.session, "email", case_id, kind, {"aan": to}, now=START).id)
            uow.commit()
    delivered: list[str] = []
    refusal = outbox.DeliveryFailed("450 greylisted")

    def handler(message: outbox.Message) -> None:
        if message.id == ids[0]:
            raise refusal
        delivered.append(message.kind)

    outbox.deliver_due(pg_platform, handlers={"email": handler})
    assert delivered == ["fase"]  # bart's later mail waits behind his first, still being tried
    [held] = [d for d in outbox_beheer.deliveries(pg_platform)["afleveringen"] if d["id"] == ids[2]]
    assert (held["wacht_op"], held["wacht_op_status"]) == (ids[0], "mislukt")
    refusal = outbox.DeliveryFailed("550 unknown user", retryable=False)
    outbox_beheer.retry(pg_platform, ids[0], "bea")
    outbox.deliver_due(pg_platform, handlers={"email": handler})
    assert delivered == ["fase", "termijn"]  # given up: it holds up nothing
