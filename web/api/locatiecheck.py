"""The locatiecheck over HTTP: the same input and output as `ruimteflow gis check`."""

from __future__ import annotations

from flask import jsonify, request

from services import locatiecheck as service
from web.api import bp
from web.api import schemas as s
from web.api.common import current_user, json_body, platform
from web.api.contract import contract
from web.uploads import capped


@bp.post("/locatiecheck")
@contract(
    body=s.LOCATIECHECK_BODY,
    body_media=("application/geo+json", "application/json"),
    query={"crs": s.CRS},
    response=s.LOCATIECHECK,
    errors=(422, 429),
)
@capped(lambda: service.body_cap(platform(), current_user()["gebruikersnaam"]))
def check_locations():  # type: ignore[no-untyped-def]
    """Controleer locaties (GeoJSON FeatureCollection, eigenschap 'soort' per feature) op conflicten."""
    user = current_user()
    document, crs = json_body(required=True), request.args.get("crs")
    return jsonify(service.check_as(platform(), user["gebruikersnaam"], document, crs=crs))


@bp.get("/lagen")
@contract(response=s.LAYER_LIST)
def list_layers():  # type: ignore[no-untyped-def]
    """De kaartlagen van de locatiecheck (naam, familie, aantal features, CRS, bron, peildatum)."""
    current_user()
    return jsonify({"lagen": service.layer_list(platform().settings)})
