"""The single-use submission token of the application form in the browser's session.

The form page puts a fresh token in a hidden field and in the session (the last few, for several open
tabs); the database claim of services/status/submissions.py makes it single-use across processes. A
second post of the same form goes to the "ontvangen" page of the case the first one started.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, session, url_for

from services.status import submissions

FIELD = "indiening"
SESSION_KEY = "aanvraag_tokens"
KEEP = 5
EXPIRED = (
    "Het formulier is verlopen of niet via deze website geopend. Controleer uw gegevens en verstuur "
    "het opnieuw."
)
ALREADY_SENT = (
    "Dit formulier is al verstuurd. U krijgt een e-mail met de link naar uw aanvraag. Krijgt u die niet, "
    "open het formulier dan opnieuw."
)


def issue() -> str:
    """A fresh token for a form page, remembered in the session."""
    token = submissions.new_token()
    kept = [t for t in session.get(SESSION_KEY, []) if isinstance(t, str)][-(KEEP - 1) :]
    session[SESSION_KEY] = [*kept, token]
    return token


def posted(form: Any) -> str | None:
    """The token of the posted form when this session was given it, else None."""
    token = form.get(FIELD, "")
    return token if token and token in session.get(SESSION_KEY, []) else None


def again(process_id: str, token: str, case_id: int) -> Any:
    """The answer to a second post of one form: the first case's "ontvangen" page (303)."""
    from web.pages import error_page

    info = submissions.earlier_case(current_app.extensions["ruimteflow"], token, case_id)
    if info is None:
        return error_page(409, "Aanvraag al verstuurd", ALREADY_SENT)
    session["aanvraag"] = {**info, "proces": process_id}
    return redirect(url_for("status.received", process_id=process_id), code=303)
