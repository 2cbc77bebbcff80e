"""Session login, roles and CSRF for the faces (no extra dependency).

Who is logged in is decided on the server (web.session_auth, services.sessions): the cookie holds
only a session id that logout revokes. Return targets (``volgende``, ``terug``) pass ``safe_next``.

The CSRF token lives in the signed session cookie; every POST to a face must echo it in the form
field ``csrf_token`` (or the ``X-CSRF-Token`` header for scripts). The API (/api/v1) is not covered:
it uses bearer tokens, and session-cookie calls to it are protected by SameSite=Lax.
"""

from __future__ import annotations

import functools
import hmac
import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for

from processes.errors import ValidationError
from services import policy, users
from web.session_auth import platform as platform
from web.session_auth import session_user

F = TypeVar("F", bound=Callable[..., Any])
STAFF_ROLES = policy.STAFF_ROLES  # who decides: services.policy


class CsrfFailed(ValidationError):
    code = "csrf-ongeldig"
    title = "Formulier verlopen"
    status = 400


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


def check_csrf() -> None:
    """Refuse a POST whose token does not match the session's (constant-time compare)."""
    expected = session.get("csrf")
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    # compared as bytes: compare_digest refuses non-ASCII text with a TypeError (a 500)
    if not expected or not hmac.compare_digest(str(expected).encode(), str(sent).encode()):
        raise CsrfFailed(
            "Het formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw en "
            "probeer het nog eens."
        )


def current_user() -> dict[str, Any] | None:
    """The logged-in user (cached per request), or None."""
    if "user" in g:
        return g.user  # type: ignore[no-any-return]
    user = session_user()
    g.user = user
    return user


def return_target() -> str:
    """Where the login page sends a user back: this page; for a form sent (a POST, whose body a login
    cannot keep) the page it was sent from, when that is on this site. There web/static/js/sessie.js
    puts back what was typed in a form marked ``data-bewaren``."""
    if request.method != "GET" and request.referrer:
        sent_from = urlsplit(request.referrer)
        if sent_from.netloc == request.host and sent_from.path:
            page = sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")
            return safe_next(page, request.path)
    return request.full_path.rstrip("?")


def login_required(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            return redirect(url_for("auth.login", volgende=return_target()))
        policy.check_staff(user, "Deze omgeving is voor medewerkers. Volg uw aanvraag via de statuspagina.")
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("auth.login", volgende=return_target()))
            names = " of ".join(users.ROLES.get(r, r).lower() for r in roles)
            policy.check_role(user, roles, f"Deze pagina is alleen voor de rol {names}.")
            return fn(*args, **kwargs)

        return login_required(wrapper)  # type: ignore[return-value]

    return decorate


def me() -> dict[str, Any]:
    """The current user inside a view that is login_required."""
    user = current_user()
    assert user is not None
    return user


#: C0 controls, DEL and C1 controls: browsers drop TAB/CR/LF from URLs, so '/\t/evil' means '//evil'.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_next(target: str | None, default: str) -> str:
    """Only a same-origin relative path, after stripping control characters; else ``default``."""
    if not target:
        return default
    path = _CONTROL.sub("", target)
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return default
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return default
    return path
