"""The browser's login session: the signed cookie carries only a session id; the server decides.

``session_user()`` is the user of the current request's session (cached per request) or None when
there is none or it ended (logout, idle time, lifetime, user removed). ``begin`` starts a new
server-side session after a login (password or single sign-on) and revokes the one it replaces;
``end`` revokes it at logout. Both the faces and the API's cookie path ask ``session_user``.

A session that ended on its own (idle time, lifetime) leaves ``ENDED`` in the emptied cookie: the login
page says why ("U bent uitgelogd omdat u ... niet actief was") and forgets it. ``seconds_left`` and
``extend`` serve the faces' warning before the idle time ends (web/static/js/sessie.js).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, session

from services import sessions

SESSION_ID = "sid"
#: the cookie key that says why the last session ended on its own ("inactief" or "levensduur")
ENDED = "sessie_einde"


def platform() -> Any:
    """The Platform of the current request's app: the one home of this lookup for the faces, the API and the map."""
    return current_app.extensions["ruimteflow"]


def session_user() -> dict[str, Any] | None:
    if "session_user" in g:
        return g.session_user  # type: ignore[no-any-return]
    token = session.get(SESSION_ID)
    user, left = None, None
    if isinstance(token, str) and token:
        user, left = sessions.session_of(platform(), token)
        if user is None:
            why = sessions.ended_why(platform(), token)
            session.clear()  # ended on the server: forget it here too
            if why is not None:
                session[ENDED] = why
    g.session_user, g.session_seconds = user, left
    return user


def begin(username: str) -> None:
    """A fresh session (new id, empty cookie) for a user who just proved who they are."""
    old = session.get(SESSION_ID)
    session.clear()
    session[SESSION_ID] = sessions.start(platform(), username, replaces=old if isinstance(old, str) else None)
    g.pop("session_user", None)
    g.pop("user", None)


def seconds_left() -> int | None:
    """Seconds until the current session ends unless the browser asks something; None without one. Read
    with the session's user (``session_user``), not in a query of its own."""
    session_user()
    return g.get("session_seconds")


def extend() -> int | None:
    """ "Sessie verlengen": the current session counts as used now; its seconds left, None if it ended."""
    token = session.get(SESSION_ID)
    if not isinstance(token, str) or not token or session_user() is None:
        return None
    return sessions.touch(platform(), token)


def end() -> None:
    """Logout: revoke the server-side session and empty the cookie."""
    token = session.get(SESSION_ID)
    if isinstance(token, str) and token:
        sessions.end(platform(), token)
    session.clear()
    g.pop("session_user", None)
    g.pop("user", None)
