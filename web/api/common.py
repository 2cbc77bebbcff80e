"""Request helpers for the API: the current user from a bearer token (or the browser session)."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify, request, session

from processes.errors import Unauthorized, ValidationError
from services import case_queries, idempotency, policy, users
from web.session_auth import SESSION_ID, session_user
from web.session_auth import platform as platform


def current_user() -> dict[str, Any]:
    """The caller (bearer token or server-side session), established once per request."""
    if "api_user" not in g:
        g.api_user = _authenticate()
    return g.api_user  # type: ignore[no-any-return]


def _authenticate() -> dict[str, Any]:
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


def case_access(path: dict[str, Any]) -> None:
    """``Contract.access`` of a write to a case (``case_key``): who may not open it gets GET's 404 before
    its body is read."""
    case_queries.check_may_open(platform(), path["case_key"], current_user()["gebruikersnaam"])


def known_procedure(procedure: str | None) -> str | None:
    """The ``procedure`` filter of a list (/taken, /zaken): a process id or a procedure's name; another
    is refused by name, not answered with an empty list."""
    if procedure and not case_queries.procedure_known(platform(), procedure):
        raise ValidationError(
            f"Parameter 'procedure' noemt geen bekende procedure: '{procedure}' (gebruik het proces-id, "
            "zoals in /modellen, of de naam van de procedure).",
            code="parameter-ongeldig",
            veld="procedure",
        )
    return procedure


def require_role(user: dict[str, Any], *roles: str) -> None:
    policy.check_role(user, roles, f"Hiervoor is de rol {' of '.join(roles)} nodig.")


def json_body(*, required: bool = False) -> dict[str, Any]:
    """The JSON object of the request, parsed strictly (no NaN) by web/hygiene.py before the view. A
    JSON ``null`` is sent content, no object: refused like a list, not read as no body."""
    if "json_body" not in g:
        if required:
            raise ValidationError("Het verzoek heeft geen JSON-inhoud.", code="json-ontbreekt")
        return {}
    body = g.json_body
    if not isinstance(body, dict):
        raise ValidationError("De inhoud moet een JSON-object zijn.", code="json-geen-object")
    return body


#: the request header that makes a retried POST /zaken answer the case of the first call (services.idempotency)
IDEMPOTENCY_KEY = "Idempotency-Key"
IDEMPOTENCY_KEY_SCHEMA: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": idempotency.MAX_LENGTH,
    "pattern": "^[!-~]+$",
    "x-uitleg": "moet zichtbare ASCII-tekens zonder spaties bevatten (bijvoorbeeld een UUID)",
    "description": "Een unieke sleutel per verzoek (bijvoorbeeld een UUID), 24 uur geldig: een herhaling met "
    "dezelfde sleutel en inhoud start niets nieuws en geeft het antwoord op de eerste; dezelfde sleutel met "
    "een andere inhoud is 422 idempotency-key-hergebruikt.",
}


def idempotency_claim(user: dict[str, Any], body: Any) -> idempotency.Claim | None:
    """The caller's Idempotency-Key for this call (checked against its contract), or None without one."""
    key = request.headers.get(IDEMPOTENCY_KEY)
    if key is None:
        return None
    return idempotency.claim_for(user["gebruikersnaam"], key, request.method, request.path, body)


def created(body: Any, location: str) -> tuple[Response, int, dict[str, str]]:
    """A 201 answer with the ``Location`` of what it created (every 201 of the API)."""
    return jsonify(body), 201, {"Location": location}
