"""The model editor's JSON routes (issue 17, role beheerder): the draft of a model, validate, compare,
test against the scenarios, and take into use. The page itself is web/faces/modeleditor_page.py.

Session login like the other faces; every POST and PUT needs the X-CSRF-Token header. Every answer is
JSON, every refusal application/problem+json with a Dutch ``detail`` (also for a missing token or a
wrong role), so the editor's script can show it as it is: web.errors answers these paths so
(``EDITOR_JSON``), as it does the API, a failure of ours with its foutcode.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from processes.errors import TooLarge, ValidationError
from services import modeleditor
from web.faces.security import check_csrf, current_user, me, platform, role_required
from web.uploads import beheerder_cap, capped

bp = Blueprint("modeleditor", __name__, url_prefix="/beheer/modellen/<process_id>/concept")
#: the largest request body: a model of MAX_XML_CHARS plus its scenarios, as JSON
MAX_BODY_BYTES = 3 * 1024 * 1024


def _body_cap() -> int:
    """A beheerder's body may hold ``MAX_BODY_BYTES`` (anyone else's is refused 403 by ``role_required``)."""
    return beheerder_cap(current_user(), MAX_BODY_BYTES)


def _too_large(size: int | None) -> TooLarge:
    """The refusal (413 ``concept-te-groot``) of a body over the caller's cap (``size``: its length)."""
    shown = f"{size} bytes, " if size else ""
    return TooLarge(f"Het verzoek is te groot ({shown}maximaal {_body_cap()}).", code="concept-te-groot")


@bp.before_request
def _checks() -> None:
    if request.method in ("POST", "PUT"):
        check_csrf()  # the faces check POSTs already; PUT is this blueprint's own (the body's cap: @capped)


def _body(*, required: bool) -> dict[str, Any]:
    """The JSON object of the request; {} when optional and absent."""
    if not request.get_data(cache=True) and not required:
        return {}
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ValidationError("Het verzoek moet een JSON-object zijn.", code="geen-json")
    return body


@bp.get("")
@role_required("beheerder")
def show(process_id: str):  # type: ignore[no-untyped-def]
    return jsonify(modeleditor.open_draft(platform(), process_id, me()["gebruikersnaam"]))


@bp.put("")
@role_required("beheerder")
@capped(_body_cap, _too_large)
def save(process_id: str):  # type: ignore[no-untyped-def]
    return jsonify(
        modeleditor.save_draft(platform(), process_id, me()["gebruikersnaam"], _body(required=True))
    )


@bp.post("/valideren")
@role_required("beheerder")
@capped(_body_cap, _too_large)
def validate(process_id: str):  # type: ignore[no-untyped-def]
    return jsonify(
        modeleditor.validate_draft(platform(), process_id, me()["gebruikersnaam"], _body(required=False))
    )


@bp.post("/vergelijken")
@role_required("beheerder")
def compare(process_id: str):  # type: ignore[no-untyped-def]
    return jsonify(modeleditor.compare_draft(platform(), process_id, me()["gebruikersnaam"]))


@bp.post("/testen")
@role_required("beheerder")
def test(process_id: str):  # type: ignore[no-untyped-def]
    return jsonify(modeleditor.test_draft(platform(), process_id, me()["gebruikersnaam"]))


@bp.post("/in-gebruik-nemen")
@role_required("beheerder")
def deploy(process_id: str):  # type: ignore[no-untyped-def]
    reason = _body(required=False).get("reden")
    return jsonify(modeleditor.deploy_draft(platform(), process_id, me()["gebruikersnaam"], reason))
