"""Delivery of due outbox messages by the worker, after the steps that wrote them have committed."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from services.log_text import user_text
from services.outbox.core import (
    DEAD,
    DELIVERED,
    FAILED,
    NOTHING_SENT,
    PENDING,
    POSTPONED,
    WAITING,
    DeliveryFailed,
    Handler,
    Message,
    Postponed,
    audit,
    blocks,
    lock_cases,
    without_addresses,
)
from services.outbox.deadline import Deadline
from services.platform import Platform
from services.store.models import OutboxMessage

log = logging.getLogger("ruimteflow.outbox")

#: how long a claimed message is reserved for the worker delivering it: a round's claim, and again each
#: message just before it is tried (``_start``). One delivery never outlasts it: it is cut off at its
#: deadline, a part of this lease (``services.outbox.deadline``), and retried later
LEASE = timedelta(minutes=5)
#: messages claimed per round
ROUND = 50


@dataclass
class DeliveryReport:
    """How the messages a pass tried came out: delivered, postponed (``Postponed``: tried again at the
    moment the other side named, no failure), failed (retried later) or given up."""

    afgeleverd: int = 0
    uitgesteld: int = 0
    mislukt: int = 0
    dood: int = 0

    @property
    def total(self) -> int:
        return self.afgeleverd + self.uitgesteld + self.mislukt + self.dood

    def as_dict(self) -> dict[str, int]:
        return {
            "afgeleverd": self.afgeleverd,
            "uitgesteld": self.uitgesteld,
            "mislukt": self.mislukt,
            "dood": self.dood,
        }


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> timedelta:
    """Wait before the next try after ``attempt`` failures: base * 2^(attempt-1), at most ``cap``,
    times a random factor in [0.5, 1) so that workers that failed together do not retry together."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return timedelta(seconds=ceiling * rng.uniform(0.5, 1.0))


def deliver_due(
    platform: Platform,
    limit: int | None = None,
    *,
    handlers: Mapping[str, Handler],
    rng: random.Random | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Deliver up to ``limit`` (default: the ``outbox_batch`` setting) due messages of the channels in
    ``handlers`` (the worker passes ``services.channels.channel_handlers``); messages of other channels
    wait. Never raises for a failed delivery (it is recorded on the message). Run by the worker, never
    inside a step: it opens its own short transactions and calls remote systems between them.
    ``stop`` (the worker was asked to stop) is checked before each message: once it says yes, the message
    in flight has been finished and recorded, the messages claimed but not tried are given back at once
    (``_give_back``), and the call returns."""
    report = DeliveryReport()
    if not handlers:
        return report
    budget = platform.settings.outbox_batch if limit is None else limit
    rng = rng or random.Random()
    while budget > 0 and not stop():
        now = platform.clock.now()
        before: dict[int, str] = {}
        claimed = _claim(platform, tuple(handlers), min(ROUND, budget), now, before)
        if not claimed:
            break
        for i, message in enumerate(claimed):
            if stop():
                _give_back(platform, [(m.id, before[m.id]) for m in claimed[i:]], now + LEASE)
                return report
            deadline = Deadline(LEASE)  # counted from before the lease is renewed: it ends inside it
            started = _start(platform, message, now + LEASE)
            if started is not None:
                _deliver_one(platform, handlers[message.channel], started, deadline, report, rng)
        budget -= len(claimed)
    return report


def _due(channels: tuple[str, ...], now: datetime) -> Any:
    """Messages that may be tried now: due, and no earlier message holds them up (``core.blocks``)."""
    earlier = aliased(OutboxMessage)
    blocked = exists().where(blocks(earlier, OutboxMessage))
    return (
        select(OutboxMessage)
        .where(
            OutboxMessage.channel.in_(channels),
            OutboxMessage.status.in_(PENDING),
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
            ~blocked,
        )
        .order_by(OutboxMessage.id)
    )


def _claim(
    platform: Platform,
    channels: tuple[str, ...],
    size: int,
    now: datetime | None = None,
    before: dict[int, str] | None = None,
) -> list[Message]:
    """Reserve due messages in a short transaction of their own (a lease until ``now + LEASE``), so the
    remote calls run without holding a database lock; other workers skip rows being claimed (SKIP
    LOCKED). The attempt is counted when a message is tried (``_start``), not here. ``before`` gets each
    claimed message's status from before the claim (``_give_back`` puts it back)."""
    now = now or platform.clock.now()
    with platform.uow() as uow:
        q = _due(channels, now).limit(size)
        if platform.is_postgres:
            q = q.with_for_update(skip_locked=True, of=OutboxMessage)
        rows = list(uow.session.scalars(q))
        for row in rows:
            if before is not None:
                before[row.id] = row.status
            # a lease is "waiting, due in the future" (core.leased): a failed message claimed again
            # is waiting too while it is tried, so beheer cannot offer it a second time meanwhile
            row.status, row.next_attempt_at = WAITING, now + LEASE
        claimed = [Message.of(row) for row in rows]
        uow.commit()
    return claimed


def _give_back(platform: Platform, claimed: list[tuple[int, str]], lease: datetime) -> None:
    """Messages of a round that a stopping worker did not try: due again at once, with their status from
    before the claim and their attempts unchanged, so the next worker sends them now instead of after
    the lease. Only those still under this round's lease (``_start``'s compare-and-set): one taken over
    meanwhile is no longer this worker's to give back."""
    now = platform.clock.now()
    with platform.uow() as uow:
        for message_id, status in claimed:
            uow.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message_id,
                    OutboxMessage.status == WAITING,
                    OutboxMessage.next_attempt_at == lease,
                )
                .values(status=status, next_attempt_at=now)
                .execution_options(synchronize_session=False)
            )
        uow.commit()
    log.info("worker stopping: %d claimed outbox messages given back untried", len(claimed))


