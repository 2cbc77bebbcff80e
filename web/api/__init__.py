"""JSON API under /api/v1 (NL API Design Rules: problem+json, API-Version header, OpenAPI).

Every route declares its contract (web/api/contract.py); requests are validated against it before the
view runs, and /api/v1/openapi.json publishes the same schemas.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from web.api import (  # noqa: E402,F401  (route registration)
    afleveringen,
    beheer,
    case_list,
    cases,
    documenten,
    locatiecheck,
    mijn,
    models,
    openapi,
    publiek,
    tasks,
)
from web.api.contract import validate_request  # noqa: E402

bp.before_app_request(validate_request)
