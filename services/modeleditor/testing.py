"""Testen: the draft's scenarios against the draft model, each on a fresh temporary database, exactly as
``ruimteflow models test`` runs a file (services.scenarios), with the model files in memory."""

from __future__ import annotations

from typing import Any

from processes.errors import ValidationError
from services import scenarios
from services.platform import Platform

from .drafts import check_scenarios, working


def run(platform: Platform, process_id: str, user: str) -> tuple[list[scenarios.Outcome], str]:
    """The outcomes of the draft's scenarios and the Dutch report. ValidationError (422, code
    ``scenarios-ontbreken``) when the draft has none."""
    with platform.uow(write=False) as uow:
        w = working(platform, uow.session, process_id, user)
        sf = check_scenarios(uow.session, process_id, w.filename, w.xml, w.scenarios)
    if sf is None:
        raise ValidationError(
            f"Het concept van '{process_id}' heeft geen scenario's om te testen. Schrijf ze in het "
            "scenariovak (het formaat staat in bpmn/MODELLING.md).",
            code="scenarios-ontbreken",
            status=422,
        )
    outcomes = scenarios.run_file(sf, platform.settings)
    return outcomes, scenarios.report(outcomes)


def test_draft(platform: Platform, process_id: str, user: str) -> dict[str, Any]:
    outcomes, text = run(platform, process_id, user)
    return {
        "geslaagd": all(o.passed for o in outcomes),
        "rapport": text,
        "scenarios": [o.row() for o in outcomes],
    }