def _start(platform: Platform, message: Message, lease: datetime) -> Message | None:
    """Take one message of a claimed round just before it is tried, in a short transaction of its own:
    a compare-and-set on the round's lease end (the claim's token), which counts the attempt and renews
    the lease for this one delivery. A round of slow deliveries can outlast its lease; then another
    worker may have claimed the message (a later lease end), or beheer offered it again or set it aside:
    it is no longer this worker's, and None says skip it (it would go out twice)."""
    now = platform.clock.now()
    with platform.uow() as uow:
        taken = uow.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.status == WAITING,
                OutboxMessage.next_attempt_at == lease,
            )
            .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        log.info("outbox message %s was taken over after the lease of its round ran out", message.id)
        return None
    return replace(message, attempts=message.attempts + 1)


def _deliver_one(
    platform: Platform,
    handler: Handler,
    message: Message,
    deadline: Deadline,
    report: DeliveryReport,
    rng: random.Random,
) -> None:
    failure: tuple[str, bool] | None = None
    with deadline:
        try:
            note = handler(message)
        except Postponed as later:
            _record_postponed(platform, message, later, report)
            return
        except DeliveryFailed as exc:
            failure = exc.detail, exc.retryable
        except Exception as exc:  # noqa: BLE001 - an unexpected handler error is recorded and retried
            log.exception("outbox handler %s failed on message %s", message.channel, message.id)
            failure = f"{type(exc).__name__}: {exc}", True
    if failure is not None:
        detail, retryable = failure
        if deadline.passed:  # cut off: whatever error the channel made of that, this is the cause
            detail, retryable = f"{deadline.reason} ({detail})", True
        _record_failure(platform, message, detail, retryable, report, rng)
    else:
        _record_delivered(platform, message, note)
        report.afgeleverd += 1
        log.info("outbox message %s (%s/%s) of case %s delivered", *_named(message))


def _record_delivered(platform: Platform, message: Message, note: str | None) -> None:
    """The message is delivered, with no error; the handler's note why it sent nothing goes to the
    case's internal history (``NOTHING_SENT``), or for a message without a case, which has none, to the
    log: ``last_error`` is only ever the error of a try."""
    now = platform.clock.now()
    if note and message.case_id is None:
        log.info("outbox message %s (%s/%s) without a case: nothing sent: %s", *_named(message)[:3], note)
    kept = note[:4000] if note else None
    with platform.uow() as uow:
        if kept:
            lock_cases(uow.session, {message.case_id})  # the case before the message, as beheer does
        row = uow.session.get(OutboxMessage, message.id)
        if row is not None:
            row.status, row.delivered_at = DELIVERED, now
            row.next_attempt_at, row.last_error, row.postponed_reason = None, None, None
            if kept:
                audit(uow.session, row, None, now, NOTHING_SENT, f"niets verzonden: {kept}", notitie=kept)
        uow.commit()


def _record_failure(
    platform: Platform,
    message: Message,
    detail: str,
    retryable: bool,
    report: DeliveryReport,
    rng: random.Random,
) -> None:
    settings = platform.settings
    now = platform.clock.now()
    detail = without_addresses(detail)  # the log and last_error: the reason, never the recipient
    with platform.uow() as uow:
        row = uow.session.get(OutboxMessage, message.id)
        if row is None:
            return
        row.last_error, row.postponed_reason = detail[:4000], None
        if retryable and row.attempts < settings.outbox_max_attempts:
            row.status = FAILED
            row.next_attempt_at = now + backoff(
                row.attempts, settings.outbox_backoff_seconds, settings.outbox_backoff_max_seconds, rng
            )
            report.mislukt += 1
        else:
            row.status, row.next_attempt_at = DEAD, None
            report.dood += 1
        uow.commit()
    log.warning("outbox message %s (%s/%s) of case %s failed: %s", *_named(message), user_text(detail, 1000))


def _record_postponed(platform: Platform, message: Message, later: Postponed, report: DeliveryReport) -> None:
    """The message waits until ``later.until`` ("uitgesteld", with the handler's reason for beheer); the
    attempt ``_start`` counted is taken back: waiting for a moment the other side named is no failure,
    and does not bring the message nearer to being given up."""
    with platform.uow() as uow:
        row = uow.session.get(OutboxMessage, message.id)
        if row is None:
            return
        row.status, row.next_attempt_at = POSTPONED, later.until
        row.attempts, row.last_error = max(row.attempts - 1, 0), None  # a postponement is no failed try
        row.postponed_reason = later.reason[:4000]
        uow.commit()
    report.uitgesteld += 1
    log.info("outbox message %s (%s/%s) of case %s postponed: %s", *_named(message), later.reason)


def _named(message: Message) -> tuple[object, ...]:
    """How a log line names a message: its id, channel, kind and case id (never its recipient)."""
    return message.id, message.channel, message.kind, message.case_id
