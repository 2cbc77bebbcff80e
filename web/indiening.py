"""The single-use submission token of the application form, of the status page's message forms and of
the officer's "Bericht registreren" form on the case page (web/faces/zaken.py), in the browser's session.
It lives in ``web`` itself, since both web.status and web.faces use it.

The form page puts a fresh token in a hidden field and in the session (the last few, for several open
tabs; the status page keeps its own few, ``MESSAGE_TOKENS``); the database claim of
services/status/submissions.py makes it single-use across processes. A second post of the same
application form goes to the "ontvangen" page of the case the first one started; a second post of the
same message form (double click, back and send again) registers nothing and goes to the status page. A
post after a refused one (bad input, a budget, a failure of ours) is sent as a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, redirect, session, url_for

from processes.errors import ValidationError
from services.status import submissions
from services.status.submissions import Bind

FIELD = "indiening"
SESSION_KEY = "aanvraag_tokens"
#: the tokens of the status page's message forms (apart: a status page viewed often leaves a form's alone)
MESSAGE_TOKENS = "bericht_tokens"
#: the tokens of the officer's letter forms: one per case page viewed, so more are kept (several cases open)
LETTER_TOKENS = "brief_tokens"
RECEIVED_KEY = "aanvraag"
KEEP = 5
#: how many tokens a session keeps per key (default KEEP)
KEEP_OF = {LETTER_TOKENS: 12}
#: how long a form page may be open before it is sent (its token then expires)
FORM_SECONDS = 4 * 3600
#: how long the "ontvangen" page shows the tracking link in the browser that sent the form: the session
#: cookie is signed, not encrypted, and may outlive the visit on a shared computer, so it holds only the
#: case's id and the moment, never the tracking code
RECEIVED_SECONDS = 30 * 60
EXPIRED = (
    "Het formulier is verlopen of niet via deze website geopend. Controleer uw gegevens en verstuur "
    "het opnieuw."
)
#: a post while an earlier post of the same form still runs: that one may yet be refused, so this page
#: does not say the application was received
STILL_RUNNING = (
    "Dit formulier is al verstuurd en wordt nog verwerkt. Is de aanvraag ontvangen, dan krijgt u een "
    "e-mail met de link naar uw aanvraag. Krijgt u die niet binnen enkele minuten, open het formulier "
    "dan opnieuw en verstuur het nog eens."
)


def _now() -> float:
    return float(current_app.extensions["ruimteflow"].clock.now().timestamp())


def _issued(key: str) -> list[tuple[str, float]]:
    """The tokens this session was given, with the moment each was given (older entries are dropped)."""
    out = []
    for item in session.get(key, []):
        if isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str):
            out.append((item[0], float(item[1])))
    return out


def issue(key: str = SESSION_KEY, *, later: float = 0.0) -> str:
    """A fresh token for a form page, remembered in the session with the moment it was given; ``later``
    seconds on for a form a budget refused until then (its FORM_SECONDS count from when it may be sent)."""
    token = submissions.new_token()
    kept = _issued(key)[-(KEEP_OF.get(key, KEEP) - 1) :]
    session[key] = [*kept, (token, _now() + max(0.0, later))]
    return token


def posted(form: Any, key: str = SESSION_KEY) -> str | None:
    """The token of the posted form when this session was given it less than FORM_SECONDS ago, else None."""
    token = form.get(FIELD, "")
    given = dict(_issued(key)).get(token)
    return token if token and given is not None and _now() - given <= FORM_SECONDS else None


def send_once(token: str | None, code: str, bericht: str, send: Callable[[Bind], int]) -> bool:
    """Send message ``bericht`` of the status page of ``code`` (``send`` returns the case's id) once per
    form (services.status.submissions ``once``; ``send`` runs the ``Bind`` it gets in the transaction that
    takes the message): the claim is on the token with the code and the
    message, so another form of the page has its own. True when this post or an earlier one of the same
    form registered it; False while an earlier one still runs. A post after a refused one is sent itself;
    one without a token of this session (``posted``'s None) is refused, nothing sent. The case page's
    letter form claims with ``code`` "zaak:<case id>" and ``bericht`` "brief"."""
    if token is None:
        raise ValidationError(EXPIRED, code="formulier-verlopen")
    platform = current_app.extensions["ruimteflow"]
    return submissions.once(platform, f"{token}\x00{code}\x00{bericht}", send) is not None


def apply_once(process_id: str, token: str, send: Callable[[Bind], int]) -> Any:
    """Start one case per application form (``send`` starts it, running the ``Bind`` it gets in the case's
    transaction, and returns its id): the "ontvangen" page
    (303) of the case this post or an earlier one of the form started; 409 while an earlier one still
    runs. A post after a refused one is sent itself: what ``send`` raises (the form's errors) goes up."""
    from web.pages import error_page

    case_id = submissions.once(current_app.extensions["ruimteflow"], token, send)
    if case_id is None:
        return error_page(409, "Aanvraag wordt nog verwerkt", STILL_RUNNING)
    remember(process_id, case_id)
    return redirect(url_for("status.received", process_id=process_id), code=303)


def remember(process_id: str, case_id: int) -> None:
    """The "ontvangen" page of this browser may show the case the form just started (for a while)."""
    session[RECEIVED_KEY] = {"id": case_id, "proces": process_id, "sinds": _now()}


def received(process_id: str) -> tuple[bool, dict[str, Any] | None]:
    """(whether this browser sent a form of ``process_id``, the case it started while the page may still
    show it, with its tracking code read from the store)."""
    info = session.get(RECEIVED_KEY)
    if not isinstance(info, dict) or info.get("proces") != process_id or not isinstance(info.get("id"), int):
        return False, None
    if _now() - float(info.get("sinds") or 0) > RECEIVED_SECONDS:
        return True, None
    return True, submissions.started_case(current_app.extensions["ruimteflow"], info["id"])
