"""Outbox messages: what a handler sees, how a step writes one, how a handler reports a failure."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.clock import as_utc
from services.store.models import OutboxMessage

WAITING, FAILED, DEAD, DELIVERED = "wachtend", "mislukt", "dood", "afgeleverd"
#: every status of a message, in the order beheer lists them
STATUSES = (WAITING, FAILED, DEAD, DELIVERED)


def leased(status: str, next_attempt_at: datetime | None, now: datetime) -> bool:
    """Whether a worker holds the message right now: a claim sets it waiting with ``next_attempt_at``
    at the end of its lease, and nothing else leaves a waiting message with a moment in the future."""
    if status != WAITING or next_attempt_at is None:
        return False
    return as_utc(next_attempt_at) > now


@dataclass(frozen=True)
class Message:
    """One claimed message, detached from the database (a handler opens its own transaction)."""

    id: int
    channel: str
    case_id: int | None
    seq: int
    kind: str
    payload: dict[str, Any]
    attempts: int

    @classmethod
    def of(cls, row: OutboxMessage) -> Message:
        return cls(row.id, row.channel, row.case_id, row.seq, row.kind, dict(row.payload), row.attempts)


class DeliveryFailed(Exception):
    """Raised by a handler. ``retryable=False`` marks an error that waiting cannot heal (a refused
    request): the message is then dead at once. ``detail`` is the remote error text beheer shows."""

    def __init__(self, detail: str, *, retryable: bool = True):
        super().__init__(detail)
        self.detail = detail
        self.retryable = retryable


#: delivers one message or raises (DeliveryFailed, or any exception: then it is retried); it may return
#: a note why it sent nothing (a document deleted before delivery), kept on the delivered message
Handler = Callable[[Message], str | None]


def enqueue(
    session: Session,
    channel: str,
    case_id: int | None,
    kind: str,
    payload: dict[str, Any],
    *,
    now: datetime | None = None,
    ref: str | None = None,
) -> OutboxMessage:
    """Write a message in the caller's transaction; it is delivered after the commit.

    Its place in the case's order is the next ``seq`` of that case and channel. Call it with the case
    row locked (every step holds that lock), so two steps of one case cannot take the same place.
    ``ref`` names what the message is about locally ("document:12"), for publishers that must see
    what they already sent.
    """
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"outbox payload of {kind!r} is not JSON: {exc}") from exc
    same_case = OutboxMessage.case_id.is_(None) if case_id is None else OutboxMessage.case_id == case_id
    last = session.scalar(
        select(func.max(OutboxMessage.seq)).where(OutboxMessage.channel == channel, same_case)
    )
    row = OutboxMessage(
        channel=channel,
        case_id=case_id,
        seq=int(last or 0) + 1,
        kind=kind,
        ref=ref,
        payload=payload,
        status=WAITING,
        attempts=0,
        next_attempt_at=None,
        created_at=now or datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row
