"""Deploy and list process models."""

from __future__ import annotations

from flask import jsonify, request

from processes.errors import ValidationError
from services import deployments
from web.api import bp
from web.api.common import current_user, platform, require_role


@bp.get("/modellen")
def list_models():  # type: ignore[no-untyped-def]
    current_user()
    return jsonify({"modellen": deployments.list_definitions(platform())})


@bp.post("/modellen")
def deploy_models():  # type: ignore[no-untyped-def]
    """Multipart upload (field ``bestand``, repeatable) or a JSON body {bestanden: [{naam, inhoud}]}."""
    user = current_user()
    require_role(user, "beheerder")
    files = []
    if request.files:
        for f in request.files.getlist("bestand"):
            try:
                files.append((f.filename or "model.bpmn", f.read().decode("utf-8")))
            except UnicodeDecodeError as exc:
                raise ValidationError(
                    f"Bestand '{f.filename}' is geen UTF-8-tekst.", code="bestand-ongeldig"
                ) from exc
    else:
        body = request.get_json(silent=True) or {}
        for item in body.get("bestanden", []) if isinstance(body, dict) else []:
            if not isinstance(item, dict) or not isinstance(item.get("inhoud"), str):
                raise ValidationError(
                    "Elk bestand heeft 'naam' en 'inhoud' (tekst).", code="bestand-ongeldig"
                )
            files.append((str(item.get("naam") or "model.bpmn"), item["inhoud"]))
    result = deployments.deploy(platform(), files, user=user["gebruikersnaam"])
    return jsonify({"gedeployed": result}), 201


@bp.get("/modellen/<process_id>/xml")
def model_xml(process_id: str):  # type: ignore[no-untyped-def]
    current_user()
    version = request.args.get("versie", type=int)
    return (
        deployments.definition_source(platform(), process_id, version),
        200,
        {"Content-Type": "application/xml"},
    )
