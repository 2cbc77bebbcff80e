"""Blocking an account for good while keeping it (``ruimteflow users blokkeren``): a leaver.

``users revoke`` (services.sessions.revoke_access) is for a stolen laptop or token: the account keeps its
password and single sign-on still finds it, so its owner logs in again. A blocked account
(``app_user.geblokkeerd_op`` set) gets in by no route: the password is refused as a wrong one
(services.users.authenticate), single sign-on refuses it (web.faces.oidc), no API token opens it
(services.users.by_token), no session of it counts (services.sessions.session_of), no command runs as it
(``check_may_act``: the command line's --as and --user), and nobody can be given a task on it
(services.policy.assignees). Blocking takes its token, ends its sessions and lets go of its
claimed tasks (``sessions.cut_off``, the steps of a revoke) in the same transaction, and refuses the last
active beheerder. The account, its role and groups, its lines in case histories and in ``account_event``
stay. ``unblock`` opens it again: its password works as before; a token only by ``users token``. It ends
every session and takes the token again, in the same transaction: a login or token that raced the block
(written after its cut-off) is refused while blocked but would otherwise open the account again. Both
changes are audited (``geblokkeerd``, ``gedeblokkeerd``) and logged.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from processes.constants import Role
from processes.errors import Conflict, ValidationError
from services import account_audit, account_beheerders, request_users, sessions, users
from services.clock import in_nl, in_utc
from services.platform import Platform
from services.store.models import User

log = logging.getLogger("ruimteflow.users")
#: the longest reason a block keeps (in its audit line)
MAX_REDEN = 500


def _since(moment: datetime | None) -> str | None:
    """A block's moment as the audit and the command line show it: Dutch time, with its offset."""
    return in_nl(moment).isoformat(timespec="seconds") if moment is not None else None


def _mark(s: Session, user: User, value: datetime | None) -> bool:
    """Set or clear the account's block only when it is not already so; False when it was. One
    conditional UPDATE: of two changes at once, the second finds it done (its row lock waits)."""
    already = User.geblokkeerd_op.is_not(None) if value is not None else User.geblokkeerd_op.is_(None)
    result = s.execute(
        update(User).where(User.id == user.id, ~already).values(geblokkeerd_op=value),
        execution_options={"synchronize_session": False},
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _checked_reason(reden: str | None) -> str | None:
    text = (reden or "").strip()
    if len(text) > MAX_REDEN:
        raise ValidationError(
            f"De reden is langer dan {MAX_REDEN} tekens.", code="reden-ongeldig", veld="reden"
        )
    return text or None


def check_may_act(platform: Platform, username: str) -> None:
    """A command run as the account ``username`` (the command line's --as and --user): refused before it
    does anything when the account is blocked (Conflict gebruiker-geblokkeerd), as every login is, or
    unknown (NotFound gebruiker-onbekend)."""
    _found, since = users.get_account(platform, username)
    if since is not None:
        why = f"zo'n account kan niets doen, ook niet via --as of --user (geblokkeerd sinds {_since(since)})"
        raise users.refused_blocked(username, f"{why}, en er is niets opgeslagen")


def block(
    platform: Platform, username: str, *, reden: str | None = None, door: str = account_audit.SYSTEM
) -> dict[str, Any]:
    """Block ``username``: no login by any route from now on; its token, sessions and claimed tasks go in
    the same transaction. Refused: an unknown account (NotFound gebruiker-onbekend), the last active
    beheerder (Conflict laatste-beheerder), an account already blocked (Conflict al-geblokkeerd); each
    changes nothing. ``reden`` (optional, at most 500 characters) is kept in the audit line, with the role
    and groups as they stand once the row is locked (an update that committed meanwhile: seen). Its locks
    are taken in the order of services.account_beheerders."""
    reason = _checked_reason(reden)
    now = in_utc(platform.clock.now())
    with platform.uow() as uow:
        s = uow.session
        beheerders = account_beheerders.lock_beheerders(s)  # first, always: it may be made one meanwhile
        user = users.account_row(s, username, lock=True)  # after those: read as it stands now
        if user.geblokkeerd_op is None and user.role == Role.BEHEERDER:
            account_beheerders.check_not_last_beheerder(beheerders, username, "blokkeren")
        since = _since(user.geblokkeerd_op)
        if not _mark(s, user, now):
            raise Conflict(
                f"Gebruiker '{username}' is al geblokkeerd{f' (sinds {since})' if since else ''}; er is "
                "niets gewijzigd.",
                code="al-geblokkeerd",
            )
        was, nu, released = sessions.cut_off(s, platform, user, reason=users.ACCOUNT_BLOCKED)
        nu["reden"] = reason
        account_audit.record(
            s, platform, username, "geblokkeerd", door=door, was=was, nu=nu, released=released
        )
        uow.commit()
    request_users.forget(username)
    said = sessions.cut_off_said(f"gebruiker {username} geblokkeerd", username, was, nu, released)
    return said | {"geblokkeerd_op": _since(now)}


def unblock(platform: Platform, username: str, *, door: str = account_audit.SYSTEM) -> dict[str, Any]:
    """Open a blocked account again: its password logs in as before; it has no API token until
    ``users token`` gives one. Every session of it ends and its token goes in the same transaction (one
    that raced the block would otherwise work again). Refused (changing nothing): an unknown account, one that is not blocked
    (Conflict niet-geblokkeerd)."""
    with platform.uow() as uow:
        s = uow.session
        user = users.account_row(s, username, lock=True)  # an update meanwhile: seen (the audit's "was")
        since = _since(user.geblokkeerd_op)
        if not _mark(s, user, None):
            raise Conflict(
                f"Gebruiker '{username}' is niet geblokkeerd; er is niets gewijzigd.", code="niet-geblokkeerd"
            )
        had_token, ended = sessions.close_logins(s, platform, user)
        kept = account_audit.state(user)
        was = kept | {"geblokkeerd_op": since, "token": had_token}
        nu = kept | {"geblokkeerd_op": None, "token": False, "sessies_beeindigd": ended}
        account_audit.record(s, platform, username, "gedeblokkeerd", door=door, was=was, nu=nu)
        uow.commit()
    request_users.forget(username)
    log.info(
        "gebruiker %s gedeblokkeerd (was geblokkeerd sinds %s): token %s, %d sessies beeindigd",
        username,
        since,
        sessions.token_word(had_token),
        ended,
    )
    return {
        "gebruiker": username,
        "gedeblokkeerd": True,
        "was_geblokkeerd_op": since,
        "token_ingetrokken": had_token,
        "sessies_beeindigd": ended,
    }
