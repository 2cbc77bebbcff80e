"""Beheer and the capacity dashboard over HTTP: what the beheer and dashboard faces can do."""

from __future__ import annotations

from flask import jsonify, request

from services import beheer, dashboard
from services.mail import unreminded
from web.api import bp
from web.api import schemas as s
from web.api.common import current_user, json_body, platform, require_role
from web.api.contract import contract

CASE_PATH = {"zaak": s.CASE_KEY}


@bp.get("/beheer/incidenten")
@contract(query={"limiet": {**s.LIMIT, "default": 200}}, response=s.PROBLEM_CASES, errors=(403,))
def incidents():  # type: ignore[no-untyped-def]
    """Zaken met een incident en zaken die door beheer zijn gepauzeerd."""
    require_role(current_user(), "beheerder")
    return jsonify(beheer.problem_cases(platform(), limit=request.args.get("limiet", 200, type=int)))


@bp.get("/beheer/herinneringen-zonder-ontvanger")
@contract(response=s.UNREMINDED, errors=(403,))
def unreminded_tasks():  # type: ignore[no-untyped-def]
    """Open taken waarvan de termijnherinnering niemand vond: niemand in hun groepen kan inloggen en heeft
    een e-mailadres (de oudste eerst). Voeg iemand aan de groep toe (of geef een lid een
    e-mailadres, wachtwoord of API-token): de herinnering volgt dan vanzelf."""
    require_role(current_user(), "beheerder")
    return jsonify({"taken": unreminded.waiting(platform())})


@bp.post("/beheer/zaken/<zaak>/opnieuw")
@contract(path=CASE_PATH, response=s.CASE, errors=(403, 409))
def retry(zaak: str):  # type: ignore[no-untyped-def]
    """Probeer een zaak met een incident opnieuw (de timers die klaarstaan); lost het incident op. Blijft
    de zaak een incident (een nieuwe fout, of ze wacht nog steeds nergens op), dan 409 opnieuw-mislukt
    met de reden."""
    user = current_user()
    require_role(user, "beheerder")
    return jsonify(beheer.retry(platform(), zaak, user["gebruikersnaam"]))


@bp.post("/beheer/zaken/<zaak>/pauzeren")
@contract(path=CASE_PATH, body=s.OPTIONAL_REASON, body_required=False, response=s.CASE_ROW, errors=(403, 409))
def suspend(zaak: str):  # type: ignore[no-untyped-def]
    """Pauzeer een lopende zaak (of een zaak met een incident), met een optionele reden."""
    user = current_user()
    require_role(user, "beheerder")
    reason = str(json_body().get("reden") or "")
    return jsonify(beheer.suspend(platform(), zaak, user["gebruikersnaam"], reason))


@bp.post("/beheer/zaken/<zaak>/hervatten")
@contract(path=CASE_PATH, response=s.CASE_ROW, errors=(403, 409))
def resume(zaak: str):  # type: ignore[no-untyped-def]
    """Hervat een gepauzeerde zaak."""
    user = current_user()
    require_role(user, "beheerder")
    return jsonify(beheer.resume(platform(), zaak, user["gebruikersnaam"]))


@bp.post("/beheer/modellen/<proces>/migreren")
@contract(path={"proces": s.NAME}, response=s.MIGRATION, errors=(403,))
def migrate(proces: str):  # type: ignore[no-untyped-def]
    """Migreer alle lopende zaken van een proces naar de nieuwste modelversie waar dat kan; noemt elke
    vrijgegeven taak en elke open taak die nu alleen bij groepen zonder leden hoort."""
    user = current_user()
    require_role(user, "beheerder")
    return jsonify(beheer.migrate(platform(), proces, user["gebruikersnaam"]))


@bp.get("/dashboard")
@contract(
    query={
        "team": s.SHORT_TEXT,
        "periode": {
            "type": "integer",
            "enum": list(dashboard.PERIOD_DAYS),
            "default": dashboard.DEFAULT_PERIOD_DAYS,
        },
    },
    response=s.DASHBOARD,
    errors=(403,),
)
def capacity():  # type: ignore[no-untyped-def]
    """Capaciteitscijfers per team, per procedure en per stap (teamleiders en beheerders)."""
    user = current_user()
    require_role(user, "teamleider", "beheerder")
    period = request.args.get("periode", dashboard.DEFAULT_PERIOD_DAYS, type=int)
    return jsonify(dashboard.for_user(platform(), user["gebruikersnaam"], request.args.get("team"), period))
