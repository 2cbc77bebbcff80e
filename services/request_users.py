"""The accounts one web request already read: authentication reads the caller once, and the use
cases of that request take it from here instead of reading the same row again.

The web layer opens a scope at the start of each request and closes it at its end (web/app hooks);
outside a request (CLI, worker, tests calling services) there is no scope and every lookup reads the
database. Nothing outlives the request, so a replaced token, a changed role or group counts on the
very next request. The rows kept are detached copies (their session is closed): read-only use.
"""

from __future__ import annotations

from contextvars import ContextVar

from services.store.models import User

_SCOPE: ContextVar[dict[str, User] | None] = ContextVar("ruimteflow_request_users", default=None)


def open_scope() -> None:
    _SCOPE.set({})


def close_scope() -> None:
    _SCOPE.set(None)


def remember(user: User) -> None:
    """Keep ``user`` (read in a session that is now closed, groups loaded) for this request."""
    scope = _SCOPE.get()
    if scope is not None:
        scope[user.username] = user


def forget(username: str) -> None:
    """The account changed in this request: read it again from the database."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.pop(username, None)


def known(username: str) -> User | None:
    scope = _SCOPE.get()
    return scope.get(username) if scope is not None else None
