"""Starting a signed-in session, shared by the local login (auth) and single sign-on (oidc)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for

from services import policy
from web import session_auth
from web.faces.security import csrf_token, safe_next


def home_of(user: dict[str, Any]) -> str:
    """Where an account lands after login: staff in the inbox, an initiator in "Mijn aanvragen"."""
    return url_for("inbox.index") if policy.is_staff(user) else url_for("mijn.index")


def finish_login(user: dict[str, Any], target: str | None) -> Any:
    """Start a fresh server-side session (and CSRF token) for a user who proved who they are."""
    session_auth.begin(user["gebruikersnaam"])
    csrf_token()
    flash(f"Welkom, {user['naam']}.", "succes")
    return redirect(safe_next(target, home_of(user)))
