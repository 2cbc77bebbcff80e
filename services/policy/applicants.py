"""Whose case it is: the initiator accounts of a case, read both ways. An initiator account's cases are
the ones it started while logged in (``zaak.started_by``) or that were applied for with its verified
e-mail address (``app_user.email``); a case's applicant accounts are the initiator accounts that hold it
so ("Mijn aanvragen" reads the first, the case's status page the second: services/documents/public.py)."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from processes.constants import Role
from services.store.models import Case, User


class Account(Protocol):
    """What the rule reads of an account (policy.Actor)."""

    @property
    def username(self) -> str | None: ...

    @property
    def email(self) -> str | None: ...


def normal_email(address: str | None) -> str | None:
    """An e-mail address as cases and accounts store it (trimmed, lower case), None when empty."""
    text = (address or "").strip().lower()
    return text or None


def own_cases(actor: Account) -> Any:
    """The cases of an initiator account: started by it, or applied for with its e-mail address."""
    if not actor.username:
        return Case.id.is_(None)
    mine = Case.started_by == actor.username
    return or_(mine, Case.initiator_email == actor.email) if actor.email else mine


def applicant_accounts(s: Session, case: Case) -> frozenset[str]:
    """The initiator accounts whose case ``case`` is, by the rule of ``own_cases`` read the other way."""
    started = User.username == case.started_by if case.started_by else false()
    by_mail = User.email == case.initiator_email if case.initiator_email else false()
    named = select(User.username).where(User.role == Role.INITIATIEFNEMER, or_(started, by_mail))
    return frozenset(s.scalars(named).all())
