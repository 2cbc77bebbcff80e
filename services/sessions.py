"""Login sessions held on the server, and the login itself with its throttle.

The browser keeps only a random session id (in Flask's signed cookie); the ``user_session`` row it
refers to holds its SHA-256, the user, and when it was created, last seen and revoked. A session
is valid while it is not revoked, was seen within ``Settings.session_idle_minutes`` and is younger
than ``Settings.session_max_hours``. Logout revokes the row, so a copied cookie is worthless
afterwards; a new login revokes the session it replaces (no session fixation).

``login`` checks a password under two budgets held in the database (``services.ratelimit``): per
account and per client address. While either is used up even the right password is refused with
``TooManyAttempts`` (HTTP 429); a successful login clears the account's failures.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from processes.errors import Unauthorized
from services import account_audit, api_tokens, ratelimit, request_users, session_ends, task_holding, users
from services.clock import in_utc
from services.platform import Platform
from services.ratelimit import Budget, TooManyAttempts
from services.store.models import User, UserSession

log = logging.getLogger("ruimteflow.users")
#: last_seen_at is written at most this often per session (a GET should rarely write).
TOUCH_SECONDS = 60


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now(platform: Platform) -> datetime:
    return in_utc(platform.clock.now())


def start(platform: Platform, username: str, *, replaces: str | None = None) -> str:
    """A new session for ``username``; returns its id for the cookie. ``replaces`` is revoked."""
    token = secrets.token_urlsafe(32)
    now = _now(platform)
    max_age = timedelta(hours=platform.settings.session_max_hours)
    with platform.uow() as uow:
        s = uow.session
        if replaces:
            session_ends.revoke(s, now, UserSession.token_hash == _hash(replaces))
        s.execute(
            delete(UserSession).where(UserSession.created_at <= now - max_age)
        )  # can never be valid again
        s.add(UserSession(token_hash=_hash(token), username=username, created_at=now, last_seen_at=now))
        uow.commit()
    return token


def user_of(platform: Platform, token: str) -> dict[str, Any] | None:
    """The user of a valid session, or None (unknown, revoked, idle too long, too old, user gone or blocked)."""
    return session_of(platform, token)[0]


def session_of(platform: Platform, token: str) -> tuple[dict[str, Any] | None, int | None]:
    """``user_of`` and the session's seconds left (``_seconds_left``, as of this use of it), read from the
    one session row: the faces' warning before the idle time ends (web/static/js/sessie.js) counts
    down from them. (None, None) when the session is not valid."""
    now = _now(platform)
    with platform.uow(write=False) as uow:
        s = uow.session
        row = _valid_row(s, platform, token, now)
        if row is None:
            return None, None
        user = s.scalars(select(User).where(User.username == row.username)).first()
        if user is None or user.geblokkeerd_op is not None:  # gone, or blocked (services.account_block)
            return None, None
        found = users.user_dict(user)
        stale = (now - in_utc(row.last_seen_at)).total_seconds() >= TOUCH_SECONDS
        left = _seconds_left(platform, row, now, now if stale else row.last_seen_at)
        session_id = row.id
    request_users.remember(user)  # this request's use cases read the caller from here
    if stale:
        with platform.uow() as uow:
            uow.session.execute(
                update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
            )
            uow.commit()
    return found, left


def _valid_row(s: Any, platform: Platform, token: str, now: datetime) -> UserSession | None:
    settings = platform.settings
    return s.scalars(  # type: ignore[no-any-return]
        select(UserSession).where(
            UserSession.token_hash == _hash(token),
            UserSession.revoked_at.is_(None),
            UserSession.last_seen_at > now - timedelta(minutes=settings.session_idle_minutes),
            UserSession.created_at > now - timedelta(hours=settings.session_max_hours),
        )
    ).first()


def _seconds_left(platform: Platform, row: UserSession, now: datetime, seen: datetime) -> int:
    """Seconds until the session ends: idle time from ``seen``, or its lifetime if that comes first."""
    settings = platform.settings
    idle_end = in_utc(seen) + timedelta(minutes=settings.session_idle_minutes)
    life_end = in_utc(row.created_at) + timedelta(hours=settings.session_max_hours)
    return max(0, int((min(idle_end, life_end) - now).total_seconds()))


def touch(platform: Platform, token: str) -> int | None:
    """ "Sessie verlengen": the session counts as used now (whatever TOUCH_SECONDS says); returns its
    seconds left as ``session_of`` gives them, None when it had already ended (it is not revived)."""
    now = _now(platform)
    with platform.uow() as uow:
        row = _valid_row(uow.session, platform, token, now)
        if row is None:
            return None
        row.last_seen_at = now
        left = _seconds_left(platform, row, now, now)
        uow.commit()
    return left


def ended_why(platform: Platform, token: str) -> str | None:
    """Why a session that is no longer valid ended on its own: "inactief" (idle time passed) or
    "levensduur" (session_max_hours passed); None when it was ended (logout, new login) or is unknown."""
    now = _now(platform)
    settings = platform.settings
    with platform.uow(write=False) as uow:
        row = uow.session.scalars(select(UserSession).where(UserSession.token_hash == _hash(token))).first()
        if row is None or row.revoked_at is not None:
            return None
        if in_utc(row.created_at) <= now - timedelta(hours=settings.session_max_hours):
            return "levensduur"
        if in_utc(row.last_seen_at) <= now - timedelta(minutes=settings.session_idle_minutes):
            return "inactief"
    return None


def end(platform: Platform, token: str) -> None:
    """Logout: the session can never be used again."""
    with platform.uow() as uow:
        session_ends.revoke(uow.session, _now(platform), UserSession.token_hash == _hash(token))
        uow.commit()


def revoke_access(platform: Platform, username: str, *, door: str = account_audit.SYSTEM) -> dict[str, Any]:
    """Revoke a user's API token, end every session and let go of every task it has claimed, in one
    transaction (a stolen laptop or token). The account stays; ``users.new_token`` gives it a new token,
    a login a new session. So the last beheerder too may be revoked: it keeps its role. A leaver is
    blocked instead (services.account_block), which takes the same steps and keeps the account closed."""
    with platform.uow() as uow:
        s = uow.session
        user = users.account_row(s, username, lock=True)  # a block or an update meanwhile: seen
        was, nu, released = cut_off(s, platform, user, reason=users.ACCESS_REVOKED)
        account_audit.record(
            s, platform, username, "toegang-ingetrokken", door=door, was=was, nu=nu, released=released
        )
        uow.commit()
    return cut_off_said(f"toegang van gebruiker {username} ingetrokken", username, was, nu, released)


def cut_off(
    s: Any, platform: Platform, user: User, *, reason: str
) -> tuple[dict[str, Any], dict[str, Any], int]:
    """In the caller's transaction: take the account's API token, end every session and let go of every
    task it has claimed (their case histories name ``reason``). Returns what the audit keeps before
    (role, groups, whether it had a token) and after (no token, the sessions ended), and the tasks let go."""
    had_token, ended = close_logins(s, platform, user)
    released = task_holding.release_claims(s, platform, user.username, reason=reason, every=True)
    was = account_audit.state(user) | {"token": had_token}
    return was, {"token": False, "sessies_beeindigd": ended}, released


def close_logins(s: Any, platform: Platform, user: User) -> tuple[bool, int]:
    """In the caller's transaction: take the account's API token and end every session of it. Returns
    whether it had a token and how many sessions ended (``cut_off``; ``account_block.unblock``)."""
    return api_tokens.take_token(s, user), session_ends.end_every(s, platform, user.username)


def cut_off_said(
    said: str, username: str, was: dict[str, Any], nu: dict[str, Any], released: int
) -> dict[str, Any]:
    """Log what ``cut_off`` did (``said``: what happened to whom) and give the command's answer."""
    ended = nu["sessies_beeindigd"]
    token = token_word(was["token"])
    log.info("%s: token %s, %d sessies beeindigd, %d taken vrijgegeven", said, token, ended, released)
    return {
        "gebruiker": username,
        "token_ingetrokken": was["token"],
        "sessies_beeindigd": ended,
        "taken_vrijgegeven": released,
    }


