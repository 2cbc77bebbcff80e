"""The ``Idempotency-Key`` of the API's POST /zaken and POST /zaken/{zaak}/berichten: a retried call
answers the case the first one started (or delivered its message to) instead of doing it again.

Following the IETF draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header):
a client that sends a key with its call and retries it after a timeout or a broken connection gets the
case its first call started, not a second one. The key is the account's own (unique per account and key)
and is stored in the transaction that creates the case or takes the message (``recorder``, a
``before_commit`` of services.cases.start_case and send_message), so there is never one without the
other. Two calls with one key at the same time both run; the second one's commit breaks on the unique key
(or, for a message, the engine refuses it once the first took it: 409), rolls back whole (workflow,
deadlines, mail and ZGW messages are in that transaction) and answers the first's case.

A retry answers for the account as it is now: POST /zaken refuses it (403, as GET) once the account may
no longer open the case (``replayed``; services.case_queries.view_now), a message answers only its
receipt then (services/status/account_messages.py).

The key is bound to the call it was first used for: a fingerprint of method, path and JSON body. The same
key with another call is refused (422 ``idempotency-key-hergebruikt``). A key lasts ``LIFETIME`` (24 hours);
after that it counts as gone: its row is replaced by the next call with it, and rows of that account older
than that are removed then too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from processes.errors import Conflict, ValidationError
from services import projections
from services.clock import today
from services.platform import Platform
from services.store.models import Case, IdempotencyKey

LIFETIME = timedelta(hours=24)
MAX_LENGTH = 255


@dataclass(frozen=True)
class Claim:
    """One call with a key: whose, which key, and the fingerprint of the call."""

    username: str
    key: str
    fingerprint: str


def claim_for(username: str, key: str, method: str, path: str, body: Any) -> Claim:
    call = json.dumps([method.upper(), path, body], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return Claim(username, key, hashlib.sha256(call.encode("utf-8", "surrogatepass")).hexdigest())


def _live(s: Session, platform: Platform, claim: Claim) -> IdempotencyKey | None:
    return s.scalars(
        select(IdempotencyKey).where(
            IdempotencyKey.username == claim.username,
            IdempotencyKey.key == claim.key,
            IdempotencyKey.created_at >= platform.clock.now() - LIFETIME,
        )
    ).first()


def used_for(s: Session, platform: Platform, username: str, key: str, case_id: int) -> bool:
    """Did an earlier call of ``username`` with ``key`` (still live) start or reach case ``case_id``: its
    retry may be answered as the first call was, also once the account may not reach the case any more."""
    row = _live(s, platform, Claim(username, key, ""))
    return row is not None and row.case_id == case_id


def earlier_case(platform: Platform, claim: Claim) -> dict[str, Any] | None:
    """The case an earlier call with this key started (as ``start_case`` answered it, read now), or None.
    The key used for another call: ValidationError 422 ``idempotency-key-hergebruikt``."""
    with platform.uow(write=False) as uow:
        s = uow.session
        row = _live(s, platform, claim)
        if row is None:
            return None
        if row.fingerprint != claim.fingerprint:
            raise ValidationError(
                f"De Idempotency-Key '{claim.key}' is al gebruikt voor een ander verzoek (zaak "
                f"{_reference(s, row.case_id)}). Gebruik voor elk nieuw verzoek een nieuwe sleutel.",
                code="idempotency-key-hergebruikt",
                status=422,
                veld="Idempotency-Key",
            )
        case = s.get(Case, row.case_id)
        assert case is not None  # a key is written with its case; cases are never deleted
        return projections.case_dict(s, case, today=today(platform.clock))


def _reference(s: Session, case_id: int) -> str:
    case = s.get(Case, case_id)
    return case.reference if case is not None else str(case_id)


def recorder(platform: Platform, claim: Claim) -> Callable[[Session, Case], None]:
    """A ``before_commit`` for services.cases.start_case or send_message that stores the key with the case. A parallel
    call that stored it first makes the commit (or this flush) raise IntegrityError: nothing is kept."""

    def record(s: Session, case: Case) -> None:
        now = platform.clock.now()
        s.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.username == claim.username, IdempotencyKey.created_at < now - LIFETIME
            )
        )
        s.flush()  # the case's id
        s.add(
            IdempotencyKey(
                username=claim.username,
                key=claim.key,
                fingerprint=claim.fingerprint,
                case_id=case.id,
                created_at=now,
            )
        )
        s.flush()

    return record


def once(
    platform: Platform,
    claim: Claim | None,
    start: Callable[[Callable[[Session, Case], None] | None], dict[str, Any]],
    *,
    replayed: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """``start(before_commit)`` once per key: the case an earlier call with ``claim``'s key started if there
    is one, else the case ``start`` starts with the key stored in its transaction (no key: just ``start``).
    ``replayed``: what a retry answers of that earlier case (default: the case as read now)."""
    if claim is None:
        return start(None)
    answer = replayed or (lambda case: case)
    earlier = earlier_case(platform, claim)
    if earlier is not None:
        return answer(earlier)
    try:
        return start(recorder(platform, claim))
    except (IntegrityError, Conflict):  # a parallel call with the key committed first: its case is the answer
        earlier = earlier_case(platform, claim)
        if earlier is None:
            raise
        return answer(earlier)


def forget(s: Session, username: str) -> None:
    """The keys of an account that is anonymised (services.bewaren.accounts): its old name goes too."""
    s.execute(delete(IdempotencyKey).where(IdempotencyKey.username == username))
