"""A compensation event is refused at deploy with a Dutch reason naming it.

Noticed by fixer link11 (session 11): SpiffWorkflow 3.2 has no compensation. Its parser skips a
compensateEventDefinition, so a compensation throw runs as a plain intermediate event (the handlers
never run: the case goes on as if compensated), and a compensation boundary event made the spec build
fail with SpiffWorkflow's English "Unsupported Catch Event". Both are now refused by the deploy checks,
naming the event, as link events are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.conformance.harness import Model, on_platform
from tests.integration.core_helpers import snapshot

MODELS = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "compensatie"


def _refused(platform: Platform, name: str) -> list[dict[str, Any]]:
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        on_platform(platform, MODELS / f"{name}.bpmn", Model("", name))
    assert snapshot(platform) == before
    return list(refused.value.extra["problemen"])


def test_a_compensation_throw_is_refused(platform: Platform) -> None:
    [problem] = _refused(platform, "compensatie_gooien")
    assert (problem["element"], problem["naam"]) == ("terugdraaien", "Terugdraaien"), problem
    assert problem["probleem"].startswith("De compensatie-gebeurtenis 'Terugdraaien' (terugdraaien)"), problem
    assert "de zaak doorgaat zonder dat er iets wordt hersteld" in problem["probleem"], problem


def test_a_compensation_boundary_and_its_handler_are_refused_in_dutch(platform: Platform) -> None:
    problems = _refused(platform, "compensatie_rand")
    assert [p["element"] for p in problems] == ["herstel", "annuleren", "terugdraaien"], problems
    assert all("Unsupported" not in p["probleem"] for p in problems), problems
    assert "compensatietaak 'Reservering annuleren' (annuleren)" in problems[1]["probleem"], problems[1]
    assert all("Teken de herstelstappen als gewone taken" in p["probleem"] for p in problems), problems
