"""The case list over HTTP: the cases this account may see, searched, filtered, sorted and paged, as the
case list face shows them (services.case_queries.search_cases, one visibility policy)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify, request

from processes.errors import ValidationError
from services import case_queries, case_sorting
from services.clock import eis_moment_bereik
from web.api import bp
from web.api import schemas as s
from web.api.common import current_user, known_procedure, platform
from web.api.contract import contract

CASE_LIST_QUERY: dict[str, dict[str, Any]] = {
    "zoek": {
        **s.text(0, case_queries.MAX_SEARCH_TEXT),
        "description": "Deel van het zaaknummer, de titel, de locatie of de initiatiefnemer (wat de "
        "gebruiker daarvan mag zien), hoofdletters niet van belang.",
    },
    #: a process id (omgevingsvergunning) or the label of the case's procedure, as /taken takes it
    "procedure": {
        **s.SHORT_TEXT,
        "description": "Het proces-id (zoals in /modellen) of de naam van de procedure.",
    },
    "status": s.CASE_STATUS,
    "gewijzigd_na": {
        **s.MOMENT,
        "maxLength": 40,
        "x-uitleg": "moet een tijdstip in ISO 8601 met tijdzone zijn (zoals 2026-05-01T09:00:00+02:00)",
        "description": "Alleen zaken die na dit tijdstip veranderden (bijgewerkt_op).",
    },
    "sorteer": {
        "type": "string",
        "enum": list(case_sorting.CASE_ORDERS),
        "default": case_sorting.NEWEST_FIRST,
        "description": "Het veld waarop gesorteerd wordt, oplopend; met een '-' ervoor aflopend. "
        "Standaard de nieuwste eerst.",
    },
    "limiet": s.LIMIT,
    "vanaf": s.OFFSET,
}


@bp.get("/zaken")
@contract(query=CASE_LIST_QUERY, response=s.CASE_LIST)
def list_cases():  # type: ignore[no-untyped-def]
    """De zaken die deze gebruiker mag zien, met zoeken, filters, sortering en paginering."""
    user = current_user()
    args = request.args
    result = case_queries.search_cases(
        platform(),
        user["gebruikersnaam"],
        text=args.get("zoek"),
        procedure=known_procedure(args.get("procedure")),
        status=args.get("status"),
        changed_after=_moment(args.get("gewijzigd_na"), "gewijzigd_na"),
        order=args.get("sorteer", case_sorting.NEWEST_FIRST),
        limit=args.get("limiet", 50, type=int),
        offset=args.get("vanaf", 0, type=int),
    )
    return jsonify(result)


def _moment(text: str | None, name: str) -> datetime | None:
    """An ISO 8601 moment with its zone (the contract checked its form) within the platform's dates."""
    if not text:
        return None
    try:
        return eis_moment_bereik(
            datetime.fromisoformat(text), f"Parameter '{name}'", code="parameter-ongeldig"
        )
    except ValidationError as exc:  # outside the dates the platform reckons with
        raise ValidationError(exc.detail, code=exc.code, veld=name) from None
    except ValueError:
        raise ValidationError(
            f"Parameter '{name}' moet een tijdstip in ISO 8601 met tijdzone zijn (zoals "
            "2026-05-01T09:00:00+02:00).",
            code="parameter-ongeldig",
            veld=name,
        ) from None
