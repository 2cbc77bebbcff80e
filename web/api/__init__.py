"""JSON API under /api/v1 (NL API Design Rules: problem+json, API-Version header, OpenAPI)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from web.api import cases, documenten, locatiecheck, models, openapi, tasks  # noqa: E402,F401  (route registration)
