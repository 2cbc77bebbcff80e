"""The inbox over HTTP: list, claim, unclaim, assign, complete."""

from __future__ import annotations

from flask import jsonify, request

from processes.errors import ValidationError
from services import cases, inbox, policy
from web.api import bp
from web.api.common import current_user, json_body, platform


@bp.get("/taken")
def my_tasks():  # type: ignore[no-untyped-def]
    user = current_user()
    args = request.args
    result = inbox.list_tasks(
        platform(),
        user["gebruikersnaam"],
        scope=args.get("selectie", "open"),
        procedure=args.get("procedure"),
        phase=args.get("fase"),
        deadline_within_days=args.get("termijn_binnen_dagen", type=int),
        severity=args.get("ernst"),
        limit=min(args.get("limiet", 50, type=int), 500),
        offset=args.get("vanaf", 0, type=int),
    )
    return jsonify(result)


@bp.get("/taken/<int:task_id>")
def get_task(task_id: int):  # type: ignore[no-untyped-def]
    user = current_user()
    return jsonify(inbox.get_task(platform(), task_id, user["gebruikersnaam"]))


@bp.post("/taken/<int:task_id>/claim")
def claim(task_id: int):  # type: ignore[no-untyped-def]
    return jsonify(inbox.claim(platform(), task_id, current_user()["gebruikersnaam"]))


@bp.post("/taken/<int:task_id>/unclaim")
def unclaim(task_id: int):  # type: ignore[no-untyped-def]
    return jsonify(inbox.unclaim(platform(), task_id, current_user()["gebruikersnaam"]))


@bp.post("/taken/<int:task_id>/toewijzen")
def assign(task_id: int):  # type: ignore[no-untyped-def]
    body = json_body(required=True)
    to = body.get("gebruiker")
    if not isinstance(to, str) or not to:
        raise ValidationError("Veld 'gebruiker' is verplicht.", code="gebruiker-ontbreekt")
    return jsonify(inbox.assign(platform(), task_id, current_user()["gebruikersnaam"], to))


@bp.post("/taken/<int:task_id>/voltooien")
def complete(task_id: int):  # type: ignore[no-untyped-def]
    user = current_user()
    body = json_body()
    data = body.get("gegevens", body if "gegevens" not in body else {})
    case = cases.complete_task(platform(), task_id, user["gebruikersnaam"], data)
    return jsonify(policy.view_for(platform(), user["gebruikersnaam"], case))
