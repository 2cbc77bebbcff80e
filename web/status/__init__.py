"""Public faces for initiators: the status page behind a tracking code and the application forms.

Routes: ``/status/<code>`` (page), ``POST /status/<code>/<bericht>`` (aanvulling, zienswijze, bezwaar;
intrekking and ingebrekestelling after a confirmation step), ``/aanvragen`` and ``/aanvragen/<process_id>``
(start a case), and the JSON twin ``/api/v1/status/<code>``. No login. Wrong codes are counted per client
address in the database (so across processes and restarts); after ``max`` wrong codes within the window (a
minute by default) that address gets 429 for every code (also a right one).
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast
from urllib.parse import quote

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from processes.errors import NotFound, RuimteflowError, ValidationError
from services import public_url
from services.documents.public import PublicFile, open_document
from services.ratelimit import Budget, StoredFailureLimiter, TooManyAttempts, wait_phrase
from services.status import application_forms, intake, lookup, submissions, view
from services.status import messages as public_messages
from services.status.messages import send_public_message as send_public
from services.waits import timeline as waits_timeline
from web import indiening
from web.faces.security import check_csrf, csrf_token, current_user
from web.status import hulp
from web.status.datums import dutch_date
from web.uploads import on_too_large, too_large_detail

bp = Blueprint("status", __name__)
api_bp = Blueprint("status_api", __name__, url_prefix="/api/v1/status")
MULTI_FIELDS = {"activiteiten"}
LIMITER_KEY = "ruimteflow_status_limiter"
DEFAULT_MAX_WRONG = 10
DEFAULT_WINDOW = 60.0
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.add_template_filter(dutch_date, "nl_datum")
    hulp.init_app(app)


def _platform() -> Any:
    return current_app.extensions["ruimteflow"]


def _limiter() -> StoredFailureLimiter:
    """One limiter per app on the database (shared by processes, kept over restarts), built on first
    use from STATUS_MAX_WRONG_CODES / STATUS_WRONG_CODE_WINDOW or the settings."""
    limiter = current_app.extensions.get(LIMITER_KEY)
    if limiter is None:
        settings = _platform().settings
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
        limiter = current_app.extensions.setdefault(LIMITER_KEY, StoredFailureLimiter(_platform(), budget))
    return limiter  # type: ignore[no-any-return]


def _contact() -> str:
    return str(
        current_app.config.get("GEMEENTE_CONTACT")
        or getattr(_platform().settings, "gemeente_contact", "")
        or view.DEFAULT_CONTACT
    )


def _client() -> str:
    return request.remote_addr or "onbekend"


def _guard() -> None:
    limiter = _limiter()
    if limiter.blocked(_client()):
        wait = limiter.retry_after(_client())
        raise TooManyAttempts(
            f"U heeft te vaak een onjuiste volgcode gebruikt. {wait_phrase(wait)} en probeer het "
            "opnieuw met de link uit uw ontvangstbevestiging.",
            retry_after=wait,
        )


def _looked_up(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a lookup by code; count a wrong or expired code against the client's address (an expired
    code costs as much as a wrong one: its own answer, 410 with the contact line, is no cheaper oracle)."""
    _guard()
    try:
        return fn(*args, **kwargs)
    except lookup.ExpiredCode:
        _limiter().fail(_client())
        raise lookup.expired_code(_contact()) from None
    except lookup.UnknownCode:
        _limiter().fail(_client())
        raise


# -- CSRF: the same session token and form field as the staff faces (web.faces.security)


@bp.context_processor
def _template_globals() -> dict[str, Any]:
    return {"csrf_token": csrf_token, "current_user": None, "nav_items": [], "publiek": True}


@bp.after_request
def _headers(resp: Response) -> Response:
    resp.headers.setdefault("Content-Security-Policy", CSP)
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("Cache-Control", "no-store")
    resp.headers.setdefault("Referrer-Policy", "no-referrer")  # the code is in the URL: never leak it
    return resp