def token_word(had_token: bool) -> str:
    """What became of the account's token, as the log lines of a cut-off say it."""
    return "ingetrokken" if had_token else "was er niet"


def forget(s: Any, username: str) -> int:
    """Delete every session row of an account, ended or not (an anonymised account's name must not
    stay in them); returns how many were still valid or not yet ended."""
    open_ones = s.scalar(
        select(func.count(UserSession.id)).where(
            UserSession.username == username, UserSession.revoked_at.is_(None)
        )
    )
    s.execute(delete(UserSession).where(UserSession.username == username))
    return int(open_ones or 0)


# -- login ------------------------------------------------------------------------------------------------
def login_budgets(platform: Platform, username: str, address: str) -> list[tuple[Budget, str]]:
    settings = platform.settings
    window = settings.login_window_minutes * 60.0
    return [
        (Budget("login-account", settings.login_max_failures_per_account, window), username),
        (Budget("login-address", settings.login_max_failures_per_address, window), address),
    ]


def login(platform: Platform, username: str, password: str, *, address: str) -> dict[str, Any]:
    """Check a password under the per-account and per-address throttle; returns the user.

    Raises ``TooManyAttempts`` while throttled (even for the right password) and ``Unauthorized``
    for a wrong name or password, which then counts against both budgets.
    """
    if not username or not password:  # a blank form guesses nothing: refused without counting
        raise Unauthorized("Vul uw gebruikersnaam en wachtwoord in.", code="inloggen-leeg")
    budgets = login_budgets(platform, username, address or "onbekend")
    wait, pending = ratelimit.charge(platform, budgets)
    if wait:
        raise TooManyAttempts(
            "Te veel mislukte inlogpogingen voor dit account of vanaf dit adres. "
            f"{ratelimit.wait_phrase(wait)} en probeer het dan opnieuw.",
            code="inloggen-geblokkeerd",
            retry_after=wait,
        )
    user = users.authenticate(platform, username, password)  # a wrong password leaves the failures counted
    ratelimit.settle(platform, pending, reset=budgets[:1])
    return user
