"""Cases: start, read, messages."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for

from processes import berichtgrenzen
from services import case_queries, cases, conflict_override, idempotency
from services.status import account_messages, intake
from web.api import bp
from web.api import schemas as s
from web.api.common import (
    IDEMPOTENCY_KEY,
    IDEMPOTENCY_KEY_SCHEMA,
    case_access,
    created,
    current_user,
    idempotency_claim,
    json_body,
    platform,
)
from web.api.contract import contract
from web.uploads import capped


@bp.post("/zaken")
@contract(
    body=s.START_CASE,
    headers={IDEMPOTENCY_KEY: IDEMPOTENCY_KEY_SCHEMA},
    response=s.CASE,
    status=201,
    errors=(403, 404, 409, 422),
)
def start_case():  # type: ignore[no-untyped-def]
    """Start een zaak van een gedeployed proces (met een Idempotency-Key: een herhaling start er geen tweede)."""
    user = current_user()
    body = json_body(required=True)
    claim = idempotency_claim(user, body)

    def start(before_commit: Any) -> dict[str, Any]:
        geometry = None
        if body.get("geometrie") is not None:
            from services.geometry import to_rd_wkt

            geometry = to_rd_wkt(body["geometrie"], body.get("crs"), settings=platform().settings)
        gegevens = intake.check_start_by(
            platform(), user["gebruikersnaam"], body["proces"], body.get("gegevens") or {}, geometry
        )
        case = cases.start_case(
            platform(),
            body["proces"],
            gegevens,
            user=user["gebruikersnaam"],
            geometry_wkt=geometry,
            title=body.get("titel"),
            initiator=body.get("initiatiefnemer"),
            initiator_type=body.get("soort_initiatiefnemer"),
            location_name=body.get("locatie"),
            before_commit=before_commit,
        )
        return case_queries.view_for(platform(), user["gebruikersnaam"], case, intake=True)

    def replayed(case: dict[str, Any]) -> dict[str, Any]:  # a retry: 403 as GET, once it may not open it
        view = case_queries.view_now(platform(), user["gebruikersnaam"], case, intake=True, refuse=True)
        assert view is not None  # refuse: Forbidden instead of None
        return view

    view = idempotency.once(platform(), claim, start, replayed=replayed)
    return created(view, url_for("api.get_case", case_key=view["zaak"]))


@bp.get("/zaken/<case_key>")
@contract(
    path={"case_key": s.CASE_KEY},
    query={"berichten_pagina": s.MESSAGES_PAGE, "tijdlijn_pagina": s.LINES_PAGE},
    response=s.CASE,
)
def get_case(case_key: str):  # type: ignore[no-untyped-def]
    """Een zaak met open taken en tijdlijn, bij id of zaaknummer (alleen wat deze gebruiker mag zien); de
    tijdlijn en de ontvangen berichten per pagina, de nieuwste eerst."""
    user = current_user()
    pages = {
        "messages_page": request.args.get("berichten_pagina", 1, type=int),
        "lines_page": request.args.get("tijdlijn_pagina", 1, type=int),
    }
    return jsonify(case_queries.read_case(platform(), case_key, user["gebruikersnaam"], **pages))


@bp.get("/zaken/<case_key>/houders")
@contract(path={"case_key": s.CASE_KEY}, response=s.HOLDER_TIMELINE)
def holders(case_key: str):  # type: ignore[no-untyped-def]
    """Wie de zaak wanneer vasthield (houderintervallen), wie nu, en de verwachte besluitdatum."""
    from services.waits import timeline

    user = current_user()
    case = case_queries.read_case(platform(), case_key, user["gebruikersnaam"])  # refuses who may not see it
    return jsonify(timeline.for_case_file(platform(), str(case["zaak"]), user["gebruikersnaam"]))


def _may_message(path: dict[str, Any]) -> None:
    """Refuse (404) who may neither open the case nor send it a message, before its body is read."""
    user, key = current_user()["gebruikersnaam"], request.headers.get(IDEMPOTENCY_KEY)
    account_messages.check_may_reach(platform(), path["case_key"], user, key)


@bp.post("/zaken/<case_key>/berichten")
@contract(
    path={"case_key": s.CASE_KEY},
    body=s.MESSAGE,
    headers={IDEMPOTENCY_KEY: IDEMPOTENCY_KEY_SCHEMA},
    response=s.MESSAGE_ANSWER,
    errors=(403, 409, 422),
    access=_may_message,
)
@capped(berichtgrenzen.MAX_BODY_BYTES, berichtgrenzen.body_too_large)
def send_message(case_key: str):  # type: ignore[no-untyped-def]
    """Lever een bericht (naam en gegevens) af bij de zaak die erop wacht. De initiatiefnemer stuurt
    het zoals via de statuspagina: ontvangen vandaag, een aanvulling alleen met de gevraagde documenten."""
    user = current_user()
    body = json_body(required=True)
    claim = idempotency_claim(user, body)
    return jsonify(
        account_messages.send_from_account(
            platform(), case_key, body["naam"], body.get("gegevens", {}), user["gebruikersnaam"], claim
        )
    )


@bp.post("/zaken/<case_key>/conflicten/<int:conflict_id>/overschrijven")
@contract(
    path={"case_key": s.CASE_KEY, "conflict_id": s.ID},
    body=s.OVERRIDE_REASON,
    response=s.CONFLICT_OVERRIDE,
    errors=(403, 409),
    access=case_access,
)
def override_conflict(case_key: str, conflict_id: int):  # type: ignore[no-untyped-def]
    """Markeer een conflict van de locatiecheck als niet van toepassing, met een reden (audit)."""
    user = current_user()
    body = json_body(required=True)
    return jsonify(
        conflict_override.override_conflict(
            platform(), case_key, conflict_id, user["gebruikersnaam"], body["reden"]
        )
    )
