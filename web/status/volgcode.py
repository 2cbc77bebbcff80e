"""A case looked up by its tracking code (volgcode) on the public pages: wrong and expired codes are counted
per client address in the database (so across processes and restarts); after ``max`` wrong codes within the
window (a minute by default) that address gets 429 for every code (also a right one).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from services.ratelimit import Budget, StoredFailureLimiter, TooManyAttempts, wait_phrase
from services.status import lookup, view
from web.faces.security import platform

LIMITER_KEY = "ruimteflow_status_limiter"
DEFAULT_MAX_WRONG = 10
DEFAULT_WINDOW = 60.0


def limiter() -> StoredFailureLimiter:
    """One limiter per app on the database (shared by processes, kept over restarts), built on first
    use from STATUS_MAX_WRONG_CODES / STATUS_WRONG_CODE_WINDOW or the settings."""
    found = current_app.extensions.get(LIMITER_KEY)
    if found is None:
        settings = platform().settings
        max_wrong = int(
            current_app.config.get("STATUS_MAX_WRONG_CODES")
            or getattr(settings, "status_max_wrong_codes", 0)
            or DEFAULT_MAX_WRONG
        )
        window = float(
            current_app.config.get("STATUS_WRONG_CODE_WINDOW")
            or getattr(settings, "status_wrong_code_window", 0)
            or DEFAULT_WINDOW
        )
        budget = Budget("status-address", max_wrong, window)
        found = current_app.extensions.setdefault(LIMITER_KEY, StoredFailureLimiter(platform(), budget))
    return found  # type: ignore[no-any-return]


def contact() -> str:
    return str(
        current_app.config.get("GEMEENTE_CONTACT")
        or getattr(platform().settings, "gemeente_contact", "")
        or view.DEFAULT_CONTACT
    )


def client() -> str:
    return request.remote_addr or "onbekend"


def guard() -> None:
    limits = limiter()
    if limits.blocked(client()):
        wait = limits.retry_after(client())
        raise TooManyAttempts(
            f"U heeft te vaak een onjuiste volgcode gebruikt. {wait_phrase(wait)} en probeer het "
            "opnieuw met de link uit uw ontvangstbevestiging.",
            retry_after=wait,
        )


def looked_up(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a lookup by code; count a wrong or expired code against the client's address (an expired
    code costs as much as a wrong one: its own answer, 410 with the contact line, is no cheaper oracle)."""
    guard()
    try:
        return fn(*args, **kwargs)
    except lookup.ExpiredCode:
        limiter().fail(client())
        raise lookup.expired_code(contact()) from None
    except lookup.UnknownCode:
        limiter().fail(client())
        raise
