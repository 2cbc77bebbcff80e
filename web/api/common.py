"""Request helpers for the API: the current user from a bearer token (or the browser session)."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request, session

from processes.errors import Forbidden, Unauthorized, ValidationError
from services import users


def platform() -> Any:
    return current_app.extensions["ruimteflow"]


def current_user() -> dict[str, Any]:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return users.by_token(platform(), auth[7:].strip())
    if session.get("user"):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # a browser session writing through the API must prove it is our page (bearer tokens need not)
            from web.faces.security import check_csrf

            check_csrf()
        return users.get_user(platform(), session["user"])
    raise Unauthorized("Log in of stuur een API-token mee (Authorization: Bearer ...).", code="niet-ingelogd")


def require_role(user: dict[str, Any], *roles: str) -> None:
    if user["rol"] not in roles:
        raise Forbidden(f"Hiervoor is de rol {' of '.join(roles)} nodig.", code="rol-vereist")


def json_body(*, required: bool = False) -> dict[str, Any]:
    """The JSON object of the request, parsed strictly (no NaN) by web/hygiene.py before the view."""
    body = g.get("json_body")
    if body is None:
        if required:
            raise ValidationError("Het verzoek heeft geen JSON-inhoud.", code="json-ontbreekt")
        return {}
    if not isinstance(body, dict):
        raise ValidationError("De inhoud moet een JSON-object zijn.", code="json-geen-object")
    return body
