"""Help for the public application form, as JSON for its script: the address lookup
(``GET /aanvragen/adres``), the municipal boundary for the map (``GET /aanvragen/gemeentegrens``) and
the locatiecheck before submitting (``POST /aanvragen/<process_id>/locatiecheck``). No login; nothing
is stored. Errors are application/problem+json with a Dutch message."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, request

from services import adressen
from services.status import application_forms, intake
from web.faces.security import check_csrf, platform

bp = Blueprint("aanvraag_hulp", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/aanvragen/adres")
def address():  # type: ignore[no-untyped-def]
    """Zoek de locatie van een adres (postcode en huisnummer) in het adressenregister."""
    found = adressen.lookup(platform(), request.args.get("postcode", ""), request.args.get("huisnummer", ""))
    return jsonify(found)


@bp.get("/aanvragen/gemeentegrens")
def boundary():  # type: ignore[no-untyped-def]
    """De grens van het gemeentegebied (GeoJSON, WGS84) voor de kaart van het aanvraagformulier."""
    from services.gemeentegebied import boundary_geojson

    return jsonify(boundary_geojson(platform()))


@bp.post("/aanvragen/<process_id>/locatiecheck")
def location_check(process_id: str):  # type: ignore[no-untyped-def]
    """De publieke aandachtspunten voor de gekozen locatie, vóór het versturen."""
    application_forms.offered_form(platform(), process_id)  # not offered: 404, before anything else
    check_csrf()
    values = {k: request.form.get(k, "") for k in ("locatie", "coordinaat", "soort")}
    return jsonify(intake.preview_location(platform(), process_id, values))


@bp.get("/aanvragen/<process_id>/kaartlagen/<naam>")
def public_layer(process_id: str, naam: str):  # type: ignore[no-untyped-def]
    """Een openbare kaartlaag van het aanvraagformulier binnen bbox als GeoJSON (WGS84)."""
    from processes.errors import NotFound
    from services import kaart
    from web.kaart.params import parse_bbox, parse_zoom

    form = application_forms.offered_form(platform(), process_id)  # as its page: 404 when not offered
    if naam not in dict(form.public_layers):
        raise NotFound(f"Het aanvraagformulier toont geen kaartlaag '{naam}'.", code="laag-onbekend")
    layers = kaart.configured_layers(platform())
    if naam not in layers:
        return current_app.response_class(
            '{"type": "FeatureCollection", "features": []}', mimetype="application/geo+json"
        )
    a = request.args
    body = kaart.layer_features(layers, naam, bbox=parse_bbox(a.get("bbox")), zoom=parse_zoom(a.get("zoom")))
    return current_app.response_class(body, mimetype="application/geo+json")
