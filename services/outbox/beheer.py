"""Beheer of the outbox: what is pending, failed or dead (with the remote error), and retrying it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from processes.errors import Conflict, NotFound, ValidationError
from services.clock import iso_utc
from services.outbox.core import DEAD, DELIVERED, FAILED, STATUSES, WAITING, leased
from services.platform import Platform
from services.store.models import Case, CaseEvent, OutboxMessage

#: what beheer lists: everything not yet delivered
OPEN = (WAITING, FAILED, DEAD)


def _row(m: OutboxMessage, reference: str | None) -> dict[str, Any]:
    return {
        "id": m.id,
        "kanaal": m.channel,
        "zaak": reference,
        "volgnummer": m.seq,
        "soort": m.kind,
        "status": m.status,
        "pogingen": m.attempts,
        "volgende_poging": iso_utc(m.next_attempt_at),
        "fout": m.last_error,
        "aangemaakt": iso_utc(m.created_at),
        "afgeleverd": iso_utc(m.delivered_at),
    }


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise ValidationError(
            f"Onbekende status '{status}'; kies uit {', '.join(STATUSES)}.", code="aflevering-status"
        )


def deliveries(
    platform: Platform, *, status: str | None = None, case: str | None = None, limit: int = 200
) -> dict[str, Any]:
    """The counts per status and the undelivered messages (or those of one status or case), oldest first."""
    _check_status(status)
    with platform.uow(write=False) as uow:
        s = uow.session
        counts = dict(
            s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
        )
        q = (
            select(OutboxMessage, Case.reference)
            .outerjoin(Case, Case.id == OutboxMessage.case_id)
            .where(OutboxMessage.status.in_((status,) if status else OPEN))
        )
        if case:
            q = q.where(Case.reference == case)
        rows = s.execute(q.order_by(OutboxMessage.id).limit(max(1, min(limit, 1000)))).all()
        return {
            "aantallen": {st: int(counts.get(st, 0)) for st in STATUSES},
            "afleveringen": [_row(m, ref) for m, ref in rows],
        }


def _audit(s: Session, m: OutboxMessage, user: str, now: Any) -> None:
    if m.case_id is not None:
        s.add(
            CaseEvent(
                case_id=m.case_id,
                at=now,
                actor=user,
                kind="aflevering-opnieuw",
                message=f"Aflevering {m.id} ({m.channel}: {m.kind}) opnieuw aangeboden door beheer",
                public=False,
                data={"aflevering": m.id},
            )
        )


def retry(platform: Platform, message_id: int, user: str) -> dict[str, Any]:
    """Offer one failed or dead message (or a waiting one no worker holds) again, now, with a fresh
    count of attempts. A message a worker is delivering right now (under its lease) is refused: a second
    worker would deliver it again."""
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        m = s.get(OutboxMessage, message_id, with_for_update=True)
        if m is None:
            raise NotFound(f"Aflevering {message_id} bestaat niet.", code="aflevering-onbekend")
        if m.status == DELIVERED:
            raise Conflict(f"Aflevering {message_id} is al afgeleverd.", code="aflevering-afgeleverd")
        if leased(m.status, m.next_attempt_at, now):
            raise Conflict(
                f"Aflevering {message_id} wordt op dit moment afgeleverd; opnieuw aanbieden kan pas als "
                "die poging is afgelopen. Ververs de pagina over enkele minuten.",
                code="aflevering-bezig",
            )
        m.status, m.attempts, m.next_attempt_at = WAITING, 0, None
        _audit(s, m, user, now)
        reference = s.scalar(select(Case.reference).where(Case.id == m.case_id)) if m.case_id else None
        out = _row(m, reference)
        uow.commit()
        return out


def retry_dead(platform: Platform, user: str, channel: str | None = None) -> dict[str, Any]:
    """Offer every dead message (of one channel) again; returns how many. A claim never leaves a message
    dead, so none of these is under a worker's lease."""
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        q = select(OutboxMessage).where(OutboxMessage.status == DEAD)
        if channel:
            q = q.where(OutboxMessage.channel == channel)
        dead = list(s.scalars(q.with_for_update()))
        for m in dead:
            _audit(s, m, user, now)
        if dead:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([m.id for m in dead]))
                .values(status=WAITING, attempts=0, next_attempt_at=None)
            )
        uow.commit()
        return {"opnieuw": len(dead)}
