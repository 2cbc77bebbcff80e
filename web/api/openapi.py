"""The OpenAPI 3.1 document, generated from the contracts of the /api/v1 routes (web/api/contract.py).

The schemas in it are the dicts the server validates requests with: one source for both.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, jsonify

from web.api import bp
from web.api import schemas as s
from web.api.contract import Contract, contract, contract_of
from web.errors import API_VERSION, HTTP_TITLES

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
LOCATION = {
    "description": "Het adres van wat is aangemaakt (de zaak, het document of de versie, het model).",
    "required": True,
    "schema": {"type": "string", "format": "uri-reference"},
}
RETRY_AFTER = {
    "description": "Over hoeveel seconden het verzoek weer kan (ook als retry_after in het probleem).",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
OPENAPI_DOC = s.obj(
    ("openapi", "info", "paths"),
    openapi=s.STR,
    info=s.ANY_OBJECT,
    servers=s.array(s.ANY_OBJECT),
    paths=s.ANY_OBJECT,
    components=s.ANY_OBJECT,
)


@bp.get("/openapi.json")
@contract(response=OPENAPI_DOC, public=True)
def openapi():  # type: ignore[no-untyped-def]
    """Dit document."""
    return jsonify(build_document())


def _parameters(spec: Contract) -> list[dict[str, Any]]:
    params = [{"name": n, "in": "path", "required": True, "schema": sch} for n, sch in spec.path.items()]
    params += [
        {"name": n, "in": "query", "required": n in spec.required_query, "schema": sch}
        for n, sch in spec.query.items()
    ]
    params += [
        {"name": n, "in": "header", "required": False, "schema": sch} for n, sch in spec.headers.items()
    ]
    return params


def _request_body(spec: Contract) -> dict[str, Any] | None:
    content: dict[str, Any] = {}
    if spec.body is not None:
        content.update({media: {"schema": spec.body} for media in spec.body_media})
    if spec.multipart is not None:
        content["multipart/form-data"] = {"schema": spec.multipart}
    if not content:
        return None
    return {"required": spec.body_required, "content": content}


def _responses(spec: Contract) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status in spec.statuses():
        if status == spec.status:
            schema = spec.response if spec.response is not None else s.ANY_OBJECT
            media = (spec.media,) if isinstance(spec.media, str) else spec.media
            responses[str(status)] = {"description": "OK", "content": {m: {"schema": schema} for m in media}}
            if status == 201:  # web.api.common.created
                responses["201"]["headers"] = {"Location": LOCATION}
        else:
            responses[str(status)] = {
                "description": HTTP_TITLES.get(status, "Fout"),
                "content": {"application/problem+json": {"schema": PROBLEM_REF}},
            }
            if status == 429:  # web.errors.domain_answer
                responses["429"]["headers"] = {"Retry-After": RETRY_AFTER}
    return responses


def _operation(spec: Contract, endpoint: str, method: str) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": spec.summary or endpoint,
        "operationId": f"{endpoint.replace('.', '_')}_{method.lower()}",
        "parameters": _parameters(spec),
        "responses": _responses(spec),
    }
    body = _request_body(spec)
    if body is not None:
        op["requestBody"] = body
    if not spec.public:  # no global security: a public operation needs no token
        op["security"] = [{"bearer": []}]
    return op


def build_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        spec = contract_of(rule.endpoint)
        if spec is None:
            raise RuntimeError(f"Route {rule.rule} ({rule.endpoint}) heeft geen contract.")
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(spec, rule.endpoint, method)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ruimteflow API",
            "version": API_VERSION,
            "description": "Zaken, taken, modellen, beheer, dashboard, locatiecheck, kaart en status van "
            "Ruimteflow. Elk verzoek wordt gecontroleerd tegen de schema's in dit document.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Problem": s.PROBLEM},
        },
    }
