"""The map face for project leaders and advisers: ``/kaart`` and its GeoJSON API under /api/v1/kaart.

Staff only (services.policy: any staff role; the initiatiefnemer role gets 403); the map lists only the
cases the policy lets the user see. The page loads features for the
visible bbox and zoom from the API; background tiles come from ``Settings.tile_url`` (empty = none).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from processes.errors import Unauthorized
from services import kaart as kaart_service
from services import kaart_panel, logs, policy
from web.kaart import styles
from web.kaart.params import parse_bbox, parse_date, parse_list, parse_zoom
from web.session_auth import platform

bp = Blueprint("kaart", __name__)
api_bp = Blueprint("kaart_api", __name__, url_prefix="/api/v1/kaart")
GEOJSON = "application/geo+json"
STAFF_ONLY = "De kaart is alleen voor medewerkers van de gemeente."
log = logging.getLogger("ruimteflow.web")


#: Responses of the map API are gzipped for clients that accept it (GeoJSON compresses about 5-10x).
COMPRESSED_MIMETYPES = [GEOJSON, "application/json"]


def init_app(app: Flask) -> None:
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_REGISTER", False)  # only the map API below, not every response
    app.config.setdefault("COMPRESS_ALGORITHM", "gzip")
    app.config.setdefault("COMPRESS_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_MIMETYPES)
    app.extensions["kaart_compress"] = Compress(app)
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)


@api_bp.after_request
def _gzip(response: Response) -> Response:
    compress = current_app.extensions.get("kaart_compress")
    return compress.after_request(response) if compress is not None else response


def _layers() -> Mapping[str, Any]:
    return kaart_service.configured_layers(platform())


# -- page -------------------------------------------------------------------------------------------
def _page_user() -> dict[str, Any] | None:
    from web.session_auth import session_user

    return session_user()  # the server-side login session (None once ended or the user is removed)


@bp.context_processor
def _template_globals() -> dict[str, Any]:
    from web.faces import nav_items
    from web.faces.security import csrf_token, current_user

    user = current_user()
    return {
        "current_user": user,
        "csrf_token": csrf_token,
        "nav_items": nav_items(current_app, user, policy.LEAD_ROLES),
    }


def csp(tile_url: str) -> str:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        if parts.scheme and parts.netloc:
            host = tile_url.split("/")[2].replace("{s}", "*")
            img += f" {parts.scheme}://{host}"
    return (
        f"default-src 'self'; img-src {img}; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


@bp.get("/kaart")
def index():  # type: ignore[no-untyped-def]
    user = _page_user()
    if user is None:
        target = request.full_path.rstrip("?")
        if "auth.login" in current_app.view_functions:
            return redirect(url_for("auth.login", volgende=target))
        raise Unauthorized("Log in om de kaart te zien.", code="niet-ingelogd")
    policy.check_staff(user, STAFF_ONLY)
    settings = platform().settings
    config = {
        "tile_url": settings.tile_url,
        "attributie": styles.PDOK_ATTRIBUTION if settings.tile_url else "",
        "api": "/api/v1/kaart",
        "zaak_url": "/zaken/",
        "legenda": styles.legend(),
        "start": start_view(),
    }
    html = render_template(
        "kaart.html",
        config=config,
        filters=kaart_service.filter_options(platform(), user["gebruikersnaam"]),
        legenda=config["legenda"],
        status_labels=styles.STATUS_LABELS,
    )
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = csp(settings.tile_url)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def start_view() -> list[float]:
    try:
        layers = _layers()
    except Exception as exc:  # noqa: BLE001 - the map still opens without layers, and the failure is logged
        logs.failure(
            log, logging.WARNING, "map layers could not be read: /kaart opens on the default view", exc=exc
        )
        layers = {}
    return kaart_service.start_view(layers)


# -- API --------------------------------------------------------------------------------------------
def _staff() -> dict[str, Any]:
    from web.api.common import current_user

    user = current_user()
    policy.check_staff(user, STAFF_ONLY)
    return user


def _geojson(body: str) -> Response:
    return Response(body, mimetype=GEOJSON)  # 'no-store', as every /api/ answer (web/errors.py)


@api_bp.get("/zaken")
def cases():  # type: ignore[no-untyped-def]
    """Zaken met een locatie binnen bbox als GeoJSON (WGS84), vereenvoudigd per zoomniveau.

    Query: bbox=minlon,minlat,maxlon,maxlat, zoom, procedure, fase, status (kommagescheiden),
    mijlpaal_van, mijlpaal_tot (JJJJ-MM-DD).
    """
    user = _staff()
    a = request.args
    body = kaart_service.case_features(
        platform(),
        bbox=parse_bbox(a.get("bbox")),
        zoom=parse_zoom(a.get("zoom")),
        procedures=parse_list(a.get("procedure")),
        phases=parse_list(a.get("fase")),
        statuses=parse_list(a.get("status")),
        mijlpaal_van=parse_date(a.get("mijlpaal_van"), "mijlpaal_van"),
        mijlpaal_tot=parse_date(a.get("mijlpaal_tot"), "mijlpaal_tot"),
        username=user["gebruikersnaam"],
        colour=styles.colour,
    )
    return _geojson(body)


@api_bp.get("/zaken/<zaak>")
def case_panel(zaak: str):  # type: ignore[no-untyped-def]
    """Zijpaneel van een zaak: fase, volgende mijlpaal, open taken, conflicten, gekoppelde zaken."""
    user = _staff()
    from flask import jsonify

    return jsonify(styles.styled_panel(kaart_panel.case_panel(platform(), zaak, user["gebruikersnaam"])))


@api_bp.get("/filters")
def filters():  # type: ignore[no-untyped-def]
    """Waarden voor de filters (procedures, fasen, statussen) en de legenda."""
    user = _staff()
    from flask import jsonify

    options = kaart_service.filter_options(platform(), user["gebruikersnaam"])
    return jsonify({**options, "legenda": styles.legend()})


@api_bp.get("/lagen")
def layers():  # type: ignore[no-untyped-def]
    """De kaartlagen van de locatiecheck (naam, titel, familie, bron, peildatum, stijl)."""
    _staff()
    from flask import jsonify

    return jsonify({"lagen": styles.styled_catalog(kaart_service.layer_catalog(_layers()))})


@api_bp.get("/lagen/<naam>")
def layer(naam: str):  # type: ignore[no-untyped-def]
    """Objecten van één laag binnen bbox als GeoJSON (WGS84), vereenvoudigd per zoomniveau."""
    _staff()
    a = request.args
    body = kaart_service.layer_features(
        _layers(),
        naam,
        bbox=parse_bbox(a.get("bbox")),
        zoom=parse_zoom(a.get("zoom")),
    )
    return _geojson(body)
