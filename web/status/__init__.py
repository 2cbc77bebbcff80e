"""Public faces for initiators: the status page behind a tracking code and the application forms.

Routes: ``/status/<code>`` (page), ``POST /status/<code>/<bericht>`` (aanvulling, zienswijze, bezwaar;
intrekking and ingebrekestelling after a confirmation step), ``/aanvragen`` and ``/aanvragen/<process_id>``
(start a case), and the JSON twin ``/api/v1/status/<code>``. No login. Wrong codes are counted per client
address in the database (so across processes and restarts); after ``max`` wrong codes within the window (a
minute by default) that address gets 429 for every code (also a right one).

The package holds the two blueprints and what their pages share; the routes are in ``statuspagina`` (the
status page), ``aanvragen`` (the application forms) and ``api`` (the JSON twin), wrong codes are counted in
``volgcode``, the form's help in ``hulp``.
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast

from flask import Blueprint, Flask, Response, request

from services.documents.public import PublicFile
from web.faces.security import csrf_token
from web.status import hulp
from web.status.datums import dutch_date

bp = Blueprint("status", __name__)
api_bp = Blueprint("status_api", __name__, url_prefix="/api/v1/status")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.add_template_filter(dutch_date, "nl_datum")
    hulp.init_app(app)


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


def posted_files(prefix: str) -> list[PublicFile]:
    """The files posted in inputs named ``prefix`` (type bijlage) or ``prefix<type>`` (that type)."""
    out = []
    for key, upload in request.files.items(multi=True):
        if not upload or not upload.filename or not key.startswith(prefix):
            continue
        kind = "bijlage" if key == prefix else key.removeprefix(prefix)
        out.append(PublicFile(upload.filename, cast(BinaryIO, upload.stream), kind))
    return out


from web.status import aanvragen, api, statuspagina  # noqa: E402,F401  (route registration)