# -- status page ------------------------------------------------------------------------------------
def _render_status(
    code: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    sent: str | None = None,
    status_code: int = 200,
    retry_after: int = 0,  # a message the case's budget refused: its form may be sent again from then
) -> Any:
    status = _looked_up(view.public_status, _platform(), code, default_contact=_contact())
    html = render_template(
        "status.html",
        s=status,
        code=code,
        fouten=errors or {},
        waarden=values or {},
        verstuurd=sent,
        berichten=public_messages.PUBLIC_MESSAGES,
        houders=waits_timeline.for_status_page(_platform(), code),
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
    return _render_status(code, sent=shown if shown in public_messages.PUBLIC_MESSAGES else None)


@bp.post("/status/<code>/<bericht>")
def send(code: str, bericht: str):  # type: ignore[no-untyped-def]
    _looked_up(lookup.check_code, _platform(), code)
    msg = public_messages.PUBLIC_MESSAGES.get(bericht)
    if msg is None:
        raise NotFound(public_messages.NOT_A_PUBLIC_MESSAGE, code="bericht-niet-via-statuspagina")
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
            token, code, bericht, lambda: send_public(_platform(), code, bericht, values, _files("document_"))
        )
    except RuimteflowError as exc:  # the page again with what was typed, and why (and for 429 from when)
        invalid = isinstance(exc, ValidationError)
        if not invalid and exc.status not in (409, 429):
            raise
        field = "verzenden" if exc.status == 429 else "tekst"  # the case's message budget: not the text
        errors = (exc.extra.get("fouten") if invalid else None) or {field: exc.detail}
        html, status = _render_status(
            code,
            errors={f"{bericht}.{k}": v for k, v in errors.items()},
            values={f"{bericht}.{k}": v for k, v in values.items()},
            status_code=400 if invalid else exc.status,
            retry_after=int(exc.extra.get("retry_after") or 0),
        )
        return html, status, {"Retry-After": str(int(exc.extra["retry_after"]))} if status == 429 else {}
    if sent:  # this post or an earlier one of the same form (a double click) registered it
        session[_SENT] = {"code": code, "bericht": bericht}
    return redirect(url_for("status.page", code=code) + "#acties", code=303)


def _confirm(code: str, msg: public_messages.PublicMessage, values: dict[str, str]) -> Any:
    """The step before an irreversible message (an intrekking, an ingebrekestelling): what happens, and a
    button to go on."""
    if not public_messages.is_expected(_platform(), code, msg.name):
        return _render_status(code, errors={f"{msg.name}.tekst": msg.not_expected}, status_code=409)
    status = _looked_up(view.public_status, _platform(), code, default_contact=_contact())
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
    if bericht not in public_messages.PUBLIC_MESSAGES:
        return None
    try:
        return _render_status(
            str(args.get("code", "")), errors={f"{bericht}.tekst": too_large_detail()}, status_code=413
        )
    except RuimteflowError:
        return None


def _files(prefix: str) -> list[PublicFile]:
    """The files posted in inputs named ``prefix`` (type bijlage) or ``prefix<type>`` (that type)."""
    out = []
    for key, upload in request.files.items(multi=True):
        if not upload or not upload.filename or not key.startswith(prefix):
            continue
        kind = "bijlage" if key == prefix else key.removeprefix(prefix)
        out.append(PublicFile(upload.filename, cast(BinaryIO, upload.stream), kind))
    return out


@bp.get("/status/<code>/documenten/<document_id>")
def document(code: str, document_id: str):  # type: ignore[no-untyped-def]
    """Download one of the initiator's own or openbare documents of the case."""
    case_id = _looked_up(lookup.case_id_of, _platform(), code)
    meta, stream = open_document(_platform(), case_id, document_id)

    def chunks() -> Any:
        with stream:  # closed when the answer is sent or dropped
            while chunk := stream.read(256 * 1024):
                yield chunk

    resp = Response(chunks(), mimetype=meta["mime_type"], direct_passthrough=True)
    resp.headers["Content-Length"] = str(meta["grootte"])
    resp.headers["X-Content-Type-Options"] = "nosniff"
    ascii_name = meta["bestandsnaam"].encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(meta['bestandsnaam'])}"
    )
    return resp


# -- application forms ------------------------------------------------------------------------------
@bp.get("/aanvragen")
def applications():  # type: ignore[no-untyped-def]
    return render_template("aanvragen.html", formulieren=application_forms.deployed_forms(_platform()))


def _form_or_404(process_id: str) -> application_forms.ApplicationForm:
    form = application_forms.application_form(process_id)
    if form not in application_forms.deployed_forms(_platform()):
        raise NotFound(f"Voor '{process_id}' is er geen aanvraagformulier.", code="aanvraag-onbekend")
    return form


