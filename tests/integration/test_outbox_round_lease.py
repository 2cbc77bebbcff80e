"""A round of slow deliveries outlasts its lease: another worker (or beheer) may then take the messages
the first worker has not tried yet, and the first worker must leave them alone, or they go out twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import select

from services import outbox
from services.outbox import beheer as outbox_beheer
from services.store.models import OutboxMessage
from tests.integration.core_helpers import queued_mails

#: what one SMTP dialogue took in the tester's repro: a round of 50 then outlasts the 5-minute lease
SLOW = 7


def _worker_a(platform, clock, tried: list[int], at_44: Callable[[], None], fail: bool = False):
    """Worker A's pass: each delivery takes SLOW seconds; while it sends its 44th mail (308 s after its
    claim), ``at_44`` runs (worker B's pass in the other process, or beheer)."""
    n = {"a": 0}

    def slow(message: outbox.Message) -> None:
        tried.append(message.id)
        clock.advance(seconds=SLOW)
        n["a"] += 1
        if n["a"] == 44:
            at_44()
        if fail:
            raise outbox.DeliveryFailed("421 4.3.2 Service not available")

    return outbox.deliver_due(platform, handlers={"email": slow})


def _attempts(platform) -> Counter[int]:
    with platform.uow(write=False) as uow:
        return Counter(uow.session.scalars(select(OutboxMessage.attempts)))


def test_a_second_worker_after_the_round_lease_ran_out_sends_no_mail_twice(any_platform, clock):
    # tester finding mail11 1: worker A claimed 50 mails under one 5-minute lease and sent them 7 s
    # each; worker B claimed the ones A had not reached yet and sent them too: 7 duplicated mails
    ids = queued_mails(any_platform, 60)
    tried: list[int] = []
    b: dict[str, outbox.DeliveryReport] = {}

    def worker_b() -> None:
        b["report"] = outbox.deliver_due(any_platform, handlers={"email": lambda m: tried.append(m.id)})

    a = _worker_a(any_platform, clock, tried, worker_b)
    assert sorted(tried) == ids  # every mail once
    assert a.afgeleverd + b["report"].afgeleverd == 60 and b["report"].afgeleverd == 16
    assert _attempts(any_platform) == Counter({1: 60})
    with any_platform.uow(write=False) as uow:
        assert set(uow.session.scalars(select(OutboxMessage.status))) == {"afgeleverd"}


def test_two_workers_failing_together_count_one_attempt_per_try(any_platform, clock):
    # the retry schedule (given up after 27-54 hours) counts tries: with two workers taking over each
    # other's expired rounds during an outage, no mail is tried (or counted) twice for one turn
    any_platform.settings = any_platform.settings.with_(outbox_backoff_seconds=3600)  # no retry in the pass
    ids = queued_mails(any_platform, 60)
    tried: list[int] = []

    def worker_b() -> None:
        outbox.deliver_due(any_platform, handlers={"email": lambda m: tried.append(m.id) or _refuse()})

    a = _worker_a(any_platform, clock, tried, worker_b, fail=True)
    assert sorted(tried) == ids and a.mislukt == 44
    assert _attempts(any_platform) == Counter({1: 60})


def _refuse() -> None:
    raise outbox.DeliveryFailed("421 4.3.2 Service not available")


def test_beheer_offering_a_mail_again_after_the_round_lease_ran_out_sends_it_once(any_platform, clock):
    # the same gap through beheer: "opnieuw aanbieden" passed the lease check of a mail still queued in
    # worker A's expired round, and both A and the next pass sent it
    ids = queued_mails(any_platform, 50)
    tried: list[int] = []
    later = ids[47]

    def beheer() -> None:
        assert outbox_beheer.retry(any_platform, later, "bea")["status"] == "wachtend"

    _worker_a(any_platform, clock, tried, beheer)  # A's next round takes the mail offered again
    assert outbox.deliver_due(any_platform, handlers={"email": lambda m: tried.append(m.id)}).total == 0
    assert sorted(tried) == ids and tried[-1] == later  # once, not in A's first round


def test_a_round_that_outlasts_its_lease_is_still_delivered_when_nobody_took_over(any_platform, clock):
    # skipping is only for a message someone else took: alone, a worker sends its whole slow round
    ids = queued_mails(any_platform, 50)
    tried: list[int] = []

    def slow(message: outbox.Message) -> None:
        tried.append(message.id)
        clock.advance(seconds=60)

    assert outbox.deliver_due(any_platform, handlers={"email": slow}).afgeleverd == 50
    assert tried == ids and _attempts(any_platform) == Counter({1: 50})
