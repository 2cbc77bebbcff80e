"""The OpenAPI 3 document, generated from the registered /api/v1 routes and their docstrings."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, jsonify

from web.api import bp
from web.errors import API_VERSION

PROBLEM = {
    "description": "Fout (application/problem+json)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    """Dit document."""
    return jsonify(build_document())


def build_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        view = current_app.view_functions[rule.endpoint]
        doc = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        params = [
            {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in re.findall(r"{([a-z_]+)}", path)
        ]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            op: dict[str, Any] = {
                "summary": doc,
                "operationId": f"{rule.endpoint.split('.')[-1]}_{method.lower()}",
                "parameters": params,
                "responses": {"200": {"description": "OK"}, "default": PROBLEM},
            }
            if method in ("POST", "PUT", "PATCH"):
                op["requestBody"] = {
                    "required": False,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            if path not in ("/openapi.json",) and not path.startswith("/status"):
                op["security"] = [{"bearer": []}]
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Ruimteflow API",
            "version": API_VERSION,
            "description": "Zaken, taken, modellen, locatiecheck, kaart en status van Ruimteflow.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Problem": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string"},
                        "code": {"type": "string"},
                    },
                }
            },
        },
    }
