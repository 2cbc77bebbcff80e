"""The browser's login session: the signed cookie carries only a session id; the server decides.

``session_user()`` is the user of the current request's session (cached per request) or None when
there is none or it ended (logout, idle time, lifetime, user removed). ``begin`` starts a new
server-side session after a login (password or single sign-on) and revokes the one it replaces;
``end`` revokes it at logout. Both the faces and the API's cookie path ask ``session_user``.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, session

from services import sessions

SESSION_ID = "sid"


def _platform() -> Any:
    return current_app.extensions["ruimteflow"]


def session_user() -> dict[str, Any] | None:
    if "session_user" in g:
        return g.session_user  # type: ignore[no-any-return]
    token = session.get(SESSION_ID)
    user = None
    if isinstance(token, str) and token:
        user = sessions.user_of(_platform(), token)
        if user is None:
            session.clear()  # ended on the server: forget it here too
    g.session_user = user
    return user


def begin(username: str) -> None:
    """A fresh session (new id, empty cookie) for a user who just proved who they are."""
    old = session.get(SESSION_ID)
    session.clear()
    session[SESSION_ID] = sessions.start(
        _platform(), username, replaces=old if isinstance(old, str) else None
    )
    g.pop("session_user", None)
    g.pop("user", None)


def end() -> None:
    """Logout: revoke the server-side session and empty the cookie."""
    token = session.get(SESSION_ID)
    if isinstance(token, str) and token:
        sessions.end(_platform(), token)
    session.clear()
    g.pop("session_user", None)
    g.pop("user", None)