def _render_form(
    form: application_forms.ApplicationForm,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Any:
    from web.kaart import csp, start_view

    settings = _platform().settings
    account = intake.applicant_account(_platform(), _username())
    if account is not None and account.email and "email" not in values:
        values = {**values, "email": account.email}  # an account applies with its own address
    html = render_template(
        "aanvragen_formulier.html",
        formulier=form,
        algemeen=application_forms.COMMON_FIELDS,
        account=account,
        waarden=values,
        fouten=errors,
        indiening=indiening.issue(),
        tile_url=settings.tile_url,
        start=",".join(str(v) for v in start_view()),
    )
    resp = Response(html, status=status_code, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = csp(settings.tile_url)
    return resp


def _username() -> str | None:
    """The account logged in on this browser, if any (the public form works without one)."""
    user = current_user()
    return str(user["gebruikersnaam"]) if user else None


@bp.get("/aanvragen/<process_id>")
def application_form(process_id: str):  # type: ignore[no-untyped-def]
    return _render_form(_form_or_404(process_id), {}, {})


@bp.post("/aanvragen/<process_id>")
def submit(process_id: str):  # type: ignore[no-untyped-def]
    """Start one case per form: a second post of the same form goes to the first one's page."""
    form = _form_or_404(process_id)
    check_csrf()
    values: dict[str, Any] = {
        k: v if len(v) > 1 or k in MULTI_FIELDS else v[0]
        for k, v in request.form.to_dict(flat=False).items()
        if k not in ("csrf_token", indiening.FIELD)
    }
    token = indiening.posted(request.form)
    if token is None:
        return _render_form(form, values, {"algemeen": indiening.EXPIRED}, 400)
    earlier = submissions.claim(_platform(), token)
    if earlier is not None:
        return indiening.again(process_id, token, earlier)
    try:
        result = intake.submit_application(
            _platform(), process_id, values, _files("bijlagen"), address=_client(), username=_username()
        )
    except ValidationError as exc:
        submissions.release(_platform(), token)
        return _render_form(form, values, exc.extra.get("fouten") or {"algemeen": exc.detail}, 400)
    except BaseException:
        submissions.release(_platform(), token)
        raise
    submissions.bind(_platform(), token, int(result["id"]))
    indiening.remember(process_id, int(result["id"]))
    return redirect(url_for("status.received", process_id=process_id), code=303)


@bp.get("/aanvragen/<process_id>/ontvangen")
def received(process_id: str):  # type: ignore[no-untyped-def]
    sent, info = indiening.received(process_id)
    if not sent:
        return redirect(url_for("status.application_form", process_id=process_id))
    if info is None:  # shown for a while only: the link is in the confirmation e-mail
        return render_template("aanvragen_ontvangen.html", aanvraag=None, link=None, pad=None)
    # the requester's own page: its own address is safe here (a mail only takes a trusted one)
    base = public_url.page_base(_platform().settings, request.host_url)
    link = f"{base}/status/{info['volgcode']}"
    return render_template(
        "aanvragen_ontvangen.html",
        aanvraag=info,
        link=link,
        pad=url_for("status.page", code=info["volgcode"]),
    )


# -- JSON API ---------------------------------------------------------------------------------------
@api_bp.post("/<code>/berichten/<bericht>")
def api_send(code: str, bericht: str):  # type: ignore[no-untyped-def]
    """Stuur als initiatiefnemer een aanvulling, zienswijze, intrekking, bezwaar of ingebrekestelling bij de
    volgcode."""
    from web.api.common import json_body

    body = json_body(required=True)  # validated against its contract (web.api.publiek) before this runs
    fields = {
        "tekst": body.get("tekst") or "",
        "documenten": "\n".join(body.get("documenten") or []),
        "bevestigd": body.get("bevestigd") is True,
    }
    _looked_up(lookup.check_code, _platform(), code)
    public_messages.send_public_message(_platform(), code, bericht, fields)
    return jsonify(_looked_up(view.public_status, _platform(), code, default_contact=_contact()))


@api_bp.get("/<code>")
def api_status(code: str):  # type: ignore[no-untyped-def]
    """Publieke status van een zaak bij de volgcode (geen login; onjuiste codes worden beperkt)."""
    return jsonify(_looked_up(view.public_status, _platform(), code, default_contact=_contact()))
