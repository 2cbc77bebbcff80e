"""Outbox messages: what a handler sees, how a step writes one, how a handler reports a failure."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from processes.namen import REMOVED
from services.clock import as_utc
from services.store.models import Case, CaseEvent, OutboxMessage

WAITING, FAILED, DEAD, DELIVERED = "wachtend", "mislukt", "dood", "afgeleverd"
#: tried, and the other side takes it only from its ``next_attempt_at`` on (``Postponed``): no failure
POSTPONED = "uitgesteld"
#: set aside by beheer (a mail that is not to be sent after all); only on a channel in PER_RECIPIENT
SET_ASIDE = "terzijde"
#: every status of a message, in the order beheer lists them
STATUSES = (WAITING, POSTPONED, FAILED, DEAD, SET_ASIDE, DELIVERED)
#: the statuses of a message still to be tried, from its ``next_attempt_at`` (none: at once)
PENDING = (WAITING, POSTPONED, FAILED)

#: channels whose messages are independent of each other except per recipient: channel -> the payload
#: key of the recipient's address. Such a message waits only for an earlier message of its case to the
#: same recipient that is still being tried (so one person's mails arrive in order); a given-up or set
#: aside one blocks nothing. Every other channel (ZGW) is strictly ordered per case: a later call builds
#: on an earlier one (the zaak before its status), so it waits while any earlier one is not delivered.
PER_RECIPIENT: dict[str, str] = {"email": "aan"}
#: the payload key naming the account a message is addressed to (an officer): a retry by beheer sends
#: it to that account's current address
ACCOUNT = "gebruiker"


def blocks(earlier: Any, later: Any) -> ColumnElement[bool]:
    """SQL: message ``earlier`` holds up ``later`` (two aliases of OutboxMessage) by the order above."""
    strict = and_(later.channel.not_in(tuple(PER_RECIPIENT)), earlier.status != DELIVERED)
    per_recipient = [
        and_(
            later.channel == channel,
            earlier.status.in_(PENDING),
            earlier.payload[key].as_string() == later.payload[key].as_string(),
        )
        for channel, key in PER_RECIPIENT.items()
    ]
    return and_(
        earlier.channel == later.channel,
        earlier.case_id == later.case_id,
        earlier.seq < later.seq,
        or_(strict, *per_recipient),
    )


def emptied_message(channel: str, payload: dict[str, Any] | None) -> bool:
    """A message whose content was removed (its recipient is ``REMOVED``, processes.namen): a mail after
    its retention (services.mail.retention) or one whose case an earlier release pseudonymised
    (``zaak.geanonimiseerd_op``); it can never be sent."""
    key = PER_RECIPIENT.get(channel)
    return key is not None and (payload or {}).get(key) == REMOVED


def leased(status: str, next_attempt_at: datetime | None, now: datetime) -> bool:
    """Whether a worker holds the message right now: a claim sets it waiting with ``next_attempt_at``
    at the end of its lease, and nothing else leaves a waiting message with a moment in the future."""
    if status != WAITING or next_attempt_at is None:
        return False
    return as_utc(next_attempt_at) > now


def postponement(status: str, reason: str | None) -> str | None:
    """Why a postponed message waits (its ``postponed_reason``, the handler's ``Postponed.reason``), as
    beheer and the API (``uitstel_reden``) show it; None on any other message, also while a worker tries
    it (the reason is kept for when it is given back untried)."""
    return reason if status == POSTPONED else None


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


#: an e-mail address in a remote error text ("<jan@example.nl>", "jan@example.nl: 550 ...")
_ADDRESS = re.compile(r"<?[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+>?")
#: what stands for the address in a delivery error
ADDRESS_MARK = "[e-mailadres]"


def without_addresses(text: str) -> str:
    """A delivery error as the log and the message's ``last_error`` keep it: every e-mail address left
    out (beheer reads the recipient from the message itself), the remote reason ("550 5.1.1 ...") kept."""
    return _ADDRESS.sub(ADDRESS_MARK, text)


class DeliveryFailed(Exception):
    """Raised by a handler. ``retryable=False`` marks an error that waiting cannot heal (a refused
    request): the message is then dead at once. ``detail`` is the remote error text beheer shows."""

    def __init__(self, detail: str, *, retryable: bool = True):
        super().__init__(detail)
        self.detail = detail
        self.retryable = retryable


class Postponed(Exception):
    """Raised by a handler: the other side takes the message only from ``until`` on (Open Zaak a besluit
    dated the Dutch today only once that is its UTC date too). Not a failure: the message is tried again
    then, and this attempt is not counted. ``until`` lies ahead of the platform's clock; ``reason`` is the
    Dutch text beheer shows."""

    def __init__(self, until: datetime, reason: str):
        super().__init__(reason)
        self.until = until
        self.reason = reason


#: delivers one message or raises (DeliveryFailed, Postponed, or any exception: then it is retried); it may
#: return a note why it sent nothing (a document deleted before delivery): the message is delivered, with
#: no error, and the note goes to the case's internal history (``NOTHING_SENT``), where beheer reads it
Handler = Callable[[Message], str | None]
#: the kind of the internal case event with a handler's note on a message it delivered without sending
NOTHING_SENT = "aflevering-niets-verzonden"


def audit(
    s: Session, m: OutboxMessage, actor: str | None, now: Any, kind: str, what: str, **data: Any
) -> None:
    """An internal line in the history of ``m``'s case (none without a case): "Aflevering 12 (zgw:
    document) ``what``". Lock the case first (``lock_cases``)."""
    if m.case_id is not None:
        s.add(
            CaseEvent(
                case_id=m.case_id,
                at=now,
                actor=actor,
                kind=kind,
                message=f"Aflevering {m.id} ({m.channel}: {m.kind}) {what}",
                public=False,
                data={"aflevering": m.id, **data},
            )
        )


def lock_cases(s: Session, case_ids: set[int | None]) -> list[int]:
    """Lock the messages' cases before the messages (in id order): the order of every writer of a case
    and its messages (a step, ``zaken opschonen``), so an audit line (``audit``) never waits for a case
    while it holds a message another transaction needs (a deadlock). A key-share lock is enough: the
    audit line needs no more, and a step or the destruction (which lock the case for update) waits for
    it. Returns the ids of the cases locked."""
    ids = sorted(i for i in case_ids if i is not None)
    if ids:
        s.execute(
            select(Case.id)
            .where(Case.id.in_(ids))
            .order_by(Case.id)
            .with_for_update(read=True, key_share=True)
        )
    return ids


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
