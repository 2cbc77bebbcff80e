"""Writing an account's API token. Only its SHA-256 is kept (``token_hash``; services.users.by_token looks an
account up by it). A blocked account (services.account_block) holds no token: it would open nothing while
blocked, and the account again once it is unblocked. Both writes are one UPDATE of the row as it stands
once it is locked, not of the row as the caller read it: on PostgreSQL a block that commits while a token is
written waits for it or is seen by it, so no token is given to an account blocked meanwhile
(``write_token``) and a token given just before a block goes with it (``take_token``)."""

from __future__ import annotations

import hashlib

from sqlalchemy import case, null, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from services.store.models import User

#: the row is written by a Core UPDATE; the caller's ``User`` is brought up to date by hand
_ONE_ROW = {"synchronize_session": False}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def write_token(s: Session, user: User, token: str | None) -> str | None:
    """Store ``token``'s hash on the account (None: no token), unless it is blocked: then none. Returns the
    token given (None when blocked); ``user``'s token and block are as stored. Whether it is blocked is
    decided once, by the UPDATE's CASE; the row it wrote (RETURNING) tells the rest."""
    stored = case((User.geblokkeerd_op.is_(None), token_hash(token)), else_=null()) if token else None
    query = update(User).where(User.id == user.id).values(token_hash=stored)
    row = s.execute(query.returning(User.geblokkeerd_op, User.token_hash), execution_options=_ONE_ROW).one()
    set_committed_value(user, "geblokkeerd_op", row.geblokkeerd_op)
    set_committed_value(user, "token_hash", row.token_hash)
    return token if row.token_hash is not None else None


def take_token(s: Session, user: User) -> bool:
    """Remove the account's token; whether it had one."""
    query = update(User).where(User.id == user.id, User.token_hash.is_not(None)).values(token_hash=None)
    taken = s.execute(query, execution_options=_ONE_ROW)
    set_committed_value(user, "token_hash", None)
    return bool(taken.rowcount)  # type: ignore[attr-defined]
