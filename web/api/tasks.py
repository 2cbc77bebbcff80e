"""The inbox over HTTP: list, claim, unclaim, assign, complete."""

from __future__ import annotations

from flask import jsonify, request

from services import case_queries, cases, inbox
from web.api import bp
from web.api import schemas as s
from web.api.common import current_user, json_body, known_procedure, platform
from web.api.contract import contract

TASK_PATH = {"task_id": s.ID}
TASK_QUERY = {
    "selectie": {"type": "string", "enum": ["open", "mijn", "team", "alle"], "default": "open"},
    #: a process id (omgevingsvergunning) or the label the inbox shows; another is refused by name
    "procedure": s.SHORT_TEXT,
    "fase": s.SHORT_TEXT,
    "termijn_binnen_dagen": s.DAYS,
    "ernst": s.SEVERITY,
    "limiet": s.LIMIT,
    "vanaf": s.OFFSET,
}


@bp.get("/taken")
@contract(query=TASK_QUERY, response=s.TASK_LIST)
def my_tasks():  # type: ignore[no-untyped-def]
    """Open taken van de gebruiker en zijn groepen, met filters en paginering."""
    user = current_user()
    args = request.args
    procedure = known_procedure(args.get("procedure"))
    result = inbox.list_tasks(
        platform(),
        user["gebruikersnaam"],
        scope=args.get("selectie", "open"),
        procedure=procedure,
        phase=args.get("fase"),
        deadline_within_days=args.get("termijn_binnen_dagen", type=int),
        severity=args.get("ernst"),
        limit=args.get("limiet", 50, type=int),
        offset=args.get("vanaf", 0, type=int),
    )
    return jsonify(result)


@bp.get("/taken/<int:task_id>")
@contract(path=TASK_PATH, response=s.TASK, errors=(403,))
def get_task(task_id: int):  # type: ignore[no-untyped-def]
    """Eén taak met formulier en instructies."""
    user = current_user()
    return jsonify(inbox.get_task(platform(), task_id, user["gebruikersnaam"]))


@bp.post("/taken/<int:task_id>/claim")
@contract(path=TASK_PATH, response=s.TASK, errors=(403, 409))
def claim(task_id: int):  # type: ignore[no-untyped-def]
    """Pak een taak op (toewijzen aan jezelf)."""
    return jsonify(inbox.claim(platform(), task_id, current_user()["gebruikersnaam"]))


@bp.post("/taken/<int:task_id>/unclaim")
@contract(path=TASK_PATH, response=s.TASK, errors=(403, 409))
def unclaim(task_id: int):  # type: ignore[no-untyped-def]
    """Geef een taak terug aan de groep."""
    return jsonify(inbox.unclaim(platform(), task_id, current_user()["gebruikersnaam"]))


@bp.post("/taken/<int:task_id>/toewijzen")
@contract(path=TASK_PATH, body=s.ASSIGN, response=s.TASK, errors=(403, 409, 422))
def assign(task_id: int):  # type: ignore[no-untyped-def]
    """Wijs een taak toe aan een gebruiker (die kan inloggen; anders 422 toewijzing-niet-inlogbaar)."""
    body = json_body(required=True)
    return jsonify(inbox.assign(platform(), task_id, current_user()["gebruikersnaam"], body["gebruiker"]))


@bp.post("/taken/<int:task_id>/voltooien")
@contract(path=TASK_PATH, body=s.COMPLETE, body_required=False, response=s.CASE, errors=(403, 409, 422))
def complete(task_id: int):  # type: ignore[no-untyped-def]
    """Voltooi een taak met de formuliergegevens (server-side gevalideerd)."""
    user = current_user()
    body = json_body()
    data = body.get("gegevens", body if "gegevens" not in body else {})
    case = cases.complete_task(platform(), task_id, user["gebruikersnaam"], data)
    return jsonify(case_queries.view_for(platform(), user["gebruikersnaam"], case))
