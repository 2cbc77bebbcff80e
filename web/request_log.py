"""What the log says about a web request: its id, its path with the secrets masked, and its user.

Each request has an id (``request_id``): the X-Request-ID a trusted reverse proxy sent
(RUIMTEFLOW_TRUSTED_PROXY_HOPS above 0, a value of at most 64 letters, digits, dots, dashes and
underscores), else a fresh one. The answer carries it in X-Request-ID; a 500 names it as its
"foutcode" and its log line has it, with the method, the masked path and the username when logged in
(``log_failure``). ``mask_path`` keeps secrets out of every log line, the access log's too
(web/access_log.py): the volgcode after /status/ and any segment that looks like a token. Query
strings, headers and cookies are never logged. ``hand_to_access_log`` gives the access log the request's
account and the cases it read.
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from flask import Flask, Response, current_app, g, request

from services import log_text, logs, request_reads

log = logging.getLogger("ruimteflow.web")

HEADER = "X-Request-ID"
#: the WSGI environ keys that hand the request's account and the cases it read to gunicorn's access log
ACCOUNT = "ruimteflow.account"
CASES = "ruimteflow.cases"
_FORWARDED_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
#: the volgcode of /status/<code>, /status/<code>/..., /api/v1/status/<code>/...
_STATUS_CODE = re.compile(r"(/status/)[^/]+")
#: a path segment that looks like a token: long, and mixing capitals, small letters and digits, or long hex
_MIXED = re.compile(r"(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9_-]{20,}")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")
MASK = "***"


def mask_path(path: str) -> str:
    """``path`` without its secrets (the volgcode after /status/ and token-like segments become ***) and
    with its control characters and line separators escaped, so it stays one log line."""
    path = _STATUS_CODE.sub(rf"\g<1>{MASK}", path)
    path = "/".join(
        MASK if _MIXED.fullmatch(part) or _HEX.fullmatch(part) else part for part in path.split("/")
    )
    return log_text.one_line(path)


def request_id() -> str:
    """The id of the current request (the trusted proxy's X-Request-ID, else a new one), fixed once read."""
    if "request_id" not in g:
        g.request_id = _forwarded() or secrets.token_hex(8)
    return str(g.request_id)


def _forwarded() -> str | None:
    from web import platform_of

    if platform_of(current_app).settings.trusted_proxy_hops <= 0:
        return None  # anyone could send it: not ours to repeat
    sent = request.headers.get(HEADER, "").strip()
    return sent if _FORWARDED_ID.fullmatch(sent) else None


def username() -> str | None:
    """The logged-in user this request already established (never read again here: the database
    may be what failed)."""
    for key in ("api_user", "user", "session_user"):
        user = g.get(key)
        if isinstance(user, dict) and user.get("gebruikersnaam"):
            return str(user["gebruikersnaam"])
    return None


def hand_to_access_log() -> None:
    """Leave in the request's WSGI environ, which gunicorn hands its access log (web/access_log.py), the
    account this request established (its login name) and the cases it was let read
    (services/request_reads.py). Memory only: nothing is written to the database."""
    request.environ[ACCOUNT] = username()
    request.environ[CASES] = request_reads.noted()


def log_failure(exc_info: Any) -> None:
    """The log line of a request that failed unexpectedly (a 500), with its traceback; a database error
    without its message, which would quote the row's values (services.logs.failure)."""
    exc = exc_info[1] if isinstance(exc_info, tuple) else exc_info
    args = (request.method, mask_path(request.path), request_id(), username() or "-")
    if not isinstance(exc, BaseException):
        log.error("%s %s failed (request %s, user %s)", *args, exc_info=exc_info)
        return
    logs.failure(log, logging.ERROR, "%s %s failed (request %s, user %s)", *args, exc=exc)


def init_app(app: Flask) -> None:
    app.log_exception = log_failure  # type: ignore[method-assign]  # Flask's line named the raw path

    @app.after_request
    def _request_id(resp: Response) -> Response:
        resp.headers[HEADER] = request_id()
        return resp
