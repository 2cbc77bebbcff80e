"""The status page behind a tracking code (``/status/<code>``): the case's public status, the messages an
initiator sends from it (aanvulling, zienswijze, bezwaar; intrekking and ingebrekestelling after a
confirmation step) and the download of the case's public documents."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, session, url_for

from processes.errors import NotFound, RuimteflowError, ValidationError
from services.documents.public import open_document
from services.status import lookup, message_catalog, view
from services.status import messages as public_messages
from services.status.messages import send_public_message as send_public
from services.status.refusal import refusal
from services.waits import timeline as waits_timeline
from web import indiening
from web.downloads import send_stored
from web.errors import stored_nothing
from web.faces.security import check_csrf, platform
from web.status import bp, posted_files
from web.status.volgcode import contact, looked_up
from web.uploads import on_too_large, too_large_detail


def _render_status(
    code: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    sent: str | None = None,
    status_code: int = 200,
    retry_after: int = 0,  # a message the case's budget refused: its form may be sent again from then
    later: bool = False,  # a message a failure of ours refused (web.errors.stored_nothing): to send later
    lines_page: int = 1,  # "Wat is er gebeurd?": the page its "Oudere regels tonen" asked
) -> Any:
    status = looked_up(view.public_status, platform(), code, default_contact=contact(), lines_page=lines_page)
    html = render_template(
        "status.html",
        s=status,
        code=code,
        tijdlijn_pagina=max(lines_page, 1),
        fouten=errors or {},
        waarden=values or {},
        verstuurd=sent,
        later=later,
        berichten=message_catalog.PUBLIC_MESSAGES,
        houders=waits_timeline.for_status_page(platform(), code),
        indiening=indiening.issue(indiening.MESSAGE_TOKENS, later=retry_after),
    )
    return html, status_code


#: the session key of the message this browser just sent on a status page (shown once, for that code)
_SENT = "status_verstuurd"


@bp.get("/status/<code>")
def page(code: str):  # type: ignore[no-untyped-def]
    """The status page; the thanks for a message only right after this browser sent it (from the session,
    never from the address: a crafted ``?verstuurd=intrekking`` said a running case was withdrawn)."""
    sent = session.get(_SENT)
    shown = sent.get("bericht") if isinstance(sent, dict) and sent.get("code") == code else None
    if shown is not None:  # said once; another case's page leaves it for its own
        session.pop(_SENT)
    page = request.args.get("tijdlijn", 1, type=int) or 1
    return _render_status(
        code, sent=shown if shown in message_catalog.PUBLIC_MESSAGES else None, lines_page=page
    )


@bp.post("/status/<code>/<bericht>")
def send(code: str, bericht: str):  # type: ignore[no-untyped-def]
    looked_up(lookup.check_code, platform(), code)
    msg = message_catalog.PUBLIC_MESSAGES.get(bericht)
    if msg is None:
        raise NotFound(message_catalog.NOT_A_PUBLIC_MESSAGE, code="bericht-niet-via-statuspagina")
    check_csrf()
    values = {
        "tekst": request.form.get("tekst", ""),
        "documenten": request.form.get("documenten", ""),
        "bevestigd": request.form.get("bevestigd", ""),
    }
    if msg.confirm and values["bevestigd"] != "ja":
        return _confirm(code, msg, values)
    token = indiening.posted(request.form, indiening.MESSAGE_TOKENS)
    try:
        sent = indiening.send_once(
            token,
            code,
            bericht,
            lambda bound: send_public(
                platform(), code, bericht, values, posted_files("document_"), before_commit=bound
            ),
        )
    except RuimteflowError as exc:  # the page again with what was typed, and why (and for 429 from when)
        # the message's one transaction was undone: a ConfigurationError (a broken rules file in the next
        # step) stored nothing of it either
        invalid, ours = isinstance(exc, ValidationError), stored_nothing(exc, undone=True)
        if not invalid and ours is None and exc.status not in (409, 429):
            raise
        # the case's message budget or a failure of ours: not the text
        field = "verzenden" if exc.status == 429 or ours else "tekst"
        errors = (exc.extra.get("fouten") if invalid else None) or {field: ours or exc.detail}
        html, status = _render_status(
            code,
            errors={f"{bericht}.{k}": v for k, v in errors.items()},
            values={f"{bericht}.{k}": v for k, v in values.items()},
            status_code=exc.status,  # the API's: 400 for bad input, 422 for a rule's refusal (no room left)
            retry_after=int(exc.extra.get("retry_after") or 0),
            later=ours is not None,
        )
        return html, status, {"Retry-After": str(int(exc.extra["retry_after"]))} if status == 429 else {}
    if sent:  # this post or an earlier one of the same form (a double click) registered it
        session[_SENT] = {"code": code, "bericht": bericht}
    return redirect(url_for("status.page", code=code) + "#acties", code=303)


def _confirm(code: str, msg: message_catalog.PublicMessage, values: dict[str, str]) -> Any:
    """The step before an irreversible message (an intrekking, an ingebrekestelling): what happens, and a
    button to go on."""
    if not public_messages.is_expected(platform(), code, msg.name):
        refused = refusal(platform(), code, msg.name)
        return _render_status(code, errors={f"{msg.name}.tekst": refused}, status_code=409)
    status = looked_up(view.public_status, platform(), code, default_contact=contact())
    token = request.form.get(indiening.FIELD, "")
    return render_template(
        "status_bevestigen.html", s=status, code=code, m=msg, tekst=values["tekst"], token=token
    )


@on_too_large("status.send")
def _send_too_large() -> Any:
    """A message whose files together pass the upload cap: the status page names the cap at the form
    (the form cannot be read, so what was typed is lost); a wrong code gets the ordinary refusal."""
    args = request.view_args or {}
    bericht = str(args.get("bericht", ""))
    if bericht not in message_catalog.PUBLIC_MESSAGES:
        return None
    try:
        return _render_status(
            str(args.get("code", "")), errors={f"{bericht}.tekst": too_large_detail()}, status_code=413
        )
    except RuimteflowError:
        return None


@bp.get("/status/<code>/documenten/<document_id>")
def document(code: str, document_id: str):  # type: ignore[no-untyped-def]
    """Download one of the initiator's own or openbare documents of the case."""
    case_id = looked_up(lookup.case_id_of, platform(), code)
    meta, stream = open_document(platform(), case_id, document_id)
    return send_stored(meta, stream)  # an attachment named with an extension of its content
