"""Map the one error tree onto HTTP: problem+json for the API, a Dutch page for the faces."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from processes.errors import ConcurrentChange, ConfigurationError, RuimteflowError, ours
from services import logs
from services.documents.quota import OUR_FAILURES
from services.ratelimit import TooManyAttempts
from services.store.db_errors import DatabaseUnavailable, is_concurrent, is_lost_connection
from web import request_log
from web.uploads import too_large_answer, too_large_detail, too_large_refusal

API_VERSION = "1.0.0"
#: the browser keeps to https for this host for a year (RFC 6797; NCSC's TLS guidelines and internet.nl
#: ask at least a year); sent only on answers over https, where a browser takes it
HSTS = "max-age=31536000"

HTTP_TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    410: "Niet meer geldig",
    413: "Verzoek te groot",
    415: "Verkeerd mediatype",
    422: "Niet verwerkbaar",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def problem(status: int, title: str, detail: str, code: str, **extra: object) -> Response:
    body = {
        "type": f"https://ruimteflow.nl/problemen/{code}",
        "code": code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = "application/problem+json"
    return resp


#: what a public form shown again after a failure of ours (``stored_nothing``) says at its top
STORED_NOTHING = ours("is er niets opgeslagen")
#: what any answer to a failure of ours (5xx) says instead of the error's own detail (``told``)
OUR_FAULT = ours("kon dit nu niet worden uitgevoerd")


#: the model editor's JSON endpoints (web/faces/modeleditor.py) answer problem+json like the API
EDITOR_JSON = re.compile(r"^/beheer/modellen/[^/]+/concept(/|$)")
#: Dutch details for the HTTP errors werkzeug raises itself (its own descriptions are English)
HTTP_DETAILS = {
    404: "Deze pagina of dit object bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
    500: OUR_FAULT,  # a bug's, as any failure of ours
}


def http_title_and_detail(exc: HTTPException) -> tuple[int, str, str]:
    """Status, Dutch title and Dutch detail of a werkzeug HTTP error."""
    status = exc.code or 500
    title = HTTP_TITLES.get(status, exc.name)
    if status == 413 and request:  # name the cap this request had
        return status, title, too_large_detail()
    return status, title, HTTP_DETAILS.get(status, exc.description or title)


#: blueprints whose every answer is JSON, errors too (the public form's helpers, web/status/hulp.py)
JSON_BLUEPRINTS = frozenset({"aanvraag_hulp"})


#: what the log says of a lost connection (the answer says ``told``'s OUR_FAULT, with the foutcode)
LOST_DETAIL = "De verbinding met de database is verbroken of (nog) niet te maken; er is niets opgeslagen."


CONCURRENT_DETAIL = (
    "Iemand anders wijzigde dit op hetzelfde moment. Er is niets opgeslagen; probeer het opnieuw."
)


def _wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.blueprint in JSON_BLUEPRINTS
        or EDITOR_JSON.match(request.path) is not None
        or request.accept_mimetypes.best == "application/json"
    )


def _logged(exc: RuimteflowError) -> str:
    """Log a failure of ours on ruimteflow.web (web/request_log.py); its foutcode, which the line names."""
    request_log.log_failure(exc)
    return request_log.request_id()


def with_foutcode(text: str, foutcode: str) -> str:
    """``text`` of a failure of ours followed by its foutcode, the code an operator finds its log line by
    (web/request_log.py): the one wording of the error page, the public forms and the case file's
    message."""
    return f"{text} Foutcode: {foutcode}."


def not_sent(exc: RuimteflowError) -> str | None:
    """The message at the top of a public form shown again, with what was typed, after a post that was
    not sent: a budget refused it for now (services.ratelimit ``TooManyAttempts``, 429: its detail says
    from when it can be sent again) or a failure of ours stored nothing of it (``stored_nothing``). None
    for any other refusal."""
    return exc.detail if isinstance(exc, TooManyAttempts) else stored_nothing(exc)


def stored_nothing(exc: RuimteflowError, *, undone: bool = False) -> str | None:
    """The message of a public form (the status page's messages, the application form) whose post failed
    for a reason of the municipality's that stored nothing of it (services.documents.quota
    ``OUR_FAILURES``: a full disk, a virus scanner that cannot be reached; 503): the form is shown again
    with what was typed and this message at its top, instead of the error page that lost the text. Logged
    and named by its foutcode as the error page does (``domain_answer``). ``undone``: the post's one
    transaction was rolled back, so a ConfigurationError (a gis.errors RuleError of the next step's
    locatiecheck) stored nothing either. None for any other refusal."""
    if not (isinstance(exc, OUR_FAILURES) or (undone and isinstance(exc, ConfigurationError))):
        return None
    return with_foutcode(STORED_NOTHING, _logged(exc))


def told(exc: RuimteflowError) -> str:
    """What anyone is told of a refusal: its detail, about the caller's input (4xx); of a failure of ours
    (5xx) OUR_FAULT, as the error's detail may name a server path (a layer folder), the municipality's
    rules or a service's address and error; that detail is in the log line its foutcode names (``_logged``,
    with the traceback). Only a failure that stored nothing (services.documents.quota ``OUR_FAILURES``)
    keeps its detail: a fixed Dutch text of what was not stored (NOT_STORED, the virus scanner's)."""
    if exc.status < 500 or isinstance(exc, OUR_FAILURES):
        return exc.detail
    return OUR_FAULT


def as_message(exc: RuimteflowError) -> str:
    """The Dutch text of a refusal a face shows as a message on its own page (the case file's uploads): one
    of ours (5xx, a virus scanner that cannot be reached) logged and named by its foutcode, as
    ``domain_answer`` does on the error page; the case file showed it unlogged, so that its cause was
    nowhere once the text stopped quoting it."""
    return with_foutcode(told(exc), _logged(exc)) if exc.status >= 500 else exc.detail


def domain_answer(app: Flask, exc: RuimteflowError) -> Response:
    """The answer to a RuimteflowError: problem+json or a Dutch page. One with a 5xx status is ours, not
    the user's (a rules file that does not fit the loaded layers, a service that is down): logged on
    ruimteflow.web and named by its foutcode, as a 500 of ``_http`` is (web/request_log.py); the answer
    says what ``told`` says, with its type, code, title and foutcode."""
    foutcode = _logged(exc) if exc.status >= 500 else None
    if _wants_json():
        if foutcode is None:
            body = exc.to_problem()
        else:  # no members either: a rule's id, a layer's name are the log's
            detail = with_foutcode(told(exc), foutcode)
            body = {"title": exc.title, "detail": detail, "code": exc.code, "foutcode": foutcode}
        resp = problem(
            exc.status,
            body.pop("title"),
            body.pop("detail"),
            body.pop("code"),
            **{k: v for k, v in body.items() if k not in ("type", "status")},
        )
    else:
        from web.pages import error_page

        resp = app.make_response(error_page(exc.status, exc.title, told(exc), foutcode))
    if exc.status == 429 and "retry_after" in exc.extra:  # when to try again (RFC 9110 10.2.3)
        resp.headers["Retry-After"] = str(int(exc.extra["retry_after"]))
    return resp


def init_app(app: Flask) -> None:
    @app.errorhandler(RuimteflowError)
    def _domain(exc: RuimteflowError):  # type: ignore[no-untyped-def]
        return domain_answer(app, exc)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        status, title, detail = http_title_and_detail(exc)
        if status == 413 and (refusal := too_large_refusal()) is not None:  # a JSON body without a length
            return domain_answer(app, refusal)
        if status == 413 and (answer := too_large_answer()) is not None:
            return answer
        # the code an operator finds the log line by (web/request_log.py)
        foutcode = request_log.request_id() if status == 500 else None
        if _wants_json():
            extra: dict[str, str] = {}
            if foutcode is not None:
                extra, detail = {"foutcode": foutcode}, with_foutcode(detail, foutcode)
            resp = problem(status, title, detail, f"http-{status}", **extra)
        else:
            from web.pages import error_page

            resp = app.make_response(error_page(status, title, detail, foutcode))
        for name, value in exc.get_headers():  # such as Allow on a 405 (RFC 9110 15.5.6)
            if name.lower() not in ("content-type", "content-length"):
                resp.headers[name] = value
        return resp

    @app.errorhandler(DBAPIError)
    def _database(exc: DBAPIError):  # type: ignore[no-untyped-def]
        if is_lost_connection(exc):  # one answer, however the loss surfaced: 503, no SQL
            refusal = DatabaseUnavailable(LOST_DETAIL)
            refusal.__cause__ = exc  # its traceback goes to the log line of the foutcode
            return _domain(refusal)
        if not is_concurrent(exc):
            request_log.log_failure(exc)
            return _http(InternalServerError())
        logs.failure(app.logger, logging.WARNING, "concurrent change refused", exc=exc)  # no row values
        return _domain(ConcurrentChange(CONCURRENT_DETAIL))

    @app.after_request
    def _headers(resp: Response) -> Response:
        if request.path.startswith("/api/"):
            resp.headers["API-Version"] = API_VERSION
            # answers name people, cases and documents: never kept in a browser or proxy cache
            resp.headers.setdefault("Cache-Control", "no-store")
            if resp.status_code == 401:  # how to log in (RFC 9110 11.6.1, RFC 6750 3)
                resp.headers.setdefault("WWW-Authenticate", 'Bearer realm="ruimteflow"')
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:  # over https only (behind a proxy: X-Forwarded-Proto, TRUSTED_PROXY_HOPS)
            resp.headers.setdefault("Strict-Transport-Security", HSTS)
        return resp
