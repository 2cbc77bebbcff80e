"""Cases: start, read, messages."""

from __future__ import annotations

from flask import jsonify

from processes.errors import ValidationError
from services import case_queries, cases, policy
from web.api import bp
from web.api.common import current_user, json_body, platform


@bp.post("/zaken")
def start_case():  # type: ignore[no-untyped-def]
    user = current_user()
    body = json_body(required=True)
    process_id = body.get("proces")
    if not isinstance(process_id, str) or not process_id:
        raise ValidationError("Veld 'proces' (het proces-id) is verplicht.", code="proces-ontbreekt")
    data = body.get("gegevens", {})
    if not isinstance(data, dict):
        raise ValidationError("Veld 'gegevens' moet een JSON-object zijn.", code="data-geen-object")
    geometry = None
    if body.get("geometrie") is not None:
        from services.geometry import to_rd_wkt

        geometry = to_rd_wkt(body["geometrie"], body.get("crs"))
    case = cases.start_case(
        platform(),
        process_id,
        data,
        user=user["gebruikersnaam"],
        geometry_wkt=geometry,
        title=body.get("titel"),
        initiator=body.get("initiatiefnemer"),
        initiator_type=body.get("soort_initiatiefnemer"),
        location_name=body.get("locatie"),
    )
    return jsonify(policy.view_for(platform(), user["gebruikersnaam"], case, intake=True)), 201


@bp.get("/zaken/<case_key>")
def get_case(case_key: str):  # type: ignore[no-untyped-def]
    user = current_user()
    return jsonify(case_queries.read_case(platform(), case_key, user["gebruikersnaam"]))


@bp.post("/zaken/<case_key>/berichten")
def send_message(case_key: str):  # type: ignore[no-untyped-def]
    user = current_user()
    body = json_body(required=True)
    name = body.get("naam")
    if not isinstance(name, str) or not name:
        raise ValidationError("Veld 'naam' (de berichtnaam) is verplicht.", code="bericht-naam")
    data = body.get("gegevens", {})
    if not isinstance(data, dict):
        raise ValidationError("Veld 'gegevens' moet een JSON-object zijn.", code="data-geen-object")
    case = cases.send_message(platform(), case_key, name, data, actor=user["gebruikersnaam"])
    return jsonify(policy.view_for(platform(), user["gebruikersnaam"], case))


@bp.post("/zaken/<case_key>/conflicten/<int:conflict_id>/overschrijven")
def override_conflict(case_key: str, conflict_id: int):  # type: ignore[no-untyped-def]
    """Markeer een conflict van de locatiecheck als niet van toepassing, met een reden (audit)."""
    user = current_user()
    body = json_body(required=True)
    reason = body.get("reden")
    if not isinstance(reason, str):
        raise ValidationError("Veld 'reden' is verplicht.", code="reden-ontbreekt")
    return jsonify(
        case_queries.override_conflict(platform(), case_key, conflict_id, user["gebruikersnaam"], reason)
    )
