"""Deploy and list process models."""

from __future__ import annotations

from typing import IO

from flask import jsonify, request, url_for

from services import deployments, model_uploads
from web.api import bp
from web.api import schemas as s
from web.api.common import created, current_user, json_body, platform, require_role
from web.api.contract import contract
from web.uploads import beheerder_cap, capped

#: the JSON body of a deploy: a file at model_uploads.MAX_BYTES as a JSON text (the shipped models grow by
#: 5.5 % when escaped) with others beside it; all 13 shipped files together are 0.5 MB
DEPLOY_JSON_BYTES = 2 * model_uploads.MAX_BYTES


@bp.get("/modellen")
@contract(response=s.MODEL_LIST)
def list_models():  # type: ignore[no-untyped-def]
    """De gedeployde modellen (nieuwste versie per proces)."""
    current_user()
    return jsonify({"modellen": deployments.list_definitions(platform())})


@bp.post("/modellen")
@contract(
    body=s.DEPLOY_JSON, multipart=s.DEPLOY_MULTIPART, response=s.DEPLOYED, status=201, errors=(403, 409, 422)
)
@capped(lambda: beheerder_cap(current_user(), DEPLOY_JSON_BYTES))
def deploy_models():  # type: ignore[no-untyped-def]
    """Multipart upload (field ``bestand``, repeatable) or a JSON body {bestanden: [{naam, inhoud}]}."""
    user = current_user()
    require_role(user, "beheerder")
    uploads: list[tuple[str, bytes | IO[bytes]]]
    if request.files:
        uploads = [(f.filename or "model.bpmn", f.stream) for f in request.files.getlist("bestand")]
    else:  # a lone surrogate is kept for the UTF-8 check to refuse (bestand-ongeldig)
        body = json_body(required=True)["bestanden"]
        uploads = [
            (str(i.get("naam") or "model.bpmn"), str(i["inhoud"]).encode(errors="surrogatepass"))
            for i in body
        ]
    files = model_uploads.model_files(uploads)
    result = deployments.deploy(platform(), files, user=user["gebruikersnaam"])
    first = result[0]  # the answer lists every model of the upload; the address is the first one's
    return created(
        {"gedeployed": result},
        url_for("api.model_xml", process_id=first["process_id"], versie=first["versie"]),
    )


@bp.get("/modellen/<process_id>/xml")
@contract(path={"process_id": s.NAME}, query={"versie": s.VERSION}, response=s.XML, media="application/xml")
def model_xml(process_id: str):  # type: ignore[no-untyped-def]
    """De BPMN-XML van een model (nieuwste versie of ?versie=)."""
    current_user()
    version = request.args.get("versie", type=int)
    return (
        deployments.definition_source(platform(), process_id, version),
        200,
        {"Content-Type": "application/xml"},
    )


@bp.get("/modellen/<process_id>/wachttijden")
@contract(
    path={"process_id": s.NAME},
    query={"van": s.DATE, "tot": s.DATE, "groep": s.SHORT_TEXT},
    response=s.WAITS_HEATMAP,
    errors=(403,),
)
def waiting_times(process_id: str):  # type: ignore[no-untyped-def]
    """Wachttijden per element van een model: wachten, werken en buiten de gemeente (heatmap)."""
    from services.waits import heatmap

    user = current_user()
    filters = {k: request.args.get(k) or None for k in ("van", "tot", "groep")}
    return jsonify(heatmap.for_user(platform(), user["gebruikersnaam"], process_id, **filters))
