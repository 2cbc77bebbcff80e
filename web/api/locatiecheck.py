"""The locatiecheck over HTTP: the same input and output as `ruimteflow gis check`."""

from __future__ import annotations

from flask import jsonify, request

from services import locatiecheck as service
from web.api import bp
from web.api.common import current_user, platform


@bp.post("/locatiecheck")
def check_locations():  # type: ignore[no-untyped-def]
    """Controleer locaties (GeoJSON FeatureCollection, eigenschap 'soort' per feature) op conflicten."""
    current_user()
    result = service.check_document(
        platform().settings, request.get_data(cache=False), crs=request.args.get("crs")
    )
    return jsonify(result)


@bp.get("/lagen")
def list_layers():  # type: ignore[no-untyped-def]
    """De kaartlagen van de locatiecheck (naam, familie, aantal features, CRS, bron, peildatum)."""
    current_user()
    return jsonify({"lagen": service.layer_list(platform().settings)})
