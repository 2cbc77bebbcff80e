"""Beheer cannot retry a message a worker holds a lease on (it is being delivered right now): a second
worker would deliver it again (a duplicate mail, a second zaak)."""

from __future__ import annotations

import pytest

from processes.errors import Conflict
from services import cases, outbox
from services.outbox import beheer as outbox_beheer
from services.store.models import OutboxMessage
from tests.integration.core_helpers import setup_klein


@pytest.fixture
def klein(platform):
    setup_klein(platform)
    return platform


def _message(platform) -> int:
    case_id = int(cases.start_case(platform, "vergunning_klein", {}, user="anna")["id"])
    with platform.uow() as uow:
        row = outbox.enqueue(uow.session, "test", case_id, "zaak", {}, now=platform.clock.now())
        uow.commit()
        return row.id


def _state(platform, message_id: int) -> tuple[str, int]:
    with platform.uow(write=False) as uow:
        row = uow.session.get(OutboxMessage, message_id)
        assert row is not None
        return row.status, row.attempts


def _deliver_while(platform, during) -> list[int]:
    """Worker A delivers; while it talks to the remote system, ``during`` runs (beheer, worker B)."""
    calls: list[int] = []

    def slow(message: outbox.Message) -> None:
        calls.append(message.id)
        if len(calls) == 1:
            during(message)

    outbox.deliver_due(platform, handlers={"test": slow})
    return calls


def test_retry_of_a_leased_message_is_refused_and_it_is_delivered_once(klein):
    m = _message(klein)
    seen: dict[str, object] = {}

    def beheer_presses_retry(message: outbox.Message) -> None:
        with pytest.raises(Conflict, match="wordt op dit moment afgeleverd") as exc:
            outbox_beheer.retry(klein, message.id, "bea")
        seen["code"] = exc.value.code
        seen["state"] = _state(klein, message.id)
        seen["b"] = outbox.deliver_due(klein, handlers={"test": lambda msg: seen.setdefault("dup", msg.id)})

    assert _deliver_while(klein, beheer_presses_retry) == [m]
    assert seen["code"] == "aflevering-bezig" and seen["state"] == ("wachtend", 1)
    assert "dup" not in seen and seen["b"].total == 0  # type: ignore[attr-defined]
    assert _state(klein, m) == ("afgeleverd", 1)


def test_a_failed_message_claimed_again_is_leased_too(klein, clock):
    m = _message(klein)
    outbox.deliver_due(klein, handlers={"test": _refuse})
    assert _state(klein, m) == ("mislukt", 1)
    clock.advance(days=1)  # its backoff is over: the next pass claims it again
    refused: list[str] = []

    def beheer_presses_retry(message: outbox.Message) -> None:
        try:
            outbox_beheer.retry(klein, message.id, "bea")
        except Conflict as exc:
            refused.append(exc.detail)

    assert _deliver_while(klein, beheer_presses_retry) == [m]
    assert len(refused) == 1 and _state(klein, m) == ("afgeleverd", 2)


def test_a_failed_message_waiting_for_its_backoff_may_be_retried(klein):
    m = _message(klein)
    outbox.deliver_due(klein, handlers={"test": _refuse})
    assert outbox_beheer.retry(klein, m, "bea")["status"] == "wachtend"
    assert _state(klein, m) == ("wachtend", 0)


def test_retry_dead_leaves_a_leased_message_alone(klein):
    m = _message(klein)
    counted: list[dict[str, int]] = []
    _deliver_while(klein, lambda message: counted.append(outbox_beheer.retry_dead(klein, "bea")))
    assert counted == [{"opnieuw": 0}] and _state(klein, m) == ("afgeleverd", 1)


def _refuse(message: outbox.Message) -> None:
    raise outbox.DeliveryFailed("503 Service Unavailable")


def test_after_a_lease_runs_out_beheer_may_offer_the_message_again(klein, clock):
    m = _message(klein)
    [claimed] = outbox.worker._claim(klein, ("test",), 1)  # the worker dies before it records anything
    with pytest.raises(Conflict):
        outbox_beheer.retry(klein, m, "bea")
    clock.advance(seconds=outbox.worker.LEASE.total_seconds() + 1)
    assert outbox_beheer.retry(klein, claimed.id, "bea")["status"] == "wachtend"
    assert _state(klein, m) == ("wachtend", 0)
