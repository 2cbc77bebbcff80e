"""Request helpers for the API: the current user from a bearer token (or the browser session)."""

from __future__ import annotations

from typing import Any

from flask import current_app, request, session

from processes.errors import Forbidden, Unauthorized, ValidationError
from services import users
from web.session_auth import SESSION_ID, session_user


def platform() -> Any:
    return current_app.extensions["ruimteflow"]


def current_user() -> dict[str, Any]:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return users.by_token(platform(), auth[7:].strip())
    if session.get(SESSION_ID):
        user = session_user()  # the server-side session: ended at logout, idle time or lifetime
        if user is None:
            raise Unauthorized("Uw sessie is beëindigd of verlopen. Log opnieuw in.", code="sessie-verlopen")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # a browser session writing through the API must prove it is our page (bearer tokens need not)
            from web.faces.security import check_csrf

            check_csrf()
        return user
    raise Unauthorized("Log in of stuur een API-token mee (Authorization: Bearer ...).", code="niet-ingelogd")


def require_role(user: dict[str, Any], *roles: str) -> None:
    if user["rol"] not in roles:
        raise Forbidden(f"Hiervoor is de rol {' of '.join(roles)} nodig.", code="rol-vereist")


def json_body(*, required: bool = False) -> dict[str, Any]:
    if not request.data:
        if required:
            raise ValidationError("Het verzoek heeft geen JSON-inhoud.", code="json-ontbreekt")
        return {}
    try:
        body = request.get_json(force=True, silent=False)
    except Exception as exc:  # noqa: BLE001 - werkzeug raises BadRequest with an English text
        raise ValidationError("De inhoud is geen geldige JSON.", code="json-ongeldig") from exc
    if not isinstance(body, dict):
        raise ValidationError("De inhoud moet een JSON-object zijn.", code="json-geen-object")
    return body
