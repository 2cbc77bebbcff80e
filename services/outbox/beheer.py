"""Beheer of the outbox: what is pending, failed or dead (with the remote error and what a waiting
message waits for), retrying it, and setting a mail aside."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from processes.errors import Conflict, NotFound, ValidationError
from services.clock import iso_utc
from services.outbox.core import (
    ACCOUNT,
    DEAD,
    DELIVERED,
    NOTHING_SENT,
    PENDING,
    PER_RECIPIENT,
    POSTPONED,
    SET_ASIDE,
    STATUSES,
    WAITING,
    audit,
    blocks,
    emptied_message,
    leased,
    lock_cases,
    postponement,
)
from services.platform import Platform
from services.policy.assignees import BLOCKED, GONE, NO_WAY_IN, account_states
from services.store.models import Case, CaseEvent, OutboxMessage
from services.store.repository import SqlCaseRepository

#: what beheer lists: everything not yet delivered nor set aside
OPEN = (*PENDING, DEAD)


def _row(
    m: OutboxMessage, reference: str | None, blocker: tuple[int, str] | None = None, note: str | None = None
) -> dict[str, Any]:
    key = PER_RECIPIENT.get(m.channel)
    recipient = str((m.payload or {}).get(key) or "") if key else ""
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
        "uitgesteld_tot": iso_utc(m.next_attempt_at) if m.status == POSTPONED else None,
        "uitstel_reden": postponement(m.status, m.postponed_reason),
        "notitie": note,
        "aangemaakt": iso_utc(m.created_at),
        "afgeleverd": iso_utc(m.delivered_at),
        "ontvanger": recipient or None,
        "wacht_op": blocker[0] if blocker else None,
        "wacht_op_status": blocker[1] if blocker else None,
    }


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise ValidationError(
            f"Onbekende status '{status}'; kies uit {', '.join(STATUSES)}.", code="aflevering-status"
        )


def _counts(s: Session, channel: str | None = None, case_id: int | None = None) -> dict[str, int]:
    q = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    if channel:
        q = q.where(OutboxMessage.channel == channel)
    if case_id is not None:
        q = q.where(OutboxMessage.case_id == case_id)
    found = dict(s.execute(q).all())
    return {st: int(found.get(st, 0)) for st in STATUSES}


def counts(platform: Platform, channel: str | None = None) -> dict[str, int]:
    """How many messages (of one channel) there are per status."""
    with platform.uow(write=False) as uow:
        return _counts(uow.session, channel)


def _case_id(s: Session, case: str | None) -> int | None:
    """The id of the case ``case`` names (id or reference, as /zaken takes it); a key of no case is a
    400 naming the filter (zaak-onbekend), not an empty list."""
    if not case:
        return None
    try:
        return SqlCaseRepository(s).get(case).id
    except NotFound as exc:
        raise ValidationError(exc.detail, code="zaak-onbekend", veld="zaak") from exc


def deliveries(
    platform: Platform,
    *,
    status: str | None = None,
    case: str | None = None,
    channel: str | None = None,
    limit: int = 200,
) -> dict[str, Any]:
    """The counts per status and the undelivered messages (or those of one status, case or channel),
    oldest first; a message that is held up names the earliest message it waits for, and its status.
    The counts are of the same case and channel (all statuses). The callers check ``channel`` first
    (``services.channels.known_channel``)."""
    _check_status(status)
    with platform.uow(write=False) as uow:
        s = uow.session
        case_id = _case_id(s, case)
        earlier = aliased(OutboxMessage)
        blocker = select(func.min(earlier.id)).where(blocks(earlier, OutboxMessage)).scalar_subquery()
        q = (
            select(OutboxMessage, Case.reference, blocker)
            .outerjoin(Case, Case.id == OutboxMessage.case_id)
            .where(OutboxMessage.status.in_((status,) if status else OPEN))
        )
        if case_id is not None:
            q = q.where(OutboxMessage.case_id == case_id)
        if channel:
            q = q.where(OutboxMessage.channel == channel)
        rows = cast(
            list[tuple[OutboxMessage, str | None, int | None]],
            s.execute(q.order_by(OutboxMessage.id).limit(max(1, min(limit, 1000)))).all(),
        )
        held = {b for m, _ref, b in rows if b is not None and m.status in PENDING}
        found = select(OutboxMessage.id, OutboxMessage.status).where(OutboxMessage.id.in_(held))
        of: dict[int, str] = {int(i): str(st) for i, st in s.execute(found).all()}
        notes = _notes(s, [m for m, _ref, _b in rows])
        return {
            "aantallen": _counts(s, channel, case_id),
            "afleveringen": [
                _row(m, ref, (b, of[b]) if b in of and m.status in PENDING else None, notes.get(m.id))
                for m, ref, b in rows
            ],
        }


def _notes(s: Session, messages: list[OutboxMessage]) -> dict[int, str]:
    """Per delivered message that sent nothing, its handler's note (from its case's NOTHING_SENT line)."""
    ids = {m.id for m in messages if m.status == DELIVERED and m.case_id is not None}
    if not ids:
        return {}
    cases = {m.case_id for m in messages if m.id in ids}
    found: Any = s.scalars(
        select(CaseEvent.data).where(CaseEvent.kind == NOTHING_SENT, CaseEvent.case_id.in_(cases))
    )
    return {int(d["aflevering"]): str(d.get("notitie")) for d in found if d.get("aflevering") in ids}


#: per account a message is addressed to: its current address, and why nobody can log in to it (None
#: when someone can: policy.assignees.account_states)
Accounts = dict[str, tuple[str | None, str | None]]


def _addresses(s: Session, settings: Any, messages: list[OutboxMessage]) -> Accounts:
    """The current address of every account the ``messages`` are addressed to, and why nobody can log in
    to it (blocked, services.account_block, without a way in, or deleted), in one query."""
    accounts = {
        str(a) for m in messages if PER_RECIPIENT.get(m.channel) and (a := (m.payload or {}).get(ACCOUNT))
    }
    return account_states(s, settings, accounts)


def _closed_account(m: OutboxMessage, accounts: Accounts) -> tuple[str, str] | None:
    """The account ``m`` is addressed to and why, when nobody can log in to it: such an account gets no
    mail (a leaver's, one whose access was revoked and that has no password, or one deleted since)."""
    account = (m.payload or {}).get(ACCOUNT) if PER_RECIPIENT.get(m.channel) else None
    why = accounts.get(str(account), (None, None))[1] if account else None
    return (str(account), why) if account and why else None


def _refuse_closed(m: OutboxMessage, account: str, why: str) -> Conflict:
    """Beheer's retry of a mail to an account nobody can log in to: refused, with what beheer can do."""
    if why == BLOCKED:
        return Conflict(
            f"Aflevering {m.id} ({m.kind}) kan niet opnieuw worden aangeboden: het account "
            f"{account} is geblokkeerd, en een geblokkeerd account krijgt geen mail meer. Leg haar "
            "terzijde (of deblokkeer het account eerst, als het weer in gebruik is).",
            code="aflevering-geblokkeerd",
        )
    if why == GONE:
        return Conflict(
            f"Aflevering {m.id} ({m.kind}) kan niet opnieuw worden aangeboden: het account {account} "
            "bestaat niet meer, dus niemand leest de mail (het oude adres kan nu van een ander zijn). Leg "
            "haar terzijde.",
            code="aflevering-account-verwijderd",
        )
    return Conflict(
        f"Aflevering {m.id} ({m.kind}) kan niet opnieuw worden aangeboden: op het account {account} "
        "kan niemand inloggen (het heeft geen wachtwoord en geen API-token), dus niemand leest de mail. "
        "Leg haar terzijde (of geef het account eerst een wachtwoord of API-token, als het weer in "
        "gebruik is).",
        code="aflevering-niet-inlogbaar",
    )


def _reoffer(s: Session, m: OutboxMessage, user: str, now: Any, accounts: Accounts) -> None:
    """Offer ``m`` again with a fresh count of attempts; a message to an account is pointed at the
    account's current address (an officer whose address was wrong or has changed), as its audit says."""
    key, account = PER_RECIPIENT.get(m.channel), (m.payload or {}).get(ACCOUNT)
    address = accounts.get(str(account), (None, None))[0] if key and account else None
    note = ""
    if key and address and address != m.payload.get(key):
        m.payload = {**m.payload, key: address}  # a new dict: the JSON column sees the change
        note = f", nu aan het huidige adres van {account}"
    m.postponed_reason = None  # offered now: the moment a postponed one waited for no longer holds
    m.status, m.attempts, m.next_attempt_at = WAITING, 0, None
    audit(s, m, user, now, "aflevering-opnieuw", f"opnieuw aangeboden door beheer{note}")


def _answer(s: Session, m: OutboxMessage) -> dict[str, Any]:
    """The message as beheer lists it, with its case's reference."""
    reference = s.scalar(select(Case.reference).where(Case.id == m.case_id)) if m.case_id else None
    return _row(m, reference)


def _open_message(s: Session, message_id: int, now: Any) -> OutboxMessage:
    """The message, locked (after its case), when no worker holds it and it is not delivered yet."""
    lock_cases(s, {s.scalar(select(OutboxMessage.case_id).where(OutboxMessage.id == message_id))})
    m = s.get(OutboxMessage, message_id, with_for_update=True)
    if m is None:
        raise NotFound(f"Aflevering {message_id} bestaat niet.", code="aflevering-onbekend")
    if m.status == DELIVERED:
        raise Conflict(f"Aflevering {message_id} is al afgeleverd.", code="aflevering-afgeleverd")
    if leased(m.status, m.next_attempt_at, now):
        raise Conflict(
            f"Aflevering {message_id} wordt op dit moment afgeleverd; dat kan pas als die poging is "
            "afgelopen. Ververs de pagina over enkele minuten.",
            code="aflevering-bezig",
        )
    return m


def retry(platform: Platform, message_id: int, user: str) -> dict[str, Any]:
    """Offer one failed, dead or set-aside message (or a waiting or postponed one no worker holds) again,
    now, with a fresh count of attempts; a mail to an account goes to that account's current address. A
    message a worker is delivering right now (under its lease) is refused: a second worker would deliver
    it again. So is a mail whose content was removed when an earlier release pseudonymised its case:
    nothing is left to send; and a mail to an account nobody can log in to, which gets no mail at any
    address: a blocked one (a leaver's: 409 aflevering-geblokkeerd; beheer sets it aside, or unblocks the
    account first) or one with neither password nor token (409 aflevering-niet-inlogbaar; beheer sets it
    aside, or gives the account a way in first); and a mail to an account deleted since it was written (409
    aflevering-account-verwijderd; beheer sets it aside)."""
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        m = _open_message(s, message_id, now)
        if emptied_message(m.channel, m.payload):
            raise Conflict(
                f"Aflevering {message_id} ({m.kind}) kan niet opnieuw worden aangeboden: de inhoud van "
                "deze mail is na de bewaartermijn van de zaak gewist. Leg haar terzijde.",
                code="aflevering-gewist",
            )
        accounts = _addresses(s, platform.settings, [m])
        if (closed := _closed_account(m, accounts)) is not None:
            raise _refuse_closed(m, *closed)
        _reoffer(s, m, user, now, accounts)
        out = _answer(s, m)
        uow.commit()
        return out


def set_aside(platform: Platform, message_id: int, user: str) -> dict[str, Any]:
    """Set a mail aside: it is not sent (unless beheer offers it again) and no longer listed as open. A
    message of a strictly ordered channel (ZGW) cannot be: the case's later calls build on it."""
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        m = _open_message(s, message_id, now)
        if m.channel not in PER_RECIPIENT:
            raise Conflict(
                f"Aflevering {message_id} ({m.channel}) kan niet terzijde worden gelegd: de latere "
                "berichten van de zaak bouwen erop voort. Bied haar opnieuw aan, of bouw de zaak opnieuw "
                "op in de zaakregistratie (ruimteflow zgw resync).",
                code="aflevering-volgorde",
            )
        m.status, m.next_attempt_at = SET_ASIDE, None
        audit(s, m, user, now, "aflevering-terzijde", "terzijde gelegd door beheer")
        out = _answer(s, m)
        uow.commit()
        return out


def retry_dead(platform: Platform, user: str, channel: str | None = None) -> dict[str, Any]:
    """Offer every dead message (of one channel) again, a mail to an account at its current address;
    returns how many (``opnieuw``) and, when there are, how many mails it left because their content
    was removed (``gewist``), because they are to a blocked account (``geblokkeerd``), to one with no
    way in (``niet_inlogbaar``) or to one that no longer exists (``verwijderd``; see ``retry``).
    A claim never leaves a message dead, so none of these is under a worker's lease. The callers check
    ``channel`` first (``services.channels.known_channel``)."""
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        q = select(OutboxMessage).where(OutboxMessage.status == DEAD)
        if channel:
            q = q.where(OutboxMessage.channel == channel)
        locked = lock_cases(s, set(s.scalars(q.with_only_columns(OutboxMessage.case_id).distinct())))
        # one that died since is left for the next time: its case is not locked
        q = q.where(or_(OutboxMessage.case_id.is_(None), OutboxMessage.case_id.in_(locked)))
        found = list(s.scalars(q.order_by(OutboxMessage.id).with_for_update()))
        dead = [m for m in found if not emptied_message(m.channel, m.payload)]
        accounts = _addresses(s, platform.settings, dead)
        why_closed = {m.id: c[1] for m in dead if (c := _closed_account(m, accounts)) is not None}
        offered = [m for m in dead if m.id not in why_closed]
        for m in offered:
            _reoffer(s, m, user, now, accounts)
        closed = list(why_closed.values())
        uow.commit()
        left = {
            "gewist": len(found) - len(dead),
            "geblokkeerd": closed.count(BLOCKED),
            "niet_inlogbaar": closed.count(NO_WAY_IN),
            "verwijderd": closed.count(GONE),
        }
        return {"opnieuw": len(offered), **{why: n for why, n in left.items() if n}}
